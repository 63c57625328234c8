// Any other path under {path_prefix} (through Shopify's app proxy): verified like the rest, then "not found"
// inside the shop's theme with a link back to the program's page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateAppProxy } from "~/lib/app-proxy.server";
import { authenticate } from "~/shopify.server";
import { PRIVATE_PAGE } from "~/models/portal/views";
import { notFoundPage } from "~/components/portal/sign-up-page";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { proxy, liquid } = await authenticateAppProxy(request, authenticate.public.appProxy);
  return liquid(notFoundPage({ pathPrefix: proxy.pathPrefix }).text, { status: 404, headers: PRIVATE_PAGE });
};
