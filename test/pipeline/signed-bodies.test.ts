// A signed body means only what it says. Shopify's signature covers the body and nothing around it: the
// topic, the shop and the webhook id are headers anyone who once received a signed body can change. So a
// signed order sent again under another topic or to another route changes nothing and is kept for the
// merchant, and every signed body is kept byte for byte, whatever its encoding; only a forged one is refused.
import { gzipSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import { stringifyJsonExact } from "~/lib/exact-json";
import prisma from "~/db.server";
import { retryDelivery } from "~/models/deliveries/deliveries.server";
import { action as uninstalled } from "~/routes/webhooks.app.uninstalled";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate, createConnection } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload } from "~test/helpers/orders";
import { deliver, drain } from "~test/helpers/pipeline";
import { OTHER_SHOP, TEST_SHOP, installShop, settle, webhookRequest } from "~test/helpers/shopify";

let alice: Affiliate;

beforeEach(async () => {
  await resetDatabase();
  mswServer.resetHandlers(...createShopifyEmulator({ customers: [], products: [] }).handlers);
  await installShop(TEST_SHOP);
  alice = await createAffiliate({ refCode: "alice", email: "alice@example.com" });
});

const ledger = () =>
  prisma.ledgerLine
    .findMany({ orderBy: [{ createdAt: "asc" }, { type: "asc" }] })
    .then((lines) => lines.map((line) => [line.orderId, line.type, line.amount]));

/** Everything of the shop the replays must leave as it was. */
const shopRows = async () =>
  Promise.all([
    prisma.ledgerLine.count(),
    prisma.attributedOrder.count(),
    prisma.affiliate.count(),
    prisma.customerConnection.count(),
    prisma.session.count({ where: { shop: TEST_SHOP } }),
    prisma.attributedOrder.findFirst().then((order) => order?.customerEmail),
  ]);

describe("a signed order body sent again as something else", () => {
  const order = orderPayload({
    id: 1,
    landingSite: "/?ref=alice",
    customer: { id: 7001, email: "carol@example.com" },
  });

  beforeEach(async () => {
    await createConnection(alice, { customerId: "7001", customerEmail: "carol@example.com" });
    expect((await deliver({ topic: "orders/create", body: order })).status).toBe(200);
    await drain();
    expect(await ledger()).toEqual([["1", "commission", "10.00"]]);
  });

  it.each([
    ["orders/cancelled", /Cancelled order payload: cancelled_at/],
    ["refunds/create", /Refund payload: order_id/],
    [
      "shop/redact",
      /shop\/redact payload: shop_id: .*shop_domain: Invalid input: expected string, received undefined/,
    ],
    [
      "customers/redact",
      /customers\/redact payload: shop_id: .*shop_domain: Invalid input: expected string, received undefined/,
    ],
    [
      "customers/data_request",
      /customers\/data_request payload: shop_id: .*shop_domain: Invalid input: expected string, received undefined/,
    ],
  ])(
    "as %s on its own route: answered 200, kept as needing attention, nothing changed",
    async (topic, error) => {
      const before = await shopRows();
      expect((await deliver({ topic, body: order })).status).toBe(200);
      await drain();
      expect(await ledger()).toEqual([["1", "commission", "10.00"]]);
      expect(await shopRows()).toEqual(before);
      const kept = await prisma.webhookDelivery.findFirstOrThrow({ where: { topic } });
      expect(kept.state).toBe("needs_attention");
      expect(kept.lastError).toMatch(error);
      expect(Buffer.from(kept.payload).toString()).toBe(stringifyJsonExact(order));

      // The merchant's retry runs the same checks: it still changes nothing.
      expect(await retryDelivery(prisma, TEST_SHOP, kept.id)).toBe(true);
      await drain();
      expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: kept.id } })).toMatchObject({
        state: "needs_attention",
      });
      expect(await shopRows()).toEqual(before);
    },
  );

  it.each(["orders/cancelled", "shop/redact", "customers/redact", "refunds/create"])(
    "with its own topic but to the %s route: kept as needing attention, never processed",
    async (route) => {
      const before = await shopRows();
      expect((await deliver({ topic: "orders/create", route, body: order })).status).toBe(200);
      await drain();
      expect(await shopRows()).toEqual(before);
      const kept = await prisma.webhookDelivery.findFirstOrThrow({ where: { state: "needs_attention" } });
      expect(kept.lastError).toBe(
        `Signed as orders/create but sent to the ${route} webhook: kept, not processed`,
      );
    },
  );

  it("as app/uninstalled: the shop's sessions stay, and the body is kept for the merchant", async () => {
    const request = webhookRequest({ topic: "app/uninstalled", body: order });
    const response = (await settle(() => uninstalled({ request, params: {}, context: {} }))) as Response;
    expect(response.status).toBe(200);
    expect(await prisma.session.count({ where: { shop: TEST_SHOP } })).toBe(1);
    // Kept in the spool by the route itself (app/uninstalled is acted on at once); the worker moves it in.
    await drain();
    const stored = await prisma.webhookDelivery.findFirstOrThrow({ where: { topic: "app/uninstalled" } });
    expect(stored.state).toBe("needs_attention");
    expect(stored.lastError).toMatch(/not shaped as a app\/uninstalled payload/);
  });
});

