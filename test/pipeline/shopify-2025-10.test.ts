// Orders as Shopify's API 2025-10 really sends them (built from Shopify's own example payloads), with the
// Admin API answering what Shopify's real schema allows:
// - renewals: no selling-plan data in the webhook; Shopify is asked what the renewal renews;
// - 18-digit ids, kept exact from the webhook to the ledger;
// - no email in the payload (an app without approval for customers' emails);
// - manual discounts of draft orders, listed in discount_codes by their title.
import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import prisma from "~/db.server";
import { DEFAULT_PROGRAM, saveProgramSettings, type Program } from "~/models/program/program.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate, createCoupon, createProductConnection } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload, refundPayload, type OrderSpec } from "~test/helpers/orders";
import { deliver, drain, testClock } from "~test/helpers/pipeline";
import { TEST_SHOP, installShop } from "~test/helpers/shopify";

let emulator: ReturnType<typeof createShopifyEmulator>;
let alice: Affiliate;
let bob: Affiliate;

const CAROL = { id: "7001", email: "carol@example.com" };
/** A customer whose Shopify email is alice's own. */
const ALICE_AS_CUSTOMER = { id: "7003", email: "alice@example.com" };

/** Carol's subscription: bought on #5001 through bob's link, renewed as #5002. */
const SUBSCRIPTION_STORE = {
  customers: [
    { ...CAROL, createdAt: "2025-01-01T00:00:00Z", numberOfOrders: 4 },
    { ...ALICE_AS_CUSTOMER, createdAt: "2025-01-01T00:00:00Z", numberOfOrders: 2 },
  ],
  orders: [
    { id: "5001", lineItems: [{ id: "51", sellingPlan: { id: "61", name: "Monthly" }, contract: "71" }] },
    { id: "5002", lineItems: [{ id: "52", sellingPlan: { id: "61", name: "Monthly" }, contract: "71" }] },
  ],
  subscriptionContracts: [{ id: "71", originOrder: "5001" }],
};

async function useProgram(changes: Partial<Program>) {
  await saveProgramSettings(prisma, TEST_SHOP, {
    program: { ...DEFAULT_PROGRAM, ...changes },
    autoApproveDays: null,
    creditTestOrders: false,
    cookieWindowDays: 30,
  });
}

function useEmulator(store: Parameters<typeof createShopifyEmulator>[0]) {
  emulator = createShopifyEmulator(store);
  mswServer.resetHandlers(...emulator.handlers);
}

const summary = async () =>
  (
    await prisma.ledgerLine.findMany({
      where: { shop: TEST_SHOP },
      orderBy: [{ createdAt: "asc" }, { type: "asc" }, { id: "asc" }],
    })
  ).map((line) => ({
    affiliate:
      line.affiliateId === alice.id ? "alice" : line.affiliateId === bob.id ? "bob" : line.affiliateId,
    type: line.type,
    source: line.source,
    amount: line.amount,
  }));

const traceOf = async (orderId: string) =>
  JSON.parse(
    (await prisma.attributedOrder.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId } })).trace,
  ) as Array<{ code: string; message: string }>;

const origin: OrderSpec = {
  id: 5001,
  customer: CAROL,
  createdAt: "2026-03-01T12:00:00Z",
  landingSite: "/?ref=bob",
  lines: [{ id: 51, quantity: 2, price: "50.00" }],
};
const renewal: OrderSpec = {
  id: 5002,
  customer: CAROL,
  createdAt: "2026-04-01T12:00:00Z",
  sourceName: "subscription_contract",
  lines: [{ id: 52, quantity: 1, price: "50.00" }],
};

/** 10 % of the origin order's 2 × 50.00 through bob's link, then 10 % of the renewal's 50.00 through recurring. */
const BOB_FOR_THE_ORDER_AND_ITS_RENEWAL = [
  { affiliate: "bob", type: "commission", source: "link", amount: "10.00" },
  { affiliate: "bob", type: "commission", source: "recurring", amount: "5.00" },
];

beforeEach(async () => {
  await resetDatabase();
  useEmulator(SUBSCRIPTION_STORE);
  await installShop(TEST_SHOP);
  alice = await createAffiliate({ refCode: "alice", email: "alice@example.com" });
  bob = await createAffiliate({ refCode: "bob", email: "bob@example.com" });
  await useProgram({ recurring: { enabled: true } });
});

