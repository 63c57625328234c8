// The app's real auth path against the emulator: shopifyApp (unstable_newEmbeddedAuthStrategy) authenticates a
// request bearing an App Bridge session token by exchanging it at the emulator's token endpoint, then
// `admin.graphql` runs against the emulator. MSW must listen before shopify-api captures `fetch`.
import { beforeEach, describe, expect, it } from "vitest";
import { mswServer } from "~test/helpers/msw";
import {
  CUSTOMERS_FOR_ATTRIBUTION,
  type CustomersForAttributionData,
} from "~/graphql/customers-for-attribution";
import { createShopifyEmulator } from "./index.mjs";
import { API_KEY, API_SECRET, SHOP, signSessionToken, STORE } from "./test-support";

const emulator = createShopifyEmulator(STORE, { apiKey: API_KEY, apiSecretKey: API_SECRET });
// The suite's one MSW server (test/setup.ts), listening before shopify-api is imported.
beforeEach(() => mswServer.use(...emulator.handlers));

await import("@shopify/shopify-app-remix/adapters/node");
const { shopifyApp, ApiVersion, LogSeverity } = await import("@shopify/shopify-app-remix/server");
type Session = import("@shopify/shopify-api").Session;

const sessions = new Map<string, Session>();
const sessionStorage = {
  storeSession: async (session: Session) => (sessions.set(session.id, session), true),
  loadSession: async (id: string) => sessions.get(id),
  deleteSession: async (id: string) => sessions.delete(id),
  deleteSessions: async (ids: string[]) => (ids.forEach((id) => sessions.delete(id)), true),
  findSessionsByShop: async (shop: string) => [...sessions.values()].filter((s) => s.shop === shop),
};

const shopify = shopifyApp({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  apiVersion: ApiVersion.October25,
  scopes: [
    "read_customers",
    "write_customers",
    "read_orders",
    "read_products",
    "read_discounts",
    "write_discounts",
    "read_own_subscription_contracts",
  ],
  appUrl: "https://localhost:3000",
  sessionStorage,
  future: { unstable_newEmbeddedAuthStrategy: true },
  logger: { level: LogSeverity.Error },
});

describe("@shopify/shopify-app-remix against the emulator", () => {
  it("authenticate.admin exchanges the session token, then admin.graphql reads the store", async () => {
    const request = new Request("https://localhost:3000/app/connections", {
      headers: { Authorization: `Bearer ${signSessionToken()}` },
    });
    const { admin, session } = await shopify.authenticate.admin(request);
    expect(session).toMatchObject({ shop: SHOP, isOnline: false });
    expect(session.accessToken).toMatch(/^shpat_emulator_/);
    expect(emulator.store.calls[0]).toMatchObject({
      kind: "oauth",
      operation: "urn:ietf:params:oauth:grant-type:token-exchange",
      status: 200,
    });

    const response = await admin.graphql(CUSTOMERS_FOR_ATTRIBUTION, {
      variables: { ids: ["gid://shopify/Customer/7001"] },
    });
    const body = (await response.json()) as { data: CustomersForAttributionData };
    expect(body.data.nodes[0]).toMatchObject({ numberOfOrders: "1", createdAt: "2026-03-01T11:58:00Z" });

    // The stored offline session is reused: no second exchange.
    await shopify.authenticate.admin(
      new Request("https://localhost:3000/app", {
        headers: { Authorization: `Bearer ${signSessionToken()}` },
      }),
    );
    expect(emulator.store.calls.filter((call) => call.kind === "oauth")).toHaveLength(1);
  });
});
