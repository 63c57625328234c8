// A page of the Affiliates list, searched or not, reads its 25 affiliates' connections and coupons by the
// (shop, affiliateId) indexes — not a count of every connection of the shop grouped by affiliate, which is what
// Prisma's `_count` sends and which grows with the history (connections come with referred orders).
import { beforeEach, expect, it } from "vitest";
import { listAffiliates } from "~/models/affiliates/affiliates.server";
import { createAffiliate, createConnection, createCoupon } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { HISTORY_TABLES, historyScans, recordingPrisma } from "~test/helpers/query-plans";
import { TEST_SHOP } from "~test/helpers/shopify";

beforeEach(async () => {
  await resetDatabase();
  for (const name of ["Ada Tanaka", "Ben Tanaka", "Cy Osei"]) {
    const affiliate = await createAffiliate({ name });
    await createConnection(affiliate);
    await createConnection(affiliate);
    await createCoupon(affiliate);
  }
});

it("counts only the page's affiliates' connections and coupons, searched or not", async () => {
  const { db, queries } = recordingPrisma();
  try {
    const searched = await listAffiliates(db, TEST_SHOP, { query: "tanaka", currency: "USD" });
    expect(searched.items.map((row) => [row.name, row.customerCount, row.couponCount])).toEqual([
      ["Ben Tanaka", 2, 1],
      ["Ada Tanaka", 2, 1],
    ]);
    const all = await listAffiliates(db, TEST_SHOP, { currency: "USD" });
    expect(all.items).toHaveLength(3);
  } finally {
    await db.$disconnect();
  }
  expect(queries.some(({ sql }) => /`main`.`CustomerConnection`/.test(sql))).toBe(true);
  expect(await historyScans(queries, [...HISTORY_TABLES, "CustomerConnection", "Coupon"])).toEqual([]);
});
