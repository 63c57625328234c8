// A page far down Connections or Orders costs what the first costs: the page after a cursor is an index seek
// at the cursor and a walk of one page in index order (decision 0022), where OFFSET read every row before it.
// SQLite has no statistics on either database, so the plans on this small one are the big shop's (0018).
import { createClient } from "@libsql/client";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { databaseUrl } from "~/db.server";
import { listConnections } from "~/models/connections/connections.server";
import type { ConnectionSort } from "~/models/connections/views";
import { listOrders } from "~/models/orders/orders.server";
import type { OrdersFilter } from "~/models/orders/views";
import type { SortDirection } from "~/lib/sorting";
import { createAffiliate, createCommission, createConnection } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { HISTORY_TABLES, historyScans, recordingPrisma, type RecordedQuery } from "~test/helpers/query-plans";
import { TEST_SHOP } from "~test/helpers/shopify";

const TABLES = [...HISTORY_TABLES, "CustomerConnection"];

/** A connection of its own for changing the schema. */
const schema = createClient({ url: databaseUrl() });
afterAll(() => schema.close());
const dropped: Array<{ name: string; sql: string }> = [];

async function dropIndex(name: string) {
  const { rows } = await schema.execute({
    sql: `SELECT "sql" FROM "sqlite_master" WHERE "name" = ?`,
    args: [name],
  });
  expect(rows).toHaveLength(1);
  dropped.push({ name, sql: String(rows[0].sql) });
  await schema.execute(`DROP INDEX "${name}"`);
}

afterEach(async () => {
  for (const index of dropped.splice(0)) await schema.execute(index.sql);
});

beforeEach(async () => {
  await resetDatabase();
  const alice = await createAffiliate();
  for (let i = 0; i < 30; i++) {
    await createConnection(alice, {
      customerName: i % 4 ? `Customer ${i}` : null,
      customerEmail: `c${i}@example.com`,
      expiresAt: i % 5 ? new Date(Date.UTC(2031, 0, 1 + i)) : null,
      createdAt: new Date(Date.UTC(2026, 0, 1, i)),
    });
    await createCommission(alice, {
      orderCreatedAt: new Date(Date.UTC(2026, 2, 1, i)),
      ...(i % 3 === 0 ? { type: "reversal" as const } : {}),
    });
  }
});

/** The page statements (not the count) of the first page, the second (after) and the first again (before). */
async function pageQueries<
  Page extends { pageInfo: { endCursor: string | null; startCursor: string | null } },
>(
  read: (
    db: ReturnType<typeof recordingPrisma>["db"],
    page: { after: string } | { before: string } | Record<string, never>,
  ) => Promise<Page>,
): Promise<RecordedQuery[]> {
  const { db, queries } = recordingPrisma();
  try {
    const first = await read(db, {});
    const second = await read(db, { after: first.pageInfo.endCursor! });
    await read(db, { before: second.pageInfo.startCursor! });
  } finally {
    await db.$disconnect();
  }
  const pages = queries.filter(({ sql }) => /\bLIMIT\b/.test(sql));
  expect(pages.length).toBeGreaterThanOrEqual(5);
  return pages;
}

describe("Connections", () => {
  const sorts: Array<[ConnectionSort, SortDirection]> = [
    ["createdAt", "desc"],
    ["createdAt", "asc"],
    ["expiresAt", "desc"],
    ["expiresAt", "asc"],
  ];
  it.each(sorts)(
    "a page at a cursor, sorted by %s %s, seeks the index and walks one page",
    async (key, direction) => {
      const queries = await pageQueries((db, page) =>
        listConnections(db, TEST_SHOP, { sort: { key, direction }, page }),
      );
      expect(await historyScans(queries, TABLES, { orderedWalks: true })).toEqual([]);
    },
  );

  it("the guard sees the shop's whole list sorted when the (shop, createdAt) index is missing", async () => {
    await dropIndex("CustomerConnection_shop_createdAt_idx");
    const queries = await pageQueries((db, page) => listConnections(db, TEST_SHOP, { page }));
    const scans = await historyScans(queries, TABLES, { orderedWalks: true });
    expect(scans.some((scan) => scan.startsWith("CustomerConnection:"))).toBe(true);
  });
});

describe("Orders", () => {
  it.each<OrdersFilter>(["all", "not_credited", "credited"])(
    "a page of %s orders at a cursor seeks the index and walks one page",
    async (filter) => {
      const queries = await pageQueries(async (db, page) =>
        listOrders(db, TEST_SHOP, { filter, page }, "UTC"),
      );
      expect(await historyScans(queries, TABLES, { orderedWalks: true })).toEqual([]);
    },
  );

  it("the guard sees every order walked for the uncredited few when the (shop, credited, orderCreatedAt) index is missing", async () => {
    await dropIndex("AttributedOrder_shop_credited_orderCreatedAt_idx");
    const queries = await pageQueries(async (db, page) =>
      listOrders(db, TEST_SHOP, { filter: "not_credited", page }, "UTC"),
    );
    // Without it the newest-first index is walked past every credited order: guard it strictly (no ordered walk).
    const scans = await historyScans(queries, TABLES);
    expect(scans.some((scan) => scan.startsWith("AttributedOrder:"))).toBe(true);
  });
});
