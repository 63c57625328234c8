// The ledger as CSV, streamed: read a page at a time on the driver (keyset pagination on the order the
// file is in), each page written before the next is read, so memory stays flat however long the ledger.
import type { Client, InValue } from "@libsql/client";
import type { TraceEntry } from "~/attribution";
import { ledgerLineReason, sentencesText, traceWordsContext } from "~/format/trace-words";
import { dayIn } from "~/lib/days";
import { clientRowReader, type RowReader } from "~/lib/row-reader.server";
import { sqliteDateTime } from "~/lib/sqlite.server";
import { DEFAULT_SHOP_TIME_ZONE } from "~/models/shop/profile.server";
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
    sql: `SELECT "l"."id", "l"."orderId", "o"."orderName", "a"."refCode", "a"."email", "l"."source", "l"."rule",
        "l"."type", "l"."base", "l"."amount", "l"."currency", "l"."status", "l"."createdAt",
        "a"."name", "l"."affiliateId", "l"."reversalKey", "l"."attributedOrderId", "l"."orderCreatedAt",
        "o"."trace"
      FROM "LedgerLine" AS "l"
      JOIN "AttributedOrder" AS "o" ON "o"."id" = "l"."attributedOrderId"
      JOIN "Affiliate" AS "a" ON "a"."id" = "l"."affiliateId"
      WHERE ${conditions.join(" AND ")}
      ORDER BY "l"."createdAt", "l"."id"
      LIMIT ${PAGE}`,
    args,
  };
}

/** What the reason column needs of the shop, read once per export: its zone, affiliates and products. */
async function readWordsFacts(read: RowReader, shop: string) {
  // One query: the export's cost stays one query a page, and this one.
  const rows = await read({
    sql: `SELECT 'zone' AS "kind", "timeZone" AS "a", NULL AS "b", NULL AS "c" FROM "ShopProfile" WHERE "shop" = ?
      UNION ALL SELECT 'affiliate', "id", "refCode", "name" FROM "Affiliate" WHERE "shop" = ?
      UNION ALL SELECT 'product', "productId", "productTitle", NULL FROM "ProductConnection"
        WHERE "shop" = ? AND "productTitle" IS NOT NULL`,
    args: [shop, shop, shop],
  });
  let timeZone = DEFAULT_SHOP_TIME_ZONE;
  const productTitles: Record<string, string> = {};
  const affiliates: Array<{ id: string; refCode: string; name: string }> = [];
  for (const [kind, a, b, c] of rows) {
    if (kind === "zone") timeZone = String(a);
    else if (kind === "product") productTitles[String(a)] = String(b);
    else affiliates.push({ id: String(a), refCode: String(b), name: String(c) });
  }
  return { timeZone, productTitles, affiliates };
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
        let chunk = "";
        // Each order's trace is read once a page, however many of its lines the page holds.
        const traces = new Map<string, TraceEntry[]>();
        for (const row of page) {
          const currency = String(row[COLUMN.currency]);
          const orderKey = String(row[COLUMN.attributedOrderId]);
          let trace = traces.get(orderKey);
          if (!trace) traces.set(orderKey, (trace = parseTrace(row[COLUMN.trace] as string | null)));
          let context = contexts.get(currency);
          if (!context) {
            context = traceWordsContext({ input: null, currency, ...facts });
            contexts.set(currency, context);
          }
          const reason = sentencesText(
            ledgerLineReason(
              {
                type: String(row[COLUMN.type]),
                source: String(row[COLUMN.source]),
                affiliateId: String(row[COLUMN.affiliateId]),
                base: String(row[COLUMN.base]),
                reversalKey: row[COLUMN.reversalKey] as string | null,
              },
              trace,
              context,
            ),
          );
          chunk += csvRow(row, facts.timeZone, reason);
        }
        const last = page[page.length - 1];
        after = { createdAt: String(last[COLUMN.createdAt]), id: String(last[COLUMN.id]) };
        controller.enqueue(encoder.encode(chunk));
      },
    },
    { highWaterMark: 1 },
  );
}

/** The page query's columns, by name: rows come as arrays in this order. */
const COLUMN = {
  id: 0,
  orderId: 1,
  orderName: 2,
  refCode: 3,
  email: 4,
  source: 5,
  rule: 6,
  type: 7,
  base: 8,
  amount: 9,
  currency: 10,
  status: 11,
  createdAt: 12,
  name: 13,
  affiliateId: 14,
  reversalKey: 15,
  attributedOrderId: 16,
  orderCreatedAt: 17,
  trace: 18,
} as const;

function csvRow(row: unknown[], timeZone: string, reason: string): string {
  return (
    [
      String(row[COLUMN.orderId]),
      text(row[COLUMN.orderName] as string | null),
      text(row[COLUMN.refCode] as string | null),
      text(row[COLUMN.email] as string | null),
      String(row[COLUMN.source]),
      String(row[COLUMN.rule]),
      String(row[COLUMN.type]),
      String(row[COLUMN.base]),
      String(row[COLUMN.amount]),
      String(row[COLUMN.currency]),
      String(row[COLUMN.status]),
      new Date(String(row[COLUMN.createdAt])).toISOString(),
      text(row[COLUMN.name] as string | null),
      dayIn(new Date(String(row[COLUMN.orderCreatedAt])), timeZone),
      text(reason),
    ]
      .map(csvField)
      .join(",") + "\r\n"
  );
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

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
