// The App Bridge stand-in: lets the embedded screens run in an ordinary browser (browser tests, the demo)
// with the real `authenticate.admin`. Never served in production.
//
// Gate: SHOPIFY_APP_BRIDGE_STANDIN=1 and NODE_ENV is not "production". Every stand-in route answers 404
// otherwise, and `app.tsx` then loads Shopify's real App Bridge.
import { createHmac, randomUUID } from "node:crypto";

/** Where the stand-in script is served (AppProvider's `__APP_BRIDGE_URL`, and APP_BRIDGE_URL for the bounce page). */
export const APP_BRIDGE_STANDIN_PATH = "/app-bridge-standin.js";
export const APP_BRIDGE_STANDIN_TOKEN_PATH = "/app-bridge-standin/token";
export const APP_BRIDGE_STANDIN_PRODUCTS_PATH = "/app-bridge-standin/products";

/** Session tokens the stand-in hands out live this long, like App Bridge's (one minute). */
export const STANDIN_TOKEN_TTL_SECONDS = 60;

type Env = Record<string, string | undefined>;

/** True only when SHOPIFY_APP_BRIDGE_STANDIN is "1" and NODE_ENV is not "production". */
export function isAppBridgeStandinEnabled(env: Env = process.env): boolean {
  return env.SHOPIFY_APP_BRIDGE_STANDIN === "1" && env.NODE_ENV !== "production";
}

/** The 404 every stand-in route answers while the gate is off. */
export function standinDisabledResponse(): Response {
  return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * The shop a token may be signed for: a `*.myshopify.com` domain, and the configured one
 * (SHOPIFY_APP_BRIDGE_STANDIN_SHOP) when that is set. Null otherwise.
 */
export function standinShop(requested: string | null, env: Env = process.env): string | null {
  const shop = (requested ?? "").trim().toLowerCase();
  if (!SHOP_DOMAIN.test(shop)) return null;
  const only = env.SHOPIFY_APP_BRIDGE_STANDIN_SHOP?.trim().toLowerCase();
  if (only && only !== shop) return null;
  return shop;
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString("base64url");
}

export interface SessionTokenOptions {
  shop: string;
  apiKey: string;
  apiSecret: string;
  /** Seconds since the epoch; now by default. */
  now?: number;
  ttlSeconds?: number;
  /** The admin user the token speaks for (`sub`). */
  userId?: string;
}

/**
 * A Shopify session token (HS256 JWT signed with the app's secret) as App Bridge's `idToken()` returns:
 * `iss` https://{shop}/admin, `dest` https://{shop}, `aud` the API key, `sub`, `exp`, `nbf`, `iat`, `jti`, `sid`.
 */
export function signSessionToken(options: SessionTokenOptions): { token: string; exp: number } {
  const now = Math.floor(options.now ?? Date.now() / 1000);
  const exp = now + (options.ttlSeconds ?? STANDIN_TOKEN_TTL_SECONDS);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: `https://${options.shop}/admin`,
      dest: `https://${options.shop}`,
      aud: options.apiKey,
      sub: options.userId ?? "1",
      exp,
      nbf: now - 1,
      iat: now,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", options.apiSecret)
    .update(`${header}.${payload}`)
    .digest("base64url");
  return { token: `${header}.${payload}.${signature}`, exp };
}
