// Requests through Shopify's app proxy, signed as Shopify signs them (app/lib/app-proxy.server).
import { API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { signProxyQuery } from "~/lib/app-proxy.server";
import { APP_ORIGIN, TEST_SHOP } from "./shopify";

export interface ProxyRequestOptions {
  shop?: string;
  /** The logged-in store customer; omitted for a visitor. */
  customerId?: string | null;
  pathPrefix?: string;
  /** Form fields: the request is then a POST. */
  form?: Record<string, string>;
  /** Sign with another secret to forge the request. */
  secret?: string;
  /** Seconds since the epoch (a stale request is more than 90 s old). */
  timestamp?: number;
  /** The visitor's address, as Shopify forwards it. */
  forwardedFor?: string;
  /** Leave Shopify's parameters out altogether. */
  unsigned?: boolean;
}

/** A request as Shopify's proxy forwards it to the app: `/proxy/<path>?<shopper's query + Shopify's>`. */
export function proxyRequest(pathAndQuery: string, options: ProxyRequestOptions = {}): Request {
  const [path, query = ""] = pathAndQuery.split("?");
  const signed = options.unsigned
    ? query
    : signProxyQuery(query, {
        shop: options.shop ?? TEST_SHOP,
        customerId: options.customerId ?? null,
        pathPrefix: options.pathPrefix,
        secret: options.secret ?? API_SECRET_KEY,
        timestamp: options.timestamp,
      });
  const headers = new Headers({ "X-Forwarded-For": options.forwardedFor ?? "203.0.113.7" });
  let body: URLSearchParams | undefined;
  if (options.form) {
    body = new URLSearchParams(options.form);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  return new Request(`${APP_ORIGIN}${path}${signed ? `?${signed}` : ""}`, {
    method: body ? "POST" : "GET",
    headers,
    body,
  });
}