describe("subscription renewals, as 2025-10 sends them", () => {
  it("credits the renewal through the recurring rule to the affiliate of the order its contract started from", async () => {
    const payloads = [orderPayload(origin), orderPayload(renewal)];
    expect(JSON.stringify(payloads, (_key, value) => (typeof value === "bigint" ? 0 : value))).not.toMatch(
      /selling_plan/,
    );
    await deliver({ topic: "orders/create", body: payloads[0] });
    await drain();
    await deliver({ topic: "orders/create", body: payloads[1] });
    await drain();

    expect(await summary()).toEqual(BOB_FOR_THE_ORDER_AND_ITS_RENEWAL);
    expect((await traceOf("5002")).find((entry) => entry.code === "renewal_origin")?.message).toBe(
      'Renewal: Shopify was asked for order 5002\'s selling plans and subscription contract; its lines are on selling plan "Monthly" of subscription contract 71, created from order 5001, which the ledger credits to bob',
    );
    // Shopify was asked about the renewal, and about the credited order a renewal may one day look back at.
    expect(emulator.store.callsTo("OrderSubscriptionLines").map((call) => call.variables?.id)).toEqual([
      "gid://shopify/Order/5001",
      "gid://shopify/Order/5002",
    ]);
    const stored = await prisma.attributedOrder.findMany({
      where: { shop: TEST_SHOP },
      orderBy: { orderCreatedAt: "asc" },
      select: { orderId: true, hasSellingPlan: true },
    });
    expect(stored).toEqual([
      { orderId: "5001", hasSellingPlan: true },
      { orderId: "5002", hasSellingPlan: true },
    ]);
  });

  it("retries while Shopify does not answer, and never credits the renewal on a guess", async () => {
    await deliver({ topic: "orders/create", body: orderPayload(origin) });
    await drain();
    emulator.store.failNext(2, { status: 503, operation: "OrderSubscriptionLines" });
    await deliver({ topic: "orders/create", body: orderPayload(renewal) });
    const clock = testClock();
    expect(await drain(clock)).toMatchObject({ retry: 1, processed: 0 });
    expect(await prisma.attributedOrder.count({ where: { orderId: "5002" } })).toBe(0);
    const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { orderId: "5002" } });
    expect(delivery).toMatchObject({ state: "pending", attempts: 1 });
    expect(delivery.lastError).toMatch(/503/);

    clock.advance(60_000);
    expect(await drain(clock)).toMatchObject({ retry: 1 });
    expect(await prisma.attributedOrder.count({ where: { orderId: "5002" } })).toBe(0);
    clock.advance(60_000);
    expect(await drain(clock)).toMatchObject({ processed: 1 });
    expect(await summary()).toEqual(BOB_FOR_THE_ORDER_AND_ITS_RENEWAL);
  });

  it("falls back to the customer's latest credited subscription order when Shopify keeps the contract from the app", async () => {
    // The contract belongs to another app: Shopify answers the lines, the contract null, and says why.
    mswServer.use(
      http.post(/\/admin\/api\/[^/]+\/graphql\.json$/, async ({ request }) => {
        const body = (await request.clone().json()) as { query: string; variables: { id: string } };
        if (!body.query.includes("OrderSubscriptionLines") || !body.variables.id.endsWith("/5002")) return;
        return HttpResponse.json({
          data: {
            order: {
              id: "gid://shopify/Order/5002",
              lineItems: {
                nodes: [
                  {
                    id: "gid://shopify/LineItem/52",
                    sellingPlan: { sellingPlanId: "gid://shopify/SellingPlan/61", name: "Monthly" },
                    contract: null,
                  },
                ],
                pageInfo: { hasNextPage: false, endCursor: null },
              },
            },
          },
          errors: [
            {
              message: "Access denied for contract field.",
              path: ["order", "lineItems", "nodes", 0, "contract"],
              extensions: { code: "ACCESS_DENIED" },
            },
          ],
        });
      }),
    );
    await deliver({ topic: "orders/create", body: orderPayload(origin) });
    await drain();
    await deliver({ topic: "orders/create", body: orderPayload(renewal) });
    await drain();
    expect(await summary()).toEqual(BOB_FOR_THE_ORDER_AND_ITS_RENEWAL);
    expect((await traceOf("5002")).find((entry) => entry.code === "renewal_origin")?.message).toBe(
      "Renewal: Shopify was asked for order 5002's selling plans and subscription contract; its lines are on selling plan \"Monthly\"; Shopify did not show the app the subscription contract (one the app may not read); the customer's latest earlier credited order with a selling-plan line, 5001, is credited to bob",
    );
  });

  it("retries, rather than guesses, when Shopify refuses the order itself (a scope the app lacks)", async () => {
    mswServer.use(
      http.post(/\/admin\/api\/[^/]+\/graphql\.json$/, async ({ request }) => {
        const body = (await request.clone().json()) as { query: string };
        if (!body.query.includes("OrderSubscriptionLines")) return;
        return HttpResponse.json({
          data: { order: null },
          errors: [
            {
              message: "Access denied for order field. Required access: `read_orders` access scope.",
              path: ["order"],
              extensions: { code: "ACCESS_DENIED" },
            },
          ],
        });
      }),
    );
    await deliver({ topic: "orders/create", body: orderPayload(renewal) });
    expect(await drain()).toMatchObject({ retry: 1, processed: 0 });
    expect(await prisma.attributedOrder.count()).toBe(0);
    expect((await prisma.webhookDelivery.findFirstOrThrow()).lastError).toMatch(
      /Access denied for order field/,
    );
  });

  it("credits no one through the recurring rule when what the renewal renews cannot be found, and says so", async () => {
    // Bob's earlier order of Carol's was no subscription (Shopify says so), and Shopify has no contract.
    useEmulator({
      ...SUBSCRIPTION_STORE,
      orders: [{ id: "5001", lineItems: [{ id: "51" }] }],
      subscriptionContracts: [],
    });
    await deliver({ topic: "orders/create", body: orderPayload(origin) });
    await drain();
    await deliver({ topic: "orders/create", body: orderPayload(renewal) });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "bob", type: "commission", source: "link", amount: "10.00" },
    ]);
    const trace = await traceOf("5002");
    expect(trace.find((entry) => entry.code === "renewal_origin")?.message).toBe(
      "Renewal: Shopify was asked for order 5002's selling plans and subscription contract, and has no such order; " +
        "the customer has no earlier credited order Shopify said had a selling-plan line: the affiliate it renews " +
        "could not be found, so no recurring commission",
    );
    expect(
      await prisma.attributedOrder.findFirst({
        where: { orderId: "5001" },
        select: { hasSellingPlan: true },
      }),
    ).toEqual({
      hasSellingPlan: false,
    });
  });

  it("asks Shopify nothing about subscriptions while recurring commission is off", async () => {
    await useProgram({ recurring: { enabled: false } });
    await deliver({ topic: "orders/create", body: orderPayload(origin) });
    await drain();
    await deliver({ topic: "orders/create", body: orderPayload(renewal) });
    await drain();
    expect(emulator.store.callsTo("OrderSubscriptionLines")).toEqual([]);
    expect((await traceOf("5002")).map((entry) => entry.code)).toContain("renewal_origin");
  });
});

