// The ledger's maintained figures: its lines summed per day of their order (in the shop's time zone), per
// currency, status and type, for the shop (LedgerDailyTotal) and for each affiliate (AffiliateDailyTotal).
// Every write of the ledger changes them in the same transaction, by the same statements built here:
// recording orders, reversals, every status change (./status-change.server), and a rebuild from the
// ledger when the shop's time zone changes (./time-zone.server). Screens read them instead of scanning
// the ledger, so they answer as fast for a year of history as for a week. The same change keeps two
// narrower figures: each affiliate's sales per day, month and year for ranking (AffiliateSales, read by
// ./rankings.server), and each affiliate's whole history per status (AffiliateStatusTotal, read by payouts'
// balances).
import type { InStatement, Transaction } from "@libsql/client";
import type { LedgerLine } from "@prisma/client";
import { money } from "~/attribution";
import { dayIn } from "~/lib/days";
import { insertRows } from "~/lib/sqlite.server";
import { LedgerLineType, LedgerStatus } from "./status";

/** What the figures count of a ledger line. */
export type CountedLine = Pick<
  LedgerLine,
  "affiliateId" | "currency" | "status" | "type" | "source" | "amountMinor" | "base"
> & { orderCreatedAt: Date | string };

/** The sums each row of figures keeps. */
export interface Measures {
  amountMinor: number;
  lines: number;
  referredOrders: number;
  referredSalesMinor: number;
}

const MEASURES = ["amountMinor", "lines", "referredOrders", "referredSalesMinor"] as const;

/**
 * A line's share of the figures: its amount and one line; and for the referrer's lines (every source but
 * a product connection's), the order it brought (its commission) and its sales (the base of its
 * commission, less the bases its reversals took back).
 */
export function measuresOf(line: CountedLine): Measures {
  const referrer = line.source !== "product";
  return {
    amountMinor: line.amountMinor,
    lines: 1,
    referredOrders: referrer && line.type === LedgerLineType.commission ? 1 : 0,
    referredSalesMinor: referrer
      ? Number(money.toMinorUnits(money.parseDecimal(line.base), line.currency))
      : 0,
  };
}

interface Row extends Measures {
  affiliateId: string;
  day: string;
  currency: string;
  status: string;
  type: string;
}

/**
 * Changes to the figures of one shop, gathered from the lines a write adds (`add`) or takes away
 * (`remove`, e.g. a line leaving a status), then written as upserts that add to what is there. Adding is
 * commutative, so two transactions that change the same day both count, in whichever order they commit.
 */
export class DailyTotalsChange {
  private readonly rows = new Map<string, Row>();

  constructor(
    readonly shop: string,
    readonly timeZone: string,
  ) {}

  add(line: CountedLine): this {
    return this.apply(line, 1);
  }

  remove(line: CountedLine): this {
    return this.apply(line, -1);
  }

  get isEmpty(): boolean {
    return this.rows.size === 0;
  }

  private apply(line: CountedLine, sign: 1 | -1): this {
    const day = dayIn(line.orderCreatedAt, this.timeZone);
    const key = `${line.affiliateId}|${day}|${line.currency}|${line.status}|${line.type}`;
    let row = this.rows.get(key);
    if (!row) {
      row = {
        affiliateId: line.affiliateId,
        day,
        currency: line.currency,
        status: line.status,
        type: line.type,
        amountMinor: 0,
        lines: 0,
        referredOrders: 0,
        referredSalesMinor: 0,
      };
      this.rows.set(key, row);
    }
    const measures = measuresOf(line);
    for (const measure of MEASURES) row[measure] += sign * measures[measure];
    return this;
  }

  /** Upserts that add this change to every figure: the shop's, the affiliates', their sales and status totals. */
  statements(): InStatement[] {
    const changed = [...this.rows.values()].filter((row) => MEASURES.some((measure) => row[measure] !== 0));
    if (changed.length === 0) return [];
    const shopRows = new Map<string, Row>();
    for (const row of changed) {
      const key = `${row.day}|${row.currency}|${row.status}|${row.type}`;
      const sum = shopRows.get(key) ?? {
        ...row,
        amountMinor: 0,
        lines: 0,
        referredOrders: 0,
        referredSalesMinor: 0,
      };
      for (const measure of MEASURES) sum[measure] += row[measure];
      shopRows.set(key, sum);
    }
    return [
      ...this.figureStatements(shopRows, changed),
      ...salesStatements(this.shop, changed),
      ...statusTotalStatements(this.shop, changed),
    ];
  }

  private figureStatements(shopRows: Map<string, Row>, changed: Row[]): InStatement[] {
    return [
      ...insertRows(
        "LedgerDailyTotal",
        SHOP_COLUMNS,
        [...shopRows.values()].map((row) => [
          this.shop,
          row.day,
          row.currency,
          row.status,
          row.type,
          ...MEASURES.map((measure) => row[measure]),
        ]),
        addingOnConflict("LedgerDailyTotal", SHOP_KEY),
      ),
      ...insertRows(
        "AffiliateDailyTotal",
        AFFILIATE_COLUMNS,
        changed.map((row) => [
          this.shop,
          row.affiliateId,
          row.day,
          row.currency,
          row.status,
          row.type,
          ...MEASURES.map((measure) => row[measure]),
        ]),
        addingOnConflict("AffiliateDailyTotal", AFFILIATE_KEY),
      ),
    ];
  }
}

/** The grains of the ranking figures, and each one's period of a day. */
export const SALES_GRAINS = {
  day: (day: string) => day,
  month: (day: string) => day.slice(0, 7),
  year: (day: string) => day.slice(0, 4),
} as const;
export type SalesGrain = keyof typeof SALES_GRAINS;

