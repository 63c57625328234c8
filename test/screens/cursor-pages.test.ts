// Connections and Orders page by cursor (~/lib/keyset): walking Next from the first page and Previous back
// from the last gives every row once, in the list's order, for every sort and filter, with ties on the sort
// column and rows without a value in it; a cursor survives its row's deletion; a forged one gives the first page.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { cursorOf, decodeCursor, pageRequestFrom, type PageRequest } from "~/lib/keyset";
import { listConnections, type ConnectionsPage } from "~/models/connections/connections.server";
import { ORDERS_ORDER, listOrders } from "~/models/orders/orders.server";
import type { ConnectionSort } from "~/models/connections/views";
import type { OrdersFilter } from "~/models/orders/views";
import type { SortDirection } from "~/lib/sorting";
import { loader as connectionsLoader } from "~/routes/app.connections._index";
import { createAffiliate, createCommission, createConnection } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { OTHER_SHOP, TEST_SHOP, adminRequest } from "~test/helpers/shopify";

beforeEach(resetDatabase);

const args = (request: Request) => ({ request, params: {}, context: {} });

/** Every page from the first by Next, then every page back from the last by Previous. */
async function walk<Row extends { id: string }>(
  read: (page: PageRequest) => Promise<{ items: Row[]; pageInfo: ConnectionsPage["pageInfo"] }>,
) {
  const forward: Row[][] = [];
  let page = await read({});
  expect(page.pageInfo.hasPrevious).toBe(false);
  forward.push(page.items);
  while (page.pageInfo.hasNext) {
    page = await read({ after: page.pageInfo.endCursor! });
    expect(page.pageInfo.hasPrevious).toBe(true);
    forward.push(page.items);
  }
  const backward: Row[][] = [page.items];
  while (page.pageInfo.hasPrevious) {
    page = await read({ before: page.pageInfo.startCursor! });
    expect(page.pageInfo.hasNext).toBe(true);
    backward.unshift(page.items);
  }
  return { forward, backward };
}

describe("Connections by cursor", () => {
  beforeEach(async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const bob = await createAffiliate({ name: "Bob" });
    await createConnection(await createAffiliate({ shop: OTHER_SHOP }));
    // 60 connections: creation times in threes (ties), some without a name or an expiry.
    for (let i = 0; i < 60; i++) {
      await createConnection(i % 2 ? alice : bob, {
        customerId: String(9000 + i),
        customerName: i % 4 === 0 ? null : `Customer ${String(i % 17).padStart(2, "0")}`,
        customerEmail: i % 5 === 0 ? null : `c${i}@example.com`,
        origin: i % 3 === 0 ? "referred_order" : "manual",
        expiresAt: i % 6 === 0 ? null : new Date(Date.UTC(2031, 0, 1 + (i % 7))),
        createdAt: new Date(Date.UTC(2026, 0, 1, Math.floor(i / 3))),
      });
    }
  });

  const sorts: Array<[ConnectionSort, SortDirection]> = [
    ["createdAt", "desc"],
    ["createdAt", "asc"],
    ["expiresAt", "desc"],
    ["expiresAt", "asc"],
    ["customer", "asc"],
    ["customer", "desc"],
  ];
  it.each(sorts)(
    "walks every page sorted by %s %s, each row once, as the whole list orders them",
    async (key, direction) => {
      const sort = { key, direction };
      const whole = await listConnections(prisma, TEST_SHOP, { sort, page: {} });
      // The whole list in its order, from a page size that holds it (the same order terms, one page).
      const all = await prisma.customerConnection.count({ where: { shop: TEST_SHOP } });
      expect(whole.total).toBe(all);
      const { forward, backward } = await walk((page) => listConnections(prisma, TEST_SHOP, { sort, page }));
      expect(forward.map((items) => items.length)).toEqual([25, 25, 10]);
      expect(backward.map((items) => items.map((row) => row.id))).toEqual(
        forward.map((items) => items.map((row) => row.id)),
      );
      const rows = forward.flat();
      expect(new Set(rows.map((row) => row.id)).size).toBe(60);
      expect(rows.slice(0, 25).map((row) => row.id)).toEqual(whole.items.map((row) => row.id));
      // Each page continues in the list's order: compare with SQLite's own ORDER BY of the same terms.
      const expected = await prisma.customerConnection.findMany({
        where: { shop: TEST_SHOP },
        orderBy:
          key === "customer"
            ? [
                { customerName: { sort: direction, nulls: "last" } },
                { customerEmail: { sort: direction, nulls: "last" } },
                { id: direction },
              ]
            : [{ [key]: direction }, { id: direction }],
        select: { id: true },
      });
      expect(rows.map((row) => row.id)).toEqual(expected.map((row) => row.id));
    },
  );

  it("keeps the search and filters on every page", async () => {
    const options = { query: "example.com", origin: "manual" as const, expiry: "active" as const };
    const { forward } = await walk((page) => listConnections(prisma, TEST_SHOP, { ...options, page }));
    const rows = forward.flat();
    const expected = await prisma.customerConnection.count({
      where: { shop: TEST_SHOP, origin: "manual", customerEmail: { not: null } },
    });
    expect(rows).toHaveLength(expected);
    expect(rows.every((row) => row.origin === "manual" && row.customerEmail)).toBe(true);
    expect(forward.length).toBeGreaterThan(1);
  });

  it("goes on from a cursor whose row was deleted since, and gives the first page for a forged cursor", async () => {
    const first = await listConnections(prisma, TEST_SHOP, { page: {} });
    const second = await listConnections(prisma, TEST_SHOP, { page: { after: first.pageInfo.endCursor! } });
    await prisma.customerConnection.delete({ where: { id: first.items[24].id } });
    const again = await listConnections(prisma, TEST_SHOP, { page: { after: first.pageInfo.endCursor! } });
    expect(again.items.map((row) => row.id)).toEqual(second.items.map((row) => row.id));
    expect(again.pageInfo.hasPrevious).toBe(true);
    for (const forged of ["not-a-cursor", Buffer.from('["x"]').toString("base64url"), ""]) {
      const page = await listConnections(prisma, TEST_SHOP, { page: forged ? { after: forged } : {} });
      expect(page.items[0].id).toBe(first.items[0].id);
      expect(page.pageInfo.hasPrevious).toBe(false);
    }
  });

  it("the screen reads the cursor from the URL, and the label counts every match", async () => {
    const first = await connectionsLoader(args(await adminRequest("/app/connections?origin=manual")));
    expect(first.connections.pageInfo.hasNext).toBe(true);
    const cursor = first.connections.pageInfo.endCursor!;
    const next = await connectionsLoader(
      args(await adminRequest(`/app/connections?origin=manual&after=${encodeURIComponent(cursor)}`)),
    );
    expect(next.connections.items[0].id).not.toBe(first.connections.items[0].id);
    expect(next.connections.items.every((row) => row.origin === "manual")).toBe(true);
    expect(next.connections.total).toBe(40);
  });
});

