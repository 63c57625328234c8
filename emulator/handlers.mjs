// @ts-check
// MSW request handlers answering, for any https://{shop}.myshopify.com, the Admin GraphQL endpoint and the
// OAuth token endpoint from a store. Any other request to a shop domain gets a 404 naming it.

import { randomUUID } from "node:crypto";
import { delay, http, HttpResponse } from "msw";
import {
  costExtension,
  executeAdminGraphql,
  KNOWN_OPERATIONS,
  operationNameOf,
} from "./graphql-endpoint.mjs";
import { answerAccessTokenRequest } from "./oauth.mjs";

/**
 * @import { HttpHandler } from "msw"
 * @import { Fault, RequestKind, ShopifyStore } from "./types"
 * @import { OAuthOptions } from "./oauth.mjs"
 */

/**
 * @typedef {OAuthOptions & {
 *   apiVersion?: string,
 *   extraOperations?: readonly string[],
 *   onUnhandled?: (message: string) => void,
 * }} ShopifyHandlersOptions
 *   - apiVersion: when set, a GraphQL request for another version is answered with an error naming both.
 *   - apiKey / apiSecretKey: when set, the token endpoint checks client credentials and session token signatures.
 *   - scopes: granted scopes (comma-separated); DEFAULT_SCOPES otherwise.
 *   - extraOperations: operation names to answer besides KNOWN_OPERATIONS (must fit the served schema).
 *   - onUnhandled: told about requests to a shop domain the emulator has no handler for (default: stderr).
 */

const SHOP_HOST = String.raw`https:\/\/[a-z0-9][a-z0-9-]*\.myshopify\.com`;
const GRAPHQL_URL = new RegExp(`^${SHOP_HOST}\\/admin\\/api\\/[^/]+\\/graphql\\.json$`, "i");
const TOKEN_URL = new RegExp(`^${SHOP_HOST}\\/admin\\/oauth\\/access_token$`, "i");
const ANY_SHOP_URL = new RegExp(`^${SHOP_HOST}\\/`, "i");
const API_VERSION = /^(\d{4}-(01|04|07|10)|unstable)$/;
const INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)";

/** @type {Record<number, string>} */
const STATUS_TEXT = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  423: "Locked",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * @param {ShopifyStore} store
 * @param {ShopifyHandlersOptions} [options]
 * @returns {HttpHandler[]}
 */
export function createShopifyHandlers(store, options = {}) {
  const operations = new Set([...KNOWN_OPERATIONS, ...(options.extraOperations ?? [])]);
  const onUnhandled = options.onUnhandled ?? ((message) => console.warn(message));

  /**
   * @param {RequestKind} kind
   * @param {string} shop
   * @param {string | null} operation
   * @param {Record<string, unknown> | null} variables
   * @param {Response} response
   */
  const answer = (kind, shop, operation, variables, response) => {
    store.recordCall({
      at: store.now().toISOString(),
      kind,
      shop,
      operation,
      variables,
      status: response.type === "error" ? "network" : response.status,
    });
    return response;
  };

  const graphqlHandler = http.post(GRAPHQL_URL, async ({ request }) => {
    const url = new URL(request.url);
    const shop = url.host;
    const apiVersion = url.pathname.split("/")[3];
    const body = await readGraphqlBody(request);
    const operation = operationNameOf(body);
    const variables = readVariables(body);
    /** @param {Response} response */
    const done = (response) => answer("graphql", shop, operation, variables, response);

    if (!API_VERSION.test(apiVersion))
      return done(HttpResponse.json({ errors: "Not Found" }, { status: 404 }));
    const fault = store.takeFault("graphql", operation);
    if (fault && !fault.answerLost) return done(faultResponse(fault, "graphql"));
    if (!request.headers.get("x-shopify-access-token")) {
      return done(HttpResponse.json({ errors: INVALID_TOKEN }, { status: 401 }));
    }
    if (store.latencyMs > 0) await delay(store.latencyMs);
    if (options.apiVersion && apiVersion !== options.apiVersion) {
      const message = `Shopify emulator: the app asked for API version ${apiVersion}, the emulator serves ${options.apiVersion}`;
      return done(HttpResponse.json({ errors: [{ message }] }, { headers: responseHeaders(apiVersion) }));
    }
    const result = await executeAdminGraphql({ store, apiVersion, body, operations });
    if (fault) return done(faultResponse(fault, "graphql"));
    return done(
      HttpResponse.json(result.body, { status: result.status, headers: responseHeaders(apiVersion) }),
    );
  });

  const tokenHandler = http.post(TOKEN_URL, async ({ request }) => {
    const shop = new URL(request.url).host;
    const params = await readFormOrJson(request);
    const grantType = typeof params.grant_type === "string" ? params.grant_type : null;
    /** @param {Response} response */
    const done = (response) => answer("oauth", shop, grantType, null, response);
    const fault = store.takeFault("oauth", grantType);
    if (fault) return done(faultResponse(fault, "oauth"));
    if (store.latencyMs > 0) await delay(store.latencyMs);
    const result = answerAccessTokenRequest({ store, shop, params, options });
    return done(HttpResponse.json(result.body, { status: result.status }));
  });

  const unhandledHandler = http.all(ANY_SHOP_URL, ({ request }) => {
    const url = new URL(request.url);
    const message = `Shopify emulator: no handler for ${request.method} ${url.host}${url.pathname}`;
    onUnhandled(message);
    return HttpResponse.json({ errors: message }, { status: 404 });
  });

  return [graphqlHandler, tokenHandler, unhandledHandler];
}

/** @param {string} apiVersion */
function responseHeaders(apiVersion) {
  return { "X-Shopify-API-Version": apiVersion, "X-Request-Id": randomUUID() };
}

/**
 * @param {Fault} fault
 * @param {RequestKind} kind
 * @returns {Response}
 */
function faultResponse(fault, kind) {
  if (fault.status === "network") return HttpResponse.error();
  if (fault.status === "throttled" && kind === "graphql") {
    return HttpResponse.json({
      errors: [
        {
          message: "Throttled",
          extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
      extensions: { cost: costExtension(0, 0) },
    });
  }
  const status = fault.status === "throttled" ? 429 : fault.status;
  const text = STATUS_TEXT[status] ?? "Error";
  /** @type {Record<string, string>} */
  const headers = status === 429 ? { "Retry-After": "2.0" } : {};
  const errors =
    status === 429
      ? "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."
      : text;
  return HttpResponse.json({ errors }, { status, statusText: text, headers });
}

/** @param {Request} request @returns {Promise<unknown>} */
async function readGraphqlBody(request) {
  const text = await request.text();
  if ((request.headers.get("content-type") ?? "").includes("application/graphql")) return { query: text };
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** @param {unknown} body @returns {Record<string, unknown> | null} */
function readVariables(body) {
  const variables =
    typeof body === "object" && body !== null
      ? /** @type {{ variables?: unknown }} */ (body).variables
      : null;
  return typeof variables === "object" && variables !== null && !Array.isArray(variables)
    ? /** @type {Record<string, unknown>} */ (variables)
    : null;
}

/** @param {Request} request @returns {Promise<Record<string, unknown>>} */
async function readFormOrJson(request) {
  const text = await request.text();
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded")) {
    try {
      const parsed = JSON.parse(text);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed;
    } catch {
      // fall back to form encoding
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}
