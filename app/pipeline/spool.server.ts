import type { Client, InValue } from "@libsql/client";
import { createClient } from "@libsql/client";
import { insertRows, lockedWrites, sharedLockBuffer, sqliteDateTime, WriteLock } from "~/lib/sqlite.server";
import { DeliveryState } from "~/models/deliveries/state";
import type { IncomingDelivery } from "./inbox.server";
import { timed } from "./stage-times.server";

/**
 * The spool: where a webhook is stored before it is acknowledged, in a SQLite file of its own.
 *
 * SQLite has one writer per file. Were webhooks stored straight into the app's database, each would wait
 * for whatever the inbox worker is writing there (a batch of orders and their ledger lines takes tens of
 * milliseconds on a busy machine), and Shopify would wait with it. In a file of their own they wait for
 * nothing but each other. The worker moves spooled deliveries into the inbox (WebhookDelivery) before each
 * round: copied in one transaction (a delivery already there is skipped), then deleted from the spool,
 * so a crash in between copies them again and changes nothing.
 */
export interface Spool {
  client: Client;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS "SpooledDelivery" (
  "seq" INTEGER PRIMARY KEY,
  "id" TEXT NOT NULL,
  "shop" TEXT NOT NULL,
  "topic" TEXT NOT NULL,
  "webhookId" TEXT NOT NULL,
  "eventId" TEXT,
  "apiVersion" TEXT,
  "orderId" TEXT,
  "payload" BLOB NOT NULL,
  "state" TEXT NOT NULL,
  "lastError" TEXT,
  "receivedAt" TEXT NOT NULL,
  UNIQUE ("shop", "webhookId")
)`;

/** The spool's file: next to the app's database (`file:./prisma/dev.sqlite` → `…/dev.spool.sqlite`). */
export function spoolUrl(databaseUrl: string): string {
  if (!databaseUrl.startsWith("file:"))
    throw new Error(`The spool needs a file: database URL, got ${databaseUrl}`);
  return databaseUrl.replace(/(\.sqlite|\.db)?$/, (extension) => `.spool${extension || ".sqlite"}`);
}

/**
 * Opens the spool (creating its file and table on first use). Its writes take a lock of their own, so
 * they never queue behind the app database's.
 */
export async function openSpool(url: string): Promise<Spool> {
  const client = lockedWrites(createClient({ url }), new WriteLock(sharedLockBuffer("spool")));
  try {
    await client.execute("PRAGMA journal_mode = WAL");
    // Storing a webhook never checkpoints (copying the log into the file would stall that request and the
    // ones behind it): moveSpooled checkpoints, on the worker's side.
    await client.execute("PRAGMA wal_autocheckpoint = 0");
    await client.execute(SCHEMA);
  } catch (error) {
    client.close();
    throw error;
  }
  return { client };
}

const COLUMNS = [
  "id",
  "shop",
  "topic",
  "webhookId",
  "eventId",
  "apiVersion",
  "orderId",
  "payload",
  "state",
  "lastError",
  "receivedAt",
] as const;

function rowOf(id: string, delivery: IncomingDelivery, receivedAt: Date): InValue[] {
  const { payload } = delivery;
  return [
    id,
    delivery.shop,
    delivery.topic,
    delivery.webhookId,
    delivery.eventId ?? null,
    delivery.apiVersion ?? null,
    delivery.orderId ?? null,
    Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength),
    delivery.unprocessableReason ? DeliveryState.needsAttention : DeliveryState.pending,
    delivery.unprocessableReason ?? null,
    sqliteDateTime(receivedAt),
  ];
}

/**
 * Spools deliveries in one transaction. Returns, for each, whether it was new to the spool (of two with the
 * same webhook id, only the first); a delivery already moved to the inbox is spooled again and skipped when
 * it is moved (so it is never processed twice).
 */
export async function spoolDeliveries(
  spool: Spool,
  deliveries: Array<{ id: string; delivery: IncomingDelivery; receivedAt: Date }>,
): Promise<boolean[]> {
  // One multi-row INSERT rather than one per delivery: each statement is prepared anew by the driver.
  const statements = insertRows(
    "SpooledDelivery",
    COLUMNS,
    deliveries.map(({ id, delivery, receivedAt }) => rowOf(id, delivery, receivedAt)),
    `ON CONFLICT ("shop", "webhookId") DO NOTHING RETURNING "shop", "webhookId"`,
  );
  const results =
    statements.length === 1
      ? [await spool.client.execute(statements[0])]
      : await spool.client.batch(statements, "write");
  const stored = new Set(results.flatMap(({ rows }) => rows.map((row) => spoolKey(row.shop, row.webhookId))));
  return deliveries.map(({ delivery }) => stored.delete(spoolKey(delivery.shop, delivery.webhookId)));
}

const spoolKey = (shop: unknown, webhookId: unknown) => JSON.stringify([shop, webhookId]);

// Created with the module, so a worker thread started later shares it.
sharedLockBuffer("spool");

/**
 * Rows moved to a transaction. After a burst the spool holds thousands: each chunk costs two commits (the
 * inbox's, the spool's delete), each waiting for the disk (fsync), so chunks of 2,000 rather than 500
 * (insertRows still writes them 500 to a statement). Decision 0009, fifth pass.
 */
const MOVE_BATCH = 2_000;

/**
 * Moves what the spool holds into the inbox, oldest first. Returns how many were moved; the inbox's
 * unique (shop, webhookId) drops a delivery stored there before. The spool's log is checkpointed once, after
 * the last chunk (each checkpoint waits for the disk twice), not after every chunk.
 */
export async function moveSpooled(spool: Spool, sqlite: Client): Promise<number> {
  let moved = 0;
  for (;;) {
    const { rows } = await timed("spool move: read", () =>
      spool.client.execute({
        sql: `SELECT "seq", ${COLUMNS.map((c) => `"${c}"`).join(", ")} FROM "SpooledDelivery" ORDER BY "seq" LIMIT ?`,
        args: [MOVE_BATCH],
      }),
    );
    if (rows.length === 0) break;
    await timed("spool move: insert into inbox", () =>
      sqlite.batch(
        insertRows(
          "WebhookDelivery",
          [...COLUMNS, "attempts", "nextAttemptAt"],
          rows.map((spooled) => [
            ...COLUMNS.map((column) => spooled[column] as InValue),
            0,
            spooled.receivedAt as InValue,
          ]),
          `ON CONFLICT ("shop", "webhookId") DO NOTHING`,
        ),
        "write",
      ),
    );
    await timed("spool move: delete", () =>
      spool.client.execute({
        sql: `DELETE FROM "SpooledDelivery" WHERE "seq" IN (SELECT value FROM json_each(?))`,
        args: [JSON.stringify(rows.map((spooled) => Number(spooled.seq)))],
      }),
    );
    moved += rows.length;
    if (rows.length < MOVE_BATCH) break;
  }
  if (moved > 0)
    await timed("spool move: checkpoint", () => spool.client.execute("PRAGMA wal_checkpoint(PASSIVE)"));
  return moved;
}

/** shop/redact: nothing of the shop may stay in the spool either. */
export async function forgetShop(spool: Spool, shop: string): Promise<void> {
  await spool.client.execute({ sql: `DELETE FROM "SpooledDelivery" WHERE "shop" = ?`, args: [shop] });
}