describe("compliance payloads checked against the shop they were sent for", () => {
  it("keeps a shop/redact naming another shop, and a customer's payload sent as shop/redact, and deletes nothing", async () => {
    await deliver({ topic: "orders/create", body: orderPayload({ id: 2, landingSite: "/?ref=alice" }) });
    await drain();
    await deliver({ topic: "shop/redact", body: { shop_id: 2, shop_domain: OTHER_SHOP } });
    await deliver({
      topic: "shop/redact",
      body: {
        shop_id: 1,
        shop_domain: TEST_SHOP,
        customer: { id: 7001, email: "carol@example.com" },
        orders_to_redact: [2],
      },
    });
    await drain();
    expect(await ledger()).toEqual([["2", "commission", "10.00"]]);
    expect(await prisma.affiliate.count()).toBe(1);
    const kept = await prisma.webhookDelivery.findMany({
      where: { topic: "shop/redact" },
      orderBy: { receivedAt: "asc" },
    });
    expect(kept.map((delivery) => [delivery.state, delivery.lastError])).toEqual([
      ["needs_attention", `shop/redact payload: shop_domain: is not ${TEST_SHOP}, the shop it was sent for`],
      ["needs_attention", "shop/redact payload: (root): a customer's payload is not a shop/redact"],
    ]);
  });

  it("keeps a customers/redact naming another shop, and erases nothing", async () => {
    await createConnection(alice, { customerId: "7001", customerEmail: "carol@example.com" });
    await deliver({
      topic: "customers/redact",
      body: { shop_id: 2, shop_domain: OTHER_SHOP, customer: { id: 7001 }, orders_to_redact: [] },
    });
    await drain();
    expect(await prisma.customerConnection.count()).toBe(1);
    expect(await prisma.webhookDelivery.findFirstOrThrow()).toMatchObject({ state: "needs_attention" });
  });
});

describe("signed bodies in any encoding", () => {
  const json = stringifyJsonExact(orderPayload({ id: 3, landingSite: "/?ref=alice" }));
  const bodies: Array<[string, Uint8Array, string]> = [
    [
      "invalid UTF-8",
      Buffer.concat([Buffer.from('{"id":3,"name":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]),
      "The payload is not valid UTF-8",
    ],
    [
      "a byte-order mark",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]),
      "The payload starts with a byte-order mark",
    ],
    ["gzip", gzipSync(json), "The payload is gzip-compressed, not JSON text"],
  ];

  it.each(bodies)(
    "keeps a signed body of %s byte for byte, as needing attention",
    async (_label, bytes, reason) => {
      const response = await deliver({ topic: "orders/create", body: bytes });
      expect(response.status).toBe(200);
      await drain();
      const kept = await prisma.webhookDelivery.findFirstOrThrow();
      expect(kept).toMatchObject({ state: "needs_attention", lastError: reason, topic: "orders/create" });
      expect(Buffer.from(kept.payload).equals(Buffer.from(bytes))).toBe(true);
      expect(await ledger()).toEqual([]);
    },
  );

  it.each(bodies)("refuses a forged body of %s with 401, storing nothing", async (_label, bytes) => {
    const response = await deliver({ topic: "orders/create", body: bytes, secret: "forged" });
    expect(response.status).toBe(401);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });
});

describe("a signed webhook for a shop domain that is none", () => {
  it.each([
    ["JSON", stringifyJsonExact(orderPayload({ id: 4 }))],
    ["bytes that are not UTF-8", Buffer.from([0xff, 0xfe, 0x00])],
  ])("answers a body of %s 400, storing nothing", async (_label, body) => {
    const response = await deliver({ topic: "orders/create", shop: "evil.example.com", body });
    expect(response.status).toBe(400);
    expect(response.statusText).toBe("Invalid shop domain");
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });
});
