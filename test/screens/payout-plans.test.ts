// Payout history, a batch, the affiliate's page and the CSV show each payout's number of lines. They count the
// lines of the payouts they show, through PayoutLine's (payoutId) index — not every payout line of the shop
// grouped by payout, which is what Prisma's `_count` sends and which grows with every payout ever made.
import { beforeEach, expect, it } from "vitest";
import prisma from "~/db.server";
import { createPayoutBatch } from "~/models/payouts/payouts.server";
import { savePayoutSettings } from "~/models/payouts/settings.server";
import {
  affiliatePayoutSummary,
  batchView,
  payoutsForExport,
  payoutsPage,
} from "~/models/payouts/views.server";
import { createAffiliate, createCommission } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { HISTORY_TABLES, historyScans, recordingPrisma } from "~test/helpers/query-plans";
import { TEST_SHOP } from "~test/helpers/shopify";

let batchId: string;
let annId: string;

beforeEach(async () => {
  await resetDatabase();
  await savePayoutSettings(prisma, TEST_SHOP, {
    holdingDays: "0",
    holdingFrom: "approval",
    minimums: {},
    methods: ["manual"],
  });
  const approved = { status: "approved", statusChangedAt: new Date("2026-03-02T12:00:00Z") };
  const ann = await createAffiliate({ name: "Ann" });
  const bo = await createAffiliate({ name: "Bo" });
  for (const amountMinor of [1000, 2000, 3000]) {
    await createCommission(ann, { ...approved, amount: String(amountMinor / 100), amountMinor });
  }
  await createCommission(bo, { ...approved, amount: "5.00", amountMinor: 500 });
  const batch = await createPayoutBatch(prisma, TEST_SHOP, {
    balances: [ann, bo].map((affiliate) => ({ affiliateId: affiliate.id, currency: "USD" })),
    method: "manual",
    createdBy: "merchant",
    shopCurrency: "USD",
  });
  if (!batch.batchId) throw new Error("The batch was not made");
  batchId = batch.batchId;
  annId = ann.id;
});

it("counts the lines of the payouts shown only, by the payout's index", async () => {
  const { db, queries } = recordingPrisma();
  try {
    const lineCounts = (payouts: Array<{ affiliate: { name: string }; lineCount: number }>) =>
      Object.fromEntries(payouts.map((payout) => [payout.affiliate.name, payout.lineCount]));
    expect(lineCounts((await payoutsPage(db, TEST_SHOP, {})).items)).toEqual({ Ann: 3, Bo: 1 });
    expect(lineCounts((await batchView(db, TEST_SHOP, batchId))!.payouts)).toEqual({ Ann: 3, Bo: 1 });
    expect(lineCounts(await payoutsForExport(db, TEST_SHOP, {}))).toEqual({ Ann: 3, Bo: 1 });
    expect(lineCounts((await affiliatePayoutSummary(db, TEST_SHOP, annId)).payouts)).toEqual({ Ann: 3 });
  } finally {
    await db.$disconnect();
  }
  expect(queries.some(({ sql }) => /`main`.`PayoutLine`/.test(sql))).toBe(true);
  expect(await historyScans(queries, [...HISTORY_TABLES, "PayoutLine"])).toEqual([]);
});
