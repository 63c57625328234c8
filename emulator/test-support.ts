// Helpers for the emulator's own tests.
import { createHmac } from "node:crypto";
import type { StoreJson } from "./types";

export const SHOP = "demo-shop.myshopify.com";
export const API_VERSION = "2025-10";
export const API_KEY = "emulator-test-key";
export const API_SECRET = "emulator-test-secret";

/** The image of the store's Trail shoe (a Shopify CDN address, never fetched). */
export const TRAIL_SHOE_IMAGE = "https://cdn.shopify.com/s/files/1/0000/0001/files/trail-shoe.png";

export const STORE: StoreJson = {
  customers: [
    {
      id: "7001",
      email: "carol@example.com",
      firstName: "Carol",
      lastName: "Ng",
      createdAt: "2026-03-01T11:58:00Z",
      numberOfOrders: 1,
    },
    {
      id: "7002",
      email: "dave.smith@example.org",
      firstName: "Dave",
      lastName: "Smith",
      createdAt: "2025-01-10T09:00:00Z",
      numberOfOrders: 4,
    },
  ],
  products: [
    { id: "8001", title: "Trail shoe", imageUrl: TRAIL_SHOE_IMAGE },
    { id: "8002", title: "Road shoe" },
    { id: "8003", title: "Running socks" },
  ],
  discountCodes: [
    { id: "9001", code: "ALICE10" },
    { id: "9002", code: "BOBSHIP", title: "Bob free shipping", type: "freeShipping" },
    { id: "9003", code: "OLD5", title: "Old promo", status: "EXPIRED" },
  ],
};

export interface GraphqlResponse<T> {
  status: number;
  body: {
    data?: T;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }> | string;
    extensions?: Record<string, unknown>;
  };
  headers: Headers;
}

/** POSTs a GraphQL document to the Admin API endpoint of `shop` through `fetch` (so through MSW). */
export async function adminGraphql<T = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
  {
    shop = SHOP,
    apiVersion = API_VERSION,
    token = "shpat_test",
  }: { shop?: string; apiVersion?: string; token?: string | null } = {},
): Promise<GraphqlResponse<T>> {
  const response = await fetch(`https://${shop}/admin/api/${apiVersion}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { "X-Shopify-Access-Token": token } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as GraphqlResponse<T>["body"],
    headers: response.headers,
  };
}

/** An App Bridge session token (HS256 JWT) as `shopify.idToken()` returns it. */
export function signSessionToken({
  shop = SHOP,
  apiKey = API_KEY,
  secret = API_SECRET,
  userId = "42",
  now = Math.floor(Date.now() / 1000),
  expiresIn = 60,
}: {
  shop?: string;
  apiKey?: string;
  secret?: string;
  userId?: string;
  now?: number;
  expiresIn?: number;
} = {}): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = encode({ alg: "HS256", typ: "JWT" });
  const payload = encode({
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: apiKey,
    sub: userId,
    exp: now + expiresIn,
    nbf: now - 5,
    iat: now - 5,
    jti: `jti-${now}-${Math.random()}`,
    sid: "session-id-1",
  });
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}
