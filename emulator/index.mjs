// @ts-check
// The offline Shopify emulator: an in-memory store plus MSW handlers that answer the Admin GraphQL operations
// and the OAuth token exchange the app uses. Development and test tooling only; never loaded in production.

import { readFileSync } from "node:fs";
import { createShopifyHandlers } from "./handlers.mjs";
import { createStore } from "./store.mjs";

/**
 * @import { StoreJson, StoreOptions } from "./types"
 * @import { ShopifyHandlersOptions } from "./handlers.mjs"
 */

export { createShopifyHandlers } from "./handlers.mjs";
export { KNOWN_OPERATIONS } from "./graphql-endpoint.mjs";
export { DEFAULT_SCOPES, OFFLINE_TOKEN_TYPE, ONLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "./oauth.mjs";
export { createStore } from "./store.mjs";
export { StoreValidationError } from "./store-json.mjs";
export { parseGid, toGid } from "./gid.mjs";

const SCENARIO_KEYS = [
  "shop",
  "program",
  "affiliates",
  "coupons",
  "connections",
  "productConnections",
  "events",
];

/**
 * A store plus the MSW handlers serving it: `setupServer(...emulator.handlers).listen()`.
 * @param {unknown} storeJson a scenario's `store` object
 * @param {ShopifyHandlersOptions & StoreOptions} [options]
 */
export function createShopifyEmulator(storeJson, options = {}) {
  const { now, ...handlerOptions } = options;
  const store = createStore(storeJson, now ? { now } : {});
  const handlers = createShopifyHandlers(store, handlerOptions);
  return { store, handlers };
}

/**
 * The store in a JSON document: a scenario file (`{ shop, store, ... }`) or a bare store file.
 * @param {unknown} json
 * @returns {unknown}
 */
export function storeFromJson(json) {
  if (typeof json === "object" && json !== null && !Array.isArray(json)) {
    const record = /** @type {Record<string, unknown>} */ (json);
    if ("store" in record) return record.store;
    // A scenario's `shop` is its domain; a bare store's `shop` is the shop's profile (an object).
    const scenarioKeys = SCENARIO_KEYS.filter(
      (key) => key in record && !(key === "shop" && typeof record.shop === "object"),
    );
    if (scenarioKeys.length > 0) {
      throw new Error(
        `Shopify emulator: this looks like a scenario file (it has ${scenarioKeys.join(", ")}) but has no "store"`,
      );
    }
  }
  return json;
}

/**
 * Reads a scenario or bare store JSON file and returns its store object (not yet validated).
 * @param {string} path
 * @returns {StoreJson}
 */
export function readStoreFile(path) {
  /** @type {string} */
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(
      `Shopify emulator: cannot read store file ${path}: ${/** @type {Error} */ (error).message}`,
    );
  }
  /** @type {unknown} */
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Shopify emulator: ${path} is not valid JSON: ${/** @type {Error} */ (error).message}`);
  }
  return /** @type {StoreJson} */ (storeFromJson(json));
}
