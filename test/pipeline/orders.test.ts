import { beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import prisma from "~/db.server";
import { DEFAULT_PROGRAM, saveProgramSettings, type Program } from "~/models/program/program.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate, createConnection, createCoupon, createProductConnection } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload, refundPayload } from "~test/helpers/orders";
import { deliver, drain, testClock } from "~test/helpers/pipeline";
import { OTHER_SHOP, TEST_SHOP, installShop } from "~test/helpers/shopify";

type Emulator = ReturnType<typeof createShopifyEmulator>;
let emulator: Emulator;
let alice: Affiliate;
let bob: Affiliate;

async function useProgram(
  changes: Partial<Program>,
  extra: { autoApproveDays?: number | null; creditTestOrders?: boolean } = {},
) {
  await saveProgramSettings(prisma, TEST_SHOP, {
    program: { ...DEFAULT_PROGRAM, ...changes },
    autoApproveDays: extra.autoApproveDays ?? null,
    creditTestOrders: extra.creditTestOrders ?? false,
    cookieWindowDays: 30,
  });
}

const ledger = (shop = TEST_SHOP) =>
  prisma.ledgerLine.findMany({
    where: { shop },
    orderBy: [{ createdAt: "asc" }, { type: "asc" }, { id: "asc" }],
  });

const summary = async (shop = TEST_SHOP) =>
  (await ledger(shop)).map((line) => ({
    affiliate:
      line.affiliateId === alice.id ? "alice" : line.affiliateId === bob.id ? "bob" : line.affiliateId,
    type: line.type,
    source: line.source,
    rule: line.rule,
    amount: line.amount,
  }));

beforeEach(async () => {
  await resetDatabase();
  emulator = createShopifyEmulator({
    customers: [
      {
        id: "7001",
        email: "carol@example.com",
        firstName: "Carol",
        createdAt: "2025-01-01T00:00:00Z",
        numberOfOrders: 4,
      },
      {
        id: "7002",
        email: "dan@example.com",
        firstName: "Dan",
        createdAt: "2026-03-01T16:55:00Z",
        numberOfOrders: 1,
      },
      // Each meets one half of the new-customer rule only.
      {
        id: "7003",
        email: "erin@example.com",
        firstName: "Erin",
        createdAt: "2026-03-01T16:55:00Z",
        numberOfOrders: 3,
      },
      {
        id: "7004",
        email: "frank@example.com",
        firstName: "Frank",
        createdAt: "2025-06-01T00:00:00Z",
        numberOfOrders: 1,
      },
    ],
    products: [{ id: "8001", title: "Trail shoe" }],
  });
  mswServer.resetHandlers(...emulator.handlers);
  await installShop(TEST_SHOP);
  alice = await createAffiliate({ refCode: "alice", email: "alice@example.com" });
  bob = await createAffiliate({ refCode: "bob", email: "bob@example.com" });
  await createCoupon(alice, { code: "ALICE10" });
  await createCoupon(bob, { code: "BOB15" });
});

describe("each source of credit", () => {
  it("credits the affiliate of the link in landing_site", async () => {
    expect(
      (
        await deliver({
          topic: "orders/create",
          body: orderPayload({ id: 1, landingSite: "/products/x?ref=alice&utm=1" }),
        })
      ).status,
    ).toBe(200);
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "alice", type: "commission", source: "link", rule: "default", amount: "10.00" },
    ]);
    const order = await prisma.attributedOrder.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: "1" } });
    expect(
      JSON.parse(order.trace).some((entry: { code: string }) => entry.code === "referrer_selected"),
    ).toBe(true);
  });

  it("prefers the storefront's _affiliate_ref note attribute over landing_site", async () => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 2,
        landingSite: "https://shop.example.com/?ref=alice",
        noteAttributes: [{ name: "_affiliate_ref", value: "bob" }],
      }),
    });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "bob", type: "commission", source: "link", rule: "default", amount: "10.00" },
    ]);
  });

  it("credits the coupon's affiliate over the link's (discount allocated to the line)", async () => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 3,
        landingSite: "/?ref=alice",
        codes: ["bob15"],
        lines: [{ id: 1, quantity: 2, price: "50.00", discount: "15.00" }],
      }),
    });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "bob", type: "commission", source: "coupon", rule: "default", amount: "8.50" },
    ]);
  });

  it("credits a connected customer's affiliate regardless of link and coupon", async () => {
    await createConnection(bob, { customerId: "7001" });
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 4,
        landingSite: "/?ref=alice",
        codes: ["ALICE10"],
        customer: { id: 7001, email: "carol@example.com" },
      }),
    });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "bob", type: "commission", source: "connection", rule: "default", amount: "10.00" },
    ]);
  });

  it("pays a product connection beside the referrer", async () => {
    await createProductConnection(bob, { productId: "8001" });
    await deliver({ topic: "orders/create", body: orderPayload({ id: 5, landingSite: "/?ref=alice" }) });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "alice", type: "commission", source: "link", rule: "default", amount: "10.00" },
      { affiliate: "bob", type: "commission", source: "product", rule: "product", amount: "10.00" },
    ]);
  });

  it("credits a subscription renewal to the affiliate of the original subscription order", async () => {
    await useProgram({ recurring: { enabled: true } });
    // Shopify knows the lines' selling plan and contract (order webhooks of 2025-10 carry neither).
    const subscription = { sellingPlan: { name: "Monthly" }, contract: "71" };
    emulator = createShopifyEmulator({
      customers: [{ id: "7001", email: "carol@example.com", createdAt: "2025-01-01T00:00:00Z" }],
      orders: [
        { id: "6", lineItems: [{ id: "1", ...subscription }] },
        { id: "7", lineItems: [{ id: "2", ...subscription }] },
      ],
      subscriptionContracts: [{ id: "71", originOrder: "6" }],
    });
    mswServer.resetHandlers(...emulator.handlers);
    const customer = { id: 7001, email: "carol@example.com" };
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 6,
        customer,
        landingSite: "/?ref=bob",
        lines: [{ id: 1, quantity: 2, price: "50.00" }],
      }),
    });
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 7,
        customer,
        createdAt: "2026-04-01T12:00:00Z",
        sourceName: "subscription_contract",
        lines: [{ id: 2, quantity: 1, price: "50.00" }],
      }),
    });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "bob", type: "commission", source: "link", rule: "default", amount: "10.00" },
      { affiliate: "bob", type: "commission", source: "recurring", rule: "default", amount: "5.00" },
    ]);
  });

  it("records an order no affiliate reached, with nothing in the ledger", async () => {
    await deliver({ topic: "orders/create", body: orderPayload({ id: 8 }) });
    await drain();
    expect(await ledger()).toEqual([]);
    const order = await prisma.attributedOrder.findFirstOrThrow({ where: { orderId: "8" } });
    expect(order.referrerAffiliateId).toBeNull();
    expect(JSON.parse(order.trace).map((entry: { code: string }) => entry.code)).toContain("no_referrer");
  });

  it("does not credit test orders unless the program says so", async () => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 9, test: true, landingSite: "/?ref=alice" }),
    });
    await drain();
    expect(await ledger()).toEqual([]);
    await useProgram({}, { creditTestOrders: true });
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 10, test: true, landingSite: "/?ref=alice" }),
    });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "alice", type: "commission", source: "link", rule: "default", amount: "10.00" },
    ]);
  });

  it("creates the lifetime connection the engine asks for, and credits the next order through it", async () => {
    await useProgram({ lifetime: { enabled: true, expiresAfterDays: 365 } });
    const customer = { id: 7001, email: "carol@example.com" };
    const referred = orderPayload({ id: 11, customer, landingSite: "/?ref=alice" });
    // Shopify's order names its customer: the connection shows that name, not only the email.
    Object.assign(referred.customer as Record<string, unknown>, { first_name: "Carol ", last_name: "Ng" });
    await deliver({ topic: "orders/create", body: referred });
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 12, customer, createdAt: "2026-05-01T12:00:00Z", codes: ["BOB15"] }),
    });
    await drain();
    const connection = await prisma.customerConnection.findUniqueOrThrow({
      where: { shop_customerId: { shop: TEST_SHOP, customerId: "7001" } },
    });
    expect(connection).toMatchObject({
      affiliateId: alice.id,
      origin: "referred_order",
      orderId: "11",
      customerEmail: "carol@example.com",
      customerName: "Carol Ng",
    });
    expect(connection.expiresAt?.toISOString()).toBe("2027-03-01T17:00:00.000Z");
    expect((await summary()).map((line) => [line.affiliate, line.source])).toEqual([
      ["alice", "link"],
      ["alice", "connection"],
    ]);
  });
});