describe("18-digit ids, as Shopify's own examples and test notifications have them", () => {
  const ORDER = 820982911946154508n;
  const LINE = 487817672276298554n;
  const PRODUCT = 788032119674292948n;
  const CUSTOMER = 115310627314723954n;

  it("are stored exactly, from the webhook to the ledger, refunds and their waiting included", async () => {
    useEmulator({ customers: [{ id: String(CUSTOMER), email: "john@example.com" }] });
    await useProgram({ recurring: { enabled: false } });
    await createProductConnection(alice, { productId: String(PRODUCT) });
    // The refund first: stored under its order's exact id (authenticate.webhook's JSON.parse rounds it:
    // the app reads it again exactly), it waits for the order.
    await deliver({
      topic: "refunds/create",
      body: refundPayload({
        id: 890088186047892319n,
        orderId: ORDER,
        lines: [{ lineItemId: LINE, quantity: 1 }],
      }),
    });
    expect(await prisma.webhookDelivery.findFirst({ where: { topic: "refunds/create" } })).toMatchObject({
      state: "pending",
      orderId: "820982911946154508",
    });
    await drain();
    expect(await prisma.webhookDelivery.findFirst({ where: { topic: "refunds/create" } })).toMatchObject({
      state: "waiting",
      orderId: "820982911946154508",
    });

    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: ORDER,
        landingSite: "/?ref=bob",
        customer: { id: CUSTOMER, email: "john@example.com" },
        lines: [{ id: LINE, productId: PRODUCT, quantity: 1, price: "100.00" }],
      }),
    });
    await drain();
    await drain();

    const order = await prisma.attributedOrder.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    expect(order).toMatchObject({ orderId: "820982911946154508", customerId: "115310627314723954" });
    expect(JSON.parse(order.input).order.lineItems[0]).toMatchObject({
      id: "487817672276298554",
      productId: "788032119674292948",
    });
    const lines = await prisma.ledgerLine.findMany({
      where: { shop: TEST_SHOP },
      orderBy: { createdAt: "asc" },
    });
    const rows = lines.map((line) =>
      [line.orderId, line.type, line.source, line.amount, line.lineItemIds, line.reversalKey].join(" "),
    );
    expect(rows.sort()).toEqual([
      '820982911946154508 commission link 10.00 ["487817672276298554"] ',
      '820982911946154508 commission product 10.00 ["487817672276298554"] ',
      '820982911946154508 reversal link -10.00 ["487817672276298554"] refund:890088186047892319',
      '820982911946154508 reversal product -10.00 ["487817672276298554"] refund:890088186047892319',
    ]);
    expect(await prisma.webhookDelivery.findFirst({ where: { topic: "refunds/create" } })).toMatchObject({
      state: "processed",
    });
  });
});

