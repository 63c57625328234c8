// The ledger as CSV, streamed: read a page at a time on the driver (keyset pagination on the order the
// file is in), each page written before the next is read, so memory stays flat however long the ledger.
import type { Client, InValue } from "@libsql/client";
import type { TraceEntry } from "~/attribution";
import {
  commissionReasonEntries,
  LINE_REASON_CODES,
  reversalReasonText,
  traceEntryText,
  traceWordsContext,
  type TraceWordsContext,
} from "~/format/trace-words";
import { addDays, dayIn, startOfDay } from "~/lib/days";
import { HeapBudget } from "~/lib/heap-budget.server";
import { clientRowReader, type RowReader } from "~/lib/row-reader.server";
import { giveBackWhenWritten } from "~/lib/write-body.js";
import { sqliteDateTime } from "~/lib/sqlite.server";
import { DEFAULT_SHOP_TIME_ZONE } from "~/models/shop/profile.server";
import { LedgerLineType } from "./status";

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

/**
 * Lines per query: a page's rows and text die young, made into bytes before the next page is read (with 1,000
 * a page, enough of them lived to be promoted, and the server needed a large young generation: decision 0025).
 */
const PAGE = 250;

/** Pages per chunk of the stream: about 280 KB of CSV. */
const PAGES_PER_CHUNK = 4;

interface Cursor {
  createdAt: string;
  id: string;
}

/**
 * A stretch of the ledger by when its lines were recorded, as stored instants: from (inclusive; null, the first
 * line) to (exclusive; null, the last). The whole file is one; the export's threads each build some (see
 * export-threads.server).
 */
export interface RecordedSpan {
  from: string | null;
  to: string | null;
}

/** The filters as the queries bind them: the instants as stored. */
interface StoredFilters {
  status: string | null;
  affiliateId: string | null;
  type: string | null;
  to: string | null;
  orderFrom: string | null;
  orderTo: string | null;
}

const stored = (date: Date | null | undefined) => (date ? sqliteDateTime(date) : null);

function storedFilters(filters: LedgerExportFilters): StoredFilters {
  return {
    status: filters.status || null,
    affiliateId: filters.affiliateId || null,
    type: filters.type || null,
    to: stored(filters.to),
    orderFrom: stored(filters.orderFrom),
    orderTo: stored(filters.orderTo),
  };
}

/** The whole file's span: from the filter's "recorded from", to its last line. */
export function wholeSpan(filters: LedgerExportFilters): RecordedSpan {
  return { from: stored(filters.from), to: null };
}

/** The conditions every query of the export shares (the shop and the filters but "recorded from"). */
function filterConditions(shop: string, filters: StoredFilters) {
  const conditions = [`"shop" = ?`];
  const args: InValue[] = [shop];
  const add = (condition: string, value: string | null) => {
    if (value === null) return;
    conditions.push(condition);
    args.push(value);
  };
  add(`"status" = ?`, filters.status);
  add(`"affiliateId" = ?`, filters.affiliateId);
  add(`"type" = ?`, filters.type);
  add(`"createdAt" < ?`, filters.to);
  add(`"orderCreatedAt" >= ?`, filters.orderFrom);
  add(`"orderCreatedAt" < ?`, filters.orderTo);
  return { conditions, args };
}

