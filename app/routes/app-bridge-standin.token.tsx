// GET /app-bridge-standin/token?shop=…: a fresh session token for the stand-in's `shopify.idToken()`, signed
// here because the browser must not hold the app's secret. 404 unless the stand-in gate is on.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  isAppBridgeStandinEnabled,
  signSessionToken,
  standinDisabledResponse,
  standinShop,
} from "~/dev/app-bridge-standin/standin.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (!isAppBridgeStandinEnabled()) return standinDisabledResponse();
  const apiKey = process.env.SHOPIFY_API_KEY;
  const apiSecret = process.env.SHOPIFY_API_SECRET;
  if (!apiKey || !apiSecret) {
    return json({ error: "SHOPIFY_API_KEY and SHOPIFY_API_SECRET must be set" }, { status: 500 });
  }
  const shop = standinShop(new URL(request.url).searchParams.get("shop"));
  if (!shop) {
    return json({ error: "shop must be the configured *.myshopify.com domain" }, { status: 400 });
  }
  const { token, exp } = signSessionToken({ shop, apiKey, apiSecret });
  return json({ token, exp }, { headers: { "Cache-Control": "no-store" } });
};