describe("an order without the customer's email", () => {
  beforeEach(async () => {
    await useProgram({
      excludeSelfReferrals: true,
      newCustomer: { ...DEFAULT_PROGRAM.newCustomer, enabled: false },
    });
  });

  const withoutEmail = (id: number): OrderSpec => ({
    id,
    withoutEmail: true,
    customer: { id: ALICE_AS_CUSTOMER.id },
    landingSite: "/?ref=alice",
  });

  it("asks Shopify for it, and finds the affiliate is the customer", async () => {
    const payload = orderPayload(withoutEmail(6001));
    expect(payload).not.toHaveProperty("email");
    expect(payload).not.toHaveProperty("contact_email");
    expect(payload.customer).not.toHaveProperty("email");
    await deliver({ topic: "orders/create", body: payload });
    await drain();
    expect(await summary()).toEqual([]);
    const trace = await traceOf("6001");
    expect(trace.map((entry) => entry.code)).toEqual(
      expect.arrayContaining(["customer_email", "self_referral"]),
    );
    expect(emulator.store.callsTo("CustomersForAttribution")).toHaveLength(1);
  });

  it("says self-referral by email could not be checked when Shopify refuses the email", async () => {
    mswServer.use(
      http.post(/\/admin\/api\/[^/]+\/graphql\.json$/, async ({ request }) => {
        const body = (await request.clone().json()) as { query: string };
        if (!body.query.includes("CustomersForAttribution")) return;
        return HttpResponse.json({
          data: {
            nodes: [
              {
                id: `gid://shopify/Customer/${ALICE_AS_CUSTOMER.id}`,
                createdAt: "2025-01-01T00:00:00Z",
                numberOfOrders: "2",
                defaultEmailAddress: null,
              },
            ],
          },
          errors: [
            {
              message:
                "This app is not approved to use the email field. See https://shopify.dev/docs/apps/launch/protected-customer-data for more details.",
              path: ["nodes", 0, "defaultEmailAddress"],
              extensions: { code: "ACCESS_DENIED" },
            },
          ],
        });
      }),
    );
    await deliver({ topic: "orders/create", body: orderPayload(withoutEmail(6002)) });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "alice", type: "commission", source: "link", amount: "10.00" },
    ]);
    expect((await traceOf("6002")).find((entry) => entry.code === "customer_email_unknown")?.message).toBe(
      "The order carries no email and Shopify did not give the customer's either (the app is not approved for customers' emails): self-referral by email could not be checked",
    );
  });

  it("asks nothing when no affiliate the order can reach has an email to compare", async () => {
    await prisma.affiliate.updateMany({ where: { shop: TEST_SHOP }, data: { email: null } });
    await deliver({ topic: "orders/create", body: orderPayload(withoutEmail(6003)) });
    await drain();
    expect(emulator.store.callsTo("CustomersForAttribution")).toEqual([]);
    expect(await summary()).toEqual([
      { affiliate: "alice", type: "commission", source: "link", amount: "10.00" },
    ]);
  });
});

describe("discounts", () => {
  beforeEach(async () => {
    await createCoupon(bob, { code: "BOB15" });
  });

  it("does not take a draft order's manual discount for a coupon, even titled like one", async () => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 7001, landingSite: "/?ref=alice", manualDiscounts: ["BOB15"] }),
    });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "alice", type: "commission", source: "link", amount: "10.00" },
    ]);
    expect(
      JSON.parse((await prisma.attributedOrder.findFirstOrThrow({ where: { orderId: "7001" } })).input).order
        .discountCodes,
    ).toEqual([]);
  });

  it("takes the codes of discount_code applications, and discount_codes when a payload has no applications", async () => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 7002,
        landingSite: "/?ref=alice",
        codes: ["bob15"],
        manualDiscounts: ["Staff"],
      }),
    });
    const legacy = orderPayload({ id: 7003, landingSite: "/?ref=alice", codes: ["BOB15"] });
    delete legacy.discount_applications;
    await deliver({ topic: "orders/create", body: legacy });
    await drain();
    expect(await summary()).toEqual([
      { affiliate: "bob", type: "commission", source: "coupon", amount: "10.00" },
      { affiliate: "bob", type: "commission", source: "coupon", amount: "10.00" },
    ]);
  });
});
