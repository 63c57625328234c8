// What each affiliate brought and earned, for the Affiliates list: its referred sales and orders, the
// commission still owed (pending and approved) and what was paid — summed from the ledger's maintained
// daily figures (AffiliateDailyTotal) in the shop's currency, never from the ledger itself. Denied lines
// count for nothing. Sorting the list by one of these figures happens in SQL, a page at a time.
import { Prisma, type PrismaClient } from "@prisma/client";
import type { SortDirection } from "~/lib/sorting";
import type { ApplicationStatus } from "./application";
import type { AffiliatePerformance } from "./views";

export const PERFORMANCE_SORTS = ["sales", "orders", "owed", "paid"] as const;
export type PerformanceSort = (typeof PERFORMANCE_SORTS)[number];

export const isPerformanceSort = (key: string): key is PerformanceSort =>
  (PERFORMANCE_SORTS as readonly string[]).includes(key);

const NONE: AffiliatePerformance = { salesMinor: 0, orders: 0, owedMinor: 0, paidMinor: 0 };

const SUMS = Prisma.sql`
  SUM(CASE WHEN "status" <> 'denied' THEN "referredSalesMinor" ELSE 0 END) AS "sales",
  SUM(CASE WHEN "status" <> 'denied' THEN "referredOrders" ELSE 0 END) AS "orders",
  SUM(CASE WHEN "status" IN ('pending', 'approved') THEN "amountMinor" ELSE 0 END) AS "owed",
  SUM(CASE WHEN "status" = 'paid' THEN "amountMinor" ELSE 0 END) AS "paid"`;

interface SumsRow {
  affiliateId: string;
  sales: number | bigint | null;
  orders: number | bigint | null;
  owed: number | bigint | null;
  paid: number | bigint | null;
}

/** The figures of these affiliates (zero for one with no figures), in `currency`. */
export async function affiliatePerformance(
  db: PrismaClient,
  shop: string,
  affiliateIds: string[],
  currency: string | null,
): Promise<Map<string, AffiliatePerformance>> {
  const result = new Map<string, AffiliatePerformance>(affiliateIds.map((id) => [id, NONE]));
  if (affiliateIds.length === 0 || !currency) return result;
  const rows = await db.$queryRaw<SumsRow[]>`
    SELECT "affiliateId", ${SUMS}
    FROM "AffiliateDailyTotal"
    WHERE "shop" = ${shop} AND "currency" = ${currency} AND "affiliateId" IN (${Prisma.join(affiliateIds)})
    GROUP BY "affiliateId"`;
  for (const row of rows) {
    result.set(row.affiliateId, {
      salesMinor: Number(row.sales ?? 0),
      orders: Number(row.orders ?? 0),
      owedMinor: Number(row.owed ?? 0),
      paidMinor: Number(row.paid ?? 0),
    });
  }
  return result;
}

/** `%text%` for LIKE, with the text's own wildcards escaped. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of the ids of the shop's affiliates matching the list's search, ordered by one of the figures
 * (ties by id). The same filter as the list's own query: shop, application status, and name, email or
 * ref code containing the search (SQLite's LIKE ignores ASCII letter case, as Prisma's `contains` does).
 */
export async function affiliateIdsByPerformance(
  db: PrismaClient,
  shop: string,
  options: {
    query: string;
    status?: ApplicationStatus;
    currency: string | null;
    sort: PerformanceSort;
    direction: SortDirection;
    skip: number;
    take: number;
  },
): Promise<string[]> {
  const conditions = [Prisma.sql`a."shop" = ${shop}`];
  if (options.status) conditions.push(Prisma.sql`a."applicationStatus" = ${options.status}`);
  if (options.query) {
    const like = contains(options.query);
    conditions.push(
      Prisma.sql`(a."name" LIKE ${like} ESCAPE '\\' OR a."email" LIKE ${like} ESCAPE '\\' OR a."refCode" LIKE ${like} ESCAPE '\\')`,
    );
  }
  const direction = options.direction === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const figure = Prisma.raw(`"${options.sort}"`);
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT a."id" AS "id"
    FROM "Affiliate" a
    LEFT JOIN (
      SELECT "affiliateId", ${SUMS}
      FROM "AffiliateDailyTotal"
      WHERE "shop" = ${shop} AND "currency" = ${options.currency ?? ""}
      GROUP BY "affiliateId"
    ) t ON t."affiliateId" = a."id"
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY COALESCE(t.${figure}, 0) ${direction}, a."id" ${direction}
    LIMIT ${options.take} OFFSET ${options.skip}`;
  return rows.map((row) => row.id);
}
