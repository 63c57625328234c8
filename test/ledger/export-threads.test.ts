// The CSV export on two threads (the production server's, app/models/ledger/export-threads.server.ts): the same
// bytes as the single-threaded stream for every filter, spans that never split a run of lines recorded at one
// instant, a reader that stops stops the threads, and a thread that fails fails the export. The thread is the
// one `npm run build` makes (the test setup builds it).
import { existsSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import prisma, { databaseUrl, sqlite } from "~/db.server";
import { openFileRowReader, rowReaderFor, sqliteFile, type RowQuery } from "~/lib/row-reader.server";
import { sqliteDateTime } from "~/lib/sqlite.server";
import {
  LEDGER_CSV_COLUMNS,
  ledgerCsvStream,
  LedgerCsvLines,
  spanEnd,
  wholeSpan,
  type LedgerExportFilters,
} from "~/models/ledger/export.server";
import { ledgerCsvStreamOnThreads } from "~/models/ledger/export-threads.server";
import { createAffiliate, createCommission } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { OTHER_SHOP, TEST_SHOP } from "~test/helpers/shopify";

const WORKER = path.resolve("build/export-worker/index.js");
const BULK_LINES = 3_000;
/** The bulk's lines are recorded three a second from START, but lines 1,000 to 1,599 all at TIE_AT (5 minutes
 * in, between the lines before and after them): a run six spans of 100 long. */
const START = Date.parse("2029-12-01T00:00:00Z");
const TIE_AT = sqliteDateTime(new Date(START + 300_000));

let file: string;
const read = () => rowReaderFor(databaseUrl(), sqlite);

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

function onThreads(filters: LedgerExportFilters, options: { workers?: number; spanLines?: number } = {}) {
  return ledgerCsvStreamOnThreads({
    worker: WORKER,
    file,
    read: read(),
    shop: TEST_SHOP,
    filters,
    workers: options.workers ?? 1,
    spanLines: options.spanLines ?? 100,
  });
}

/** How many of this process's open files are the database (Linux): a connection each, to see a thread's open and close. */
function connectionsToDatabase(): number {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path.resolve(file);
    } catch {
      return false;
    }
  }).length;
}

beforeAll(async () => {
  expect(existsSync(WORKER), "the build makes the export thread").toBe(true);
  file = sqliteFile(databaseUrl())!;
  await resetDatabase();
  const alice = await createAffiliate({ refCode: "alice", name: "Alice" });
  // Cells that need quoting, and one a spreadsheet would read as a formula.
  const bob = await createAffiliate({ refCode: "bob", name: 'Bob "B", Jr', email: "=bob@example.com" });
  const carol = await createAffiliate({ refCode: "carol", shop: OTHER_SHOP });
  for (let n = 0; n < 40; n++) {
    await createCommission(n % 2 ? bob : alice, {
      orderId: String(5000 + n),
      orderCreatedAt: new Date(Date.UTC(2029, 10, 1 + (n % 30), n % 24)),
    });
  }
  await createCommission(carol, { orderId: "9000" });
  // The bulk of the ledger in one statement: statuses and types in turn, a reversal every seventh line, three
  // lines a second but a run of 600 at one instant, each line on one of the shop's 40 orders.
  await sqlite.execute({
    sql: `WITH RECURSIVE "n"("i") AS (SELECT 0 UNION ALL SELECT "i" + 1 FROM "n" WHERE "i" < ? - 1),
      "o" AS (SELECT "id", "orderId", "orderCreatedAt", "referrerAffiliateId",
        ROW_NUMBER() OVER (ORDER BY "orderId") - 1 AS "k" FROM "AttributedOrder" WHERE "shop" = ?)
      INSERT INTO "LedgerLine" ("id", "shop", "attributedOrderId", "orderId", "affiliateId", "type", "source",
        "rule", "base", "amount", "amountMinor", "currency", "lineItemIds", "status", "reversalKey",
        "orderCreatedAt", "createdAt", "statusChangedAt")
      SELECT printf('bulk%05d', "i"), ?, "o"."id", "o"."orderId", "o"."referrerAffiliateId",
        CASE WHEN "i" % 7 = 0 THEN 'reversal' ELSE 'commission' END, 'link', 'default',
        printf('%d.00', "i"), CASE WHEN "i" % 7 = 0 THEN '-1.00' ELSE '1.00' END, 100, 'USD', '[]',
        CASE "i" % 4 WHEN 0 THEN 'pending' WHEN 1 THEN 'approved' WHEN 2 THEN 'paid' ELSE 'denied' END,
        CASE WHEN "i" % 14 = 0 THEN 'cancel' WHEN "i" % 7 = 0 THEN 'refund:' || "i" ELSE NULL END,
        "o"."orderCreatedAt",
        CASE WHEN "i" BETWEEN 1000 AND 1599 THEN ?
          ELSE strftime('%Y-%m-%dT%H:%M:%S.000+00:00', ? / 1000 + "i" / 3, 'unixepoch') END, ?
      FROM "n" JOIN "o" ON "o"."k" = "n"."i" % 40`,
    args: [BULK_LINES, TEST_SHOP, TEST_SHOP, TIE_AT, START, TIE_AT],
  });
  expect(await prisma.ledgerLine.count({ where: { shop: TEST_SHOP } })).toBe(BULK_LINES + 40);
});

