// Home's top affiliates for any range equal a ranking recomputed from the ledger's lines (every status but
// denied, the referrer's sales and orders, every line's commission), though they are read from years,
// months and days of the ranking figures, some taken away; and the query reads them through its index.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { addDays } from "~/lib/days";
import { topAffiliatesBySales, topAffiliatesQuery } from "~/models/ledger/rankings.server";
import { createAffiliate, createCommission, createReversal } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { propertyRuns } from "~test/helpers/fast-check";
import { TEST_SHOP } from "~test/helpers/shopify";

const TODAY = "2026-12-06";
const FIRST = "2025-01-01";

interface Expected {
  affiliateId: string;
  currency: string;
  referredSalesMinor: number;
  referredOrders: number;
  amountMinor: number;
}

async function recomputedRanking(range: { from: string; to: string }, limit: number): Promise<Expected[]> {
  const lines = await prisma.ledgerLine.findMany({ where: { shop: TEST_SHOP, status: { not: "denied" } } });
  const sums = new Map<string, Expected>();
  for (const line of lines) {
    const day = line.orderCreatedAt.toISOString().slice(0, 10); // the shop has no profile: UTC's days
    if (day < range.from || day > range.to) continue;
    const key = `${line.affiliateId}|${line.currency}`;
    const sum = sums.get(key) ?? {
      affiliateId: line.affiliateId,
      currency: line.currency,
      referredSalesMinor: 0,
      referredOrders: 0,
      amountMinor: 0,
    };
    const referrer = line.source !== "product";
    sum.referredSalesMinor += referrer ? Math.round(Number(line.base) * 100) : 0;
    sum.referredOrders += referrer && line.type === "commission" ? 1 : 0;
    sum.amountMinor += line.amountMinor;
    sums.set(key, sum);
  }
  return [...sums.values()]
    .filter((sum) => sum.referredSalesMinor !== 0 || sum.referredOrders !== 0 || sum.amountMinor !== 0)
    .sort(
      (a, b) =>
        b.referredSalesMinor - a.referredSalesMinor ||
        (a.affiliateId < b.affiliateId ? -1 : a.affiliateId > b.affiliateId ? 1 : 0) ||
        (a.currency < b.currency ? -1 : 1),
    )
    .slice(0, limit);
}

beforeAll(async () => {
  await resetDatabase();
  // Six affiliates selling on days spread over two years, in every status, with refunds and product
  // connections' lines (commission without sales), two currencies.
  const affiliates = [];
  for (let index = 0; index < 6; index++) affiliates.push(await createAffiliate());
  const statuses = ["pending", "approved", "paid", "denied"];
  for (let index = 0; index < 120; index++) {
    const affiliate = affiliates[(index * 7) % affiliates.length];
    const day = addDays(FIRST, (index * 53) % 705);
    const base = 20 + ((index * 37) % 400);
    const line = await createCommission(affiliate, {
      orderCreatedAt: new Date(`${day}T${String(index % 24).padStart(2, "0")}:30:00Z`),
      status: statuses[index % statuses.length],
      base: `${base}.00`,
      amount: (base / 10).toFixed(2),
      amountMinor: base * 10,
      source: index % 9 === 0 ? "product" : "link",
      currency: index % 11 === 0 ? "EUR" : "USD",
    });
    if (index % 5 === 0) {
      await createReversal(line, {
        base: (-base / 2).toFixed(2),
        amount: (-base / 20).toFixed(2),
        amountMinor: -base * 5,
      });
    }
  }
});

describe("top affiliates by sales", () => {
  it("equal a ranking recomputed from the ledger for any range", async () => {
    const day = fc.integer({ min: 0, max: 760 }).map((offset) => addDays("2024-12-15", offset));
    await fc.assert(
      fc.asyncProperty(day, fc.integer({ min: 0, max: 500 }), async (from, length) => {
        const range = { from, to: addDays(from, length) };
        expect(await topAffiliatesBySales(prisma, TEST_SHOP, range, 4, TODAY)).toEqual(
          await recomputedRanking(range, 4),
        );
      }),
      { numRuns: propertyRuns(60) },
    );
  });

  it("rank the presets, a year and the whole history like the ledger does", async () => {
    for (const from of ["2026-12-01", "2026-11-07", "2026-09-08", "2025-12-07", "2025-01-01", "2024-01-01"]) {
      const range = { from, to: TODAY };
      const top = await topAffiliatesBySales(prisma, TEST_SHOP, range, 10, TODAY);
      expect(top).toEqual(await recomputedRanking(range, 10));
    }
    const wholeHistory = await topAffiliatesBySales(prisma, TEST_SHOP, { from: FIRST, to: TODAY }, 10, TODAY);
    expect(wholeHistory.length).toBeGreaterThan(5);
    expect(wholeHistory.some((row) => row.currency === "EUR")).toBe(true);
  });

  it("read each piece of the range through the covering index", async () => {
    const query = topAffiliatesQuery(TEST_SHOP, { from: "2025-12-07", to: TODAY }, 10, TODAY);
    const plan = await prisma.$queryRawUnsafe<Array<{ detail: string }>>(
      `EXPLAIN QUERY PLAN ${query.sql}`,
      ...query.values,
    );
    const searches = plan.map((row) => row.detail).filter((detail) => detail.includes("AffiliateSales"));
    expect(searches.length).toBeGreaterThan(2);
    for (const search of searches) {
      expect(search).toMatch(
        /^SEARCH AffiliateSales USING COVERING INDEX AffiliateSales_covering_idx \(shop=\? AND grain=\? AND period>\? AND period<\?\)$/,
      );
    }
  });
});
