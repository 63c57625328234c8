// The commission digests queued in batches (decision 0026) are, row for row, the ones the per-affiliate
// Prisma path queued (test/helpers/prisma-digests.ts), on a seeded store with a backlog; and however the
// worker's runs meet (two at once, one stopped midway and run again), no digest is queued twice.
import { copyFileSync, rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createClient, type Client } from "@libsql/client";
import { PrismaClient, type AffiliateEmail } from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { BIG_SHOP, SMALL_SHOP, seedDatabase } from "~root/bench/scale/seed";
import { rowReaderFor } from "~/lib/row-reader.server";
import { createSqliteClient, sqliteDateTime, truncateLog } from "~/lib/sqlite.server";
import { DIGEST_MAX_LINES, queueCommissionDigests } from "~/models/email/digest.server";
import { AffiliateEmailKind, type CommissionDigestFacts } from "~/models/email/kinds";
import { queueDigestsThroughPrisma } from "~test/helpers/prisma-digests";
import { historyScans, recordingSqlite } from "~test/helpers/query-plans";

const END = new Date("2026-12-01T12:00:00Z");
const DAY = 24 * 3_600_000;
/** Before the end: a first run then, and the end's run covers the days between for those it reached. */
const EARLIER = new Date(END.getTime() - 3 * DAY);
const DIGEST = AffiliateEmailKind.commissionDigest;

const dir = () => inject("testDatabaseDir");
let base: string;
/** The affiliate with more lines than a digest lists, and the one whose address is blank. */
let busy: string;
let blank: string;
const files: string[] = [];
const closing: Array<() => unknown> = [];

/** A copy of the seeded store, with its clients (closed after the file's tests). */
function copyOfStore(): { url: string; sqlite: Client; prisma: PrismaClient } {
  const file = path.join(dir(), `digest-batches-${randomUUID()}.sqlite`);
  copyFileSync(base, file);
  files.push(file);
  const url = `file:${file}`;
  // As the app's: writes take the process's write lock (two runs at once wait for each other's commits).
  const sqlite = createSqliteClient({ url });
  const prisma = new PrismaClient({ adapter: new PrismaLibSQL({ url }) });
  closing.push(
    () => sqlite.close(),
    () => prisma.$disconnect(),
  );
  return { url, sqlite, prisma };
}

beforeAll(async () => {
  base = path.join(dir(), `digest-batches-${randomUUID()}.sqlite`);
  files.push(base);
  copyFileSync(path.join(dir(), "template.sqlite"), base);
  await seedDatabase(`file:${base}`, { orders: 1_000, end: END, days: 30 });
  const sqlite = createClient({ url: `file:${base}` });
  try {
    // A backlog: none of the digests a running store would have sent.
    await sqlite.execute({ sql: `DELETE FROM "AffiliateEmail" WHERE "kind" = ?`, args: [DIGEST] });
    // One affiliate with more lines than a digest lists, many of them recorded in the same millisecond (the
    // digest orders those by id), and one whose address is blank.
    const { rows } = await sqlite.execute({
      sql: `SELECT "affiliateId" FROM "LedgerLine" WHERE "shop" = ? AND "createdAt" >= ?
        GROUP BY "affiliateId" ORDER BY COUNT(*) DESC, "affiliateId" LIMIT 2`,
      args: [BIG_SHOP, sqliteDateTime(new Date(END.getTime() - DAY))],
    });
    [busy, blank] = rows.map((row) => String(row.affiliateId));
    const instant = sqliteDateTime(new Date(END.getTime() - 3_600_000));
    const columns = (await lineColumns(sqlite)).map((column) =>
      column === "createdAt" ? "?" : `"${column}"`,
    );
    for (let copy = 0; copy < DIGEST_MAX_LINES + 10; copy += 1) {
      await sqlite.execute({
        sql: `INSERT INTO "LedgerLine" SELECT printf('tie-%02d-%s', ?, "id") AS "id",
            ${columns.join(", ")}
          FROM "LedgerLine" WHERE "affiliateId" = ? AND "reversalOfId" IS NULL ORDER BY "id" LIMIT 1`,
        args: [(copy * 37) % 61, instant, busy],
      });
    }
    await sqlite.execute({ sql: `UPDATE "Affiliate" SET "email" = '  ' WHERE "id" = ?`, args: [blank] });
    // All of it in the file itself, which the tests copy.
    expect(await truncateLog(sqlite)).toBe(true);
  } finally {
    sqlite.close();
  }
}, 180_000);

afterAll(async () => {
  for (const close of closing) await close();
  for (const file of files)
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
});

