// @ts-check
// Preload the Shopify emulator into the app's server process:
//   SHOPIFY_EMULATOR_STORE=scenario.json node --import ./emulator/preload.mjs <server entry>
// Every request to https://*.myshopify.com is then answered from the store; other requests (the app's own
// loopback traffic) pass through. Refuses to run with NODE_ENV=production.
//
// Environment:
//   SHOPIFY_EMULATOR_STORE          required: a scenario file ({ store: ... }) or a bare store file
//   SHOPIFY_API_KEY / SHOPIFY_API_SECRET  optional: when set, the token endpoint checks them and verifies
//                                   session token signatures, like Shopify
//   SCOPES                          optional: granted scopes (defaults to the app's scopes)
//   SHOPIFY_EMULATOR_API_VERSION    optional: only this Admin API version is served
//   SHOPIFY_EMULATOR_CONTROL_PORT   optional: start the loopback control server (control.mjs) on this port;
//                                   0 lets the system choose a free one (the banner and
//                                   globalThis.__shopifyEmulator.controlUrl say which)

import { FetchInterceptor } from "@mswjs/interceptors/fetch";
import { isMainThread } from "node:worker_threads";
import { SetupServerApi } from "msw/node";
import { startControlServer } from "./control.mjs";
import { createShopifyEmulator, readStoreFile } from "./index.mjs";

if (process.env.NODE_ENV === "production") {
  throw new Error(
    "Shopify emulator: refusing to run with NODE_ENV=production. It answers Shopify API calls with fake data; " +
      "remove `--import ./emulator/preload.mjs` (or NODE_OPTIONS) from the production command.",
  );
}

const storePath = process.env.SHOPIFY_EMULATOR_STORE;
if (!storePath) {
  throw new Error(
    "Shopify emulator: set SHOPIFY_EMULATOR_STORE to a scenario file or a store JSON file " +
      '({ "customers": [], "products": [], "discountCodes": [] }).',
  );
}

const { store, handlers } = createShopifyEmulator(readStoreFile(storePath), {
  ...(process.env.SHOPIFY_API_KEY ? { apiKey: process.env.SHOPIFY_API_KEY } : {}),
  ...(process.env.SHOPIFY_API_SECRET ? { apiSecretKey: process.env.SHOPIFY_API_SECRET } : {}),
  ...(process.env.SCOPES ? { scopes: process.env.SCOPES } : {}),
  ...(process.env.SHOPIFY_EMULATOR_API_VERSION
    ? { apiVersion: process.env.SHOPIFY_EMULATOR_API_VERSION }
    : {}),
  onUnhandled: (message) => process.stderr.write(`[shopify-emulator] ${message}\n`),
});
// Only fetch is intercepted (the Shopify libraries call Shopify with fetch): MSW's default node/http
// interception also wraps the global Request, Response and Headers, which taxes every request the app
// serves, webhooks included.
const server = new SetupServerApi(handlers, [new FetchInterceptor()]);
server.listen({ onUnhandledRequest: "bypass" });

/** In-process access for scripts that share the process: `globalThis.__shopifyEmulator.store.failNext(...)`. */
Object.defineProperty(globalThis, "__shopifyEmulator", {
  value: { store, server, controlUrl: /** @type {string | undefined} */ (undefined) },
  configurable: true,
});

// A worker thread of the app (its inbox worker) gets its own copy of the store; the control server and
// the banner belong to the main thread.
if (isMainThread) {
  const controlPort = process.env.SHOPIFY_EMULATOR_CONTROL_PORT;
  let control = "";
  if (controlPort) {
    const address = (await startControlServer(store, Number(controlPort))).address();
    const controlUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : controlPort}`;
    globalThis.__shopifyEmulator.controlUrl = controlUrl;
    control = `, control on ${controlUrl}`;
  }
  process.stderr.write(
    `[shopify-emulator] active: answering https://*.myshopify.com from ${storePath} ` +
      `(${store.listCustomers().length} customers, ${store.listProducts().length} products, ` +
      `${store.listDiscountCodes().length} discount codes${control})\n`,
  );
}
