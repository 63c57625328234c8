import { beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Affiliate } from "@prisma/client";
import prisma from "~/db.server";
import { loader } from "~/routes/app._index";
import { DEFAULT_PROGRAM, saveProgramSettings } from "~/models/program/program.server";
import { addDays, dayIn } from "~/lib/days";

const addHours = (date: Date, hours: number) => new Date(date.getTime() + hours * 3_600_000);
import { createAffiliate, createCommission, createCoupon, createReversal } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { OTHER_SHOP, TEST_SHOP, adminRequest, answerAdminApi, settle } from "~test/helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

async function home(shop = TEST_SHOP, query = "") {
  return loader(args(await adminRequest(`/app${query}`, { shop })));
}

let alice: Affiliate;
let bob: Affiliate;

beforeEach(async () => {
  await resetDatabase();
  answerAdminApi();
});

describe("home", () => {
  it("starts with every setup step open and nothing to show", async () => {
    const data = await home();
    expect(data).toMatchObject({
      range: { preset: "30d", to: dayIn(new Date(), "UTC") },
      timeZone: "UTC",
      currency: "USD",
      figures: [],
      topAffiliates: [],
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
    expect(data.chart.grain).toBe("day");
    // Today is still running: the chart ends yesterday.
    expect(data.chart.unfinished).toBe(dayIn(new Date(), "UTC"));
    expect(data.chart.points).toHaveLength(29);
    expect(data.chart.points.at(-1)!.start).toBe(addDays(dayIn(new Date(), "UTC"), -1));
    expect(
      data.chart.points.every((point) => point.referredSales === "0.00" && point.referredOrders === 0),
    ).toBe(true);
  });

  it("sums what is owed and paid by status and currency over the whole history, net of reversals", async () => {
    alice = await createAffiliate({ name: "Alice" });
    bob = await createAffiliate({ name: "Bob" });
    const pending = await createCommission(alice); // 10.00 USD pending
    await createCommission(alice, { status: "approved", amount: "2.50", amountMinor: 250 });
    await createCommission(bob, { status: "paid", amount: "7.25", amountMinor: 725 });
    await createCommission(bob, { status: "denied", amount: "99.00", amountMinor: 9900 });
    await createCommission(bob, { currency: "JPY", amount: "1500", amountMinor: 1500, base: "15000" });
    await createReversal(pending); // a refund took back 4.00
    // Another shop's money never shows.
    const mallory = await createAffiliate({ shop: OTHER_SHOP });
    await createCommission(mallory, { amount: "1000.00", amountMinor: 100000 });

    const data = await home();
    expect(data.totals).toEqual([
      { currency: "JPY", pending: "1500", approved: "0", paid: "0" },
      { currency: "USD", pending: "6.00", approved: "2.50", paid: "7.25" },
    ]);
  });

  it("shows referred sales, commissions, orders and the average order for a range of the shop's days", async () => {
    await prisma.shopProfile.create({
      data: {
        shop: TEST_SHOP,
        name: "Test",
        timeZone: "America/New_York",
        currency: "USD",
        refreshedAt: new Date(),
      },
    });
    alice = await createAffiliate({ name: "Alice" });
    bob = await createAffiliate({ name: "Bob" });
    const at = (iso: string) => ({ orderCreatedAt: new Date(iso) });
    // March 1, New York: Alice's order of 100.00 (10.00), then one refunded by 40.00 (4.00 taken back).
    await createCommission(alice, at("2026-03-01T15:00:00Z"));
    await createReversal(await createCommission(alice, at("2026-03-02T04:00:00Z"))); // 23:00 on March 1
    // Bob's product commission on Alice's order counts as commission, not as a referred sale.
    await createCommission(bob, {
      ...at("2026-03-01T15:00:00Z"),
      source: "product",
      rule: "product",
      amount: "3.00",
      amountMinor: 300,
    });
    // March 3: Bob's order of 300.00 (30.00); a denied one counts for nothing.
    await createCommission(bob, {
      ...at("2026-03-03T15:00:00Z"),
      base: "300.00",
      amount: "30.00",
      amountMinor: 3000,
    });
    await createCommission(bob, { ...at("2026-03-03T16:00:00Z"), status: "denied" });
    // Outside the range: March 8 in New York.
    await createCommission(alice, at("2026-03-08T06:00:00Z"));

    const data = await home(TEST_SHOP, "?range=custom&from=2026-03-01&to=2026-03-07");
    expect(data.range).toEqual({ preset: "custom", from: "2026-03-01", to: "2026-03-07" });
    expect(data.timeZone).toBe("America/New_York");
    expect(data.figures).toEqual([
      {
        currency: "USD",
        referredSales: "460.00",
        commissions: "49.00",
        referredOrders: 3,
        averageOrderValue: "153.33",
      },
    ]);
    expect(
      data.chart.points.map((point) => [
        point.start,
        point.referredSales,
        point.commissions,
        point.referredOrders,
      ]),
    ).toEqual([
      ["2026-03-01", "160.00", "19.00", 2],
      ["2026-03-02", "0.00", "0.00", 0],
      ["2026-03-03", "300.00", "30.00", 1],
      ["2026-03-04", "0.00", "0.00", 0],
      ["2026-03-05", "0.00", "0.00", 0],
      ["2026-03-06", "0.00", "0.00", 0],
      ["2026-03-07", "0.00", "0.00", 0],
    ]);
    expect(data.topAffiliates).toEqual([
      {
        id: bob.id,
        name: "Bob",
        currency: "USD",
        referredSales: "300.00",
        commissions: "33.00",
        referredOrders: 1,
        averageOrderValue: "300.00",
      },
      {
        id: alice.id,
        name: "Alice",
        currency: "USD",
        referredSales: "160.00",
        commissions: "16.00",
        referredOrders: 2,
        averageOrderValue: "80.00",
      },
    ]);
    expect((await home(OTHER_SHOP, "?range=custom&from=2026-03-01&to=2026-03-07")).figures).toEqual([]);
  });

  it("offers the last 7, 30 and 90 days and this month, ending today in the shop's time zone", async () => {
    await prisma.shopProfile.create({
      data: {
        shop: TEST_SHOP,
        name: "Test",
        timeZone: "Pacific/Kiritimati",
        currency: "USD",
        refreshedAt: new Date(),
      },
    });
    const today = dayIn(new Date(), "Pacific/Kiritimati");
    expect((await home(TEST_SHOP, "?range=7d")).range).toEqual({
      preset: "7d",
      from: addDays(today, -6),
      to: today,
    });
    expect((await home(TEST_SHOP, "?range=90d")).chart.points).toHaveLength(89);
    expect((await home(TEST_SHOP, "?range=month")).range.from).toBe(`${today.slice(0, 8)}01`);
    const year = await home(TEST_SHOP, `?range=custom&from=${addDays(today, -364)}&to=${today}`);
    expect(year.chart.grain).toBe("week");
    expect(year.chart.points.length).toBeGreaterThanOrEqual(52);
  });

  it("counts today's sales in the figures and leaves today out of the chart until it ends", async () => {
    alice = await createAffiliate({ name: "Alice" });
    await createCommission(alice, { orderCreatedAt: addHours(new Date(), -1 / 60) });
    await createCommission(alice, { orderCreatedAt: addHours(new Date(), -48) });
    const data = await home(TEST_SHOP, "?range=7d");
    const today = dayIn(new Date(), "UTC");
    expect(data.figures[0].referredOrders).toBe(2);
    expect(data.chart.unfinished).toBe(today);
    expect(data.chart.points.map((point) => point.start)).toEqual(
      [-6, -5, -4, -3, -2, -1].map((days) => addDays(today, days)),
    );
    expect(data.chart.points.reduce((sum, point) => sum + point.referredOrders, 0)).toBe(1);
    // A range of today alone is charted as it is, so far.
    const todayOnly = await home(TEST_SHOP, `?range=custom&from=${today}&to=${today}`);
    expect(todayOnly.chart.points.map((point) => [point.start, point.referredOrders])).toEqual([[today, 1]]);
    expect(todayOnly.chart.unfinished).toBe(today);
    // A range that ended before today has nothing unfinished.
    const past = await home(TEST_SHOP, `?range=custom&from=${addDays(today, -6)}&to=${addDays(today, -1)}`);
    expect(past.chart.unfinished).toBeNull();
    expect(past.chart.points).toHaveLength(6);
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
