// Balances read the shop's approved lines through their own index, grouped in its order: at a year's
// history (hundreds of thousands of lines, most of them paid), scanning the shop's whole ledger took
// seconds per request; reading only the approved lines, a fraction of that.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { HoldingFrom } from "~/models/payouts/codes";
import { balancesQuery } from "~/models/payouts/balances.server";
import { getPayoutSettings } from "~/models/payouts/settings.server";
import { resetDatabase } from "~test/helpers/db";
import { TEST_SHOP } from "~test/helpers/shopify";

const INDEX = "LedgerLine_shop_status_affiliateId_currency_idx";

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

describe("the balances query's plan", () => {
  for (const holdingFrom of [HoldingFrom.order, HoldingFrom.approval]) {
    it(`reads only approved lines, grouped in the index's order (holding from ${holdingFrom})`, async () => {
      const settings = { ...(await getPayoutSettings(prisma, TEST_SHOP)), holdingFrom };
      const plan = await planOf(balancesQuery(TEST_SHOP, settings, new Date()));
      expect(plan).toContainEqual(
        expect.stringMatching(`^SEARCH l USING INDEX ${INDEX} \\(shop=\\? AND status=\\?\\)$`),
      );
      expect(plan.join("\n")).not.toMatch(/TEMP B-TREE FOR GROUP BY/);
    });
  }

  it("seeks to one affiliate's approved lines for the affiliate's page", async () => {
    const settings = await getPayoutSettings(prisma, TEST_SHOP);
    const plan = await planOf(balancesQuery(TEST_SHOP, settings, new Date(), { affiliateIds: ["a1"] }));
    expect(plan).toContainEqual(
      expect.stringMatching(
        `^SEARCH l USING INDEX ${INDEX} \\(shop=\\? AND status=\\? AND affiliateId=\\?\\)$`,
      ),
    );
  });
});
