// GET /app-bridge-standin.js: the App Bridge stand-in script (browser tests and the demo). 404 unless the
// stand-in gate is on (SHOPIFY_APP_BRIDGE_STANDIN=1, NODE_ENV not production).
import script from "~/dev/app-bridge-standin/standin-script.js?raw";
import { isAppBridgeStandinEnabled, standinDisabledResponse } from "~/dev/app-bridge-standin/standin.server";

export const loader = async () => {
  if (!isAppBridgeStandinEnabled()) return standinDisabledResponse();
  return new Response(script, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "no-store",
    },
  });
};
