import { beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Affiliate } from "@prisma/client";
import prisma from "~/db.server";
import { loader } from "~/routes/app._index";
import { DEFAULT_PROGRAM, saveProgramSettings } from "~/models/program/program.server";
import { createAffiliate, createCommission, createCoupon } from "~test/factories";
import { OTHER_SHOP, TEST_SHOP, adminRequest, settle } from "~test/helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

async function home(shop = TEST_SHOP) {
  return loader(args(await adminRequest("/app", { shop })));
}

let alice: Affiliate;
let bob: Affiliate;

beforeEach(async () => {
  await prisma.attributedOrder.deleteMany();
  await prisma.affiliate.deleteMany();
  await prisma.programSettings.deleteMany();
  await prisma.webhookDelivery.deleteMany();
});

describe("home", () => {
  it("starts with every setup step open and nothing to show", async () => {
    const data = await home();
    expect(data).toEqual({
      referredOrders: 0,
      creditedOrders: 0,
      totals: [],
      latestOrders: [],
      setup: {
        settingsSaved: false,
        hasAffiliate: false,
        hasCoupon: false,
        themeEditorUrl: `https://${TEST_SHOP}/admin/themes/current/editor?context=apps`,
      },
      deliveriesNeedingAttention: 0,
    });
  });

  it("sums commissions by status and currency, net of reversals, and counts referred orders", async () => {
    alice = await createAffiliate({ name: "Alice" });
    bob = await createAffiliate({ name: "Bob" });
    const pending = await createCommission(alice); // 10.00 USD pending
    await createCommission(alice, { status: "approved", amount: "2.50", amountMinor: 250 });
    await createCommission(bob, { status: "paid", amount: "7.25", amountMinor: 725 });
    await createCommission(bob, { status: "denied", amount: "99.00", amountMinor: 9900 });
    await createCommission(bob, { currency: "JPY", amount: "1500", amountMinor: 1500 });
    // A refund reversed 4.00 of the pending commission.
    await prisma.ledgerLine.create({
      data: {
        ...pending,
        id: undefined,
        type: "reversal",
        amount: "-4.00",
        amountMinor: -400,
        reversalOfId: pending.id,
        reversalKey: "refund:1",
        lineItemIds: JSON.stringify([randomUUID()]),
      },
    });
    // An order the engine ran but credited to nobody.
    await prisma.attributedOrder.create({
      data: {
        shop: TEST_SHOP,
        orderId: "555",
        currency: "USD",
        orderCreatedAt: new Date("2026-03-05T00:00:00Z"),
        input: "{}",
        trace: "[]",
      },
    });
    // Another shop's money never shows.
    const mallory = await createAffiliate({ shop: OTHER_SHOP });
    await createCommission(mallory, { amount: "1000.00", amountMinor: 100000 });

    const data = await home();
    expect(data.referredOrders).toBe(5);
    expect(data.creditedOrders).toBe(5);
    expect(data.totals).toEqual([
      { currency: "JPY", pending: "1500", approved: "0", paid: "0" },
      { currency: "USD", pending: "6.00", approved: "2.50", paid: "7.25" },
    ]);
  });

  it("counts referred orders and credited orders apart", async () => {
    alice = await createAffiliate({ name: "Alice" });
    bob = await createAffiliate({ name: "Bob" });
    // Referred and credited: a referrer's commission.
    await createCommission(alice);
    // Credited, not referred: no referrer, only a product connection's commission (twice).
    for (const orderId of ["601", "602"]) {
      const line = await createCommission(bob, { orderId, source: "product", rule: "product" });
      await prisma.attributedOrder.update({
        where: { id: line.attributedOrderId },
        data: { referrerAffiliateId: null, referrerSource: null },
      });
    }
    // Referred, not credited: the referrer earned nothing on it (nothing left after the discount).
    for (const orderId of ["603", "604", "605"]) {
      await prisma.attributedOrder.create({
        data: {
          shop: TEST_SHOP,
          orderId,
          currency: "USD",
          orderCreatedAt: new Date("2026-03-06T00:00:00Z"),
          referrerAffiliateId: alice.id,
          referrerSource: "coupon",
          input: "{}",
          trace: "[]",
        },
      });
    }
    // Another shop's orders count for that shop only.
    const mallory = await createAffiliate({ shop: OTHER_SHOP });
    await createCommission(mallory);

    const data = await home();
    expect(data.referredOrders).toBe(4);
    expect(data.creditedOrders).toBe(3);
    expect(await home(OTHER_SHOP)).toMatchObject({ referredOrders: 1, creditedOrders: 1 });
  });

  it("shows the 10 newest referred orders with their affiliate and net commission", async () => {
    alice = await createAffiliate({ name: "Alice" });
    const lines = [];
    for (let i = 0; i < 12; i++) {
      const line = await createCommission(alice, { amount: `${i}.00`, amountMinor: i * 100 });
      await prisma.attributedOrder.update({
        where: { id: line.attributedOrderId },
        data: { orderCreatedAt: new Date(Date.UTC(2026, 2, 1 + i)) },
      });
      lines.push(line);
    }
    const data = await home();
    expect(data.latestOrders).toHaveLength(10);
    expect(data.latestOrders[0]).toMatchObject({
      id: lines[11].attributedOrderId,
      orderName: `#${lines[11].orderId}`,
      referrer: { id: alice.id, name: "Alice" },
      referrerSource: "link",
      commission: "11.00",
      currency: "USD",
      status: "pending",
      orderCreatedAt: "2026-03-12T00:00:00.000Z",
    });
    expect(data.latestOrders.map((o) => o.id)).toEqual(
      lines
        .slice(2)
        .reverse()
        .map((l) => l.attributedOrderId),
    );
    expect((await home(OTHER_SHOP)).latestOrders).toEqual([]);
  });

  it("closes setup steps as the merchant completes them, per shop", async () => {
    alice = await createAffiliate();
    await createCoupon(alice);
    await saveProgramSettings(prisma, TEST_SHOP, {
      program: DEFAULT_PROGRAM,
      autoApproveDays: null,
      creditTestOrders: false,
      cookieWindowDays: 30,
    });
    expect((await home()).setup).toMatchObject({ settingsSaved: true, hasAffiliate: true, hasCoupon: true });
    expect((await home(OTHER_SHOP)).setup).toMatchObject({
      settingsSaved: false,
      hasAffiliate: false,
      hasCoupon: false,
      themeEditorUrl: `https://${OTHER_SHOP}/admin/themes/current/editor?context=apps`,
    });
  });

  it("counts this shop's deliveries that need attention", async () => {
    for (const [shop, state] of [
      [TEST_SHOP, "needs_attention"],
      [TEST_SHOP, "needs_attention"],
      [TEST_SHOP, "processed"],
      [OTHER_SHOP, "needs_attention"],
    ]) {
      await prisma.webhookDelivery.create({
        data: { shop, state, topic: "orders/create", webhookId: randomUUID(), payload: Buffer.from("{}") },
      });
    }
    expect((await home()).deliveriesNeedingAttention).toBe(2);
    expect((await home(OTHER_SHOP)).deliveriesNeedingAttention).toBe(1);
  });

  it("refuses an unauthenticated request", async () => {
    const request = await adminRequest("/app", { secret: "wrong" });
    expect(((await settle(() => loader(args(request)))) as Response).status).toBe(401);
  });
});