describe("Orders by cursor", () => {
  beforeEach(async () => {
    const alice = await createAffiliate();
    // 70 orders, in pairs placed at the same moment; every third earned nothing.
    for (let i = 0; i < 70; i++) {
      await createCommission(alice, {
        orderCreatedAt: new Date(Date.UTC(2026, 2, 1, Math.floor(i / 2))),
        ...(i % 3 === 0 ? { type: "reversal" as const } : {}),
      });
    }
  });

  it.each<OrdersFilter>(["all", "not_credited", "credited"])(
    "walks every page of %s orders, newest first",
    async (filter) => {
      const { forward, backward } = await walk(async (page) => {
        const { rows, pageInfo } = await listOrders(prisma, TEST_SHOP, { filter, page }, "UTC");
        return { items: rows, pageInfo };
      });
      expect(backward.map((rows) => rows.map((row) => row.id))).toEqual(
        forward.map((rows) => rows.map((row) => row.id)),
      );
      const expected = await prisma.attributedOrder.findMany({
        where: { shop: TEST_SHOP, ...(filter === "all" ? {} : { credited: filter === "credited" }) },
        orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }],
        select: { id: true },
      });
      expect(forward.flat().map((row) => row.id)).toEqual(expected.map((row) => row.id));
      expect(forward.length).toBe(Math.ceil(expected.length / 25));
    },
  );
});

it("a cursor is opaque but holds only the row's sort values, and the URL's after wins over before", () => {
  const row = { orderCreatedAt: new Date("2026-03-01T00:00:00Z"), id: "abc" };
  const cursor = cursorOf(row, ORDERS_ORDER);
  expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(decodeCursor(cursor, ORDERS_ORDER)).toEqual([row.orderCreatedAt, "abc"]);
  expect(decodeCursor(cursorOf({ orderCreatedAt: null, id: "abc" }, ORDERS_ORDER), ORDERS_ORDER)).toBeNull();
  expect(pageRequestFrom(new URLSearchParams("after=a&before=b"))).toEqual({ after: "a" });
  expect(pageRequestFrom(new URLSearchParams("before=b"))).toEqual({ before: "b" });
  expect(pageRequestFrom(new URLSearchParams("page=3"))).toEqual({});
});
