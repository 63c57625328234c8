// Each discount code's maintained usage (CouponTotal) equals a recomputation from the recorded orders and
// the ledger after every kind of write — orders recorded, a refund, a cancellation, approve, deny, a
// payout paid, automatic approval, a credit by hand, a customer's redaction, the shop's deletion — and
// when writes meet. The recomputation below is written apart from the app's code: it reads each order's
// engine input and applies rule 1.2 as the contract states it (the first of the order's codes that is a
// coupon of an active affiliate).
import { beforeEach, describe, expect, it } from "vitest";
import type { Affiliate, PrismaClient } from "@prisma/client";
import prisma, { sqlite } from "~/db.server";
import type { AttributionInput } from "~/attribution";
import { autoApprove, reviewLines } from "~/models/ledger/review.server";
import { creditByHand } from "~/models/orders/credit-by-hand.server";
import { createPayoutBatch, markPayoutPaid } from "~/models/payouts/payouts.server";
import { savePayoutSettings } from "~/models/payouts/settings.server";
import { createAffiliate, createConnection, createCoupon } from "~test/factories";
import { orderPayload, refundPayload } from "~test/helpers/orders";
import { deliver, drain } from "~test/helpers/pipeline";
import { orderPlacer, setUpTwoShops, writeAtOnceThenRecount } from "~test/helpers/ledger-writes";
import { OTHER_SHOP, TEST_SHOP } from "~test/helpers/shopify";

interface Usage {
  usedOrders: number;
  creditedOrders: number;
  referredSalesMinor: number;
  commissionMinor: number;
}
const ZERO: Usage = { usedOrders: 0, creditedOrders: 0, referredSalesMinor: 0, commissionMinor: 0 };

const minorOf = (decimal: string, currency: string) => {
  const digits =
    new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
    2;
  return Math.round(Number(decimal) * 10 ** digits);
};
const keyOf = (code: string) => code.trim().toLowerCase();

/** Every code's usage recomputed from the shop's orders and ledger, keyed `code|currency`. */
async function recomputed(db: PrismaClient, shop: string): Promise<Record<string, Usage>> {
  const usage: Record<string, Usage> = {};
  const row = (code: string, currency: string) => (usage[`${code}|${currency}`] ??= { ...ZERO });
  const orders = await db.attributedOrder.findMany({ where: { shop } });
  const creditingCode = new Map<string, string | null>();
  for (const order of orders) {
    const input = JSON.parse(order.input) as AttributionInput;
    for (const code of new Set(input.order.discountCodes.map(keyOf))) row(code, order.currency).usedOrders++;
    const active = new Set(input.affiliates.filter((a) => a.active).map((a) => a.id));
    const first = input.order.discountCodes
      .map((code) => ({
        code: keyOf(code),
        coupon: input.coupons.find((c) => keyOf(c.code) === keyOf(code) && active.has(c.affiliateId)),
      }))
      .find((candidate) => candidate.coupon);
    creditingCode.set(order.id, first ? `${first.code}|${first.coupon!.affiliateId}` : null);
  }
  const lines = await db.ledgerLine.findMany({ where: { shop, source: "coupon" } });
  for (const line of lines) {
    const [code, owner] = creditingCode.get(line.attributedOrderId)!.split("|");
    expect(owner).toBe(line.affiliateId);
    if (line.status === "denied") continue;
    const sums = row(code, line.currency);
    if (line.type === "commission") sums.creditedOrders++;
    sums.referredSalesMinor += minorOf(line.base, line.currency);
    sums.commissionMinor += line.amountMinor;
  }
  return usage;
}

/** The stored usage; a row every write left at zero is the same as none. */
async function stored(db: PrismaClient, shop: string): Promise<Record<string, Usage>> {
  const usage: Record<string, Usage> = {};
  for (const row of await db.couponTotal.findMany({ where: { shop } })) {
    const { usedOrders, creditedOrders, referredSalesMinor, commissionMinor } = row;
    if (usedOrders || creditedOrders || referredSalesMinor || commissionMinor)
      usage[`${row.codeKey}|${row.currency}`] = {
        usedOrders,
        creditedOrders,
        referredSalesMinor,
        commissionMinor,
      };
  }
  return usage;
}

