// The CSV export streams: a chunk of lines (four pages of 250) is read only when the reader asks for more (one
// chunk ahead), so the first bytes leave before the ledger is read and memory holds one chunk, however long the
// ledger; the pages, keyed on (createdAt, id), hold every line once even where many share an instant.
import { beforeEach, describe, expect, it } from "vitest";
import type { Client } from "@libsql/client";
import prisma, { databaseUrl, sqlite } from "~/db.server";
import { clientRowReader, rowReaderFor, type RowQuery } from "~/lib/row-reader.server";
import { sqliteDateTime } from "~/lib/sqlite.server";
import { LEDGER_CSV_COLUMNS, ledgerCsvStream } from "~/models/ledger/export.server";
import { createAffiliate, createCommission } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { TEST_SHOP } from "~test/helpers/shopify";

/** Ten pages of 250 and one line (three chunks); all recorded at the same instant but the first (ties across pages). */
const LINES = 2_501;
const RECORDED_AT = sqliteDateTime(new Date("2030-01-01T00:00:00Z"));

/** The driver, counting the queries the export makes. */
function counting(client: Client) {
  const counter = { queries: 0 };
  const counted = new Proxy(client, {
    get(target, property, receiver) {
      if (property === "execute") {
        return (...args: Parameters<Client["execute"]>) => {
          counter.queries += 1;
          return target.execute(...args);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  return { client: counted, counter };
}

async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

beforeEach(async () => {
  await resetDatabase();
  const affiliate = await createAffiliate({ refCode: "alice" });
  // Each line's base is its number, so that every line can be told apart in the file.
  const first = await createCommission(affiliate, { orderId: "1", base: "1.00" });
  // The rest of the ledger in one statement, lines of the same order, all recorded at one instant.
  await sqlite.execute({
    sql: `WITH RECURSIVE "n"("i") AS (SELECT 2 UNION ALL SELECT "i" + 1 FROM "n" WHERE "i" < ?)
      INSERT INTO "LedgerLine" ("id", "shop", "attributedOrderId", "orderId", "affiliateId", "type", "source",
        "rule", "base", "amount", "amountMinor", "currency", "lineItemIds", "status", "orderCreatedAt",
        "createdAt", "statusChangedAt")
      SELECT printf('line%06d', "i"), ?, ?, '1', ?, 'commission', 'link', 'default', printf('%d.00', "i"), '10.00', 1000,
        'USD', '[]', 'pending', ?, ?, ?
      FROM "n"`,
    args: [
      LINES,
      TEST_SHOP,
      first.attributedOrderId,
      affiliate.id,
      sqliteDateTime(new Date("2026-03-01T12:00:00Z")),
      RECORDED_AT,
      RECORDED_AT,
    ],
  });
  expect(await prisma.ledgerLine.count({ where: { shop: TEST_SHOP } })).toBe(LINES);
});

describe("the ledger's CSV export", () => {
  it("gives its header and first chunk before reading the rest, a chunk of four pages per pull", async () => {
    const { client, counter } = counting(sqlite);
    const reader = ledgerCsvStream(client, TEST_SHOP).getReader();
    const header = new TextDecoder().decode((await reader.read()).value);
    expect(header).toBe(LEDGER_CSV_COLUMNS.join(",") + "\r\n");
    expect(counter.queries).toBeLessThanOrEqual(1);
    const page = new TextDecoder().decode((await reader.read()).value);
    expect(page.split("\r\n").length - 1).toBe(1_000);
    // Only what was asked for: the shop's names and zone for the reason column (once), then for each of the
    // chunk's four pages of 250 lines the page and its orders' traces (one order here).
    expect(counter.queries).toBeLessThanOrEqual(1 + 4 * 2);
    await reader.cancel();
  });

  it("reads no more than one chunk ahead of its reader", async () => {
    // The server reads the next chunk only once the response took the last (app/lib/write-body.js), so a
    // client that stops reading stops the export here.
    const { client, counter } = counting(sqlite);
    const reader = ledgerCsvStream(client, TEST_SHOP).getReader();
    await reader.read(); // the header
    await reader.read(); // the first chunk
    const settled = async () => {
      let last = -1;
      while (counter.queries !== last) {
        last = counter.queries;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return last;
    };
    // The shop's names and zone (once per export), then per page the page and its orders' traces (all lines
    // here are of one order: one query): the first chunk's four pages, and the second's read ahead.
    expect(await settled()).toBe(1 + 4 * 2 + 4 * 2);
    expect((await reader.read()).value!.byteLength).toBeGreaterThan(0); // the second chunk
    // The third (and last) read ahead: three pages, the last of one line.
    expect(await settled()).toBe(1 + 4 * 2 + 4 * 2 + 3 * 2);
    await reader.cancel();
  });

  it("holds every line exactly once, in the order they were recorded, across pages of ties", async () => {
    const csv = await read(ledgerCsvStream(sqlite, TEST_SHOP));
    const rows = csv.trimEnd().split("\r\n").slice(1);
    expect(rows).toHaveLength(LINES);
    const base = LEDGER_CSV_COLUMNS.indexOf("base");
    const bases = rows.map((row) => Number(row.split(",")[base]));
    expect(new Set(bases).size).toBe(LINES);
    expect(Math.min(...bases)).toBe(1);
    expect(Math.max(...bases)).toBe(LINES);
    // The first line was recorded before the others, which are in the order of their ids.
    expect(bases[0]).toBe(1);
    expect(rows.at(-1)!.split(",")[LEDGER_CSV_COLUMNS.indexOf("created_at")]).toBe(
      "2030-01-01T00:00:00.000Z",
    );
  });

  it("exports the lines recorded from an instant, each page sought from its cursor, not from that instant", async () => {
    // Given both `createdAt >= from` and the cursor, SQLite seeks to `from` and walks every line between it and
    // the cursor, again for each page: half of a million-line ledger took 52–58 s instead of 7–9 (decision 0025).
    const queries: RowQuery[] = [];
    const driver = clientRowReader(sqlite);
    const recording = (query: RowQuery) => {
      queries.push(query);
      return driver(query);
    };
    const from = new Date("2030-01-01T00:00:00Z");
    const csv = await read(ledgerCsvStream(recording, TEST_SHOP, { from }));
    const rows = csv.trimEnd().split("\r\n").slice(1);
    const base = LEDGER_CSV_COLUMNS.indexOf("base");
    // Every line but the first was recorded at that instant: all of them, once, across pages of ties.
    expect(rows).toHaveLength(LINES - 1);
    expect(new Set(rows.map((row) => row.split(",")[base])).size).toBe(LINES - 1);
    expect(rows.map((row) => row.split(",")[base])).not.toContain("1.00");
    const pages = queries.filter((query) => query.sql.includes('FROM "LedgerLine"'));
    expect(pages.length).toBeGreaterThan(4);
    expect(pages[0].args).toContain(sqliteDateTime(from));
    for (const page of pages.slice(1)) {
      expect(page.sql).toContain('("createdAt", "id") > (?, ?)');
      expect(page.sql).not.toContain('"createdAt" >= ?');
    }
  });

  it("gives the columns of an affiliate who joined after the export began", async () => {
    const reader = ledgerCsvStream(sqlite, TEST_SHOP).getReader();
    await reader.read(); // the header: the shop's affiliates are read with the first page
    await reader.read(); // the first chunk
    const bob = await createAffiliate({ refCode: "bob", name: "Bob Late", email: "bob@example.com" });
    const line = await createCommission(bob, { orderId: "2", base: "7.00" });
    await sqlite.execute({
      sql: `UPDATE "LedgerLine" SET "createdAt" = ? WHERE "id" = ?`,
      args: [sqliteDateTime(new Date("2031-01-01T00:00:00Z")), line.id],
    });
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += new TextDecoder().decode(chunk.value);
    }
    const last = rest.trimEnd().split("\r\n").at(-1)!.split(",");
    const cell = (name: (typeof LEDGER_CSV_COLUMNS)[number]) => last[LEDGER_CSV_COLUMNS.indexOf(name)];
    expect([cell("affiliate_ref"), cell("affiliate_email"), cell("affiliate_name"), cell("base")]).toEqual([
      "bob",
      "bob@example.com",
      "Bob Late",
      "7.00",
    ]);
  });

  it("reads the same file through the export's own read-only connection as through the client", async () => {
    const reader = rowReaderFor(databaseUrl(), sqlite);
    expect(reader).not.toBe(rowReaderFor("file::memory:", sqlite));
    const viaClient = await read(ledgerCsvStream(sqlite, TEST_SHOP, { status: "pending" }));
    const viaReader = await read(ledgerCsvStream(reader, TEST_SHOP, { status: "pending" }));
    expect(viaReader.split("\r\n")).toHaveLength(LINES + 2);
    expect(viaReader).toBe(viaClient);
    // It sees what was written after it opened (no stale snapshot between exports).
    await sqlite.execute(`UPDATE "LedgerLine" SET "status" = 'approved' WHERE "id" = 'line000002'`);
    const after = await read(ledgerCsvStream(reader, TEST_SHOP, { status: "pending" }));
    expect(after.split("\r\n")).toHaveLength(LINES + 1);
  });
});