function pageQuery(shop: string, filters: StoredFilters, span: RecordedSpan, after: Cursor | null) {
  const { conditions, args } = filterConditions(shop, filters);
  // After the first page the cursor is the lower bound (every line after it was recorded at or after `from`):
  // given both, SQLite seeks to `from` and walks every line between it and the cursor, again for each page.
  if (!after && span.from !== null) {
    conditions.push(`"createdAt" >= ?`);
    args.push(span.from);
  }
  if (span.to !== null) {
    conditions.push(`"createdAt" < ?`);
    args.push(span.to);
  }
  if (after) {
    // A row value: the (shop, createdAt) index seeks to the cursor (SQLite and PostgreSQL alike); ties on
    // an instant are put in order of id. (An index on (shop, createdAt, id) would spare that sort, about an
    // eighth of the export's time, but the planner then chose it for an order's lines, sorted the same way,
    // and read the shop's whole ledger for each: see decision 0014.)
    conditions.push(`("createdAt", "id") > (?, ?)`);
    args.push(after.createdAt, after.id);
  }
  return {
    // The lines alone: what they share with their order (its ids, name, currency, date and trace) is read
    // once per order of the page (readOrders), the affiliates once per export (readWordsFacts), not once per
    // line. Every value read is a value converted for JavaScript: the fewer columns, the faster.
    sql: `SELECT "id", "attributedOrderId", "affiliateId", "source", "rule", "type", "base", "amount", "status",
        "createdAt", "reversalKey"
      FROM "LedgerLine"
      WHERE ${conditions.join(" AND ")}
      ORDER BY "createdAt", "id"
      LIMIT ${PAGE}`,
    args,
  };
}

/**
 * Where a span that begins at `from` and holds about `lines` of the file's lines ends: the instant its last line
 * was recorded after, never inside a run of lines recorded at one instant (a span holds all of them, however
 * many); null when fewer lines are left (the span runs to the end). Read on the (shop, createdAt) index alone,
 * or the status's or affiliate's when filtered by them (filtered by type or the order's date, each line passed
 * is looked up, as the pages' own query does).
 */
export async function spanEnd(
  read: RowReader,
  shop: string,
  filters: LedgerExportFilters,
  from: string | null,
  lines: number,
): Promise<string | null> {
  const { conditions, args } = filterConditions(shop, storedFilters(filters));
  if (from !== null) {
    conditions.push(`"createdAt" >= ?`);
    args.push(from);
  }
  const where = conditions.join(" AND ");
  const [row] = await read({
    sql: `SELECT "createdAt" FROM "LedgerLine" WHERE ${where} ORDER BY "createdAt" LIMIT 1 OFFSET ${lines}`,
    args,
  });
  if (!row) return null;
  const end = String(row[0]);
  if (end !== from) return end;
  // At least `lines` lines were recorded at `from` itself: the span holds them all and ends at the next instant.
  const [next] = await read({
    sql: `SELECT "createdAt" FROM "LedgerLine" WHERE ${where} AND "createdAt" > ? ORDER BY "createdAt" LIMIT 1`,
    args: [...args, from],
  });
  return next ? String(next[0]) : null;
}

/** The page query's columns, by name: rows come as arrays in this order. */
const COLUMN = {
  id: 0,
  attributedOrderId: 1,
  affiliateId: 2,
  source: 3,
  rule: 4,
  type: 5,
  base: 6,
  amount: 7,
  status: 8,
  createdAt: 9,
  reversalKey: 10,
} as const;

/** Orders per query: well under any driver's limit of bound parameters. */
const ORDERS_PER_QUERY = 512;

/**
 * What the file says of an order, for each of its lines (the ledger copies these onto every line: they are
 * the order's): its id's and name's cells, its currency, its day in the shop's zone, and its trace (parsed
 * when a line first needs it).
 */
interface PageOrder {
  idCell: string;
  nameCell: string;
  currency: string;
  day: string;
  trace: string | null;
  entries: TraceEntry[] | null;
}

/**
 * The entries of a stored trace that can give a commission line's reason (see commissionReasonEntries), read
 * as `parseTrace` reads them; the others are not made into objects.
 */
function reasonEntries(trace: string | null): TraceEntry[] {
  if (!trace) return [];
  let items: unknown;
  try {
    items = JSON.parse(trace);
  } catch {
    return [];
  }
  if (!Array.isArray(items)) return [];
  const entries: TraceEntry[] = [];
  for (const item of items as Array<Record<string, unknown> | null>) {
    if (!item || typeof item !== "object") continue;
    const { code, message, affiliateId } = item;
    if (typeof code !== "string" || !LINE_REASON_CODES.has(code) || typeof affiliateId !== "string") continue;
    entries.push({ code, message: typeof message === "string" && message ? message : code, affiliateId });
  }
  return entries;
}