async function expectUsageToMatchTheLedger(shop = TEST_SHOP) {
  const figures = await stored(prisma, shop);
  expect(figures).toEqual(await recomputed(prisma, shop));
  return figures;
}

let alice: Affiliate;
let bob: Affiliate;
const place = orderPlacer(500, 8000, {
  createdAt: "2026-03-01T12:00:00Z",
  lines: (id) => [
    { id: id * 10 + 1, productId: 8001, price: "40.00", quantity: 2, discount: "8.00" },
    { id: id * 10 + 2, productId: 8002, price: "25.00", quantity: 1 },
  ],
});
const placeOrder = (codes: string[], options: { ref?: string; shop?: string; customer?: number } = {}) =>
  place({
    codes,
    landingSite: options.ref ? `/?ref=${options.ref}` : "/",
    shop: options.shop,
    customerId: options.customer,
  });

const linesOf = (where: object) => prisma.ledgerLine.findMany({ where: { shop: TEST_SHOP, ...where } });

beforeEach(async () => {
  await setUpTwoShops();
  alice = await createAffiliate({ refCode: "alice" });
  bob = await createAffiliate({ refCode: "bob" });
  const carol = await createAffiliate({ refCode: "carol", active: false });
  await createCoupon(alice, { code: "ALICE10" });
  await createCoupon(alice, { code: "ALICESHIP" });
  await createCoupon(bob, { code: "BOB15" });
  await createCoupon(carol, { code: "CAROL5" });
  await createCoupon(await createAffiliate({ shop: OTHER_SHOP, refCode: "alice" }), { code: "ALICE10" });
});

