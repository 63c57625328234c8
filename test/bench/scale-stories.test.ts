// The seeder copies a few thousand customers' stories to every week of the history (bench/scale/seed.ts):
// a copy must be exactly what the pipeline writes for those customers at the copy's instants, with the
// copy's customers and order numbers. Each copy is built again here through the app's own code, at its
// instants and with its numbers, and compared with the seeded rows column by column (ids aside: each row's
// references are compared through what they point at).
import { copyFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createClient, type Client, type Row } from "@libsql/client";
import {
  BIG_SHOP,
  bigShopPlan,
  buildStories,
  connectionsAt,
  historyPlan,
  orderNumbers,
  seedDatabase,
  settleStory,
  type SharedEntities,
} from "~root/bench/scale/seed";
import { CUSTOMER_ID_BASE, ORDER_ID_BASE } from "~root/bench/scale/story-shift";
import { PrismaClient } from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

const END = new Date("2026-12-01T12:00:00Z");
const ORDERS = 2_000;
const COPIES = 4;
const plan = bigShopPlan(ORDERS, 365);
const history = historyPlan(plan, END, COPIES);
let sqlite: Client;
let db: PrismaClient;

beforeAll(async () => {
  const dir = inject("testDatabaseDir");
  const file = path.join(dir, `stories-${randomUUID()}.sqlite`);
  copyFileSync(path.join(dir, "template.sqlite"), file);
  await seedDatabase(`file:${file}`, { orders: ORDERS, end: END, days: 365, copies: COPIES });
  sqlite = createClient({ url: `file:${file}` });
  db = new PrismaClient({ adapter: new PrismaLibSQL({ url: `file:${file}` }) });
}, 120_000);

afterAll(async () => {
  sqlite?.close();
  await db?.$disconnect();
});

/** The shop's affiliates, coupons and product connections, as seeded, in the order the seeder made them. */
async function seededShared(): Promise<SharedEntities> {
  return {
    affiliates: await db.affiliate.findMany({ where: { shop: BIG_SHOP }, orderBy: { refCode: "asc" } }),
    coupons: await db.coupon.findMany({ where: { shop: BIG_SHOP }, orderBy: { code: "asc" } }),
    productConnections: await db.productConnection.findMany({
      where: { shop: BIG_SHOP },
      orderBy: [{ productId: "asc" }, { createdAt: "asc" }],
    }),
  };
}

type Plain = Record<string, unknown>;
const plain = (row: Row | object): Plain => ({ ...row });

/** A line's identity without its id: its order, kind, cause and what it credits. */
const lineKey = (line: Plain) =>
  [
    line.orderId,
    line.type,
    line.reversalKey,
    line.source,
    line.affiliateId,
    line.rule,
    line.lineItemIds,
  ].join("|");

/** Rows with their ids replaced by what they point at, sorted: comparable across two writings. */
function comparableLedger(orders: Plain[], lines: Plain[]) {
  const orderIds = new Map(orders.map((order) => [order.id, order.orderId]));
  const keys = new Map(lines.map((line) => [line.id, lineKey(line)]));
  return {
    orders: orders
      .map(({ id: _id, ...order }) => order)
      .sort((a, b) => String(a.orderId).localeCompare(String(b.orderId))),
    lines: lines
      .map(({ id: _id, attributedOrderId, reversalOfId, ...line }) => ({
        ...line,
        attributedOrder: orderIds.get(attributedOrderId),
        reversalOf: reversalOfId === null ? null : keys.get(reversalOfId),
      }))
      .sort((a, b) => lineKey(a).localeCompare(lineKey(b))),
  };
}

const withoutId = (rows: Plain[], key: string) =>
  rows.map(({ id: _id, ...row }) => row).sort((a, b) => String(a[key]).localeCompare(String(b[key])));

async function seeded(sql: string, args: Array<string | number>): Promise<Plain[]> {
  return (await sqlite.execute({ sql, args })).rows.map(plain);
}

describe("the seeder's copies of its customers' stories", () => {
  it("are, column by column, what the app's own code writes for each copy's customers at its instants", async () => {
    const shared = await seededShared();
    const first = await buildStories(plan, shared, history, 0, (n) => n);
    const { numbers } = orderNumbers(first.stories, history, END.getTime());
    let compared = 0;
    for (let copy = 0; copy < COPIES; copy++) {
      // (orders after the end are built too, as the pipeline will: numbered apart, then left out)
      const built = await buildStories(
        plan,
        shared,
        history,
        copy,
        (n) => numbers[copy][n] ?? 900_000_000 + n,
      );
      const settled = built.stories
        .filter((story) => story.recordedAt < END.getTime())
        .map((story) => settleStory(story, END.getTime()));
      const orderIds = settled.map((story) => story.order.orderId);
      expect(orderIds.length).toBeGreaterThan(0);
      const inList = orderIds.map(() => "?").join(", ");
      const dbOrders = await seeded(
        `SELECT * FROM "AttributedOrder" WHERE "shop" = ? AND "orderId" IN (${inList})`,
        [BIG_SHOP, ...orderIds],
      );
      const dbLines = await seeded(
        `SELECT * FROM "LedgerLine" WHERE "shop" = ? AND "orderId" IN (${inList})`,
        [BIG_SHOP, ...orderIds],
      );
      expect(comparableLedger(dbOrders, dbLines)).toEqual(
        comparableLedger(
          settled.map((story) => plain(story.order)),
          settled.flatMap((story) => story.lines.map(plain)),
        ),
      );
      expect(
        withoutId(
          await seeded(`SELECT * FROM "RefundedLine" WHERE "shop" = ? AND "orderId" IN (${inList})`, [
            BIG_SHOP,
            ...orderIds,
          ]),
          "orderId",
        ),
      ).toEqual(
        withoutId(
          settled.flatMap((story) => story.refunded.map(plain)),
          "orderId",
        ),
      );
      const customers = [
        String(CUSTOMER_ID_BASE + copy * history.storyCustomers),
        String(CUSTOMER_ID_BASE + (copy + 1) * history.storyCustomers),
      ];
      expect(
        withoutId(
          await seeded(
            `SELECT * FROM "CustomerConnection" WHERE "shop" = ? AND "customerId" >= ? AND "customerId" < ?`,
            [BIG_SHOP, ...customers],
          ),
          "customerId",
        ),
      ).toEqual(withoutId(connectionsAt(built.connections, END.getTime()).map(plain), "customerId"));
      compared += dbOrders.length;
    }
    // Every seeded order of the shop was in one copy or another.
    expect(compared).toBe(await db.attributedOrder.count({ where: { shop: BIG_SHOP } }));
    expect(Math.min(...numbers[COPIES - 1].filter((n) => n !== undefined))).toBeGreaterThan(0);
    expect(
      await db.attributedOrder.count({ where: { shop: BIG_SHOP, orderId: String(ORDER_ID_BASE) } }),
    ).toBe(1);
  }, 120_000);
});
