// Payouts: balance arithmetic, batches that never settle a line twice, releasing lines, tenancy.
import { beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import prisma, { createPrismaClient, databaseUrl } from "~/db.server";
import { balancesOf } from "~/models/payouts/balances.server";
import { closePayout, createPayoutBatch, markPayoutPaid, PayoutError } from "~/models/payouts/payouts.server";
import { getPayoutSettings, savePayoutSettings } from "~/models/payouts/settings.server";
import { createAffiliate, createCommission, createReversal } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { expectFiguresToMatchTheLedger } from "~test/helpers/figures";
import { OTHER_SHOP, TEST_SHOP } from "~test/helpers/shopify";

beforeEach(() => resetDatabase());

const NOW = new Date("2026-06-01T12:00:00Z");
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

async function settings(
  form: Partial<{ holdingDays: string; holdingFrom: string; minimums: Record<string, string> }> = {},
  shop = TEST_SHOP,
) {
  const errors = await savePayoutSettings(prisma, shop, {
    holdingDays: form.holdingDays ?? "30",
    holdingFrom: form.holdingFrom ?? "approval",
    minimums: form.minimums ?? {},
    methods: ["manual", "paypal", "store_credit"],
  });
  expect(errors).toBeNull();
  return getPayoutSettings(prisma, shop);
}

/** An approved commission, approved `approvedDaysAgo` days before NOW, for an order `orderDaysAgo` days before. */
function approved(
  affiliate: Affiliate,
  amountMinor: number,
  approvedDaysAgo: number,
  extra: Record<string, unknown> = {},
) {
  return createCommission(affiliate, {
    status: "approved",
    amount: (amountMinor / 100).toFixed(2),
    amountMinor,
    statusChangedAt: daysAgo(approvedDaysAgo),
    orderCreatedAt: daysAgo(approvedDaysAgo + 10),
    ...extra,
  });
}

async function balanceOf(affiliate: Affiliate, currency = "USD") {
  const all = await balancesOf(prisma, affiliate.shop, await getPayoutSettings(prisma, affiliate.shop), NOW);
  return all.find((b) => b.affiliateId === affiliate.id && b.currency === currency) ?? null;
}

const pay = (affiliate: Affiliate, currency = "USD", shop = TEST_SHOP, db = prisma) =>
  createPayoutBatch(db, shop, {
    balances: [{ affiliateId: affiliate.id, currency }],
    method: "manual",
    createdBy: "merchant",
    now: NOW,
  });

describe("balances", () => {
  it("count approved commissions once their holding period is over, from approval", async () => {
    await settings({ holdingDays: "30" });
    const ann = await createAffiliate();
    await approved(ann, 1000, 31);
    await approved(ann, 250, 30); // exactly 30 days: payable
    await approved(ann, 700, 29); // still held
    await createCommission(ann, {
      status: "pending",
      amountMinor: 5000,
      amount: "50.00",
      orderCreatedAt: daysAgo(90),
    });
    await createCommission(ann, {
      status: "denied",
      amountMinor: 5000,
      amount: "50.00",
      orderCreatedAt: daysAgo(90),
    });
    expect(await balanceOf(ann)).toMatchObject({
      payableMinor: 1250,
      payableLines: 2,
      heldMinor: 700,
      payable: true,
    });
  });

  it("count from the order instead when the program says so", async () => {
    await settings({ holdingDays: "30", holdingFrom: "order" });
    const ann = await createAffiliate();
    await approved(ann, 1000, 1, { orderCreatedAt: daysAgo(40) }); // approved yesterday, ordered 40 days ago
    await approved(ann, 500, 60, { orderCreatedAt: daysAgo(20) });
    expect(await balanceOf(ann)).toMatchObject({ payableMinor: 1000, heldMinor: 500 });
  });

  it("are payable only at or above the currency's minimum", async () => {
    await settings({ holdingDays: "0", minimums: { USD: "25.00", EUR: "10" } });
    const ann = await createAffiliate();
    const bob = await createAffiliate();
    await approved(ann, 2499, 1);
    await approved(bob, 2500, 1);
    expect(await balanceOf(ann)).toMatchObject({ payableMinor: 2499, minimumMinor: 2500, payable: false });
    expect(await balanceOf(bob)).toMatchObject({ payableMinor: 2500, payable: true });
    await expect(pay(ann)).resolves.toMatchObject({
      batchId: null,
      skipped: [{ reason: expect.stringMatching(/minimum/) }],
    });
  });

  it("net a reversal against its unpaid commission, and hold it with it", async () => {
    await settings({ holdingDays: "30" });
    const ann = await createAffiliate();
    const old = await approved(ann, 1000, 40);
    await createReversal(old, { status: "approved", amountMinor: -400, amount: "-4.00" });
    const recent = await approved(ann, 2000, 5);
    await createReversal(recent, {
      status: "approved",
      amountMinor: -500,
      amount: "-5.00",
      reversalKey: "refund:2",
    });
    expect(await balanceOf(ann)).toMatchObject({ payableMinor: 600, payableLines: 2, heldMinor: 1500 });
  });

  it("carry a reversal of a paid commission into the next payout as a negative amount", async () => {
    await settings({ holdingDays: "0" });
    const ann = await createAffiliate();
    const first = await approved(ann, 1000, 1);
    await markPayoutPaid(
      prisma,
      TEST_SHOP,
      (await pay(ann)).payoutIds[0],
      { reference: "BANK-1", paidAt: NOW },
      NOW,
    );
    expect(await balanceOf(ann)).toBeNull();

    // A refund after the payment: the reversal is approved, and owed back.
    await createReversal(first, { status: "approved", amountMinor: -300, amount: "-3.00" });
    expect(await balanceOf(ann)).toMatchObject({ payableMinor: -300, payable: false });
    await expect(pay(ann)).resolves.toMatchObject({ batchId: null });

    await approved(ann, 800, 1);
    expect(await balanceOf(ann)).toMatchObject({ payableMinor: 500, payableLines: 2, payable: true });
    const second = await pay(ann);
    const payout = await prisma.payout.findUniqueOrThrow({
      where: { id: second.payoutIds[0] },
      include: { lines: true },
    });
    expect(payout).toMatchObject({ amount: "5.00", amountMinor: 500 });
    expect(payout.lines.map((l) => l.amountMinor).sort((a, b) => a - b)).toEqual([-300, 800]);
  });

  it("are kept apart per currency, each with its minimum, and a payout holds one currency", async () => {
    await settings({ holdingDays: "0", minimums: { USD: "20", JPY: "1000" } });
    const ann = await createAffiliate();
    await approved(ann, 2500, 1);
    await approved(ann, 900, 1, { currency: "JPY", amount: "900", amountMinor: 900 });
    await approved(ann, 300, 1, { currency: "JPY", amount: "300", amountMinor: 300 });
    expect(await balanceOf(ann, "USD")).toMatchObject({ payableMinor: 2500, payable: true });
    expect(await balanceOf(ann, "JPY")).toMatchObject({
      payableMinor: 1200,
      minimumMinor: 1000,
      payable: true,
    });
    const batch = await createPayoutBatch(prisma, TEST_SHOP, {
      balances: [
        { affiliateId: ann.id, currency: "USD" },
        { affiliateId: ann.id, currency: "JPY" },
      ],
      method: "manual",
      createdBy: "merchant",
      now: NOW,
    });
    const payouts = await prisma.payout.findMany({
      where: { id: { in: batch.payoutIds } },
      orderBy: { currency: "asc" },
    });
    expect(payouts.map((p) => [p.currency, p.amount, p.amountMinor])).toEqual([
      ["JPY", "1200", 1200],
      ["USD", "25.00", 2500],
    ]);
  });
});

describe("payouts", () => {
  it("settle a line once, even when two batches are created at once on two connections", async () => {
    await settings({ holdingDays: "0" });
    const ann = await createAffiliate();
    for (let i = 0; i < 20; i++) await approved(ann, 100 + i, 1);
    const other = createPrismaClient(databaseUrl());
    try {
      const results = await Promise.allSettled([pay(ann), pay(ann, "USD", TEST_SHOP, other)]);
      const made = results.flatMap((r) => (r.status === "fulfilled" ? r.value.payoutIds : []));
      expect(made).toHaveLength(1);
      for (const r of results) {
        if (r.status === "rejected") expect(r.reason).toBeInstanceOf(PayoutError);
        else if (r.value.payoutIds.length === 0) expect(r.value.skipped[0].reason).toMatch(/Nothing payable/);
      }
    } finally {
      await other.$disconnect();
    }
    const lines = await prisma.payoutLine.findMany();
    expect(lines).toHaveLength(20);
    expect(new Set(lines.map((l) => l.ledgerLineId)).size).toBe(20);
  });

  it("cannot hold a line another live payout holds: the database refuses it", async () => {
    await settings({ holdingDays: "0" });
    const ann = await createAffiliate();
    const line = await approved(ann, 1000, 1);
    const { payoutIds } = await pay(ann);
    const payout = await prisma.payout.findUniqueOrThrow({ where: { id: payoutIds[0] } });
    const copy = await prisma.payout.create({
      data: {
        ...payout,
        id: undefined,
        number: payout.number + 1,
        createdAt: undefined,
        updatedAt: undefined,
      },
    });
    await expect(
      prisma.payoutLine.create({
        data: { ledgerLineId: line.id, shop: TEST_SHOP, payoutId: copy.id, amountMinor: 1000 },
      }),
    ).rejects.toThrow();
  });

  it("pay their lines (figures and all), and a paid payout is never changed", async () => {
    await settings({ holdingDays: "0" });
    const ann = await createAffiliate({ email: "ann@example.com" });
    const line = await approved(ann, 1000, 1);
    const { payoutIds } = await pay(ann);
    await markPayoutPaid(prisma, TEST_SHOP, payoutIds[0], { reference: "BANK-42", paidAt: NOW }, NOW);
    expect(await prisma.ledgerLine.findUniqueOrThrow({ where: { id: line.id } })).toMatchObject({
      status: "paid",
    });
    expect(await prisma.payout.findUniqueOrThrow({ where: { id: payoutIds[0] } })).toMatchObject({
      status: "paid",
      reference: "BANK-42",
    });
    await expectFiguresToMatchTheLedger(prisma, TEST_SHOP);
    await expect(closePayout(prisma, TEST_SHOP, payoutIds[0], "cancelled", null)).rejects.toThrow(
      /never changed/,
    );
    await expect(
      markPayoutPaid(prisma, TEST_SHOP, payoutIds[0], { reference: "again", paidAt: NOW }),
    ).rejects.toThrow(/paid/);
    const email = await prisma.affiliateEmail.findFirstOrThrow({ where: { kind: "payout_sent" } });
    expect(email).toMatchObject({ toAddress: "ann@example.com" });
    expect(JSON.parse(email.facts)).toMatchObject({ amount: "10.00", currency: "USD", reference: "P000001" });
  });

  it.each(["failed", "cancelled"] as const)(
    "release their lines when %s, keeping which they were",
    async (to) => {
      await settings({ holdingDays: "0" });
      const ann = await createAffiliate();
      const a = await approved(ann, 1000, 1);
      const b = await approved(ann, 500, 1);
      const { payoutIds } = await pay(ann);
      expect(await balanceOf(ann)).toBeNull();
      await closePayout(prisma, TEST_SHOP, payoutIds[0], to, "PayPal returned it", NOW);
      expect(await balanceOf(ann)).toMatchObject({ payableMinor: 1500, payable: true });
      const closed = await prisma.payout.findUniqueOrThrow({ where: { id: payoutIds[0] } });
      expect(closed).toMatchObject({ status: to, amountMinor: 1500 });
      expect(JSON.parse(closed.releasedLines ?? "[]").sort()).toEqual([a.id, b.id].sort());
      expect(await prisma.ledgerLine.count({ where: { status: "approved" } })).toBe(2);
      // A new payout settles them again.
      expect((await pay(ann)).payoutIds).toHaveLength(1);
    },
  );

  it("are the shop's own: another shop's affiliate, balance or payout is not reachable", async () => {
    await settings({ holdingDays: "0" });
    await settings({ holdingDays: "0" }, OTHER_SHOP);
    const theirs = await createAffiliate({ shop: OTHER_SHOP });
    await approved(theirs, 1000, 1);
    expect(await balancesOf(prisma, TEST_SHOP, await getPayoutSettings(prisma, TEST_SHOP), NOW)).toEqual([]);
    expect(await pay(theirs)).toMatchObject({ batchId: null, skipped: [{ reason: "No such affiliate" }] });
    const { payoutIds } = await pay(theirs, "USD", OTHER_SHOP);
    await expect(
      markPayoutPaid(prisma, TEST_SHOP, payoutIds[0], { reference: "x", paidAt: NOW }),
    ).rejects.toThrow(/No such payout/);
    await expect(closePayout(prisma, TEST_SHOP, payoutIds[0], "cancelled", null)).rejects.toThrow(
      /No such payout/,
    );
  });
});