/**
 * Keys for an `IN` list of one of a few lengths (powers of two), the last repeated to fill it: a connection keeps
 * each statement it prepared, and a statement per length (a page's orders number anything from 1 to 250) held
 * tens of MB of the driver's memory per connection.
 */
function paddedKeys(keys: string[]): string[] {
  let length = 1;
  while (length < keys.length) length *= 2;
  const padded = keys.slice();
  while (padded.length < length) padded.push(keys[keys.length - 1]);
  return padded;
}

/**
 * The orders of a page's lines, each read once however many of its lines the page holds. A line is in the
 * file only with its order (the shop's: lines and orders are written together, and deleted together).
 */
async function readOrders(read: RowReader, shop: string, orderKeys: string[], days: OrderDays) {
  const orders = new Map<string, PageOrder>();
  for (let start = 0; start < orderKeys.length; start += ORDERS_PER_QUERY) {
    const keys = paddedKeys(orderKeys.slice(start, start + ORDERS_PER_QUERY));
    // By primary key alone: with the shop in the WHERE, SQLite chose the shop's index and read every order
    // of the shop for each query. The shop is checked on each row instead.
    const rows = await read({
      sql: `SELECT "id", "shop", "orderId", "orderName", "currency", "orderCreatedAt", "trace"
        FROM "AttributedOrder" WHERE "id" IN (${keys.map(() => "?").join(", ")})`,
      args: keys,
    });
    for (const [id, rowShop, orderId, orderName, currency, orderCreatedAt, trace] of rows) {
      if (rowShop !== shop) continue;
      orders.set(String(id), {
        idCell: csvField(String(orderId)),
        nameCell: csvField(text(orderName as string | null)),
        currency: String(currency),
        day: days.of(String(orderCreatedAt)),
        trace: trace as string | null,
        entries: null,
      });
    }
  }
  return orders;
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

type WordsFacts = Awaited<ReturnType<typeof readWordsFacts>>;

/** Entries of a cache kept for one export: far more than a page's distinct keys, bounded all the same. */
const CACHE_LIMIT = 50_000;

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * The reason column, said once per distinct thing: a trace entry's sentence once per export (the words of
 * an entry depend on its code, message, affiliate and the currency alone; affiliates are referred to and
 * products sold again and again), a commission line's cell once per order, affiliate and kind, a
 * reversal's once per currency and base. The formatters behind the words are made once per currency.
 */
class ReasonWords {
  private readonly contexts = new Map<string, TraceWordsContext>();
  private readonly reversals = new Map<string, string>();

  constructor(private readonly facts: WordsFacts) {}

  private context(currency: string): TraceWordsContext {
    let context = this.contexts.get(currency);
    if (!context) {
      context = traceWordsContext({ input: null, currency, ...this.facts });
      this.contexts.set(currency, context);
    }
    return context;
  }

  reversalCell(currency: string, base: string, reversalKey: string | null): string {
    const cancel = reversalKey === "cancel";
    const key = cancel ? `${currency}|cancel` : `${currency}|${base}`;
    return (
      this.reversals.get(key) ??
      remember(this.reversals, key, csvField(text(reversalReasonText({ base, reversalKey }, currency))))
    );
  }

  commissionCell(order: PageOrder, affiliateId: string, source: string): string {
    order.entries ??= reasonEntries(order.trace);
    if (order.entries.length === 0) return "";
    const context = this.context(order.currency);
    const sentences = commissionReasonEntries({ source, affiliateId }, order.entries).map((entry) =>
      traceEntryText(entry, context),
    );
    return csvField(text(sentences.join(" ")));
  }
}

/**
 * The day an order was placed on in the shop's zone, from its stored instant, without asking Intl for each
 * line: a UTC day overlaps at most two of the zone's days, so for each UTC day the instant the zone's next
 * day begins is found once, and a stored instant (UTC, one format) is compared with it as text.
 */