describe("each code's usage", () => {
  it("equals a recomputation from the orders and the ledger after every kind of write", async () => {
    const coupon = await placeOrder(["ALICE10"], { ref: "bob" }); // the coupon beats bob's link
    const second = await placeOrder(["WELCOME", "alice10"]); // a store-wide code first; any letter case
    await placeOrder(["CAROL5", "BOB15"]); // carol is inactive: bob's code credits
    await placeOrder(["CAROL5"]); // credits no one
    await createConnection(bob, { customerId: "9999" });
    await placeOrder(["ALICE10"], { customer: 9999 }); // bob's connection beats the coupon
    await placeOrder(["ALICESHIP", "ALICE10"]); // the first of alice's codes credits
    await placeOrder(["ALICE10"], { shop: OTHER_SHOP });
    await drain();

    const afterOrders = await expectUsageToMatchTheLedger();
    // 80 − 8 + 25 = 97.00 of sales, 10 % commission.
    expect(afterOrders).toEqual({
      "alice10|USD": { usedOrders: 4, creditedOrders: 2, referredSalesMinor: 19400, commissionMinor: 1940 },
      "aliceship|USD": { usedOrders: 1, creditedOrders: 1, referredSalesMinor: 9700, commissionMinor: 970 },
      "bob15|USD": { usedOrders: 1, creditedOrders: 1, referredSalesMinor: 9700, commissionMinor: 970 },
      "carol5|USD": { ...ZERO, usedOrders: 2 },
      "welcome|USD": { ...ZERO, usedOrders: 1 },
    });
    expect(await expectUsageToMatchTheLedger(OTHER_SHOP)).toEqual({
      "alice10|USD": { usedOrders: 1, creditedOrders: 1, referredSalesMinor: 9700, commissionMinor: 970 },
    });

    // A refund of one unit of the first line (36.00 of its base), then the cancellation of another order.
    await deliver({
      topic: "refunds/create",
      body: refundPayload({
        id: 9001,
        orderId: coupon,
        lines: [{ lineItemId: coupon * 10 + 1, quantity: 1 }],
      }),
    });
    await deliver({
      topic: "orders/cancelled",
      body: orderPayload({ id: second, cancelledAt: "2026-03-04T10:00:00Z" }),
    });
    await drain();
    expect((await linesOf({ type: "reversal", source: "coupon" })).length).toBe(2);
    const afterReversals = await expectUsageToMatchTheLedger();
    // The orders stay used and credited; their sales and commission are taken back.
    expect(afterReversals["alice10|USD"]).toEqual({
      usedOrders: 4,
      creditedOrders: 2,
      referredSalesMinor: 9700 - 3600,
      commissionMinor: 970 - 360,
    });

    // The merchant's review: approve (reversals follow), deny bob's coupon line, then pay alice.
    const aliceLines = await linesOf({ affiliateId: alice.id, type: "commission" });
    await reviewLines(
      prisma,
      TEST_SHOP,
      "approve",
      aliceLines.map((line) => line.id),
    );
    await expectUsageToMatchTheLedger();
    const [bobs] = await linesOf({ affiliateId: bob.id, source: "coupon" });
    await reviewLines(prisma, TEST_SHOP, "deny", [bobs.id]);
    expect((await expectUsageToMatchTheLedger())["bob15|USD"]).toEqual({ ...ZERO, usedOrders: 1 });
    expect(
      await savePayoutSettings(prisma, TEST_SHOP, {
        holdingDays: "0",
        holdingFrom: "approval",
        minimums: {},
        methods: ["manual"],
      }),
    ).toBeNull();
    const { payoutIds } = await createPayoutBatch(prisma, TEST_SHOP, {
      balances: [{ affiliateId: alice.id, currency: "USD" }],
      method: "manual",
      createdBy: "merchant",
    });
    await markPayoutPaid(prisma, TEST_SHOP, payoutIds[0], { reference: "BANK-1", paidAt: new Date() });
    expect((await linesOf({ status: "paid" })).length).toBeGreaterThan(0);
    await expectUsageToMatchTheLedger();

    // Automatic approval of what is still pending.
    await prisma.programSettings.update({ where: { shop: TEST_SHOP }, data: { autoApproveDays: 0 } });
    await autoApprove(prisma, new Date(Date.now() + 60_000));
    await expectUsageToMatchTheLedger();

    // A credit by hand of the order carol's code could not credit: used, never credited through a code.
    const uncredited = await prisma.attributedOrder.findFirstOrThrow({
      where: { shop: TEST_SHOP, credited: false },
    });
    const outcome = await creditByHand(
      prisma,
      sqlite,
      TEST_SHOP,
      {
        orderId: uncredited.id,
        affiliateId: alice.id,
        note: "Alice sent this customer",
        creditedBy: "merchant",
      },
      new Date(),
    );
    expect(outcome.status).toBe("credited");
    expect((await expectUsageToMatchTheLedger())["carol5|USD"]).toEqual({ ...ZERO, usedOrders: 2 });

    // A customer's redaction erases personal data and keeps the orders' codes and the money.
    const before = await stored(prisma, TEST_SHOP);
    await deliver({
      topic: "customers/redact",
      body: {
        shop_id: 1,
        shop_domain: TEST_SHOP,
        customer: { id: 8000 + coupon, email: `c${coupon}@example.com` },
        orders_to_redact: [coupon],
      },
    });
    await drain();
    expect(await expectUsageToMatchTheLedger()).toEqual(before);

    // The shop's deletion takes its figures with it, and leaves the other shop's.
    await deliver({ topic: "shop/redact", body: { shop_id: 1, shop_domain: TEST_SHOP } });
    await drain();
    expect(await prisma.couponTotal.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(Object.keys(await expectUsageToMatchTheLedger(OTHER_SHOP))).toEqual(["alice10|USD"]);
  });

  it("stays equal to the ledger when orders, refunds, reviews and payouts on two connections write at once", async () => {
    for (let i = 0; i < 4; i++) await placeOrder([i % 2 ? "BOB15" : "ALICE10"]);
    await drain();
    await writeAtOnceThenRecount({
      rounds: 3,
      placeOrders: async () => {
        await placeOrder(["ALICE10"]);
        await placeOrder(["BOB15", "ALICE10"], { ref: "alice" });
      },
      refundedLine: (orderId) => orderId * 10 + 2,
      approve: 2,
      markPaid: 1,
      recount: expectUsageToMatchTheLedger,
    });
  });
});
