// The ledger's maintained figures recomputed from the ledger, written apart from the app's figures code:
// every line of the shop, grouped by the day of its order in the zone (Intl's own calendar), currency,
// status and type; each affiliate's sales per day, month and year (denied lines left out); each
// affiliate's totals per currency and status. The figures' tests compare the stored figures with it.
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
  const salesRows = new Map<string, SalesRow>();
  const statusRows = new Map<string, StatusRow>();
  for (const line of lines) {
    const day = dayOf(line.orderCreatedAt, timeZone);
    add(shopRows, `${day}|${line.currency}|${line.status}|${line.type}`, line);
    add(affiliateRows, `${line.affiliateId}|${day}|${line.currency}|${line.status}|${line.type}`, line);
    const status = statusRows.get(`${line.affiliateId}|${line.currency}|${line.status}`) ?? {
      key: `${line.affiliateId}|${line.currency}|${line.status}`,
      amountMinor: 0,
      lines: 0,
    };
    status.amountMinor += line.amountMinor;
    status.lines += 1;
    statusRows.set(status.key, status);
    if (line.status === "denied") continue;
    const referrer = line.source !== "product";
    for (const period of [day, day.slice(0, 7), day.slice(0, 4)]) {
      const key = `${line.affiliateId}|${period}|${line.currency}`;
      const row = salesRows.get(key) ?? { key, referredSalesMinor: 0, referredOrders: 0, amountMinor: 0 };
      row.amountMinor += line.amountMinor;
      row.referredOrders += referrer && line.type === "commission" ? 1 : 0;
      row.referredSalesMinor += referrer
        ? Math.round(Number(line.base) * 10 ** currencyDigits(line.currency))
        : 0;
      salesRows.set(key, row);
    }
  }
  return {
    shop: sorted([...shopRows.values()]),
    affiliates: sorted([...affiliateRows.values()]),
    sales: sorted([...salesRows.values()].filter(nonZero)),
    statuses: sorted([...statusRows.values()]),
  };
}

/** Each affiliate's sales per day, month and year (every status but denied): the ranking figures. */
export interface SalesRow {
  key: string;
  referredSalesMinor: number;
  referredOrders: number;
  amountMinor: number;
}

/** Each affiliate's lines per currency and status over its whole history. */
export interface StatusRow {
  key: string;
  amountMinor: number;
  lines: number;
}

const nonZero = (row: object) => Object.entries(row).some(([name, value]) => name !== "key" && value !== 0);

/** The stored figures; rows that came back to nothing (every line left them) are the same as none. */
export async function stored(db: PrismaClient, shop: string) {
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
  // The grain is left out of the key: a day, a month and a year are told apart by their length.
  const salesRows = await db.affiliateSales.findMany({ where: { shop } });
  const sales = salesRows.map((row) => ({
    key: `${row.affiliateId}|${row.period}|${row.currency}`,
    referredSalesMinor: row.referredSalesMinor,
    referredOrders: row.referredOrders,
    amountMinor: row.amountMinor,
  }));
  const lengths: Record<string, number> = { day: 10, month: 7, year: 4 };
  expect(salesRows.filter((row) => lengths[row.grain] !== row.period.length)).toEqual([]);
  const statuses = (await db.affiliateStatusTotal.findMany({ where: { shop } })).map((row) => ({
    key: `${row.affiliateId}|${row.currency}|${row.status}`,
    amountMinor: row.amountMinor,
    lines: row.lines,
  }));
  return {
    shop: sorted(shopRows.filter(nonZero)),
    affiliates: sorted(affiliateRows.filter(nonZero)),
    sales: sorted(sales.filter(nonZero)),
    statuses: sorted(statuses.filter(nonZero)),
  };
}

const sorted = <Row extends { key: string }>(rows: Row[]) => rows.sort((a, b) => a.key.localeCompare(b.key));

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
