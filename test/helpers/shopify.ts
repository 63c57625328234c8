import { createHmac, randomUUID } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import {
  API_KEY,
  API_SECRET_KEY,
  RequestType,
  getHmac,
  setUpValidRequest,
} from "@shopify/shopify-api/test-helpers";
import { sessionStorage } from "~/shopify.server";
import { stringifyJsonExact } from "~/lib/exact-json";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { mswServer } from "./msw";

export const TEST_SHOP = "test-shop.myshopify.com";
export const OTHER_SHOP = "other-shop.myshopify.com";
export const APP_ORIGIN = "https://my-test-app.myshopify.io";

export interface WebhookRequestOptions {
  topic: string;
  shop?: string;
  /** Sent as is when bytes or a string, else as JSON. */
  body: unknown;
  webhookId?: string;
  eventId?: string;
  /** Sign with another secret to forge the request. */
  secret?: string;
  method?: string;
  path?: string;
}

/**
 * A webhook request exactly as Shopify sends it, signed with Shopify's own test helper. A body that is
 * neither a string nor bytes is written as JSON, bigints as the integers they are (Shopify's 18-digit ids).
 */
export function webhookRequest(options: WebhookRequestOptions): Request {
  const shop = options.shop ?? TEST_SHOP;
  const rawBody =
    typeof options.body === "string" || options.body instanceof Uint8Array
      ? options.body
      : stringifyJsonExact(options.body);
  const method = options.method ?? "POST";
  const secret = options.secret ?? API_SECRET_KEY;
  const headers = new Headers({
    "Content-Type": "application/json",
    // Shopify signs the bytes it sends: bytes that are not UTF-8 text are signed as they are.
    "X-Shopify-Hmac-Sha256":
      typeof rawBody === "string"
        ? getHmac(rawBody, secret)
        : createHmac("sha256", secret).update(rawBody).digest("base64"),
    "X-Shopify-Topic": options.topic,
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": "2025-10",
    "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": options.eventId ?? randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  });
  const path = options.path ?? `/webhooks/${options.topic}`;
  return new Request(`${APP_ORIGIN}${path}`, {
    method,
    headers,
    body:
      method === "GET" || method === "HEAD"
        ? undefined
        : typeof rawBody === "string"
          ? rawBody
          : Buffer.from(rawBody),
  });
}

/**
 * Stores the shop's offline session, as installing the app through token exchange would, through the app's
 * session storage (so its cache knows). test/shopify-app/install.test.ts installs through token exchange itself.
 */
export async function installShop(shop = TEST_SHOP): Promise<Session> {
  const session = new Session({
    id: `offline_${shop}`,
    shop,
    state: "installed",
    isOnline: false,
    scope: process.env.SCOPES,
    accessToken: `shpat_${shop.split(".")[0]}`,
  });
  await sessionStorage.storeSession(session);
  return session;
}

export interface AdminRequestOptions {
  shop?: string;
  method?: string;
  /** Form fields for an action. */
  form?: Record<string, string | string[]>;
  /** Sign the session token with another secret to forge it. */
  secret?: string;
}

/** A request from the embedded admin: a session token signed with the app's secret, as App Bridge sends it. */
export async function adminRequest(
  pathAndQuery: string,
  options: AdminRequestOptions = {},
): Promise<Request> {
  const shop = options.shop ?? TEST_SHOP;
  await installShop(shop);
  let body: URLSearchParams | undefined;
  if (options.form) {
    body = new URLSearchParams();
    for (const [key, value] of Object.entries(options.form)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
    }
  }
  const request = new Request(`${APP_ORIGIN}${pathAndQuery}`, {
    method: options.method ?? (body ? "POST" : "GET"),
    body,
  });
  return setUpValidRequest(
    {
      type: RequestType.Bearer,
      store: shop.replace(/\.myshopify\.com$/, ""),
      apiKey: API_KEY,
      apiSecretKey: options.secret ?? API_SECRET_KEY,
    },
    request,
  );
}

/** Runs a loader or action and returns the Response it answered or threw. */
export async function settle(run: () => Promise<unknown>): Promise<Response | unknown> {
  try {
    return await run();
  } catch (thrown) {
    return thrown;
  }
}

/**
 * Lets the emulator answer the Admin API for the rest of the test, as Shopify would for a shop with its defaults
 * (UTC, USD): a screen opened for the first time fetches the shop's profile.
 */
export function answerAdminApi(): void {
  mswServer.use(...createShopifyEmulator({}).handlers);
}