describe("new and returning customers, asked of Shopify", () => {
  beforeEach(() => useProgram({ newCustomer: { enabled: true, rate: { kind: "percent", value: "20" } } }));

  it("pays the new customer rate to a customer Shopify created minutes before the order", async () => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 20,
        createdAt: "2026-03-01T17:00:00Z",
        customer: { id: 7002, email: "dan@example.com" },
        landingSite: "/?ref=alice",
      }),
    });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "alice", type: "commission", source: "link", rule: "new_customer", amount: "20.00" },
    ]);
  });

  it("pays the default rate to a returning customer", async () => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 21,
        createdAt: "2026-03-01T17:00:00Z",
        customer: { id: 7001, email: "carol@example.com" },
        landingSite: "/?ref=alice",
      }),
    });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "alice", type: "commission", source: "link", rule: "default", amount: "10.00" },
    ]);
  });

  it.each([
    ["created minutes before the order, but with earlier orders", 7003],
    ["with this order only, but created long before it", 7004],
  ])("pays the default rate to a customer %s", async (_label, customerId) => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 24,
        createdAt: "2026-03-01T17:00:00Z",
        customer: { id: customerId },
        landingSite: "/?ref=alice",
      }),
    });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "alice", type: "commission", source: "link", rule: "default", amount: "10.00" },
    ]);
    const order = await prisma.attributedOrder.findFirstOrThrow({ where: { orderId: "24" } });
    expect(JSON.parse(order.trace).map((entry: { code: string }) => entry.code)).toContain(
      "customer_returning",
    );
  });

  it("retries while Shopify does not answer, and credits once it does", async () => {
    emulator.store.failNext(2, { status: 503 });
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 22,
        createdAt: "2026-03-01T17:00:00Z",
        customer: { id: 7002 },
        landingSite: "/?ref=alice",
      }),
    });
    const clock = testClock();
    expect(await drain(clock)).toMatchObject({ retry: 1, processed: 0 });
    expect(await ledger()).toEqual([]);
    let delivery = await prisma.webhookDelivery.findFirstOrThrow();
    expect(delivery).toMatchObject({ state: "pending", attempts: 1 });
    expect(delivery.lastError).toMatch(/503/);

    clock.advance(60_000);
    expect(await drain(clock)).toMatchObject({ retry: 1 });
    clock.advance(60_000);
    expect(await drain(clock)).toMatchObject({ processed: 1 });
    delivery = await prisma.webhookDelivery.findFirstOrThrow();
    expect(delivery.state).toBe("processed");
    expect(await summary()).toEqual([
      { affiliate: "alice", type: "commission", source: "link", rule: "new_customer", amount: "20.00" },
    ]);
  });

  it("keeps a delivery as needing attention once its attempts are spent", async () => {
    emulator.store.failNext(100, { status: "network" });
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 23, customer: { id: 7002 }, landingSite: "/?ref=alice" }),
    });
    const clock = testClock();
    for (let attempt = 0; attempt < 8; attempt++) {
      await drain(clock);
      clock.advance(2 * 3_600_000);
    }
    const delivery = await prisma.webhookDelivery.findFirstOrThrow();
    expect(delivery).toMatchObject({ state: "needs_attention", attempts: 8 });
    expect(delivery.lastError).toMatch(/Gave up after 8 attempts/);
    expect(await ledger()).toEqual([]);
  });
});