class OrderDays {
  private readonly byUtcDay = new Map<string, { before: string; after: string; boundary: string } | null>();

  constructor(private readonly timeZone: string) {}

  of(stored: string): string {
    if (!STORED_UTC.test(stored)) return dayIn(new Date(stored), this.timeZone);
    const utcDay = stored.slice(0, 10);
    let split = this.byUtcDay.get(utcDay);
    if (split === undefined) split = remember(this.byUtcDay, utcDay, this.splitOf(utcDay));
    if (split === null) return dayIn(new Date(stored), this.timeZone);
    return stored < split.boundary ? split.before : split.after;
  }

  /** The zone's days a UTC day overlaps, and when the second begins (null when it is not that simple). */
  private splitOf(utcDay: string) {
    const first = Date.parse(`${utcDay}T00:00:00.000Z`);
    const before = dayIn(first, this.timeZone);
    const after = dayIn(first + DAY_MS - 1, this.timeZone);
    if (before === after) return { before, after, boundary: "~" }; // "~" sorts after every instant
    if (addDays(before, 1) !== after) return null;
    const begins = startOfDay(after, this.timeZone).getTime();
    if (begins <= first || begins >= first + DAY_MS) return null;
    return { before, after, boundary: sqliteDateTime(new Date(begins)) };
  }
}

const DAY_MS = 86_400_000;

/**
 * The file's lines of a span of the ledger, page by page: what the single-threaded stream below and each of the
 * export's threads (export-threads.server) build. The shop's names and zone are read with the first page, once
 * per instance; the words and days are remembered across pages and spans.
 */
export class LedgerCsvLines {
  private readonly filters: StoredFilters;
  private state: { facts: WordsFacts; words: ReasonWords; days: OrderDays } | null = null;

  /**
   * `heap`: the garbage this thread's pages may leave in the old generation, checked after each page (one
   * per instance, so one per export and thread).
   */
  constructor(
    private readonly read: RowReader,
    private readonly shop: string,
    filters: LedgerExportFilters,
    private readonly heap: Pick<HeapBudget, "check"> = new HeapBudget(),
  ) {
    this.filters = storedFilters(filters);
  }

  /** The span's lines as CSV, a page at a time, oldest first; a page is read when the last was taken. */
  async *pages(span: RecordedSpan): AsyncGenerator<string, void, undefined> {
    let after: Cursor | null = null;
    for (;;) {
      const page = await this.read(pageQuery(this.shop, this.filters, span, after));
      if (page.length > 0) {
        const csv = await this.csvOf(page);
        this.heap.check();
        yield csv;
        const last = page[page.length - 1];
        after = { createdAt: String(last[COLUMN.createdAt]), id: String(last[COLUMN.id]) };
      }
      if (page.length < PAGE) return;
    }
  }

  /**
   * The span's lines as CSV bytes, in one piece (a span of the export's threads: about a chunk). Each page is
   * made bytes as soon as it is built, so no text outlives its page: with the span's text kept to its end, the
   * export thread promoted ≈ 1 MB at every scavenge and its heap reached 78 MB between full collections (30 MB
   * so; `--trace-gc`, decision 0027).
   */
  async bytesOf(span: RecordedSpan): Promise<Buffer> {
    const pages: Buffer[] = [];
    for await (const page of this.pages(span)) pages.push(Buffer.from(page));
    return pages.length === 1 ? pages[0] : Buffer.concat(pages);
  }