describe("the export on two threads", () => {
  const at = (iso: string) => new Date(iso);
  const filterCases: Array<[string, LedgerExportFilters]> = [
    ["no filter", {}],
    ["a status", { status: "approved" }],
    ["an affiliate", { affiliateId: "bob" }],
    ["reversals", { type: "reversal" }],
    ["recorded from and to", { from: at("2029-12-01T00:03:00Z"), to: at("2029-12-01T00:09:00Z") }],
    ["recorded from the run of ties", { from: new Date(START + 300_000) }],
    ["ordered from and to", { orderFrom: at("2029-11-05T00:00:00Z"), orderTo: at("2029-11-20T00:00:00Z") }],
    ["nothing matches", { status: "approved", type: "reversal", affiliateId: "nobody" }],
  ];

  it.each(filterCases)("gives the bytes one thread gives (%s)", async (_name, filters) => {
    if (filters.affiliateId === "bob") {
      const bob = await prisma.affiliate.findFirstOrThrow({ where: { refCode: "bob" } });
      filters = { affiliateId: bob.id };
    }
    const expected = await text(ledgerCsvStream(read(), TEST_SHOP, filters));
    const csv = await text(onThreads(filters));
    expect(csv).toBe(expected);
    expect(csv.startsWith(LEDGER_CSV_COLUMNS.join(",") + "\r\n")).toBe(true);
  });

  it("holds every line once, in order, with more threads and spans of odd lengths", async () => {
    const expected = await text(ledgerCsvStream(read(), TEST_SHOP));
    expect(expected.split("\r\n")).toHaveLength(BULK_LINES + 40 + 2);
    expect(expected).toContain('"Bob ""B"", Jr"');
    expect(expected).not.toContain("carol");
    for (const [workers, spanLines] of [
      [2, 7],
      [3, 250],
      [1, 1],
    ]) {
      const csv = await text(onThreads({}, { workers, spanLines }));
      expect({ workers, spanLines, same: csv === expected }).toEqual({ workers, spanLines, same: true });
    }
  });

  it("checks the thread's heap budget after every page it builds", async () => {
    let checks = 0;
    const lines = new LedgerCsvLines(read(), TEST_SHOP, {}, { check: () => void (checks += 1) });
    const pages: string[] = [];
    for await (const page of lines.pages(wholeSpan({}))) {
      expect(checks).toBe(pages.length + 1);
      pages.push(page);
    }
    // Pages of 250 lines.
    expect(pages).toHaveLength(Math.ceil((BULK_LINES + 40) / 250));
    expect(checks).toBe(pages.length);
  });

  it("ends a span after a run of lines recorded at one instant, however long the run", async () => {
    // 600 lines at TIE_AT: a span of 100 beginning there holds all of them and ends at the next instant.
    const end = await spanEnd(read(), TEST_SHOP, {}, TIE_AT, 100);
    expect(end).not.toBeNull();
    expect(end! > TIE_AT).toBe(true);
    const between = await prisma.ledgerLine.count({
      where: {
        shop: TEST_SHOP,
        createdAt: { gt: new Date(TIE_AT.replace("+00:00", "Z")), lt: new Date(end!.replace("+00:00", "Z")) },
      },
    });
    expect(between).toBe(0);
    // From the first line: the instant of the 101st, and none when fewer lines are left.
    const [first] = await read()({
      sql: `SELECT "createdAt" FROM "LedgerLine" WHERE "shop" = ? ORDER BY "createdAt" LIMIT 1 OFFSET 100`,
      args: [TEST_SHOP],
    });
    expect(await spanEnd(read(), TEST_SHOP, {}, null, 100)).toBe(first[0]);
    expect(await spanEnd(read(), TEST_SHOP, {}, null, BULK_LINES + 40)).toBeNull();
  });

  it("makes no more than three spans ahead of a reader that stopped reading", async () => {
    // Each span is made by one query for where it ends (LIMIT 1 OFFSET n), on this thread.
    const reader = read();
    let made = 0;
    const counting = (query: RowQuery) => {
      if (query.sql.includes("OFFSET")) made += 1;
      return reader(query);
    };
    const stream = ledgerCsvStreamOnThreads({
      worker: WORKER,
      file,
      read: counting,
      shop: TEST_SHOP,
      filters: {},
      workers: 1,
      spanLines: 100,
    });
    const chunks = stream.getReader();
    await chunks.read(); // the header
    await chunks.read(); // the first span
    const settled = async () => {
      let last = -1;
      while (made !== last) {
        last = made;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return last;
    };
    // One span taken, one read ahead by the stream, at most three made beyond those.
    expect(await settled()).toBeLessThanOrEqual(2 + 3);
    await chunks.read();
    expect(await settled()).toBeLessThanOrEqual(3 + 3);
    expect(made).toBeLessThan(BULK_LINES / 100);
    await chunks.cancel();
  });

  it("closes its thread's connection when the reader cancels and when the file is done", async () => {
    // A thread that did not close its connection would leave one more open file on the database per export.
    // (SQLite keeps a closed connection's file open for the next connection to the same file while another
    // connection of the process holds locks on it, so the count may stay one above what it was.)
    read(); // this thread's own reader, kept for the process
    const before = connectionsToDatabase();
    for (let round = 0; round < 4; round++) {
      const chunks = onThreads({}).getReader();
      await chunks.read();
      await chunks.read();
      await chunks.cancel();
      await text(onThreads({ status: "paid" }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(connectionsToDatabase()).toBeLessThanOrEqual(before + 1);
    }
  });

  it("fails with the thread's reason when the thread cannot read, and when it cannot start", async () => {
    // A database without the ledger: this thread's spans are made, the other's reading fails.
    const empty = path.join(path.dirname(file), "no-ledger.sqlite");
    writeFileSync(empty, "");
    const emptyReader = openFileRowReader(empty);
    emptyReader.close();
    const failing = ledgerCsvStreamOnThreads({
      worker: WORKER,
      file: empty,
      read: read(),
      shop: TEST_SHOP,
      filters: {},
      workers: 1,
      spanLines: 100,
    });
    await expect(text(failing)).rejects.toThrow(/The export failed: .*no such table/);
    const unstartable = ledgerCsvStreamOnThreads({
      worker: path.resolve("build/export-worker/missing.js"),
      file,
      read: read(),
      shop: TEST_SHOP,
      filters: {},
      workers: 1,
      spanLines: 100,
    });
    await expect(text(unstartable)).rejects.toThrow(/Cannot find module|missing\.js/);
  });
});
