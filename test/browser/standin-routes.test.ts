// The App Bridge stand-in's routes and gate (runs with the unit tests; the browser tests drive the script).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loader as scriptLoader } from "~/routes/app-bridge-standin[.js]";
import { loader as tokenLoader } from "~/routes/app-bridge-standin.token";
import { loader as productsLoader } from "~/routes/app-bridge-standin.products";
import { loader as appLoader } from "~/routes/app";
import {
  isAppBridgeStandinEnabled,
  signSessionToken,
  standinShop,
} from "~/dev/app-bridge-standin/standin.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { mswServer } from "~test/helpers/msw";
import {
  APP_ORIGIN,
  OTHER_SHOP,
  TEST_SHOP,
  adminRequest,
  answerAdminApi,
  installShop,
  settle,
} from "~test/helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

beforeEach(() => {
  answerAdminApi();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

function gateOn() {
  vi.stubEnv("SHOPIFY_APP_BRIDGE_STANDIN", "1");
  vi.stubEnv("NODE_ENV", "test");
}

async function statusOf(run: () => Promise<unknown>): Promise<number> {
  const result = await settle(run);
  return result instanceof Response ? result.status : 200;
}

describe("the gate", () => {
  it("is on only with SHOPIFY_APP_BRIDGE_STANDIN=1 outside production", () => {
    expect(isAppBridgeStandinEnabled({})).toBe(false);
    expect(isAppBridgeStandinEnabled({ SHOPIFY_APP_BRIDGE_STANDIN: "true" })).toBe(false);
    expect(isAppBridgeStandinEnabled({ SHOPIFY_APP_BRIDGE_STANDIN: "1", NODE_ENV: "production" })).toBe(
      false,
    );
    expect(isAppBridgeStandinEnabled({ SHOPIFY_APP_BRIDGE_STANDIN: "1", NODE_ENV: "test" })).toBe(true);
    expect(isAppBridgeStandinEnabled({ SHOPIFY_APP_BRIDGE_STANDIN: "1" })).toBe(true);
  });

  it("keeps every stand-in route at 404 while off, and in production", async () => {
    const request = () => new Request(`${APP_ORIGIN}/app-bridge-standin/token?shop=${TEST_SHOP}`);
    for (const env of [{}, { SHOPIFY_APP_BRIDGE_STANDIN: "1", NODE_ENV: "production" }]) {
      vi.unstubAllEnvs();
      vi.stubEnv("SHOPIFY_APP_BRIDGE_STANDIN", "");
      for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
      expect((await scriptLoader()).status).toBe(404);
      expect(await statusOf(() => tokenLoader(args(request())))).toBe(404);
      expect(await statusOf(() => productsLoader(args(request())))).toBe(404);
    }
  });

  it("makes /app load Shopify's App Bridge while off, and the stand-in while on", async () => {
    vi.stubEnv("SHOPIFY_APP_BRIDGE_STANDIN", "");
    expect(await appLoader(args(await adminRequest("/app")))).toEqual({
      apiKey: process.env.SHOPIFY_API_KEY,
    });
    gateOn();
    expect(await appLoader(args(await adminRequest("/app")))).toEqual({
      apiKey: process.env.SHOPIFY_API_KEY,
      appBridgeUrl: "/app-bridge-standin.js",
    });
  });
});

describe("the stand-in routes", () => {
  it("serve the script", async () => {
    gateOn();
    const response = await scriptLoader();
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("javascript");
    const text = await response.text();
    for (const piece of [
      "ui-modal",
      "ui-title-bar",
      "ui-nav-menu",
      "resourcePicker",
      "shopify-reload",
      "idToken",
    ]) {
      expect(text).toContain(piece);
    }
  });

  it("sign session tokens that authenticate.admin accepts", async () => {
    gateOn();
    await installShop(TEST_SHOP);
    const response = (await tokenLoader(
      args(new Request(`${APP_ORIGIN}/app-bridge-standin/token?shop=${TEST_SHOP}`)),
    )) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const { token, exp } = await response.json();
    expect(exp).toBeGreaterThan(Date.now() / 1000);
    const payload = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
    expect(payload).toMatchObject({
      iss: `https://${TEST_SHOP}/admin`,
      dest: `https://${TEST_SHOP}`,
      aud: process.env.SHOPIFY_API_KEY,
    });
    const authenticated = new Request(`${APP_ORIGIN}/app`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await appLoader(args(authenticated))).toMatchObject({ apiKey: process.env.SHOPIFY_API_KEY });

    const forged = signSessionToken({
      shop: TEST_SHOP,
      apiKey: process.env.SHOPIFY_API_KEY!,
      apiSecret: "other",
    });
    const refused = new Request(`${APP_ORIGIN}/app`, {
      headers: { Authorization: `Bearer ${forged.token}` },
    });
    expect(await statusOf(() => appLoader(args(refused)))).toBe(401);
  });

  it("sign only for a *.myshopify.com shop, and only the configured one when one is set", async () => {
    gateOn();
    const status = async (shop: string) =>
      (
        (await tokenLoader(
          args(new Request(`${APP_ORIGIN}/app-bridge-standin/token?shop=${shop}`)),
        )) as Response
      ).status;
    expect(await status("evil.example.com")).toBe(400);
    expect(await status("")).toBe(400);
    vi.stubEnv("SHOPIFY_APP_BRIDGE_STANDIN_SHOP", TEST_SHOP);
    expect(await status(TEST_SHOP)).toBe(200);
    expect(await status(OTHER_SHOP)).toBe(400);
    expect(standinShop(" Test-Shop.myshopify.com ", {})).toBe(TEST_SHOP);
  });

  it("list products for the resource picker from the shop's Admin API", async () => {
    gateOn();
    const { store, handlers } = createShopifyEmulator({
      products: [
        { id: "8001", title: "Trail shoe" },
        { id: "8002", title: "Rain jacket" },
      ],
    });
    mswServer.use(...handlers);
    const response = (await productsLoader(
      args(await adminRequest("/app-bridge-standin/products?query=shoe")),
    )) as Response;
    expect(await response.json()).toEqual({
      products: [{ id: "gid://shopify/Product/8001", title: "Trail shoe" }],
    });
    expect(store.callsTo("ProductSearch")[0].variables).toEqual({ query: "shoe", first: 50 });
    // Without a session token, no products.
    // Without a session token, no products: authenticate.admin sends the browser to log in, and Shopify
    // is not asked.
    const unauthenticated = (await settle(() =>
      productsLoader(args(new Request(`${APP_ORIGIN}/app-bridge-standin/products?query=shoe`))),
    )) as Response;
    expect(unauthenticated.status).toBe(302);
    expect(unauthenticated.headers.get("Location")).toBe("/auth/login");
    expect(store.callsTo("ProductSearch")).toHaveLength(1);
  });
});
