// The ledger's daily figures recomputed from the ledger, written apart from the app's figures code: every
// line of the shop, grouped by the day of its order in the zone (Intl's own calendar), currency, status
// and type. The figures' tests compare the stored figures with it.
import { expect } from "vitest";
import type { PrismaClient } from "@prisma/client";

const currencyDigits = (currency: string) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
  2;

const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayOf(instant: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(instant);
}

export interface FigureRow {
  key: string;
  amountMinor: number;
  lines: number;
  referredOrders: number;
  referredSalesMinor: number;
}

export async function recomputed(db: PrismaClient, shop: string, timeZone: string) {
  const lines = await db.ledgerLine.findMany({ where: { shop } });
  const shopRows = new Map<string, FigureRow>();
  const affiliateRows = new Map<string, FigureRow>();
  const add = (rows: Map<string, FigureRow>, key: string, line: (typeof lines)[number]) => {
    const row = rows.get(key) ?? { key, amountMinor: 0, lines: 0, referredOrders: 0, referredSalesMinor: 0 };
    const referrer = line.source !== "product";
    row.amountMinor += line.amountMinor;
    row.lines += 1;
    row.referredOrders += referrer && line.type === "commission" ? 1 : 0;
    row.referredSalesMinor += referrer
      ? Math.round(Number(line.base) * 10 ** currencyDigits(line.currency))
      : 0;
    rows.set(key, row);
  };
  for (const line of lines) {
    const day = dayOf(line.orderCreatedAt, timeZone);
    add(shopRows, `${day}|${line.currency}|${line.status}|${line.type}`, line);
    add(affiliateRows, `${line.affiliateId}|${day}|${line.currency}|${line.status}|${line.type}`, line);
  }
  return { shop: sorted([...shopRows.values()]), affiliates: sorted([...affiliateRows.values()]) };
}

/** The stored figures; rows that came back to nothing (every line left them) are the same as none. */
export async function stored(db: PrismaClient, shop: string) {
  const nonZero = (row: FigureRow) =>
    row.amountMinor !== 0 || row.lines !== 0 || row.referredOrders !== 0 || row.referredSalesMinor !== 0;
  const measures = (row: FigureRow & object) => ({
    amountMinor: row.amountMinor,
    lines: row.lines,
    referredOrders: row.referredOrders,
    referredSalesMinor: row.referredSalesMinor,
  });
  const shopRows = (await db.ledgerDailyTotal.findMany({ where: { shop } })).map((row) => ({
    ...measures({ ...row, key: "" }),
    key: `${row.day}|${row.currency}|${row.status}|${row.type}`,
  }));
  const affiliateRows = (await db.affiliateDailyTotal.findMany({ where: { shop } })).map((row) => ({
    ...measures({ ...row, key: "" }),
    key: `${row.affiliateId}|${row.day}|${row.currency}|${row.status}|${row.type}`,
  }));
  return { shop: sorted(shopRows.filter(nonZero)), affiliates: sorted(affiliateRows.filter(nonZero)) };
}

const sorted = (rows: FigureRow[]) => rows.sort((a, b) => a.key.localeCompare(b.key));

export function referredOrdersByDay(rows: FigureRow[]): Record<string, number> {
  const days: Record<string, number> = {};
  for (const row of rows) {
    if (row.referredOrders !== 0)
      days[row.key.slice(0, 10)] = (days[row.key.slice(0, 10)] ?? 0) + row.referredOrders;
  }
  return days;
}

/** Checks the shop's stored figures against a recomputation in its profile's zone; returns them. */
export async function expectFiguresToMatchTheLedger(db: PrismaClient, shop: string) {
  const timeZone = (await db.shopProfile.findUnique({ where: { shop } }))?.timeZone ?? "UTC";
  const expected = await recomputed(db, shop, timeZone);
  expect(await stored(db, shop)).toEqual(expected);
  return expected;
}
