// The two webhook routes no other test reached: app/scopes_update (the merchant changed what the app may
// do) and customers/data_request (a customer asked the shop for their data), signed as Shopify signs them,
// with the payloads Shopify documents.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as scopesUpdate } from "~/routes/webhooks.app.scopes_update";
import { sessionStorage } from "~/shopify.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate, createConnection } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload } from "~test/helpers/orders";
import { deliver, drain } from "~test/helpers/pipeline";
import { OTHER_SHOP, TEST_SHOP, installShop, settle, webhookRequest } from "~test/helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

beforeEach(async () => {
  await resetDatabase();
  mswServer.use(...createShopifyEmulator({ customers: [], products: [] }).handlers);
});

function scopesUpdateRequest(current: string[], options: { shop?: string; secret?: string } = {}) {
  return webhookRequest({
    topic: "app/scopes_update",
    shop: options.shop,
    secret: options.secret,
    body: {
      id: 1,
      previous: process.env.SCOPES!.split(","),
      current,
      updated_at: "2026-03-01T12:00:00.000Z",
    },
  });
}

describe("app/scopes_update", () => {
  const granted = ["read_customers", "read_orders", "read_products"];

  it("stores the shop's new scopes on its offline session, and the app reads them at once", async () => {
    await installShop(TEST_SHOP);
    await installShop(OTHER_SHOP);
    // Loaded once, so the session storage's cache holds the old scopes.
    expect((await sessionStorage.loadSession(`offline_${TEST_SHOP}`))?.scope).toBe(process.env.SCOPES);

    const response = await scopesUpdate(args(scopesUpdateRequest(granted)));
    expect(response.status).toBe(200);
    expect(await prisma.session.findUniqueOrThrow({ where: { id: `offline_${TEST_SHOP}` } })).toMatchObject({
      scope: granted.join(","),
      accessToken: `shpat_test-shop`,
    });
    expect((await sessionStorage.loadSession(`offline_${TEST_SHOP}`))?.scope).toBe(granted.join(","));
    // Another shop's session is not touched.
    expect((await prisma.session.findUniqueOrThrow({ where: { id: `offline_${OTHER_SHOP}` } })).scope).toBe(
      process.env.SCOPES,
    );
  });

  it("answers 200 and stores nothing for a shop that has no session (uninstalled meanwhile)", async () => {
    const response = await scopesUpdate(args(scopesUpdateRequest(granted)));
    expect(response.status).toBe(200);
    expect(await prisma.session.count()).toBe(0);
  });

  it("answers a forged signature with 401 and changes nothing", async () => {
    await installShop(TEST_SHOP);
    const response = (await settle(() =>
      scopesUpdate(args(scopesUpdateRequest(granted, { secret: "not-the-secret" }))),
    )) as Response;
    expect(response.status).toBe(401);
    expect((await prisma.session.findUniqueOrThrow({ where: { id: `offline_${TEST_SHOP}` } })).scope).toBe(
      process.env.SCOPES,
    );
  });
});

describe("customers/data_request", () => {
  const request = {
    shop_id: 954889,
    shop_domain: TEST_SHOP,
    orders_requested: [299938, 280263],
    customer: { id: 7001, email: "carol@example.com", phone: "555-625-1199" },
    data_request: { id: 9999 },
  };

  it("is stored, answered 200, and processed without erasing anything", async () => {
    const alice = await createAffiliate({ refCode: "alice" });
    await createConnection(alice, { customerId: "7001", customerEmail: "carol@example.com" });
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 299938, customer: { id: 7001, email: "carol@example.com" } }),
    });
    await drain();

    const response = await deliver({ topic: "customers/data_request", body: request });
    expect(response.status).toBe(200);
    expect(
      await prisma.webhookDelivery.findFirstOrThrow({ where: { topic: "customers/data_request" } }),
    ).toMatchObject({ shop: TEST_SHOP, state: "pending" });
    expect(await drain()).toMatchObject({ processed: 1, needsAttention: 0, retry: 0 });
    expect(
      await prisma.webhookDelivery.findFirstOrThrow({ where: { topic: "customers/data_request" } }),
    ).toMatchObject({ state: "processed", lastError: null });
    // A data request asks for the customer's data; it is no reason to erase it.
    expect(await prisma.customerConnection.findFirstOrThrow()).toMatchObject({
      customerId: "7001",
      customerEmail: "carol@example.com",
    });
    expect(await prisma.attributedOrder.findFirstOrThrow()).toMatchObject({
      customerEmail: "carol@example.com",
    });
  });

  it("answers a forged signature with 401 and stores nothing", async () => {
    const response = await deliver({ topic: "customers/data_request", body: request, secret: "forged" });
    expect(response.status).toBe(401);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });
});
