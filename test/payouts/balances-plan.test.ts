// Balances start from the maintained status totals and read only the lines that make them differ: those
// still inside the holding period, through their own index, and those unpaid payouts hold. At a year's
// history (98,000 approved, unpaid lines among 770,000), grouping the approved lines took over a second per
// request; the lines inside a 30-day holding period are a tenth of them.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { HoldingFrom } from "~/models/payouts/codes";
import { balancesQuery } from "~/models/payouts/balances.server";
import { getPayoutSettings } from "~/models/payouts/settings.server";
import { resetDatabase } from "~test/helpers/db";
import { TEST_SHOP } from "~test/helpers/shopify";

async function planOf(query: ReturnType<typeof balancesQuery>): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<Array<{ detail: string }>>(
    `EXPLAIN QUERY PLAN ${query.sql}`,
    ...query.values,
  );
  return rows.map((row) => row.detail);
}

beforeAll(async () => {
  await resetDatabase();
});

const INDEX_OF = {
  [HoldingFrom.approval]: "LedgerLine_shop_status_statusChangedAt_idx",
  [HoldingFrom.order]: "LedgerLine_shop_status_orderCreatedAt_idx",
};

describe("the balances query's plan", () => {
  for (const holdingFrom of [HoldingFrom.order, HoldingFrom.approval]) {
    it(`reads the approved totals and only the lines inside the holding period (from ${holdingFrom})`, async () => {
      const settings = { ...(await getPayoutSettings(prisma, TEST_SHOP)), holdingFrom };
      const plan = await planOf(balancesQuery(TEST_SHOP, settings, new Date()));
      expect(plan).toContainEqual(
        "SEARCH AffiliateStatusTotal USING INDEX sqlite_autoindex_AffiliateStatusTotal_1 (shop=? AND status=?)",
      );
      expect(plan).toContainEqual(
        `SEARCH l USING INDEX ${INDEX_OF[holdingFrom]} (shop=? AND status=? AND ${holdingFrom === HoldingFrom.order ? "orderCreatedAt" : "statusChangedAt"}>?)`,
      );
      // The unpaid payouts' lines, from those payouts.
      expect(plan).toContainEqual(
        expect.stringMatching(/^SEARCH o USING INDEX Payout_shop_status_createdAt_idx/),
      );
      // Never the shop's approved lines as a whole, nor any scan.
      expect(plan.join("\n")).not.toMatch(
        /LedgerLine_shop_status_affiliateId_currency_idx \(shop=\? AND status=\?\)$/m,
      );
      expect(plan.join("\n")).not.toMatch(/^SCAN/m);
    });
  }

  it("seeks to one affiliate's approved totals for the affiliate's page", async () => {
    const settings = await getPayoutSettings(prisma, TEST_SHOP);
    const plan = await planOf(balancesQuery(TEST_SHOP, settings, new Date(), { affiliateIds: ["a1"] }));
    expect(plan).toContainEqual(
      "SEARCH AffiliateStatusTotal USING INDEX sqlite_autoindex_AffiliateStatusTotal_1 (shop=? AND status=? AND affiliateId=?)",
    );
    expect(plan.join("\n")).not.toMatch(/^SCAN/m);
  });
});
