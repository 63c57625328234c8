// Clicks on an affiliate's links over a range of days, as the click tracker counts them (one row per
// affiliate and day: AffiliateClickDay). Scoped by shop and affiliate.
import type { PrismaClient } from "@prisma/client";
import type { DayRange } from "./views";

/** The affiliate's clicks on the days of the range, both ends included. */
export async function countAffiliateClicks(
  db: PrismaClient,
  shop: string,
  affiliateId: string,
  range: DayRange,
): Promise<number> {
  const { _sum } = await db.affiliateClickDay.aggregate({
    where: { shop, affiliateId, day: { gte: range.from, lte: range.to } },
    _sum: { clicks: true },
  });
  return _sum.clicks ?? 0;
}
