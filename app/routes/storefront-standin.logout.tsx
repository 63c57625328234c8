// /storefront-standin/logout: logs the stand-in storefront's customer out (development only). 404 unless the
// storefront stand-in's gate is on.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { DEFAULT_PATH_PREFIX } from "~/lib/app-proxy.server";
import {
  isStorefrontStandinEnabled,
  standinCustomerCookie,
  standinShop,
} from "~/dev/storefront-standin/standin.server";

export const loader = async (_args: LoaderFunctionArgs) => {
  if (!isStorefrontStandinEnabled() || !standinShop()) {
    return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  }
  return new Response(null, {
    status: 303,
    headers: { Location: DEFAULT_PATH_PREFIX, "Set-Cookie": standinCustomerCookie(null) },
  });
};