describe("a multi-currency order: the buyer paid in another currency", () => {
  // A USD shop; the buyer paid in euros at 0.9 EUR per dollar, so every presentment amount differs from
  // its shop amount. Commissions are owed in the shop's money.
  const presentment = { currency: "EUR", rate: 0.9 };

  it("credits the commission in shop money, in the shop's currency", async () => {
    await useProgram({ base: { includeShipping: true, includeTax: true } });
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 80,
        landingSite: "/?ref=alice",
        presentment,
        shipping: "10.00",
        lines: [{ id: 1, quantity: 2, price: "50.00", discount: "20.00", tax: "8.00" }],
      }),
    });
    await drain();
    // 10 % of (2 × 50.00 − 20.00 + 8.00 tax + 10.00 shipping) = 9.80 USD; in euros it would be 8.82 EUR.
    const [line] = await ledger();
    expect(line).toMatchObject({ base: "98.00", amount: "9.80", amountMinor: 980, currency: "USD" });
    const order = await prisma.attributedOrder.findFirstOrThrow({ where: { orderId: "80" } });
    expect(order.currency).toBe("USD");
    expect(JSON.parse(order.input).order).toMatchObject({
      currency: "USD",
      shipping: "10.00",
      lineItems: [{ unitPrice: "50.00", discount: "20.00", tax: "8.00" }],
    });
  });

  it("reverses a refund of it in shop money too", async () => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 81,
        landingSite: "/?ref=alice",
        presentment: { currency: "JPY", rate: 150, digits: 0 },
        lines: [
          { id: 1, quantity: 1, price: "40.00" },
          { id: 2, quantity: 1, price: "60.00" },
        ],
      }),
    });
    await deliver({
      topic: "refunds/create",
      body: refundPayload({ id: 801, orderId: 81, lines: [{ lineItemId: 2, quantity: 1 }] }),
    });
    await drain();
    expect((await ledger()).map((line) => [line.type, line.amount, line.currency])).toEqual([
      ["commission", "10.00", "USD"],
      ["reversal", "-6.00", "USD"],
    ]);
  });
});