  private async csvOf(page: unknown[][]): Promise<string> {
    const { read, shop } = this;
    if (!this.state) {
      const facts = await readWordsFacts(read, shop);
      this.state = { facts, words: new ReasonWords(facts), days: new OrderDays(facts.timeZone) };
    }
    const { facts, words, days } = this.state;
    const orderKeys = new Set<string>();
    for (const row of page) orderKeys.add(row[COLUMN.attributedOrderId] as string);
    const orders = await readOrders(read, shop, [...orderKeys], days);
    const lines: string[] = [];
    for (const row of page) {
      const order = orders.get(row[COLUMN.attributedOrderId] as string);
      if (!order) continue;
      const affiliateId = String(row[COLUMN.affiliateId]);
      const affiliate =
        facts.affiliateCells.get(affiliateId) ?? (await readAffiliateCells(read, facts, affiliateId));
      const { currency } = order;
      const base = String(row[COLUMN.base]);
      const source = String(row[COLUMN.source]);
      const type = String(row[COLUMN.type]);
      const reason =
        type === LedgerLineType.reversal
          ? words.reversalCell(currency, base, row[COLUMN.reversalKey] as string | null)
          : words.commissionCell(order, affiliateId, source);
      lines.push(
        order.idCell +
          "," +
          order.nameCell +
          "," +
          affiliate.refCode +
          "," +
          affiliate.email +
          "," +
          csvField(source) +
          "," +
          csvField(String(row[COLUMN.rule])) +
          "," +
          csvField(type) +
          "," +
          csvField(base) +
          "," +
          csvField(String(row[COLUMN.amount])) +
          "," +
          csvField(currency) +
          "," +
          csvField(String(row[COLUMN.status])) +
          "," +
          isoInstant(String(row[COLUMN.createdAt])) +
          "," +
          affiliate.name +
          "," +
          order.day +
          "," +
          reason +
          "\r\n",
      );
    }
    return lines.join("");
  }
}

/** The file's first row, as bytes. */
export function ledgerCsvHeader(): Buffer {
  return Buffer.from(LEDGER_CSV_COLUMNS.join(",") + "\r\n");
}

/**
 * The shop's ledger as RFC 4180 CSV (header row, CRLF), one row per ledger line, oldest first, as a
 * stream built on this thread. Each chunk (a few pages) is read when the reader asks for more (at most one
 * chunk ahead: the server reads the next chunk only once the response took the last, app/lib/write-body.js),
 * so a slow download does not pile up in memory. The production server builds big files on two threads
 * instead (export-threads.server), the same bytes.
 * `rows` reads the pages: a client, or a row reader (`rowReaderFor`, rows as arrays: far less CPU a line).
 */
export function ledgerCsvStream(
  rows: Client | RowReader,
  shop: string,
  filters: LedgerExportFilters = {},
): ReadableStream<Uint8Array> {
  const read = typeof rows === "function" ? rows : clientRowReader(rows);
  const pages = new LedgerCsvLines(read, shop, filters).pages(wholeSpan(filters));
  let header = true;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (header) {
          header = false;
          controller.enqueue(ledgerCsvHeader());
          return;
        }
        // A chunk of a few pages: each page's rows die young (the page is text once it is done), the chunk is
        // made bytes once, and the response is flushed through the compressor once a chunk, not once a page.
        // A Buffer, not a plain Uint8Array: compression() passes a Buffer to zlib as it is, and copies anything
        // else.
        let chunk = "";
        for (let count = 0; count < PAGES_PER_CHUNK; count++) {
          const page = await pages.next();
          if (page.done) break;
          chunk += page.value;
        }
        if (chunk === "") {
          controller.close();
          return;
        }
        controller.enqueue(giveBackWhenWritten(Buffer.from(chunk)));
      },
      async cancel() {
        await pages.return();
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
): Promise<AffiliateCells> {
  const [row] = await read({
    sql: `SELECT "refCode", "email", "name" FROM "Affiliate" WHERE "id" = ?`,
    args: [affiliateId],
  });
  const cells = row
    ? {
        refCode: csvField(text(row[0] as string | null)),
        email: csvField(text(row[1] as string | null)),
        name: csvField(text(row[2] as string | null)),
      }
    : NO_AFFILIATE;
  facts.affiliateCells.set(affiliateId, cells);
  return cells;
}

const NO_AFFILIATE: AffiliateCells = { refCode: "", email: "", name: "" };

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