/** LedgerLine's columns after its id, in the table's order. */
async function lineColumns(sqlite: Client): Promise<string[]> {
  const { rows } = await sqlite.execute(`SELECT "name" FROM pragma_table_info('LedgerLine') ORDER BY "cid"`);
  return rows.map((row) => String(row.name)).filter((name) => name !== "id");
}

/** Every digest of a copy, in a stable order, without its id (made at random by both paths). */
async function digestsOf(sqlite: Client): Promise<Array<Omit<AffiliateEmail, "id">>> {
  const { rows } = await sqlite.execute({
    sql: `SELECT * FROM "AffiliateEmail" WHERE "kind" = ? ORDER BY "shop", "eventKey"`,
    args: [DIGEST],
  });
  return rows.map((row) => {
    const { id: _id, ...rest } = Object.fromEntries(Object.entries(row));
    return rest as unknown as Omit<AffiliateEmail, "id">;
  });
}

describe("commission digests in batches", () => {
  it("are, byte for byte, the digests the per-affiliate path queued, first ones and the next", async () => {
    const reference = copyOfStore();
    const batched = copyOfStore();
    const firstRun = await queueDigestsThroughPrisma(reference.prisma, EARLIER);
    // The first run reads as the app's worker does, on the file's own read-only connection.
    const read = rowReaderFor(batched.url, batched.sqlite);
    expect(await queueCommissionDigests(batched.sqlite, EARLIER, { batch: 7, read })).toBe(firstRun);
    const secondRun = await queueDigestsThroughPrisma(reference.prisma, END);
    expect(await queueCommissionDigests(batched.sqlite, END)).toBe(secondRun);

    const expected = await digestsOf(reference.sqlite);
    expect(await digestsOf(batched.sqlite)).toEqual(expected);

    // What the comparison covered: both shops, first digests and the next ones, a digest longer than it
    // lists (its lines ordered by id within one instant), reversals.
    const facts = expected.map((digest) => JSON.parse(digest.facts) as CommissionDigestFacts);
    expect(firstRun).toBeGreaterThan(20);
    expect(secondRun).toBeGreaterThan(20);
    expect(new Set(expected.map((digest) => digest.shop))).toEqual(new Set([BIG_SHOP, SMALL_SHOP]));
    expect(facts.some((fact) => fact.from === EARLIER.toISOString())).toBe(true);
    const busyFacts = facts.filter((_, index) => expected[index].affiliateId === busy);
    expect(busyFacts.some((fact) => fact.moreLines > 0 && fact.lines.length === DIGEST_MAX_LINES)).toBe(true);
    expect(expected.filter((digest) => digest.affiliateId === blank)).toEqual([]);
    expect(facts.some((fact) => fact.totals.some((total) => total.reversalCount > 0))).toBe(true);
  }, 120_000);

  it("reads each affiliate's lines by a seek, a whole batch at a time", async () => {
    const { sqlite } = copyOfStore();
    const { sqlite: recorded, queries } = recordingSqlite(sqlite);
    expect(await queueCommissionDigests(recorded, END)).toBeGreaterThan(20);
    expect(queries.filter(({ sql }) => /"LedgerLine"/.test(sql)).length).toBeGreaterThan(0);
    expect(await historyScans(queries)).toEqual([]);
  });

  it("are queued once when two runs meet, and once when a run stopped midway runs again", async () => {
    const reference = copyOfStore();
    const expected = await queueDigestsThroughPrisma(reference.prisma, END);

    const together = copyOfStore();
    const other = createSqliteClient({ url: together.url });
    closing.push(() => other.close());
    const counts = await Promise.all([
      queueCommissionDigests(together.sqlite, END, { batch: 5 }),
      queueCommissionDigests(other, END, { batch: 5 }),
    ]);
    expect(counts[0] + counts[1]).toBe(expected);
    expect(await digestsOf(together.sqlite)).toEqual(await digestsOf(reference.sqlite));

    const stopped = copyOfStore();
    let batches = 0;
    const stopAtThird = async () => {
      batches += 1;
      if (batches === 3) throw new Error("stopped");
    };
    await expect(
      queueCommissionDigests(stopped.sqlite, END, { batch: 5, between: stopAtThird }),
    ).rejects.toThrow("stopped");
    const before = (await digestsOf(stopped.sqlite)).length;
    expect(before).toBe(10);
    expect(await queueCommissionDigests(stopped.sqlite, END, { batch: 5 })).toBe(expected - before);
    expect(await queueCommissionDigests(stopped.sqlite, END)).toBe(0);
    expect(await digestsOf(stopped.sqlite)).toEqual(await digestsOf(reference.sqlite));
  }, 60_000);
});
