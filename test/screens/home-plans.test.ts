// Home (every range it offers) and the payouts balances read the shop's history by key only: from the
// maintained figures, and the ledger through indexes that reach the few rows they need — never the whole of a
// history table or all of the shop's part of it. SQLite has no statistics on either database, so the plans on
// this small one are the big shop's (decision 0018).
import { beforeEach, expect, it } from "vitest";
import { addDays, dayIn } from "~/lib/days";
import { getDashboard } from "~/models/home/home.server";
import { balancesPage } from "~/models/payouts/views.server";
import { createAffiliate, createCommission, createReversal } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { historyScans, recordingPrisma } from "~test/helpers/query-plans";
import { TEST_SHOP } from "~test/helpers/shopify";

beforeEach(async () => {
  await resetDatabase();
  const alice = await createAffiliate();
  const today = new Date();
  const line = await createCommission(alice, { orderCreatedAt: addHours(today, -48), status: "approved" });
  await createReversal(line);
  await createCommission(alice, { orderCreatedAt: addHours(today, -24 * 200) });
});

const addHours = (date: Date, hours: number) => new Date(date.getTime() + hours * 3_600_000);

it("Home reads no history table whole, or all of the shop's part of it, for any range", async () => {
  const today = dayIn(new Date(), "UTC");
  const ranges = ["", "range=7d", "range=30d", "range=90d", "range=month"];
  ranges.push(`range=custom&from=${addDays(today, -364)}&to=${today}`);
  ranges.push(`range=custom&from=${addDays(today, -3 * 365)}&to=${addDays(today, -400)}`);
  const { db, queries } = recordingPrisma();
  try {
    for (const query of ranges) {
      const dashboard = await getDashboard(db, TEST_SHOP, new URLSearchParams(query), new Date());
      expect(dashboard.range.to <= today).toBe(true);
    }
  } finally {
    await db.$disconnect();
  }
  expect(queries.some(({ sql }) => /FROM `main`.`AttributedOrder`/.test(sql))).toBe(true);
  // The latest referred orders walk the shop's orders newest first, in index order, and stop at the tenth.
  expect(await historyScans(queries, undefined, { orderedWalks: true })).toEqual([]);
});

it("the payouts balances read only the ledger lines still inside the holding period", async () => {
  const { db, queries } = recordingPrisma();
  try {
    for (const payableOnly of [true, false]) {
      const page = await balancesPage(db, TEST_SHOP, "USD", { method: null, payableOnly, page: 1 });
      expect(page.balances.items.length).toBeLessThanOrEqual(1);
    }
  } finally {
    await db.$disconnect();
  }
  expect(queries.some(({ sql }) => /"LedgerLine"/.test(sql))).toBe(true);
  expect(await historyScans(queries)).toEqual([]);
});
