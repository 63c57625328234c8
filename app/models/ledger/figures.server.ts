// Reading the ledger's maintained figures (./daily-totals.server keeps them): sums over days, by status,
// per affiliate, and the number of lines a filter of the ledger matches (ranking affiliates over a range:
// ./rankings.server). Each reads a few rows per day of the range, never the ledger itself.
import type { Prisma, PrismaClient } from "@prisma/client";
import { LedgerStatus } from "./status";

/** Sums of the figures, in integer minor units of `currency`. */
export interface FigureSums {
  currency: string;
  amountMinor: number;
  lines: number;
  referredOrders: number;
  referredSalesMinor: number;
}

/** What counts towards sales and commissions: every status but denied (a denied order earned nothing). */
const COUNTED = { not: LedgerStatus.denied };

type SumRow = {
  currency: string;
  _sum: {
    amountMinor: number | null;
    lines: number | null;
    referredOrders: number | null;
    referredSalesMinor: number | null;
  };
};

function sums(row: SumRow): FigureSums {
  return {
    currency: row.currency,
    amountMinor: row._sum.amountMinor ?? 0,
    lines: row._sum.lines ?? 0,
    referredOrders: row._sum.referredOrders ?? 0,
    referredSalesMinor: row._sum.referredSalesMinor ?? 0,
  };
}

const SUMS = { amountMinor: true, lines: true, referredOrders: true, referredSalesMinor: true } as const;

/** The shop's sales, commissions and orders per day of the range and currency (denied left out). */
export async function dailyFigures(
  db: PrismaClient,
  shop: string,
  range: { from: string; to: string },
): Promise<Array<FigureSums & { day: string }>> {
  const rows = await db.ledgerDailyTotal.groupBy({
    by: ["day", "currency"],
    where: { shop, day: { gte: range.from, lte: range.to }, status: COUNTED },
    _sum: SUMS,
    orderBy: [{ day: "asc" }, { currency: "asc" }],
  });
  return rows.map((row) => ({ day: row.day, ...sums(row) }));
}

/** The shop's net commissions by status and currency over its whole history. */
export async function totalsByStatus(
  db: PrismaClient,
  shop: string,
): Promise<Array<{ currency: string; status: string; amountMinor: number }>> {
  const rows = await db.ledgerDailyTotal.groupBy({
    by: ["currency", "status"],
    where: { shop },
    _sum: { amountMinor: true },
    orderBy: [{ currency: "asc" }, { status: "asc" }],
  });
  return rows.map((row) => ({
    currency: row.currency,
    status: row.status,
    amountMinor: row._sum.amountMinor ?? 0,
  }));
}

/** One affiliate's net commissions by status and currency, over its whole history or the given days. */
export async function affiliateTotalsByStatus(
  db: PrismaClient,
  shop: string,
  affiliateId: string,
  range: { from: string | null; to: string | null } = { from: null, to: null },
): Promise<Array<{ currency: string; status: string; amountMinor: number; lines: number }>> {
  const rows = await db.affiliateDailyTotal.groupBy({
    by: ["currency", "status"],
    where: { shop, affiliateId, day: dayFilter(range) },
    _sum: { amountMinor: true, lines: true },
    orderBy: [{ currency: "asc" }, { status: "asc" }],
  });
  return rows.map((row) => ({
    currency: row.currency,
    status: row.status,
    amountMinor: row._sum.amountMinor ?? 0,
    lines: row._sum.lines ?? 0,
  }));
}

function dayFilter(range: { from: string | null; to: string | null }): Prisma.StringFilter | undefined {
  if (!range.from && !range.to) return undefined;
  return { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lte: range.to } : {}) };
}

/**
 * How many ledger lines match a filter of status, type, affiliate and the order's days, from the figures.
 * The days are the shop's, as the figures keep them: the caller turns them into the same instants when it
 * lists the lines.
 */
export async function countLedgerLines(
  db: PrismaClient,
  shop: string,
  filter: {
    status: string | null;
    type: string | null;
    affiliateId: string | null;
    orderFrom: string | null;
    orderTo: string | null;
  },
): Promise<number> {
  const common = {
    shop,
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    day: dayFilter({ from: filter.orderFrom, to: filter.orderTo }),
  };
  const result = filter.affiliateId
    ? await db.affiliateDailyTotal.aggregate({
        where: { ...common, affiliateId: filter.affiliateId },
        _sum: { lines: true },
      })
    : await db.ledgerDailyTotal.aggregate({ where: common, _sum: { lines: true } });
  return result._sum.lines ?? 0;
}
