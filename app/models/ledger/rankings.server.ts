// Ranking affiliates over a range of the shop's days from the narrow ranking figures (AffiliateSales, kept
// by ./daily-totals.server): the range is read as whole years and months plus the days at its edges
// (./periods), each piece through the covering index, and grouped once. Its cost is the affiliates active
// in those few periods, not the days of the range, so a year answers about as fast as a month.
import { Prisma, type PrismaClient } from "@prisma/client";
import type { FigureSums } from "./figures.server";
import { periodPieces, type PeriodPiece } from "./periods";

export type AffiliateRangeSums = Omit<FigureSums, "lines"> & { affiliateId: string };

function pieceQuery(shop: string, piece: PeriodPiece): Prisma.Sql {
  const sign = piece.sign === 1 ? Prisma.empty : Prisma.raw("-");
  return Prisma.sql`SELECT "affiliateId", "currency", ${sign}"referredSalesMinor" AS "s", ${sign}"referredOrders" AS "o", ${sign}"amountMinor" AS "a"
    FROM "AffiliateSales"
    WHERE "shop" = ${shop} AND "grain" = ${piece.grain} AND "period" >= ${piece.from} AND "period" <= ${piece.to}`;
}

/**
 * The query behind `topAffiliatesBySales`: the affiliates with figures in the range (every status but
 * denied), by referred sales, most first (then by id and currency).
 */
export function topAffiliatesQuery(
  shop: string,
  range: { from: string; to: string },
  limit: number,
  today: string,
): Prisma.Sql {
  const pieces = periodPieces(range, today);
  if (pieces.length === 0) return Prisma.sql`SELECT NULL AS "affiliateId" WHERE 1 = 0`;
  return Prisma.sql`SELECT "affiliateId", "currency", SUM("s") AS "referredSalesMinor",
      SUM("o") AS "referredOrders", SUM("a") AS "amountMinor"
    FROM (${Prisma.join(
      pieces.map((piece) => pieceQuery(shop, piece)),
      " UNION ALL ",
    )}) AS "pieces"
    GROUP BY "affiliateId", "currency"
    HAVING SUM("s") <> 0 OR SUM("o") <> 0 OR SUM("a") <> 0
    ORDER BY SUM("s") DESC, "affiliateId" ASC, "currency" ASC
    LIMIT ${limit}`;
}

/** The affiliates that brought the most sales in the range, with their orders and commissions. */
export async function topAffiliatesBySales(
  db: PrismaClient,
  shop: string,
  range: { from: string; to: string },
  limit: number,
  today: string,
): Promise<AffiliateRangeSums[]> {
  const rows = await db.$queryRaw<
    Array<{
      affiliateId: string;
      currency: string;
      referredSalesMinor: bigint | number;
      referredOrders: bigint | number;
      amountMinor: bigint | number;
    }>
  >(topAffiliatesQuery(shop, range, limit, today));
  return rows.map((row) => ({
    affiliateId: row.affiliateId,
    currency: row.currency,
    referredSalesMinor: Number(row.referredSalesMinor),
    referredOrders: Number(row.referredOrders),
    amountMinor: Number(row.amountMinor),
  }));
}
