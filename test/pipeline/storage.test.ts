// The storage under the pipeline: the process-wide write lock, connections that write side by side, the
// spool webhooks are stored in before they are acknowledged, and the ids that keep a batch in order.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { copyFileSync, existsSync } from "node:fs";
import prisma, { createPrismaClient, databaseUrl, sqlite } from "~/db.server";
import { spool } from "~/pipeline/runtime.server";
import { orderedId } from "~/lib/ordered-id.server";
import type { Client, InStatement, Transaction } from "@libsql/client";
import { createCreditingClient, createSqliteClient, WriteLock } from "~/lib/sqlite.server";
import { DEFAULT_PROGRAM, saveProgramSettings } from "~/models/program/program.server";
import { drainInbox } from "~/pipeline/inbox-worker.server";
import { processDeps } from "~/pipeline/runtime.server";
import { stringifyJsonExact } from "~/lib/exact-json";
import { createAffiliate } from "~test/factories";
import { orderPayload } from "~test/helpers/orders";
import { InboxWriter } from "~/pipeline/inbox-writer.server";
import type { IncomingDelivery } from "~/pipeline/inbox.server";
import { forgetShop, moveSpooled, openSpool, spoolDeliveries, spoolUrl } from "~/pipeline/spool.server";
import { resetDatabase } from "~test/helpers/db";
import { recordingSqlite } from "~test/helpers/query-plans";
import { installShop, OTHER_SHOP, TEST_SHOP } from "~test/helpers/shopify";

beforeEach(async () => {
  await resetDatabase();
});

function incoming(webhookId: string, shop = TEST_SHOP, body = `{"id":"${webhookId}"}`): IncomingDelivery {
  return {
    shop,
    topic: "orders/create",
    webhookId,
    orderId: webhookId,
    payload: new TextEncoder().encode(body),
  };
}

async function spooledCount(shop?: string): Promise<number> {
  const { rows } = await (
    await spool()
  ).client.execute({
    sql: `SELECT count(*) AS n FROM "SpooledDelivery" WHERE ? IS NULL OR "shop" = ?`,
    args: [shop ?? null, shop ?? null],
  });
  return Number(rows[0].n);
}

describe("the write lock", () => {
  it("lets one holder in at a time, in turn, and a release twice changes nothing", async () => {
    const lock = new WriteLock(new SharedArrayBuffer(4));
    const events: string[] = [];
    const holder = async (name: string) => {
      const release = await lock.acquire();
      events.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`${name} out`);
      release();
      release();
    };
    await Promise.all([holder("a"), holder("b"), holder("c")]);
    expect(events).toHaveLength(6);
    for (let i = 0; i < 6; i += 2) expect(events[i + 1]).toBe(events[i].replace(" in", " out"));
  });
});

describe("the app database's connections", () => {
  it("checkpoint their log every 4,000 pages, on new connections too, and overwrite what they delete", async () => {
    const client = createSqliteClient({ url: databaseUrl() });
    try {
      const settings = async () => {
        const { rows } = await client.execute("PRAGMA wal_autocheckpoint");
        const secure = await client.execute("PRAGMA secure_delete");
        return [Number(rows[0].wal_autocheckpoint), Number(secure.rows[0].secure_delete)];
      };
      expect(await settings()).toEqual([4000, 1]);
      // A transaction takes the connection away; the next statement opens another.
      const tx = await client.transaction("write");
      await tx.commit();
      expect(await settings()).toEqual([4000, 1]);
    } finally {
      client.close();
    }
  });
});