const SALES_MEASURES = ["referredSalesMinor", "referredOrders", "amountMinor"] as const;
const SALES_KEY = ["shop", "grain", "period", "affiliateId", "currency"];

/** The ranking figures' share of a change: every status but denied, per affiliate, grain and period. */
function salesStatements(shop: string, changed: Row[]): InStatement[] {
  const sums = new Map<string, { key: string[]; measures: number[] }>();
  for (const row of changed) {
    if (row.status === LedgerStatus.denied) continue;
    for (const [grain, periodOf] of Object.entries(SALES_GRAINS)) {
      const key = [shop, grain, periodOf(row.day), row.affiliateId, row.currency];
      const id = key.join("|");
      const sum = sums.get(id) ?? { key, measures: SALES_MEASURES.map(() => 0) };
      SALES_MEASURES.forEach((measure, index) => (sum.measures[index] += row[measure]));
      sums.set(id, sum);
    }
  }
  const rows = [...sums.values()].filter((sum) => sum.measures.some((value) => value !== 0));
  return insertRows(
    "AffiliateSales",
    [...SALES_KEY, ...SALES_MEASURES],
    rows.map((sum) => [...sum.key, ...sum.measures]),
    addingOnConflict("AffiliateSales", SALES_KEY, SALES_MEASURES),
  );
}

const STATUS_TOTAL_MEASURES = ["amountMinor", "lines"] as const;
const STATUS_TOTAL_KEY = ["shop", "status", "affiliateId", "currency"];

/** The status totals' share of a change: per affiliate, status and currency, whatever the day. */
function statusTotalStatements(shop: string, changed: Row[]): InStatement[] {
  const sums = new Map<string, { key: string[]; measures: number[] }>();
  for (const row of changed) {
    const key = [shop, row.status, row.affiliateId, row.currency];
    const id = key.join("|");
    const sum = sums.get(id) ?? { key, measures: [0, 0] };
    STATUS_TOTAL_MEASURES.forEach((measure, index) => (sum.measures[index] += row[measure]));
    sums.set(id, sum);
  }
  const rows = [...sums.values()].filter((sum) => sum.measures.some((value) => value !== 0));
  return insertRows(
    "AffiliateStatusTotal",
    [...STATUS_TOTAL_KEY, ...STATUS_TOTAL_MEASURES],
    rows.map((sum) => [...sum.key, ...sum.measures]),
    addingOnConflict("AffiliateStatusTotal", STATUS_TOTAL_KEY, STATUS_TOTAL_MEASURES),
  );
}

const SHOP_KEY = ["shop", "day", "currency", "status", "type"];
const AFFILIATE_KEY = ["shop", "affiliateId", "day", "currency", "status", "type"];
const SHOP_COLUMNS = [...SHOP_KEY, ...MEASURES];
const AFFILIATE_COLUMNS = [...AFFILIATE_KEY, ...MEASURES];

/** `ON CONFLICT … DO UPDATE` that adds the new row's measures to the stored ones (SQLite and PostgreSQL). */
function addingOnConflict(table: string, key: string[], measures: readonly string[] = MEASURES): string {
  const sums = measures.map((measure) => `"${measure}" = "${table}"."${measure}" + excluded."${measure}"`);
  return `ON CONFLICT (${key.map((column) => `"${column}"`).join(", ")}) DO UPDATE SET ${sums.join(", ")}`;
}

/** Every table of the ledger's maintained figures. */
export const FIGURE_TABLES = [
  "LedgerDailyTotal",
  "AffiliateDailyTotal",
  "AffiliateSales",
  "AffiliateStatusTotal",
] as const;

/** Statements that delete every figure of the shop (shop deletion, and before a rebuild). */
export function deleteDailyTotalsStatements(shop: string): InStatement[] {
  return FIGURE_TABLES.map((table) => ({
    sql: `DELETE FROM "${table}" WHERE "shop" = ?`,
    args: [shop],
  }));
}

const REBUILD_PAGE = 20_000;

/**
 * Rebuilds the shop's figures from its ledger, in `timeZone`, inside the caller's write transaction: the
 * lines are read a page at a time in the order of their orders' dates, and each page's days are written
 * before the next is read, so memory stays bounded however long the history.
 */
export async function rebuildDailyTotals(tx: Transaction, shop: string, timeZone: string): Promise<void> {
  for (const statement of deleteDailyTotalsStatements(shop)) await tx.execute(statement);
  let after: { orderCreatedAt: string; id: string } | null = null;
  for (;;) {
    const { rows } = await tx.execute({
      sql: `SELECT "id", "affiliateId", "currency", "status", "type", "source", "amountMinor", "base", "orderCreatedAt"
        FROM "LedgerLine" WHERE "shop" = ?
        ${after ? `AND ("orderCreatedAt" > ? OR ("orderCreatedAt" = ? AND "id" > ?))` : ""}
        ORDER BY "orderCreatedAt", "id" LIMIT ${REBUILD_PAGE}`,
      args: after ? [shop, after.orderCreatedAt, after.orderCreatedAt, after.id] : [shop],
    });
    if (rows.length === 0) return;
    const change = new DailyTotalsChange(shop, timeZone);
    for (const row of rows) {
      change.add({
        affiliateId: String(row.affiliateId),
        currency: String(row.currency),
        status: String(row.status),
        type: String(row.type),
        source: String(row.source),
        amountMinor: Number(row.amountMinor),
        base: String(row.base),
        orderCreatedAt: String(row.orderCreatedAt),
      });
    }
    for (const statement of change.statements()) await tx.execute(statement);
    const last = rows[rows.length - 1];
    after = { orderCreatedAt: String(last.orderCreatedAt), id: String(last.id) };
    if (rows.length < REBUILD_PAGE) return;
  }
}
