// The app's own Shopify configuration (app/shopify.server.ts), as Shopify drives it: a shop installs the app
// (no session stored yet), the embedded admin's first request carries an App Bridge session token, which
// authenticate.admin exchanges for the shop's offline access token at Shopify's token endpoint (the
// emulator, through MSW, checking the app's client credentials and the token's signature as Shopify
// does); later requests reuse the stored session, and the webhook pipeline calls Shopify with that token.
import { beforeEach, describe, expect, it } from "vitest";
import { API_KEY, API_SECRET_KEY, RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import prisma from "~/db.server";
import { DEFAULT_PROGRAM, saveProgramSettings } from "~/models/program/program.server";
import { loader as appLoader } from "~/routes/app";
import { loader as homeLoader } from "~/routes/app._index";
import { sessionStorage } from "~/shopify.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload } from "~test/helpers/orders";
import { deliver, drain } from "~test/helpers/pipeline";
import { APP_ORIGIN, TEST_SHOP, settle } from "~test/helpers/shopify";

type Emulator = ReturnType<typeof createShopifyEmulator>;
let emulator: Emulator;
/** The access token on every Admin API request Shopify received, in order. */
let adminTokens: string[];

const args = (request: Request) => ({ request, params: {}, context: {} });

/** A request from the embedded admin with an App Bridge session token, for a shop nothing was stored for. */
function embeddedRequest(pathAndQuery: string, secret = API_SECRET_KEY): Promise<Request> {
  return setUpValidRequest(
    {
      type: RequestType.Bearer,
      store: TEST_SHOP.replace(/\.myshopify\.com$/, ""),
      apiKey: API_KEY,
      apiSecretKey: secret,
    },
    new Request(`${APP_ORIGIN}${pathAndQuery}`),
  );
}

beforeEach(async () => {
  await resetDatabase();
  // Shopify as it answers this app: its client id and secret, and the scopes the app was granted.
  emulator = createShopifyEmulator(
    {
      customers: [
        { id: "7002", email: "dan@example.com", createdAt: "2026-03-01T16:55:00Z", numberOfOrders: 1 },
      ],
    },
    { apiKey: API_KEY, apiSecretKey: API_SECRET_KEY, scopes: process.env.SCOPES },
  );
  mswServer.use(...emulator.handlers);
  adminTokens = [];
  mswServer.events.on("request:start", ({ request }) => {
    if (new URL(request.url).pathname.endsWith("/graphql.json")) {
      adminTokens.push(request.headers.get("X-Shopify-Access-Token") ?? "(none)");
    }
  });
  return () => mswServer.events.removeAllListeners();
});

describe("the app's shopifyApp (app/shopify.server.ts)", () => {
  it("installs the shop on its first embedded request: exchanges the session token and stores the offline token", async () => {
    expect(await prisma.session.count()).toBe(0);

    const result = await appLoader(args(await embeddedRequest("/app")));
    expect(result).toEqual({ apiKey: API_KEY });

    const exchanges = emulator.store.calls.filter((call) => call.kind === "oauth");
    expect(exchanges).toMatchObject([
      { operation: "urn:ietf:params:oauth:grant-type:token-exchange", status: 200 },
    ]);
    const stored = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${TEST_SHOP}` } });
    expect(stored).toMatchObject({ shop: TEST_SHOP, isOnline: false, scope: process.env.SCOPES });
    expect(stored.accessToken).toMatch(/^shpat_emulator_[0-9a-f]{32}$/);
    expect((await sessionStorage.loadSession(`offline_${TEST_SHOP}`))?.accessToken).toBe(stored.accessToken);

    // The next request of the admin reuses the stored session: no second exchange.
    const home = await homeLoader(args(await embeddedRequest("/app")));
    // Home of a new shop: its days are the shop's, fetched from Shopify at install; nothing referred yet.
    expect(home).toMatchObject({ timeZone: "UTC", topAffiliates: [] });
    expect((home as { figures: unknown[] }).figures).toEqual([]);
    expect(emulator.store.calls.filter((call) => call.kind === "oauth")).toHaveLength(1);
  });

  it("refuses a session token signed with another secret, and installs nothing", async () => {
    const response = (await settle(async () =>
      appLoader(args(await embeddedRequest("/app", "someone-elses-secret"))),
    )) as Response;
    expect(response.status).toBe(401);
    expect(emulator.store.calls).toEqual([]);
    expect(await prisma.session.count()).toBe(0);
  });

  it("stores nothing when Shopify refuses the exchange (the app's credentials are not Shopify's)", async () => {
    const strict = createShopifyEmulator(
      { customers: [] },
      { apiKey: API_KEY, apiSecretKey: "the-secret-shopify-knows" },
    );
    mswServer.use(...strict.handlers);
    const thrown = await settle(async () => appLoader(args(await embeddedRequest("/app"))));
    // The library answers a refused exchange with a server error: the admin shows it, and nothing is stored.
    expect((thrown as Response).status).toBe(500);
    expect(strict.store.calls.filter((call) => call.kind === "oauth")).toMatchObject([{ status: 401 }]);
    expect(await prisma.session.count()).toBe(0);
  });

  it("then records the shop's orders from signed webhooks, asking Shopify with the installed token", async () => {
    await appLoader(args(await embeddedRequest("/app")));
    const installed = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${TEST_SHOP}` } });
    await saveProgramSettings(prisma, TEST_SHOP, {
      program: { ...DEFAULT_PROGRAM, newCustomer: { enabled: true, rate: { kind: "percent", value: "20" } } },
      autoApproveDays: null,
      creditTestOrders: false,
      cookieWindowDays: 30,
    });
    const alice = await createAffiliate({ refCode: "alice" });

    const response = await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 1,
        createdAt: "2026-03-01T17:00:00Z",
        customer: { id: 7002 },
        landingSite: "/?ref=alice",
      }),
    });
    expect(response.status).toBe(200);
    expect(await drain()).toMatchObject({ processed: 1 });

    expect(emulator.store.callsTo("CustomersForAttribution")).toHaveLength(1);
    // The shop's profile at install, then the order's customer: both with the installed token.
    expect(emulator.store.callsTo("ShopProfile")).toHaveLength(1);
    expect(adminTokens).toEqual([installed.accessToken, installed.accessToken]);
    expect(
      await prisma.ledgerLine.findMany({ select: { affiliateId: true, rule: true, amount: true } }),
    ).toEqual([{ affiliateId: alice.id, rule: "new_customer", amount: "20.00" }]);
  });
});
