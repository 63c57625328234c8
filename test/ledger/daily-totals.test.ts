// The ledger's maintained figures equal a full recomputation from the ledger after every kind of write —
// orders recorded, refunds, cancellations, approve, deny, a payout paid, automatic approval, a customer's
// redaction, a change of the shop's time zone, the shop's deletion — and when writes meet. So do the payout
// balances that start from them, through payouts made, paid, failed and cancelled.
import { beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import prisma, { sqlite } from "~/db.server";
import { autoApprove } from "~/models/ledger/review.server";
import { storeShopProfile } from "~/models/ledger/time-zone.server";
import { closePayout, createPayoutBatch, markPayoutPaid } from "~/models/payouts/payouts.server";
import { savePayoutSettings } from "~/models/payouts/settings.server";
import { action as commissionsAction } from "~/routes/app.commissions._index";
import { createAffiliate, createProductConnection } from "~test/factories";
import { orderPayload, refundPayload } from "~test/helpers/orders";
import {
  expectFiguresToMatchTheLedger as expectFigures,
  recomputed as recomputedFigures,
  referredOrdersByDay,
  stored as storedFigures,
} from "~test/helpers/figures";
import { expectBalancesToMatchTheLedger } from "~test/helpers/balances";
import { deliver, drain } from "~test/helpers/pipeline";
import { orderPlacer, setUpTwoShops, writeAtOnceThenRecount } from "~test/helpers/ledger-writes";
import { OTHER_SHOP, TEST_SHOP, adminRequest } from "~test/helpers/shopify";

let bob: Affiliate;

/** The figures, and the payout balances that start from them, equal a recomputation from the ledger. */
async function expectFiguresToMatchTheLedger(shop = TEST_SHOP) {
  const figures = await expectFigures(prisma, shop);
  await expectBalancesToMatchTheLedger(prisma, shop);
  return figures;
}
const stored = (shop: string) => storedFigures(prisma, shop);
const recomputed = (shop: string, timeZone: string) => recomputedFigures(prisma, shop, timeZone);

const place = orderPlacer(100, 7000, {
  lines: (id) =>
    [8001, 8002, 8003].map((productId, index) => ({
      id: id * 10 + index + 1,
      productId,
      price: "40.00",
      quantity: 2,
    })),
});
const placeOrder = (createdAt: string, ref = "alice", shop = TEST_SHOP) =>
  place({ createdAt, landingSite: `/?ref=${ref}`, shop });

async function review(intent: string, ids: string[]) {
  const form = { intent, ids };
  const response = (await commissionsAction({
    request: await adminRequest("/app/commissions", { form }),
    params: {},
    context: {},
  })) as Response;
  expect(response.status).toBe(200);
}

const linesOf = (where: object) => prisma.ledgerLine.findMany({ where: { shop: TEST_SHOP, ...where } });

beforeEach(async () => {
  await setUpTwoShops({ products: [{ id: "8002", title: "Trail shoe" }] });
  await createAffiliate({ refCode: "alice" });
  bob = await createAffiliate({ refCode: "bob" });
  await createProductConnection(bob, { productId: "8002" });
  await createAffiliate({ shop: OTHER_SHOP, refCode: "alice" });
});

describe("the ledger's daily figures", () => {
  it("equal a recomputation from the ledger after every kind of write", async () => {
    // Orders on three days, one just before midnight in New York (already the next day in UTC).
    const first = await placeOrder("2026-03-01T10:00:00-05:00");
    const second = await placeOrder("2026-03-02T23:30:00-05:00", "bob");
    const third = await placeOrder("2026-03-03T09:00:00-05:00");
    await placeOrder("2026-03-02T12:00:00-05:00", "alice", OTHER_SHOP);
    await drain();
    const afterOrders = await expectFiguresToMatchTheLedger();
    // Without a profile the shop's days are UTC's: 23:30 in New York on March 2 is March 3.
    expect(referredOrdersByDay(afterOrders.shop)).toEqual({ "2026-03-01": 1, "2026-03-03": 2 });
    await expectFiguresToMatchTheLedger(OTHER_SHOP);

    // A refund of one unit of one line, then the cancellation of another order.
    await deliver({
      topic: "refunds/create",
      body: refundPayload({ id: 9001, orderId: first, lines: [{ lineItemId: first * 10 + 2, quantity: 1 }] }),
    });
    await deliver({
      topic: "orders/cancelled",
      body: orderPayload({ id: third, cancelledAt: "2026-03-04T10:00:00Z" }),
    });
    await drain();
    expect((await linesOf({ type: "reversal" })).length).toBeGreaterThan(1);
    await expectFiguresToMatchTheLedger();

    // The merchant's review: approve (its reversals follow), deny, then pay bob in a payout.
    const firstLines = await linesOf({ orderId: String(first), type: "commission" });
    await review(
      "approve",
      firstLines.map((line) => line.id),
    );
    await expectFiguresToMatchTheLedger();
    const secondLines = await linesOf({ orderId: String(second), type: "commission" });
    await review("deny", [secondLines[0].id]);
    await expectFiguresToMatchTheLedger();
    expect(
      await savePayoutSettings(prisma, TEST_SHOP, {
        holdingDays: "0",
        holdingFrom: "approval",
        minimums: {},
        methods: ["manual"],
      }),
    ).toBeNull();
    const owed = await linesOf({ status: "approved", affiliateId: bob.id });
    expect(owed.length).toBeGreaterThan(0);
    const currency = owed[0].currency;
    const { payoutIds } = await createPayoutBatch(prisma, TEST_SHOP, {
      balances: [{ affiliateId: bob.id, currency }],
      method: "manual",
      createdBy: "merchant",
    });
    expect(payoutIds).toHaveLength(1);
    await expectFiguresToMatchTheLedger();
    await markPayoutPaid(prisma, TEST_SHOP, payoutIds[0], { reference: "BANK-1", paidAt: new Date() });
    const paid = await linesOf({ status: "paid" });
    expect(paid.map((line) => line.id).sort()).toEqual(owed.map((line) => line.id).sort());
    await expectFiguresToMatchTheLedger();

    // A payout that fails releases its lines, and one cancelled too.
    const aliceOwed = await linesOf({ status: "approved", affiliateId: { not: bob.id } });
    expect(aliceOwed.length).toBeGreaterThan(0);
    for (const to of ["failed", "cancelled"] as const) {
      expect(await expectBalancesToMatchTheLedger(prisma, TEST_SHOP)).toBeGreaterThan(0);
      const { payoutIds: made } = await createPayoutBatch(prisma, TEST_SHOP, {
        balances: [{ affiliateId: aliceOwed[0].affiliateId, currency }],
        method: "manual",
        createdBy: "merchant",
      });
      expect(made).toHaveLength(1);
      await expectFiguresToMatchTheLedger();
      await closePayout(prisma, TEST_SHOP, made[0], to, "Bank refused");
      await expectFiguresToMatchTheLedger();
    }

    // Automatic approval of what is still pending.
    await prisma.programSettings.update({ where: { shop: TEST_SHOP }, data: { autoApproveDays: 0 } });
    expect(await autoApprove(prisma, new Date(Date.now() + 60_000))).toBeGreaterThan(0);
    await expectFiguresToMatchTheLedger();

    // A customer's redaction erases personal data and keeps the money.
    await deliver({
      topic: "customers/redact",
      body: {
        shop_id: 1,
        shop_domain: TEST_SHOP,
        customer: { id: 7000 + first, email: `c${first}@example.com` },
        orders_to_redact: [first],
      },
    });
    await drain();
    expect(
      await prisma.attributedOrder.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: String(first) } }),
    ).toMatchObject({ customerEmail: null });
    expect(await expectFiguresToMatchTheLedger()).toEqual(await recomputed(TEST_SHOP, "UTC"));

    // The shop's time zone becomes known: the figures are rebuilt in New York's days.
    const { rebuilt } = await storeShopProfile(
      sqlite,
      TEST_SHOP,
      { name: "Test shop", timeZone: "America/New_York", currency: "USD" },
      new Date(),
    );
    expect(rebuilt).toBe(true);
    const inNewYork = await expectFiguresToMatchTheLedger();
    expect(referredOrdersByDay(inNewYork.shop)).toEqual({
      "2026-03-01": 1,
      "2026-03-02": 1,
      "2026-03-03": 1,
    });

    // A new order and a review after the change count in the new zone.
    await placeOrder("2026-03-05T23:59:00-05:00");
    await drain();
    await expectFiguresToMatchTheLedger();
    expect((await stored(TEST_SHOP)).shop.some((row) => row.key.startsWith("2026-03-05"))).toBe(true);

    // The shop's deletion takes its figures with it, and leaves the other shop's.
    await deliver({ topic: "shop/redact", body: { shop_id: 1, shop_domain: TEST_SHOP } });
    await drain();
    expect(await prisma.ledgerDailyTotal.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await prisma.affiliateDailyTotal.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await prisma.affiliateSales.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await prisma.affiliateStatusTotal.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await prisma.shopProfile.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect((await expectFiguresToMatchTheLedger(OTHER_SHOP)).shop.length).toBeGreaterThan(0);
  });

  it("stay equal to the ledger when orders, refunds, reviews and payouts on two connections write at once", async () => {
    for (let day = 1; day <= 6; day++)
      await placeOrder(`2026-03-0${day}T12:00:00-05:00`, day % 2 ? "alice" : "bob");
    await drain();
    await writeAtOnceThenRecount({
      rounds: 4,
      placeOrders: async (round) => {
        await placeOrder(`2026-03-1${round}T08:00:00-05:00`);
        await placeOrder(`2026-03-1${round}T20:00:00-05:00`, "bob");
      },
      refundedLine: (orderId) => orderId * 10 + 1,
      approve: 3,
      markPaid: 2,
      recount: expectFiguresToMatchTheLedger,
    });
  });
});