describe("first commission: the customer's first referred order", () => {
  beforeEach(() =>
    useProgram({ firstCommission: { enabled: true, rate: { kind: "percent", value: "30" } } }),
  );
  const carol = { id: 7001, email: "carol@example.com" };

  it("pays the first-commission rate on a customer's first referred order, and the default on the next", async () => {
    // An earlier order that no affiliate referred does not count as a referred order.
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 90, customer: carol, createdAt: "2026-02-01T12:00:00Z" }),
    });
    await drain();
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 91,
        customer: carol,
        createdAt: "2026-03-01T12:00:00Z",
        landingSite: "/?ref=alice",
      }),
    });
    await drain();
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 92, customer: carol, createdAt: "2026-04-01T12:00:00Z", codes: ["BOB15"] }),
    });
    await drain();
    expect((await summary()).map((line) => [line.affiliate, line.source, line.rule, line.amount])).toEqual([
      ["alice", "link", "first_commission", "30.00"],
      ["bob", "coupon", "default", "10.00"],
    ]);
  });

  it("counts the customer's earlier referred orders, whichever batch they came in", async () => {
    // Both in one batch: the second is recorded after the first, and sees it.
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 93,
        customer: carol,
        createdAt: "2026-03-01T12:00:00Z",
        landingSite: "/?ref=bob",
      }),
    });
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 94,
        customer: carol,
        createdAt: "2026-03-02T12:00:00Z",
        landingSite: "/?ref=bob",
      }),
    });
    // The customer's second order waits for the next round of the same drain.
    expect(await drain()).toMatchObject({ processed: 2, deferred: 1 });
    expect((await summary()).map((line) => [line.rule, line.amount])).toEqual([
      ["first_commission", "30.00"],
      ["default", "10.00"],
    ]);
  });

  it("counts only the referred orders placed before this one, whatever order they arrive in", async () => {
    // Shopify delivered the later order first: the earlier one, placed before any other, is still a first.
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 98,
        customer: carol,
        createdAt: "2026-03-02T12:00:00Z",
        landingSite: "/?ref=bob",
      }),
    });
    await drain();
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 99,
        customer: carol,
        createdAt: "2026-03-01T12:00:00Z",
        landingSite: "/?ref=bob",
      }),
    });
    await drain();
    expect((await ledger()).map((line) => [line.orderId, line.rule])).toEqual([
      ["98", "first_commission"],
      ["99", "first_commission"],
    ]);
  });

  it("does not count another customer's orders, nor the same customer's in another shop", async () => {
    await installShop(OTHER_SHOP);
    await createAffiliate({ shop: OTHER_SHOP, refCode: "alice" });
    await deliver({
      topic: "orders/create",
      shop: OTHER_SHOP,
      body: orderPayload({
        id: 95,
        customer: carol,
        createdAt: "2026-02-01T12:00:00Z",
        landingSite: "/?ref=alice",
      }),
    });
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 96,
        customer: { id: 7002 },
        createdAt: "2026-02-01T12:00:00Z",
        landingSite: "/?ref=alice",
      }),
    });
    await drain();
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 97,
        customer: carol,
        createdAt: "2026-03-01T12:00:00Z",
        landingSite: "/?ref=alice",
      }),
    });
    await drain();
    const rules = (await ledger()).map((line) => [line.orderId, line.rule]);
    expect(rules).toEqual([
      ["96", "first_commission"],
      ["97", "first_commission"],
    ]);
  });
});

