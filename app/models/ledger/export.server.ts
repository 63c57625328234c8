// The ledger as CSV, streamed: read a page at a time on the driver (keyset pagination on the order the
// file is in), each page written before the next is read, so memory stays flat however long the ledger.
import type { Client, InValue } from "@libsql/client";
import type { TraceEntry } from "~/attribution";
import { ledgerLineReason, sentencesText, traceWordsContext } from "~/format/trace-words";
import { dayIn } from "~/lib/days";
import { clientRowReader, type RowReader } from "~/lib/row-reader.server";
import { sqliteDateTime } from "~/lib/sqlite.server";
import { DEFAULT_SHOP_TIME_ZONE } from "~/models/shop/profile.server";
import { LedgerLineType } from "./status";
import { parseTrace } from "./order-detail.server";

export const LEDGER_CSV_COLUMNS = [
  "order_id",
  "order_name",
  "affiliate_ref",
  "affiliate_email",
  "source",
  "rule",
  "type",
  "base",
  "amount",
  "currency",
  "status",
  "created_at",
  // Added after the columns above, so spreadsheets reading those by position keep working.
  "affiliate_name",
  "order_date",
  "reason",
] as const;

export interface LedgerExportFilters {
  status?: string | null;
  affiliateId?: string | null;
  type?: string | null;
  /** When the line was recorded: from (inclusive)… */
  from?: Date | null;
  /** …to (exclusive). */
  to?: Date | null;
  /** When its order was placed: from (inclusive)… */
  orderFrom?: Date | null;
  /** …to (exclusive). */
  orderTo?: Date | null;
}

/** Lines per query: large enough that a million lines take 200 queries, small enough to stay a few MB. */
const PAGE = 5_000;

interface Cursor {
  createdAt: string;
  id: string;
}

function pageQuery(shop: string, filters: LedgerExportFilters, after: Cursor | null) {
  const conditions = [`"l"."shop" = ?`];
  const args: InValue[] = [shop];
  const equal = (column: string, value: string | null | undefined) => {
    if (!value) return;
    conditions.push(`"l"."${column}" = ?`);
    args.push(value);
  };
  const compare = (column: string, operator: ">=" | "<", value: Date | null | undefined) => {
    if (!value) return;
    conditions.push(`"l"."${column}" ${operator} ?`);
    args.push(sqliteDateTime(value));
  };
  equal("status", filters.status);
  equal("affiliateId", filters.affiliateId);
  equal("type", filters.type);
  compare("createdAt", ">=", filters.from);
  compare("createdAt", "<", filters.to);
  compare("orderCreatedAt", ">=", filters.orderFrom);
  compare("orderCreatedAt", "<", filters.orderTo);
  if (after) {
    // Written so that the (shop, createdAt) index seeks to the cursor (`>=` first): with the OR outermost,
    // SQLite read every earlier line again for each page.
    conditions.push(`"l"."createdAt" >= ? AND ("l"."createdAt" > ? OR "l"."id" > ?)`);
    args.push(after.createdAt, after.createdAt, after.id);
  }
  return {
    // The order's trace and the affiliate are not joined here: a trace is read once per order of the page
    // (tracesQuery), the affiliates once per export (readWordsFacts), not once per line.
    sql: `SELECT "l"."id", "l"."orderId", "o"."orderName", "l"."source", "l"."rule", "l"."type", "l"."base",
        "l"."amount", "l"."currency", "l"."status", "l"."createdAt", "l"."affiliateId", "l"."reversalKey",
        "l"."attributedOrderId", "l"."orderCreatedAt"
      FROM "LedgerLine" AS "l"
      JOIN "AttributedOrder" AS "o" ON "o"."id" = "l"."attributedOrderId"
      WHERE ${conditions.join(" AND ")}
      ORDER BY "l"."createdAt", "l"."id"
      LIMIT ${PAGE}`,
    args,
  };
}

/** Orders per trace query: well under any driver's limit of bound parameters. */
const TRACES_PER_QUERY = 500;

/** The traces of a page's orders, each read once however many of its lines the page holds. */
async function readTraces(read: RowReader, shop: string, orderKeys: string[]) {
  const traces = new Map<string, TraceEntry[]>();
  for (let start = 0; start < orderKeys.length; start += TRACES_PER_QUERY) {
    const keys = orderKeys.slice(start, start + TRACES_PER_QUERY);
    // By primary key alone: with the shop in the WHERE, SQLite chose the shop's index and read every order
    // of the shop for each query. The shop is checked on each row instead.
    const rows = await read({
      sql: `SELECT "id", "shop", "trace" FROM "AttributedOrder" WHERE "id" IN (${keys.map(() => "?").join(", ")})`,
      args: keys,
    });
    for (const [id, rowShop, trace] of rows) {
      if (rowShop === shop) traces.set(String(id), parseTrace(trace as string | null));
    }
  }
  return traces;
}