describe("what a power cut may take (decision 0009, sixth pass)", () => {
  const synchronous = async (client: Pick<Client, "execute">) =>
    Number((await client.execute("PRAGMA synchronous")).rows[0].synchronous);
  const FULL = 2;
  const NORMAL = 1;

  /** An installed shop with an affiliate, and orders referred by it waiting in the spool. */
  async function spoolOrders(ids: number[]) {
    await installShop(TEST_SHOP);
    await saveProgramSettings(prisma, TEST_SHOP, {
      program: DEFAULT_PROGRAM,
      autoApproveDays: null,
      creditTestOrders: false,
      cookieWindowDays: 30,
    });
    await createAffiliate({ refCode: "alice" });
    await spoolDeliveries(
      await spool(),
      ids.map((id) => ({
        id: orderedId(),
        delivery: {
          shop: TEST_SHOP,
          topic: "orders/create",
          webhookId: `w${id}`,
          orderId: String(id),
          payload: new TextEncoder().encode(
            stringifyJsonExact(orderPayload({ id, landingSite: "/?ref=alice" })),
          ),
        },
        receivedAt: new Date(),
      })),
    );
  }

  it("the crediting connections commit without waiting for the disk, every other connection waits", async () => {
    const crediting = createCreditingClient({ url: databaseUrl() });
    const other = createSqliteClient({ url: databaseUrl() });
    try {
      expect([await synchronous(crediting), await synchronous(other)]).toEqual([NORMAL, FULL]);
      // A transaction takes the connection away; the next statement opens another, set up the same.
      const tx = await crediting.transaction("write");
      expect(await synchronous(tx)).toBe(NORMAL);
      await tx.commit();
      expect(await synchronous(crediting)).toBe(NORMAL);
      expect(await synchronous(processDeps().creditingSqlite!)).toBe(NORMAL);
      expect(await synchronous(processDeps().sqlite)).toBe(FULL);
    } finally {
      crediting.close();
      other.close();
    }
  });

  it("the spool lets a delivery go only once its inbox copy was committed waiting for the disk; its order is credited after, without waiting", async () => {
    await spoolOrders([41]);

    const events: string[] = [];
    const writesTo = (statements: InStatement[], table: string) =>
      statements.some((statement) =>
        (typeof statement === "string" ? statement : statement.sql).startsWith(`INSERT INTO "${table}"`),
      );
    const deps = processDeps();
    // The inbox's copy: noted with the setting of the connection that committed it.
    const inbox = new Proxy(deps.sqlite, {
      get(target, property, receiver) {
        if (property === "batch")
          return async (statements: InStatement[], mode?: "write") => {
            const result = await target.batch(statements, mode);
            if (writesTo(statements, "WebhookDelivery"))
              events.push(`inbox copy committed, synchronous ${await synchronous(target)}`);
            return result;
          };
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const spooled = await spool();
    const spoolClient = new Proxy(spooled.client, {
      get(target, property, receiver) {
        if (property === "execute")
          return async (statement: InStatement) => {
            const result = await target.execute(statement);
            if (typeof statement !== "string" && statement.sql.startsWith(`DELETE FROM "SpooledDelivery"`))
              events.push("spool delete");
            return result;
          };
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    // The crediting transaction: noted with its connection's setting, before it commits.
    const creditingClient = deps.creditingSqlite!;
    const crediting = new Proxy(creditingClient, {
      get(target, property, receiver) {
        if (property === "transaction")
          return async (mode?: "write") => {
            const tx = await target.transaction(mode);
            return new Proxy(tx, {
              get(txTarget, txProperty, txReceiver) {
                if (txProperty === "batch")
                  return async (statements: InStatement[]) => {
                    if (writesTo(statements, "AttributedOrder"))
                      events.push(`orders written, synchronous ${await synchronous(txTarget)}`);
                    return txTarget.batch(statements);
                  };
                const value: unknown = Reflect.get(txTarget, txProperty, txReceiver);
                return typeof value === "function" ? value.bind(txTarget) : value;
              },
            }) satisfies Transaction;
          };
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });

    expect(
      await drainInbox({
        ...deps,
        sqlite: inbox,
        creditingSqlite: crediting,
        spool: async () => ({ client: spoolClient }),
      }),
    ).toMatchObject({ processed: 1 });
    expect(events).toEqual([
      `inbox copy committed, synchronous ${FULL}`,
      "spool delete",
      `orders written, synchronous ${NORMAL}`,
    ]);
    expect(await prisma.attributedOrder.count()).toBe(1);
    expect(await prisma.webhookDelivery.findFirstOrThrow()).toMatchObject({ state: "processed" });
    expect(await spooledCount()).toBe(0);
  });

  it("a power cut that takes the crediting transaction leaves its delivery pending in the inbox: credited once after, nothing lost", async () => {
    await spoolOrders([42, 43, 44]);

    // What the disk holds when the crediting transaction begins: everything committed before it was
    // committed waiting for the disk (the inbox's copy, then the spool's delete). The crediting commit does not
    // wait, so a power cut may leave the files just so.
    const file = databaseUrl().slice("file:".length);
    const cut = `${file}.power-cut.sqlite`;
    const deps = processDeps();
    const creditingClient = deps.creditingSqlite!;
    let snapshots = 0;
    const crediting = new Proxy(creditingClient, {
      get(target, property, receiver) {
        if (property === "transaction")
          return (mode?: "write") => {
            if (snapshots++ === 0) {
              copyFileSync(file, cut);
              if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${cut}-wal`);
            }
            return target.transaction(mode);
          };
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    expect(await drainInbox({ ...deps, creditingSqlite: crediting })).toMatchObject({ processed: 3 });
    expect(snapshots).toBe(1);
    expect(await spooledCount()).toBe(0);
    const linesBefore = await prisma.ledgerLine.count();
    expect(linesBefore).toBeGreaterThan(0);

    // The machine comes back with the files as they were: the spool without the deliveries, the database
    // without their orders.
    const url = `file:${cut}`;
    copyFileSync(spoolUrl(databaseUrl()).slice("file:".length), spoolUrl(url).slice("file:".length));
    if (existsSync(`${spoolUrl(databaseUrl()).slice("file:".length)}-wal`))
      copyFileSync(
        `${spoolUrl(databaseUrl()).slice("file:".length)}-wal`,
        `${spoolUrl(url).slice("file:".length)}-wal`,
      );
    const db = createPrismaClient(url);
    const restarted = {
      db,
      sqlite: createSqliteClient({ url }),
      creditingSqlite: createCreditingClient({ url }),
      spool: async () => restartedSpool,
    };
    const restartedSpool = await openSpool(spoolUrl(url));
    try {
      expect(await db.attributedOrder.count()).toBe(0);
      expect((await db.webhookDelivery.findMany()).map((delivery) => delivery.state)).toEqual([
        "pending",
        "pending",
        "pending",
      ]);
      expect(await drainInbox({ ...deps, ...restarted })).toMatchObject({ processed: 3 });
      expect(await db.attributedOrder.count()).toBe(3);
      expect(await db.ledgerLine.count()).toBe(linesBefore);
      expect(await db.webhookDelivery.count({ where: { state: "processed" } })).toBe(3);
      // Drained again: nothing more.
      expect(await drainInbox({ ...deps, ...restarted })).toMatchObject({ processed: 0 });
      expect(await db.attributedOrder.count()).toBe(3);
    } finally {
      await db.$disconnect();
      restarted.sqlite.close();
      restarted.creditingSqlite.close();
      restartedSpool.client.close();
    }
  });
});

describe("connections writing side by side", () => {
  it("never fail with SQLITE_BUSY: Prisma transactions and driver batches on other connections all land", async () => {
    const other = createSqliteClient({ url: databaseUrl() });
    const rows = (n: number) =>
      Array.from({ length: 5 }, (_, i) => ({
        sql: `INSERT INTO "WebhookDelivery" ("id", "shop", "topic", "webhookId", "payload", "state", "attempts",
          "nextAttemptAt", "receivedAt") VALUES (?, ?, 'orders/create', ?, ?, 'processed', 0, ?, ?)`,
        args: [
          randomUUID(),
          TEST_SHOP,
          `w${n}-${i}`,
          Buffer.alloc(2_000),
          new Date().toISOString(),
          new Date().toISOString(),
        ],
      }));
    const writers = [
      ...Array.from({ length: 20 }, (_, n) => other.batch(rows(n), "write")),
      ...Array.from({ length: 20 }, (_, n) => sqlite.batch(rows(100 + n), "write")),
      ...Array.from({ length: 20 }, (_, n) =>
        prisma.$transaction(async (tx) => {
          await tx.affiliate.create({
            data: { shop: TEST_SHOP, name: `A${n}`, refCode: `a${n}`, refCodeKey: `a${n}` },
          });
          await new Promise((resolve) => setTimeout(resolve, 1));
          await tx.affiliate.updateMany({
            where: { shop: TEST_SHOP, refCode: `a${n}` },
            data: { name: `B${n}` },
          });
        }),
      ),
    ];
    await Promise.all(writers);
    expect(await prisma.webhookDelivery.count()).toBe(200);
    expect(await prisma.affiliate.count({ where: { name: { startsWith: "B" } } })).toBe(20);
    other.close();
  });
});

describe("the spool", () => {
  it("lives in a file of its own next to the database", () => {
    expect(spoolUrl("file:./prisma/dev.sqlite")).toBe("file:./prisma/dev.spool.sqlite");
    expect(spoolUrl("file:/data/app.db")).toBe("file:/data/app.spool.db");
    expect(spoolUrl("file:/data/app")).toBe("file:/data/app.spool.sqlite");
  });

  it("stores each webhook id of a shop once, and says which were new", async () => {
    const now = new Date();
    const fresh = await spoolDeliveries(await spool(), [
      { id: randomUUID(), delivery: incoming("1"), receivedAt: now },
      { id: randomUUID(), delivery: incoming("1"), receivedAt: now },
      { id: randomUUID(), delivery: incoming("1", OTHER_SHOP), receivedAt: now },
    ]);
    expect(fresh).toEqual([true, false, true]);
    expect(await spooledCount()).toBe(2);
  });

  it("stores a batch larger than one INSERT statement, flagging each repeat of a webhook id", async () => {
    const s = await spool();
    const ids = Array.from({ length: 620 }, (_, i) => `w${i}`);
    const batch = [...ids, "w3", "w610"].map((webhookId) => ({
      id: randomUUID(),
      delivery: incoming(webhookId),
      receivedAt: new Date(),
    }));
    const fresh = await spoolDeliveries(s, batch);
    expect(fresh.slice(0, 620).every(Boolean)).toBe(true);
    expect(fresh.slice(620)).toEqual([false, false]);
    expect(await spooledCount()).toBe(620);
  });

  it("moves into the inbox byte for byte, skips what the inbox already has, and empties itself", async () => {
    const s = await spool();
    const junk = "\u0000not json\u00ff";
    await spoolDeliveries(s, [
      { id: randomUUID(), delivery: incoming("1", TEST_SHOP, junk), receivedAt: new Date() },
      { id: randomUUID(), delivery: incoming("2"), receivedAt: new Date() },
    ]);
    expect(await moveSpooled(s, sqlite)).toBe(2);
    expect(await spooledCount()).toBe(0);

    // Shopify sends webhook 1 again after it was moved: spooled again, then skipped by the inbox.
    await spoolDeliveries(s, [{ id: randomUUID(), delivery: incoming("1"), receivedAt: new Date() }]);
    expect(await moveSpooled(s, sqlite)).toBe(1);
    const inbox = await prisma.webhookDelivery.findMany({ orderBy: { webhookId: "asc" } });
    expect(inbox.map((delivery) => delivery.webhookId)).toEqual(["1", "2"]);
    expect(new TextDecoder().decode(inbox[0].payload)).toBe(junk);
    expect(inbox.every((delivery) => delivery.state === "pending" && delivery.attempts === 0)).toBe(true);
  });

  it("moves a backlog 2,000 at a time, in order, and checkpoints the spool's log once, after the last chunk", async () => {
    const s = await spool();
    const count = 4_500;
    for (let start = 0; start < count; start += 500) {
      await spoolDeliveries(
        s,
        Array.from({ length: 500 }, (_, index) => ({
          id: orderedId(),
          delivery: incoming(String(start + index)),
          receivedAt: new Date(),
        })),
      );
    }
    const { sqlite: recorded, queries } = recordingSqlite(s.client);
    expect(await moveSpooled({ client: recorded }, sqlite)).toBe(count);
    expect(await spooledCount()).toBe(0);
    const { rows } = await sqlite.execute(`SELECT "webhookId" FROM "WebhookDelivery" ORDER BY "id"`);
    expect(rows.map((row) => Number(row.webhookId))).toEqual(Array.from({ length: count }, (_, i) => i));
    // Chunks of 2,000 (three reads, three deletes), and one checkpoint, after the last delete.
    const kinds = queries.map(({ sql }) => /^\s*(\w+)/.exec(sql)![1]);
    expect(kinds).toEqual(["SELECT", "DELETE", "SELECT", "DELETE", "SELECT", "DELETE", "PRAGMA"]);
    expect(queries.at(-1)!.sql).toBe("PRAGMA wal_checkpoint(PASSIVE)");
  });

  it("copied but not yet deleted when the process died: moving again changes nothing", async () => {
    const s = await spool();
    await spoolDeliveries(s, [{ id: randomUUID(), delivery: incoming("7"), receivedAt: new Date() }]);
    const { rows } = await s.client.execute(`SELECT * FROM "SpooledDelivery"`);
    await moveSpooled(s, sqlite);
    // Put the row back, as if the DELETE never ran.
    const columns = Object.keys(rows[0]);
    await s.client.execute({
      sql: `INSERT INTO "SpooledDelivery" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      args: columns.map((column) => rows[0][column]),
    });
    await moveSpooled(s, sqlite);
    expect(await prisma.webhookDelivery.count()).toBe(1);
    expect(await spooledCount()).toBe(0);
  });

  it("forgets one shop's deliveries and only that shop's (shop/redact)", async () => {
    const s = await spool();
    await spoolDeliveries(s, [
      { id: randomUUID(), delivery: incoming("1"), receivedAt: new Date() },
      { id: randomUUID(), delivery: incoming("2", OTHER_SHOP), receivedAt: new Date() },
    ]);
    await forgetShop(s, TEST_SHOP);
    expect(await spooledCount(TEST_SHOP)).toBe(0);
    expect(await spooledCount(OTHER_SHOP)).toBe(1);
  });
});

describe("the inbox writer", () => {
  it("stores the webhooks of one turn of the event loop together, each answered as new or duplicate", async () => {
    const writer = new InboxWriter(spool);
    const answers = await Promise.all([
      writer.store(incoming("a")),
      writer.store(incoming("b")),
      writer.store(incoming("a")),
      writer.store(incoming("c", OTHER_SHOP)),
    ]);
    expect(answers.map((answer) => answer.duplicate)).toEqual([false, false, true, false]);
    expect(await spooledCount()).toBe(3);
  });

  it("a delivery the database refuses fails alone; the others of its turn are stored", async () => {
    const writer = new InboxWriter(spool);
    const refused = { ...incoming("bad"), shop: null as unknown as string };
    const results = await Promise.allSettled([
      writer.store(incoming("x")),
      writer.store(refused),
      writer.store(incoming("y")),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await spooledCount()).toBe(2);
  });
});

describe("ordered ids", () => {
  it("sort in the order they were made, even many in one millisecond, and are UUID v7", () => {
    const ids = Array.from({ length: 5_000 }, () => orderedId(1_800_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(orderedId(1_800_000_000_001) > ids[ids.length - 1]).toBe(true);
  });
});
