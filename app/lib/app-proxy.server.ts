// Requests that reach the app through Shopify's app proxy (`https://{shop}/apps/affiliates/*` → `/proxy/*`):
// verified with Shopify's own check, read, and signed as Shopify signs them (for tests and the development
// storefront stand-in).
//
// Shopify adds `shop`, `logged_in_customer_id` (empty when nobody is logged in), `path_prefix` (the proxy
// path the merchant chose, `/apps/affiliates` by default), `timestamp` and `signature` to the query string:
// an HMAC-SHA256, with the app's secret, of every other parameter as `key=value` (a repeated key's values
// joined with commas), sorted and concatenated. The body of a POST is not signed. Cookies never arrive:
// Shopify strips them.
import { createHmac } from "node:crypto";

/** What a verified proxy request says: the shop, the store customer logged in (if any), the proxy path. */
export interface AppProxyContext {
  /** The shop's `*.myshopify.com` domain. */
  shop: string;
  /** The numeric id of the store customer Shopify says is logged in; null for a visitor. */
  customerId: string | null;
  /** Where the shop serves the proxy, e.g. `/apps/affiliates`: links and forms are built on it. */
  pathPrefix: string;
}

/** The proxy path Shopify uses when the merchant has not customised it (shopify.app.toml `[app_proxy]`). */
export const DEFAULT_PATH_PREFIX = "/apps/affiliates";

const CUSTOMER_ID = /^[1-9]\d{0,19}$/;
// A proxy path: prefix `a`, `apps`, `community` or `tools`, then a subpath of letters, digits, `_` and `-`.
const PATH_PREFIX = /^\/(?:a|apps|community|tools)\/[A-Za-z0-9_-]{1,30}$/;

/** Shopify's `authenticate.public.appProxy`, or anything with its contract. */
export type AppProxyAuthenticator<T> = (request: Request) => Promise<T>;

/** The answer to a proxy request that fails verification: 401, no body worth reading, nothing cached. */
export function unauthorizedProxyResponse(): Response {
  return new Response("Unauthorized", {
    status: 401,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/**
 * Verifies a proxy request with Shopify's own check (`authenticate.public.appProxy`, passed in) and reads
 * what it says. A forged, unsigned or stale request (more than 90 seconds either way) is answered 401 — the
 * library answers 400 — before anything else is done; so is a signed one whose parameters are not what
 * Shopify sends. The library's own answer (`liquid`, and `admin` when the shop has a stored offline session)
 * comes back with the context.
 */
export async function authenticateAppProxy<T extends object>(
  request: Request,
  appProxy: AppProxyAuthenticator<T>,
): Promise<T & { proxy: AppProxyContext }> {
  // Read first: the library would take a signed but malformed shop for a crash (InvalidShopError).
  const proxy = appProxyContext(new URL(request.url).searchParams);
  if (!proxy) throw unauthorizedProxyResponse();
  let verified: T;
  try {
    verified = await appProxy(request);
  } catch (thrown) {
    // The library throws a 400 Response for every signature problem, and nothing else as a 400.
    if (thrown instanceof Response && thrown.status === 400) throw unauthorizedProxyResponse();
    throw thrown;
  }
  return { ...verified, proxy };
}

/**
 * The shop, customer and proxy path of a (verified) proxy query; null when they are not what Shopify sends:
 * no `*.myshopify.com` shop, a customer id that is not a number, a path prefix that is not a proxy path.
 */
export function appProxyContext(params: URLSearchParams): AppProxyContext | null {
  const shop = params.get("shop") ?? "";
  if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop)) return null;
  const customer = params.get("logged_in_customer_id") ?? "";
  if (customer !== "" && !CUSTOMER_ID.test(customer)) return null;
  const pathPrefix = params.get("path_prefix") ?? DEFAULT_PATH_PREFIX;
  if (!PATH_PREFIX.test(pathPrefix)) return null;
  return { shop, customerId: customer === "" ? null : customer, pathPrefix };
}

/**
 * Shopify's app proxy signature of a query string (`signature` itself left out): each key with its values
 * joined by commas, `key=value` strings sorted by their bytes and concatenated, HMAC-SHA256 in hex.
 */
export function appProxySignature(search: string | URLSearchParams, secret: string): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(search)) {
    if (key !== "signature") values.set(key, [...(values.get(key) ?? []), value]);
  }
  const message = [...values]
    .map(([key, list]) => `${key}=${list.join(",")}`)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export interface SignProxyQueryOptions {
  shop: string;
  /** The logged-in store customer's numeric id; null or omitted for a visitor. */
  customerId?: string | null;
  pathPrefix?: string;
  secret: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
}

/**
 * The query string Shopify's proxy sends on to the app: the shopper's own parameters, then `shop`,
 * `logged_in_customer_id`, `path_prefix`, `timestamp` and `signature`. For tests and the development
 * storefront stand-in; Shopify itself signs the real ones.
 */
export function signProxyQuery(
  shopperQuery: string | URLSearchParams,
  options: SignProxyQueryOptions,
): string {
  const params = new URLSearchParams(shopperQuery);
  for (const name of ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"]) {
    params.delete(name);
  }
  params.set("shop", options.shop);
  params.set("logged_in_customer_id", options.customerId ?? "");
  params.set("path_prefix", options.pathPrefix ?? DEFAULT_PATH_PREFIX);
  params.set("timestamp", String(options.timestamp ?? Math.floor(Date.now() / 1000)));
  params.set("signature", appProxySignature(params, options.secret));
  return params.toString();
}