interface AffiliateCells {
  refCode: string;
  email: string;
  name: string;
}

/**
 * What the file needs of the shop besides the lines, read once per export: its zone, its affiliates (the
 * reason column's names, and the affiliate columns) and its products.
 */
async function readWordsFacts(read: RowReader, shop: string) {
  // One query: the export's cost stays one query a page, and this one.
  const rows = await read({
    sql: `SELECT 'zone' AS "kind", "timeZone" AS "a", NULL AS "b", NULL AS "c", NULL AS "d" FROM "ShopProfile" WHERE "shop" = ?
      UNION ALL SELECT 'affiliate', "id", "refCode", "name", "email" FROM "Affiliate" WHERE "shop" = ?
      UNION ALL SELECT 'product', "productId", "productTitle", NULL, NULL FROM "ProductConnection"
        WHERE "shop" = ? AND "productTitle" IS NOT NULL`,
    args: [shop, shop, shop],
  });
  let timeZone = DEFAULT_SHOP_TIME_ZONE;
  const productTitles: Record<string, string> = {};
  const affiliates: Array<{ id: string; refCode: string; name: string }> = [];
  // The affiliate columns of the file, as cells (ref code, email, name), by id.
  const affiliateCells = new Map<string, AffiliateCells>();
  for (const [kind, a, b, c, d] of rows) {
    if (kind === "zone") timeZone = String(a);
    else if (kind === "product") productTitles[String(a)] = String(b);
    else {
      affiliates.push({ id: String(a), refCode: String(b), name: String(c) });
      affiliateCells.set(String(a), {
        refCode: csvField(text(b as string | null)),
        email: csvField(text(d as string | null)),
        name: csvField(text(c as string | null)),
      });
    }
  }
  return { timeZone, productTitles, affiliates, affiliateCells };
}

/**
 * The shop's ledger as RFC 4180 CSV (header row, CRLF), one row per ledger line, oldest first, as a
 * stream. Each page is read when the reader asks for more, and, when `ready` is given, only once it says
 * the destination has room (the HTTP response drained), so a slow download does not pile up in memory.
 * `rows` reads the pages: a client, or a row reader (`rowReaderFor`, rows as arrays: far less CPU a line).
 */
export function ledgerCsvStream(
  rows: Client | RowReader,
  shop: string,
  filters: LedgerExportFilters = {},
  ready: () => Promise<void> = async () => {},
): ReadableStream<Uint8Array> {
  const read = typeof rows === "function" ? rows : clientRowReader(rows);
  const encoder = new TextEncoder();
  let after: Cursor | null = null;
  let header = true;
  let done = false;
  let facts: Awaited<ReturnType<typeof readWordsFacts>> | null = null;
  const contexts = new Map<string, ReturnType<typeof traceWordsContext>>();
  const reversalReasons = new Map<string, string>();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (header) {
          header = false;
          controller.enqueue(encoder.encode(LEDGER_CSV_COLUMNS.join(",") + "\r\n"));
          return;
        }
        if (done) {
          controller.close();
          return;
        }
        await ready();
        facts ??= await readWordsFacts(read, shop);
        const page = await read(pageQuery(shop, filters, after));
        if (page.length < PAGE) done = true;
        if (page.length === 0) {
          controller.close();
          return;
        }
        const orderKeys = new Set<string>();
        for (const row of page) orderKeys.add(String(row[COLUMN.attributedOrderId]));
        const traces = await readTraces(read, shop, [...orderKeys]);
        let chunk = "";
        for (const row of page) {
          const currency = String(row[COLUMN.currency]);
          let context = contexts.get(currency);
          if (!context) {
            context = traceWordsContext({ input: null, currency, ...facts });
            contexts.set(currency, context);
          }
          const line = {
            type: String(row[COLUMN.type]),
            source: String(row[COLUMN.source]),
            affiliateId: String(row[COLUMN.affiliateId]),
            base: String(row[COLUMN.base]),
            reversalKey: row[COLUMN.reversalKey] as string | null,
          };
          // A reversal's words depend only on its base and kind: said once per export.
          const reversalWords =
            line.type === LedgerLineType.reversal ? `${currency}|${line.base}|${line.reversalKey}` : null;
          let reason = reversalWords === null ? undefined : reversalReasons.get(reversalWords);
          if (reason === undefined) {
            const trace = traces.get(String(row[COLUMN.attributedOrderId])) ?? [];
            reason = csvField(text(sentencesText(ledgerLineReason(line, trace, context))));
            if (reversalWords !== null && reversalReasons.size < REVERSAL_REASONS_LIMIT)
              reversalReasons.set(reversalWords, reason);
          }
          const affiliateId = line.affiliateId;
          if (!facts.affiliateCells.has(affiliateId)) await readAffiliateCells(read, facts, affiliateId);
          chunk += csvRow(row, facts, reason);
        }
        const last = page[page.length - 1];
        after = { createdAt: String(last[COLUMN.createdAt]), id: String(last[COLUMN.id]) };
        controller.enqueue(encoder.encode(chunk));
      },
    },
    { highWaterMark: 1 },
  );
}