describe("duplicates", () => {
  it("stores and processes the same webhook id once, however often it arrives", async () => {
    for (let i = 0; i < 5; i++) {
      const response = await deliver({
        topic: "orders/create",
        webhookId: "wh-same",
        body: orderPayload({ id: 30, landingSite: "/?ref=alice" }),
      });
      expect(response.status).toBe(200);
    }
    await drain();
    expect(await prisma.webhookDelivery.count()).toBe(1);
    expect(await ledger()).toHaveLength(1);
  });

  it("records the same order delivered under new webhook ids once", async () => {
    for (let i = 0; i < 3; i++) {
      await deliver({ topic: "orders/create", body: orderPayload({ id: 31, landingSite: "/?ref=alice" }) });
    }
    await drain();
    expect(await prisma.webhookDelivery.count({ where: { state: "processed" } })).toBe(3);
    expect(await prisma.attributedOrder.count()).toBe(1);
    expect(await ledger()).toHaveLength(1);
  });
});

describe("refunds and cancellations", () => {
  const twoLines = [
    { id: 101, quantity: 2, price: "50.00" },
    { id: 102, productId: 8002, quantity: 1, price: "30.00" },
  ];

  it("reverses pro rata on a refund, then a partial refund, then the rest on cancellation", async () => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 40, landingSite: "/?ref=alice", lines: twoLines }),
    });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "alice", type: "commission", source: "link", rule: "default", amount: "13.00" },
    ]);

    await deliver({
      topic: "refunds/create",
      body: refundPayload({ id: 501, orderId: 40, lines: [{ lineItemId: 102, quantity: 1 }] }),
    });
    await drain();
    await deliver({
      topic: "refunds/create",
      body: refundPayload({ id: 502, orderId: 40, lines: [{ lineItemId: 101, quantity: 1 }] }),
    });
    await drain();
    await deliver({
      topic: "orders/cancelled",
      body: orderPayload({ id: 40, cancelledAt: "2026-03-06T00:00:00Z", lines: twoLines }),
    });
    await drain();

    const lines = await ledger();
    expect(lines.map((line) => [line.type, line.amount, line.reversalKey])).toEqual([
      ["commission", "13.00", null],
      ["reversal", "-3.00", "refund:501"],
      ["reversal", "-5.00", "refund:502"],
      ["reversal", "-5.00", "cancel"],
    ]);
    expect(lines.reduce((total, line) => total + line.amountMinor, 0)).toBe(0);
    const order = await prisma.attributedOrder.findFirstOrThrow({ where: { orderId: "40" } });
    expect(order.cancelledAt).not.toBeNull();
  });

  it("applies the same refund once, and never reverses more than was paid", async () => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 41, landingSite: "/?ref=alice", lines: twoLines }),
    });
    await drain();
    for (let i = 0; i < 3; i++) {
      await deliver({
        topic: "refunds/create",
        body: refundPayload({ id: 503, orderId: 41, lines: [{ lineItemId: 101, quantity: 2 }] }),
      });
    }
    await deliver({
      topic: "refunds/create",
      body: refundPayload({
        id: 504,
        orderId: 41,
        lines: [
          { lineItemId: 101, quantity: 2 },
          { lineItemId: 102, quantity: 5 },
        ],
      }),
    });
    await drain();
    const reversals = (await ledger()).filter((line) => line.type === "reversal");
    expect(reversals.map((line) => [line.amount, line.reversalKey])).toEqual([
      ["-10.00", "refund:503"],
      ["-3.00", "refund:504"],
    ]);
  });

  it("keeps a refund that arrives before its order and applies it when the order lands", async () => {
    await deliver({
      topic: "refunds/create",
      body: refundPayload({ id: 505, orderId: 42, lines: [{ lineItemId: 102, quantity: 1 }] }),
    });
    await drain();
    expect(await prisma.webhookDelivery.findFirstOrThrow()).toMatchObject({
      state: "waiting",
      orderId: "42",
    });

    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 42, landingSite: "/?ref=alice", lines: twoLines }),
    });
    await drain();
    expect((await ledger()).map((line) => [line.type, line.amount])).toEqual([
      ["commission", "13.00"],
      ["reversal", "-3.00"],
    ]);
    expect(await prisma.webhookDelivery.count({ where: { state: { not: "processed" } } })).toBe(0);
  });

  it("gives a reversal its commission's status, and an approved one for a commission already paid", async () => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 43, landingSite: "/?ref=alice", lines: twoLines }),
    });
    await drain();
    await prisma.ledgerLine.updateMany({ data: { status: "paid" } });
    await deliver({
      topic: "refunds/create",
      body: refundPayload({ id: 506, orderId: 43, lines: [{ lineItemId: 102, quantity: 1 }] }),
    });
    await drain();
    const reversal = (await ledger()).find((line) => line.type === "reversal");
    expect(reversal).toMatchObject({ status: "approved", amount: "-3.00" });
  });
});

