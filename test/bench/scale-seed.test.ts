// The scale benchmark's seeder writes what the pipeline writes: every status, reversals, every source of
// credit (renewals included), connections, the shops' profiles, and daily figures that equal the ledger.
import { copyFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createClient, type Client } from "@libsql/client";
import { PrismaClient } from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { BIG_SHOP, SMALL_SHOP, seedDatabase, type SeedReport } from "~root/bench/scale/seed";
import { expectFiguresToMatchTheLedger } from "~test/helpers/figures";

const END = new Date("2026-12-01T12:00:00Z");
let db: PrismaClient;
let report: SeedReport;
let file: string;

beforeAll(async () => {
  const dir = inject("testDatabaseDir");
  file = path.join(dir, `seed-${randomUUID()}.sqlite`);
  copyFileSync(path.join(dir, "template.sqlite"), file);
  // A year of history (lines old enough to be paid), thinly: the statuses come from the lines' ages.
  // Four copies of the stories of a quarter of the customers (bench/scale/seed.ts, decision 0019).
  report = await seedDatabase(`file:${file}`, { orders: 4_000, end: END, days: 365, copies: 4 });
  db = new PrismaClient({ adapter: new PrismaLibSQL({ url: `file:${file}` }) });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
});

const distinct = async (column: "status" | "type" | "source", shop = BIG_SHOP) =>
  (
    await db.$queryRawUnsafe<Array<{ value: string }>>(
      `SELECT DISTINCT "${column}" AS "value" FROM "LedgerLine" WHERE "shop" = ? ORDER BY 1`,
      shop,
    )
  ).map((row) => row.value);

describe("the scale benchmark's seeded store", () => {
  it("has the big shop's orders, lines and connections, and the small shop beside it", async () => {
    const [big, small] = report.shops;
    expect(big.shop).toBe(BIG_SHOP);
    expect(Math.abs(big.orders - 4_000)).toBeLessThan(40); // the copies are cut at the end: about
    expect(big.lines / big.orders).toBeGreaterThan(2);
    expect(big.reversals).toBeGreaterThan(0);
    expect(big.connections).toBeGreaterThan(0);
    expect(small.shop).toBe(SMALL_SHOP);
    expect(await db.attributedOrder.count({ where: { shop: BIG_SHOP } })).toBe(big.orders);
    expect(await db.ledgerLine.count({ where: { shop: BIG_SHOP } })).toBe(big.lines);
    expect(await db.affiliate.count({ where: { shop: BIG_SHOP } })).toBe(10_000);
  });

  it("credits through every source, in every status, with reversals and cancellations", async () => {
    expect(await distinct("status")).toEqual(["approved", "denied", "paid", "pending"]);
    expect(await distinct("type")).toEqual(["commission", "reversal"]);
    expect(await distinct("source")).toEqual(["connection", "coupon", "link", "product", "recurring"]);
    expect(
      await db.attributedOrder.count({ where: { shop: BIG_SHOP, cancelledAt: { not: null } } }),
    ).toBeGreaterThan(0);
    // Each refund's reversals beside what it refunded of each line, as the pipeline keeps them.
    const refunds = await db.ledgerLine.groupBy({
      by: ["orderId", "reversalKey"],
      where: { shop: BIG_SHOP, reversalKey: { startsWith: "refund:" } },
    });
    // (a refund of a line no commission covers takes nothing back, and is kept all the same)
    expect(refunds.length).toBeGreaterThan(0);
    expect(await db.refundedLine.count({ where: { shop: BIG_SHOP } })).toBeGreaterThanOrEqual(refunds.length);
    expect(
      await db.attributedOrder.count({ where: { shop: BIG_SHOP, hasSellingPlan: true } }),
    ).toBeGreaterThan(0);
    const origins = await db.customerConnection.groupBy({ by: ["origin"], where: { shop: BIG_SHOP } });
    expect(origins.map((row) => row.origin).sort()).toEqual(["manual", "referred_order"]);
    // Orders went through the engine: each carries its input and a trace in words.
    const order = await db.attributedOrder.findFirstOrThrow({
      where: { shop: BIG_SHOP, referrerAffiliateId: { not: null } },
    });
    expect(JSON.parse(order.trace).length).toBeGreaterThan(0);
    expect(JSON.parse(order.input)).toMatchObject({ order: { id: order.orderId } });
  });

  it("stores the shops' profiles, and daily figures in their zones that equal the ledger", async () => {
    expect(await db.shopProfile.findMany({ orderBy: { shop: "asc" } })).toMatchObject([
      { shop: BIG_SHOP, timeZone: "America/New_York", currency: "USD" },
      { shop: SMALL_SHOP, timeZone: "Europe/Berlin", currency: "EUR" },
    ]);
    expect((await expectFiguresToMatchTheLedger(db, BIG_SHOP)).shop.length).toBeGreaterThan(0);
    await expectFiguresToMatchTheLedger(db, SMALL_SHOP);
  });

  it("reports where its time went: each phase, and the writer's time per table", () => {
    expect(Object.keys(report.timings.phases)).toEqual(
      expect.arrayContaining([
        "building rows and writing them (overlapping)",
        "maintained figures (SQL)",
        "index LedgerLine_shop_status_affiliateId_currency_idx",
      ]),
    );
    expect(report.timings.writer["INSERT LedgerLine"]).toBeGreaterThan(0);
    expect(report.timings.writer["INSERT AttributedOrder"]).toBeGreaterThan(0);
  });

  it("has every index of the migrations, as they made it, whether kept during the load or built after", async () => {
    const indexesOf = async (client: Client) =>
      (
        await client.execute(
          `SELECT "tbl_name", "name", "sql" FROM "sqlite_master" WHERE "type" = 'index' ORDER BY "name"`,
        )
      ).rows.map((row) => ({ ...row }));
    const migrated = createClient({ url: `file:${path.join(inject("testDatabaseDir"), "template.sqlite")}` });
    const seeded = createClient({ url: `file:${file}` });
    try {
      const indexes = await indexesOf(seeded);
      expect(indexes).toEqual(await indexesOf(migrated));
      const ledger = indexes.filter((index) => index.tbl_name === "LedgerLine" && index.sql !== null);
      expect(ledger.map((index) => index.name)).toContain("LedgerLine_shop_status_affiliateId_currency_idx");
      expect(ledger.length).toBe(10); // ten since (shop, orderId) was dropped (decision 0009, fifth pass)
    } finally {
      migrated.close();
      seeded.close();
    }
  });
});