/** An affiliate that joined after the export began: its cells, read once. */
async function readAffiliateCells(
  read: RowReader,
  facts: { affiliateCells: Map<string, AffiliateCells> },
  affiliateId: string,
) {
  const [row] = await read({
    sql: `SELECT "refCode", "email", "name" FROM "Affiliate" WHERE "id" = ?`,
    args: [affiliateId],
  });
  facts.affiliateCells.set(
    affiliateId,
    row
      ? {
          refCode: csvField(text(row[0] as string | null)),
          email: csvField(text(row[1] as string | null)),
          name: csvField(text(row[2] as string | null)),
        }
      : NO_AFFILIATE,
  );
}

/** Reversal words kept per export: a few per currency and base in practice; bounded all the same. */
const REVERSAL_REASONS_LIMIT = 10_000;

/** The page query's columns, by name: rows come as arrays in this order. */
const COLUMN = {
  id: 0,
  orderId: 1,
  orderName: 2,
  source: 3,
  rule: 4,
  type: 5,
  base: 6,
  amount: 7,
  currency: 8,
  status: 9,
  createdAt: 10,
  affiliateId: 11,
  reversalKey: 12,
  attributedOrderId: 13,
  orderCreatedAt: 14,
} as const;

const NO_AFFILIATE: AffiliateCells = { refCode: "", email: "", name: "" };

/**
 * One line of the file. Written with as little string building as a million lines want: the fields the
 * ledger writes as codes and decimals need no quoting, so only free text goes through `csvField`.
 */
function csvRow(
  row: unknown[],
  facts: { timeZone: string; affiliateCells: Map<string, AffiliateCells> },
  reasonCell: string,
): string {
  const affiliate = facts.affiliateCells.get(String(row[COLUMN.affiliateId])) ?? NO_AFFILIATE;
  return (
    csvField(String(row[COLUMN.orderId])) +
    "," +
    csvField(text(row[COLUMN.orderName] as string | null)) +
    "," +
    affiliate.refCode +
    "," +
    affiliate.email +
    "," +
    csvField(String(row[COLUMN.source])) +
    "," +
    csvField(String(row[COLUMN.rule])) +
    "," +
    csvField(String(row[COLUMN.type])) +
    "," +
    csvField(String(row[COLUMN.base])) +
    "," +
    csvField(String(row[COLUMN.amount])) +
    "," +
    csvField(String(row[COLUMN.currency])) +
    "," +
    csvField(String(row[COLUMN.status])) +
    "," +
    isoInstant(String(row[COLUMN.createdAt])) +
    "," +
    affiliate.name +
    "," +
    dayIn(new Date(String(row[COLUMN.orderCreatedAt])), facts.timeZone) +
    "," +
    reasonCell +
    "\r\n"
  );
}

/** How Prisma stores an instant in SQLite: UTC with milliseconds ("2026-10-30T14:25:21.402+00:00"). */
const STORED_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

/** A stored instant as ISO 8601 in UTC, as `Date#toISOString` writes it, without making a Date when it can. */
function isoInstant(stored: string): string {
  return STORED_UTC.test(stored) ? `${stored.slice(0, 23)}Z` : new Date(stored).toISOString();
}

/** The whole export as one string (tests, and the demo's small ledgers). */
export async function exportLedgerCsv(
  rows: Client | RowReader,
  shop: string,
  filters: LedgerExportFilters = {},
): Promise<string> {
  return new Response(ledgerCsvStream(rows, shop, filters)).text();
}

/**
 * What makes a spreadsheet read a cell as a formula: = + - @, a tab, CR or LF first (OWASP's list), their
 * full-width forms (read as the same in Japanese locales), also behind leading spaces.
 */
const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;

/**
 * A text field a spreadsheet must not run as a formula: prefixed with ' when it could be read as one.
 * Amounts are never passed through here: "-3.00" is a number and stays one.
 */
function text(value: string | null): string {
  if (!value) return "";
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