describe("bad input", () => {
  it("answers a forged signature with 401 and stores nothing", async () => {
    const response = await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 50, landingSite: "/?ref=alice" }),
      secret: "forged",
    });
    expect(response.status).toBe(401);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it.each([
    ["wrong types", { id: "not-a-number", created_at: 42, line_items: "many" }],
    ["missing fields", { id: 51 }],
    ["a JSON array", [1, 2, 3]],
    ["2 MB of JSON junk", { id: 52, junk: "x".repeat(2 * 1024 * 1024) }],
  ])("stores %s as needing attention and stays well", async (_label, body) => {
    const response = await deliver({ topic: "orders/create", body });
    expect(response.status).toBe(200);
    await drain();
    const delivery = await prisma.webhookDelivery.findFirstOrThrow();
    expect(delivery.state).toBe("needs_attention");
    expect(delivery.lastError).toMatch(/Order payload/);

    await deliver({ topic: "orders/create", body: orderPayload({ id: 53, landingSite: "/?ref=alice" }) });
    await drain();
    expect(await ledger()).toHaveLength(1);
  });

  it("stores 2 MB of signed non-JSON junk as needing attention", async () => {
    const junk = "\u0000not json".repeat(200_000);
    const response = await deliver({ topic: "orders/create", body: junk });
    expect(response.status).toBe(200);
    const delivery = await prisma.webhookDelivery.findFirstOrThrow();
    expect(delivery).toMatchObject({ state: "needs_attention", lastError: "The payload is not valid JSON" });
    expect(delivery.payload).toHaveLength(junk.length);
  });

  it("refuses unsigned non-JSON junk with 401", async () => {
    const response = await deliver({ topic: "orders/create", body: "not json", secret: "forged" });
    expect(response.status).toBe(401);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });
});

describe("tenancy", () => {
  it("never lets one shop's deliveries touch another shop's rows", async () => {
    await installShop(OTHER_SHOP);
    const otherAlice = await createAffiliate({ shop: OTHER_SHOP, refCode: "alice" });
    await deliver({
      topic: "orders/create",
      shop: OTHER_SHOP,
      body: orderPayload({ id: 60, landingSite: "/?ref=alice" }),
    });
    await deliver({
      topic: "orders/create",
      shop: TEST_SHOP,
      body: orderPayload({ id: 60, landingSite: "/?ref=alice" }),
    });
    await drain();
    const other = await ledger(OTHER_SHOP);
    expect(other.map((line) => line.affiliateId)).toEqual([otherAlice.id]);
    expect((await ledger(TEST_SHOP)).map((line) => line.affiliateId)).toEqual([alice.id]);

    await deliver({
      topic: "refunds/create",
      shop: OTHER_SHOP,
      body: refundPayload({ id: 600, orderId: 60, lines: [{ lineItemId: 1, quantity: 2 }] }),
    });
    await drain();
    expect((await ledger(OTHER_SHOP)).map((line) => line.amount)).toEqual(["10.00", "-10.00"]);
    expect((await ledger(TEST_SHOP)).map((line) => line.amount)).toEqual(["10.00"]);
  });
});

describe("batches", () => {
  it("records many orders in one pass, each on its own merits", async () => {
    await useProgram({ newCustomer: { enabled: true, rate: { kind: "percent", value: "20" } } });
    emulator.store.failNext(1, { status: 503, operation: "CustomersForAttribution" });
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 70, customer: { id: 7001 }, landingSite: "/?ref=alice" }),
    });
    await deliver({ topic: "orders/create", body: { id: 71, line_items: "broken" } });
    for (let id = 72; id < 80; id++) {
      await deliver({
        topic: "orders/create",
        body: orderPayload({ id, landingSite: id % 2 ? "/?ref=alice" : "/?ref=bob" }),
      });
    }
    expect(await drain()).toMatchObject({ processed: 8, retry: 1, needsAttention: 1 });
    expect(await prisma.attributedOrder.count()).toBe(8);
    expect((await ledger()).map((line) => line.orderId)).toEqual([
      "72",
      "73",
      "74",
      "75",
      "76",
      "77",
      "78",
      "79",
    ]);
  });
});
