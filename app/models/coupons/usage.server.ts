// What each coupon's code did, for the Coupons list: read from the codes' maintained figures (CouponTotal,
// app/models/ledger/coupon-totals.server.ts), never from the orders or the ledger, so a page answers as
// fast for a year of history as for a week. Sorting by a figure happens in SQL, a page at a time.
//
// "Orders" are the recorded orders whose discount codes include the code, credited or not (what Shopify's
// own usage count counts, for the orders the app has seen); "credited" are those whose referrer was
// credited through the code. Money is in the shop's currency; denied lines count for nothing.
import { Prisma, type PrismaClient } from "@prisma/client";
import type { SortDirection } from "~/lib/sorting";

export interface CouponUsage {
  /** Recorded orders that used the code, credited or not. */
  orders: number;
  /** Orders credited to the referrer through the code. */
  creditedOrders: number;
  /** The credited orders' referred sales, net of refunds, in the shop currency's minor units. */
  salesMinor: number;
  /** Their commission, net of reversals, in minor units. */
  commissionMinor: number;
}

export const USAGE_SORTS = ["orders", "creditedOrders", "sales", "commission"] as const;
export type UsageSort = (typeof USAGE_SORTS)[number];

export const isUsageSort = (key: string): key is UsageSort =>
  (USAGE_SORTS as readonly string[]).includes(key);

export const NO_USAGE: CouponUsage = { orders: 0, creditedOrders: 0, salesMinor: 0, commissionMinor: 0 };

/** The figures of the shop's codes, one row per code: counts in every currency, money in `currency`. */
const sums = (currency: string | null) => Prisma.sql`
  SUM("usedOrders") AS "orders",
  SUM("creditedOrders") AS "creditedOrders",
  SUM(CASE WHEN "currency" = ${currency ?? ""} THEN "referredSalesMinor" ELSE 0 END) AS "sales",
  SUM(CASE WHEN "currency" = ${currency ?? ""} THEN "commissionMinor" ELSE 0 END) AS "commission"`;

interface SumsRow {
  codeKey: string;
  orders: number | bigint | null;
  creditedOrders: number | bigint | null;
  sales: number | bigint | null;
  commission: number | bigint | null;
}

/** The usage of these codes (by code key; none for a code no order used). */
export async function couponUsage(
  db: PrismaClient,
  shop: string,
  codeKeys: string[],
  currency: string | null,
): Promise<Map<string, CouponUsage>> {
  const usage = new Map<string, CouponUsage>(codeKeys.map((key) => [key, NO_USAGE]));
  if (codeKeys.length === 0) return usage;
  const rows = await db.$queryRaw<SumsRow[]>`
    SELECT "codeKey", ${sums(currency)}
    FROM "CouponTotal"
    WHERE "shop" = ${shop} AND "codeKey" IN (${Prisma.join(codeKeys)})
    GROUP BY "codeKey"`;
  for (const row of rows) {
    usage.set(row.codeKey, {
      orders: Number(row.orders ?? 0),
      creditedOrders: Number(row.creditedOrders ?? 0),
      salesMinor: Number(row.sales ?? 0),
      commissionMinor: Number(row.commission ?? 0),
    });
  }
  return usage;
}

/** `%text%` for LIKE, with the text's own wildcards escaped. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Each figure summed over a coupon's rows of CouponTotal (`t`), money in `currency` only. */
const figureOf = (sort: UsageSort, currency: string | null) => {
  const inCurrency = (column: string) =>
    Prisma.sql`SUM(CASE WHEN t."currency" = ${currency ?? ""} THEN t.${Prisma.raw(`"${column}"`)} ELSE 0 END)`;
  if (sort === "orders") return Prisma.sql`SUM(t."usedOrders")`;
  if (sort === "creditedOrders") return Prisma.sql`SUM(t."creditedOrders")`;
  return inCurrency(sort === "sales" ? "referredSalesMinor" : "commissionMinor");
};

/**
 * One page of the ids of the shop's coupons matching the list's filters (affiliate; code containing the
 * lower-cased search, as the list's own query), ordered by one of the figures, ties by id.
 */
export async function couponIdsByUsage(
  db: PrismaClient,
  shop: string,
  options: {
    affiliateId: string | null;
    query: string;
    currency: string | null;
    sort: UsageSort;
    direction: SortDirection;
    skip: number;
    take: number;
  },
): Promise<string[]> {
  const conditions = [Prisma.sql`c."shop" = ${shop}`];
  if (options.affiliateId) conditions.push(Prisma.sql`c."affiliateId" = ${options.affiliateId}`);
  if (options.query) conditions.push(Prisma.sql`c."codeKey" LIKE ${contains(options.query)} ESCAPE '\\'`);
  const direction = options.direction === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const figure = figureOf(options.sort, options.currency);
  // Coupon by coupon through the figures' primary key: the time grows with the shop's coupons, not with
  // its orders nor with the other codes its customers used.
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT c."id" AS "id"
    FROM "Coupon" c
    LEFT JOIN "CouponTotal" t ON t."shop" = c."shop" AND t."codeKey" = c."codeKey"
    WHERE ${Prisma.join(conditions, " AND ")}
    GROUP BY c."id"
    ORDER BY COALESCE(${figure}, 0) ${direction}, c."id" ${direction}
    LIMIT ${options.take} OFFSET ${options.skip}`;
  return rows.map((row) => row.id);
}
