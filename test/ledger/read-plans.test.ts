// An order's lines (its detail screen, the ledger's Commission detail) are read by the order, whatever order
// LedgerLine's indexes were created in. SQLite has no statistics, so between two indexes that both fit it may
// take the one created last: with (attributedOrderId, createdAt) beside (shop, createdAt), recreating the shop's
// index made it read the whole of the shop's ledger for one order (2.2–2.5 s at 250k orders). The order's index
// (attributedOrderId, createdAt, id) gives the whole sort too, so it wins in either order.
import { createClient } from "@libsql/client";
import { afterAll, afterEach, beforeEach, expect, it } from "vitest";
import { databaseUrl } from "~/db.server";
import { orderCommissionCount } from "~/models/ledger/lines.server";
import { getOrderDetail } from "~/models/ledger/order-detail.server";
import { createAffiliate, createCommission, createReversal } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { historyScans, recordingPrisma } from "~test/helpers/query-plans";
import { TEST_SHOP } from "~test/helpers/shopify";

const ORDER_INDEX = "LedgerLine_attributedOrderId_createdAt_id_idx";
const SHOP_INDEX = "LedgerLine_shop_createdAt_idx";

/** A connection of its own for changing the schema (the app's may hold a read of the schema as it was). */
const schema = createClient({ url: databaseUrl() });
afterAll(() => schema.close());

/** LedgerLine's indexes as the migrations made them, to put back after a test changed them. */
let migrated: Array<{ name: string; sql: string }> = [];

async function ledgerIndexes(): Promise<Array<{ name: string; sql: string }>> {
  const { rows } = await schema.execute(
    `SELECT "name", "sql" FROM "sqlite_master" WHERE "type" = 'index' AND "tbl_name" = 'LedgerLine' AND "sql" IS NOT NULL`,
  );
  return rows.map((row) => ({ name: String(row.name), sql: String(row.sql) }));
}

async function recreateLast(name: string) {
  const index = migrated.find((candidate) => candidate.name === name)!;
  await schema.execute(`DROP INDEX "${name}"`);
  await schema.execute(index.sql);
}

beforeEach(async () => {
  await resetDatabase();
  migrated = await ledgerIndexes();
});

afterEach(async () => {
  const present = new Set((await ledgerIndexes()).map((index) => index.name));
  for (const index of migrated) if (!present.has(index.name)) await schema.execute(index.sql);
});

/** The statements Commission detail sends for an order opened by its id and by one of its lines' ids. */
async function detailQueries() {
  const alice = await createAffiliate();
  const commission = await createCommission(alice);
  const reversal = await createReversal(commission);
  const { db, queries } = recordingPrisma();
  try {
    const byOrder = await getOrderDetail(db, TEST_SHOP, commission.attributedOrderId);
    const byLine = await getOrderDetail(db, TEST_SHOP, reversal.id);
    expect(byOrder?.lines.map((line) => line.id)).toEqual([commission.id, reversal.id]);
    expect(byLine?.focusLineId).toBe(reversal.id);
  } finally {
    await db.$disconnect();
  }
  expect(queries.filter(({ sql }) => /FROM `main`.`LedgerLine`/.test(sql)).length).toBeGreaterThan(0);
  return queries;
}

it("reads an order's lines by the order's index as migrated", async () => {
  expect(migrated.map((index) => index.name)).toContain(ORDER_INDEX);
  expect(await historyScans(await detailQueries())).toEqual([]);
});

it("reads an order's lines by the order's index when the shop's index was created after it", async () => {
  await recreateLast(SHOP_INDEX);
  expect(await historyScans(await detailQueries())).toEqual([]);
});

it("reads an order's lines by the order's index when it was created after every other", async () => {
  for (const index of migrated) if (index.name !== ORDER_INDEX) await recreateLast(index.name);
  await recreateLast(ORDER_INDEX);
  expect(await historyScans(await detailQueries())).toEqual([]);
});

it("the guard sees the shop's whole ledger read when the order's index is missing", async () => {
  await schema.execute(`DROP INDEX "${ORDER_INDEX}"`);
  const scans = await historyScans(await detailQueries());
  expect(scans.some((scan) => scan.startsWith("LedgerLine:"))).toBe(true);
});

it("the guard sees it too with the order's earlier index (without id), once the shop's index is created last", async () => {
  await schema.execute(`DROP INDEX "${ORDER_INDEX}"`);
  await schema.execute(
    `CREATE INDEX "LedgerLine_attributedOrderId_createdAt_idx" ON "LedgerLine"("attributedOrderId", "createdAt")`,
  );
  await recreateLast(SHOP_INDEX);
  try {
    const scans = await historyScans(await detailQueries());
    expect(scans.some((scan) => scan.includes(SHOP_INDEX))).toBe(true);
  } finally {
    await schema.execute(`DROP INDEX "LedgerLine_attributedOrderId_createdAt_idx"`);
  }
});

// LedgerLine has no (shop, orderId) index (decision 0009, fifth pass): Retry's count of an order's commissions
// goes by the order's row, then by the order's index.
it("counts an order's commissions by the order, without an index of the ledger on the order id", async () => {
  const alice = await createAffiliate();
  const commission = await createCommission(alice);
  await createReversal(commission);
  expect(migrated.map((index) => index.name)).not.toContain("LedgerLine_shop_orderId_idx");
  const { db, queries } = recordingPrisma();
  try {
    expect(await orderCommissionCount(db, TEST_SHOP, commission.orderId)).toBe(1);
    expect(await orderCommissionCount(db, TEST_SHOP, "no-such-order")).toBe(0);
    expect(await orderCommissionCount(db, "other-shop.myshopify.com", commission.orderId)).toBe(0);
    // The shape it replaced reads the shop's whole ledger now, and the guard says so.
    await db.ledgerLine.count({
      where: { shop: TEST_SHOP, orderId: commission.orderId, type: "commission" },
    });
  } finally {
    await db.$disconnect();
  }
  const scans = await historyScans(queries);
  expect(scans).toHaveLength(1);
  expect(scans[0]).toMatch(/^LedgerLine: .*"orderId" = \?|^LedgerLine: .*`orderId` = \?/s);
});
