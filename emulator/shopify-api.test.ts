// The real @shopify/shopify-api client path against the emulator. shopify-api captures `fetch` when its node
// adapter is first imported, so MSW must be listening before it is (dynamic imports below).
import { beforeEach, describe, expect, it } from "vitest";
import { mswServer } from "~test/helpers/msw";
import {
  CUSTOMERS_FOR_ATTRIBUTION,
  type CustomersForAttributionData,
} from "~/graphql/customers-for-attribution";
import { createShopifyEmulator } from "./index.mjs";
import { API_KEY, API_SECRET, SHOP, signSessionToken, STORE } from "./test-support";

// The suite's one MSW server (test/setup.ts): it fails any request no handler answers.
const server = mswServer;

await import("@shopify/shopify-api/adapters/node");
const {
  shopifyApi,
  Session,
  ApiVersion,
  LogSeverity,
  GraphqlQueryError,
  HttpRetriableError,
  RequestedTokenType,
} = await import("@shopify/shopify-api");

const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  apiVersion: ApiVersion.October25,
  hostName: "localhost:3000",
  isEmbeddedApp: true,
  scopes: [
    "read_customers",
    "write_customers",
    "read_orders",
    "read_products",
    "read_discounts",
    "write_discounts",
    "read_own_subscription_contracts",
  ],
  future: {},
  logger: { level: LogSeverity.Error },
});

let emulator: ReturnType<typeof createShopifyEmulator>;
beforeEach(() => {
  emulator = createShopifyEmulator(STORE, { apiKey: API_KEY, apiSecretKey: API_SECRET });
  server.use(...emulator.handlers);
});

function offlineSession() {
  return new Session({
    id: `offline_${SHOP}`,
    shop: SHOP,
    state: "",
    isOnline: false,
    accessToken: "shpat_test",
  });
}

describe("@shopify/shopify-api against the emulator", () => {
  it("runs CustomersForAttribution through clients.Graphql", async () => {
    const client = new shopify.clients.Graphql({ session: offlineSession() });
    const response = await client.request<CustomersForAttributionData>(CUSTOMERS_FOR_ATTRIBUTION, {
      variables: { ids: ["gid://shopify/Customer/7001"] },
    });
    expect(response.data).toEqual({
      nodes: [
        {
          id: "gid://shopify/Customer/7001",
          createdAt: "2026-03-01T11:58:00Z",
          numberOfOrders: "1",
          defaultEmailAddress: { emailAddress: "carol@example.com" },
        },
      ],
    });
    expect(emulator.store.callsTo("CustomersForAttribution")).toHaveLength(1);
  });

  it("throws on an unknown operation (top-level errors)", async () => {
    const client = new shopify.clients.Graphql({ session: offlineSession() });
    await expect(client.request("query ShopName { shop { name } }")).rejects.toBeInstanceOf(
      GraphqlQueryError,
    );
  });

  it("throws while Shopify is down, and succeeds with retries", async () => {
    const client = new shopify.clients.Graphql({ session: offlineSession() });
    const variables = { ids: ["gid://shopify/Customer/7001"] };
    emulator.store.failNext(1, 503);
    await expect(client.request(CUSTOMERS_FOR_ATTRIBUTION, { variables })).rejects.toBeInstanceOf(
      HttpRetriableError,
    );
    emulator.store.failNext(1, 503);
    const retried = await client.request<CustomersForAttributionData>(CUSTOMERS_FOR_ATTRIBUTION, {
      variables,
      retries: 1,
    });
    expect(retried.data?.nodes[0]?.numberOfOrders).toBe("1");
  });

  it("exchanges a session token for offline and online sessions", async () => {
    const { session: offline } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: signSessionToken(),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
    });
    expect(offline).toMatchObject({ id: `offline_${SHOP}`, shop: SHOP, isOnline: false });
    expect(offline.accessToken).toMatch(/^shpat_/);
    expect(offline.scope).toBe(
      "read_customers,write_customers,read_orders,read_products,read_discounts,write_discounts,read_own_subscription_contracts",
    );
    expect(offline.isActive(shopify.config.scopes)).toBe(true);

    const { session: online } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: signSessionToken({ userId: "77" }),
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });
    expect(online).toMatchObject({ id: `${SHOP}_77`, isOnline: true });
    expect(online.onlineAccessInfo?.associated_user.id).toBe(77);
    expect(online.expires?.getTime()).toBeGreaterThan(Date.now());

    const { session: expiring } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: signSessionToken(),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(expiring.refreshToken).toMatch(/^shprt_/);
    const { session: refreshed } = await shopify.auth.refreshToken({
      shop: SHOP,
      refreshToken: expiring.refreshToken ?? "",
    });
    expect(refreshed.accessToken).not.toBe(expiring.accessToken);
  });
});
