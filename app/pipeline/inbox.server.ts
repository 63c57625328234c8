import type { Client, InStatement } from "@libsql/client";
import type { PrismaClient, WebhookDelivery } from "@prisma/client";
import { sqliteDateTime } from "~/lib/sqlite.server";
import { modelColumns, readModelRows } from "~/lib/sqlite-rows.server";
import { DeliveryState } from "~/models/deliveries/state";
import { readPayload } from "./payload.server";

export const MAX_ATTEMPTS = 8;

/** Backoff before attempt n+1 after n failures: 2 s, 10 s, 30 s, 2 min, 10 min, 30 min, 1 h. */
const BACKOFF_MS = [2_000, 10_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000];

export function backoffAfter(attempts: number): number {
  return BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)];
}

export interface IncomingDelivery {
  shop: string;
  topic: string;
  webhookId: string;
  eventId?: string | null;
  apiVersion?: string | null;
  /** The raw body, byte for byte. */
  payload: Uint8Array<ArrayBuffer>;
  /** The order the delivery concerns, when it names one (kept for refunds waiting for it, and redaction). */
  orderId?: string | null;
  /** Set for a payload that cannot be processed at all (not JSON): stored for the merchant, never processed. */
  unprocessableReason?: string;
}

/**
 * Up to `limit` deliveries due by `now`, oldest first, leaving out the shops in `busyShops`. Read on the
 * driver: after a burst this is 500 rows with their payloads a round, which Prisma takes several times as
 * long to read (decision 0009).
 */
export async function findDueDeliveries(
  sqlite: Client,
  now: Date,
  limit: number,
  busyShops: string[] = [],
): Promise<WebhookDelivery[]> {
  const { rows } = await sqlite.execute({
    sql: `SELECT ${modelColumns("WebhookDelivery")} FROM "WebhookDelivery"
      WHERE "state" = ? AND "nextAttemptAt" <= ? AND "shop" NOT IN (SELECT value FROM json_each(?))
      ORDER BY "nextAttemptAt", "receivedAt", "id" LIMIT ?`,
    args: [DeliveryState.pending, sqliteDateTime(now), JSON.stringify(busyShops), limit],
  });
  return readModelRows<WebhookDelivery>("WebhookDelivery", rows);
}

export async function nextDueAt(db: PrismaClient): Promise<Date | null> {
  const next = await db.webhookDelivery.findFirst({
    where: { state: DeliveryState.pending },
    orderBy: { nextAttemptAt: "asc" },
    select: { nextAttemptAt: true },
  });
  return next?.nextAttemptAt ?? null;
}

/** Marks deliveries processed: a statement, for the batch that records their orders. */
export function markProcessedStatement(ids: string[], now: Date): InStatement {
  return {
    sql: `UPDATE "WebhookDelivery" SET "state" = ?, "processedAt" = ?, "lastError" = NULL
      WHERE "id" IN (SELECT value FROM json_each(?))`,
    args: [DeliveryState.processed, sqliteDateTime(now), JSON.stringify(ids)],
  };
}

export async function markProcessed(db: PrismaClient, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.webhookDelivery.updateMany({
    where: { id: { in: ids } },
    data: { state: DeliveryState.processed, processedAt: now, lastError: null },
  });
}

export async function markWaiting(
  db: PrismaClient,
  id: string,
  orderId: string,
  reason: string,
): Promise<void> {
  await db.webhookDelivery.updateMany({
    where: { id },
    data: { state: DeliveryState.waiting, orderId, lastError: reason },
  });
}

/** A transient failure: retried with backoff, and kept as needing attention once out of attempts. */
export async function markFailed(
  db: PrismaClient,
  delivery: WebhookDelivery,
  error: string,
  now: Date,
): Promise<void> {
  const attempts = delivery.attempts + 1;
  const exhausted = attempts >= MAX_ATTEMPTS;
  await db.webhookDelivery.updateMany({
    where: { id: delivery.id },
    data: {
      attempts,
      lastAttemptAt: now,
      lastError: exhausted ? `Gave up after ${attempts} attempts: ${error}` : error,
      state: exhausted ? DeliveryState.needsAttention : DeliveryState.pending,
      nextAttemptAt: new Date(now.getTime() + (exhausted ? 0 : backoffAfter(attempts))),
    },
  });
}

/** A failure that retrying cannot fix (the payload itself is wrong). */
export async function markNeedsAttention(
  db: PrismaClient,
  delivery: WebhookDelivery,
  error: string,
  now: Date = new Date(),
): Promise<void> {
  await db.webhookDelivery.updateMany({
    where: { id: delivery.id },
    data: {
      attempts: delivery.attempts + 1,
      lastAttemptAt: now,
      state: DeliveryState.needsAttention,
      lastError: error,
    },
  });
}

/**
 * Refunds and cancellations that arrived before their order: due again now that it is recorded. A
 * statement, for the batch that records the order.
 */
export function releaseWaitingStatement(shop: string, orderIds: string[], now: Date): InStatement {
  return {
    sql: `UPDATE "WebhookDelivery" SET "state" = ?, "nextAttemptAt" = ?
      WHERE "shop" = ? AND "state" = ? AND "orderId" IN (SELECT value FROM json_each(?))`,
    args: [DeliveryState.pending, sqliteDateTime(now), shop, DeliveryState.waiting, JSON.stringify(orderIds)],
  };
}

/**
 * The order a payload concerns: `order_id` of a refund, the id of an order (from its `admin_graphql_api_id`
 * when it has one). `payload` is what authenticate.webhook read, with JSON.parse; an id beyond 2^53 it
 * rounded is read again, exactly, from `raw`.
 */
export function orderIdOf(topic: string, payload: unknown, raw: Uint8Array): string | null {
  const field = topic === "refunds/create" ? "order_id" : topic.startsWith("orders/") ? "id" : null;
  const idOf = (value: unknown): string | null => {
    if (typeof value !== "object" || value === null || !field) return null;
    const record = value as Record<string, unknown>;
    const gid = record.admin_graphql_api_id;
    if (field === "id" && typeof gid === "string" && /^gid:\/\/shopify\/Order\/\d+$/.test(gid))
      return gid.slice(gid.lastIndexOf("/") + 1);
    const id = record[field];
    if (typeof id === "string" && /^\d+$/.test(id)) return id;
    return typeof id === "number" && Number.isSafeInteger(id) && id >= 0 ? String(id) : null;
  };
  const id = idOf(payload);
  if (id !== null || !field) return id;
  const rounded = (payload as Record<string, unknown> | null)?.[field];
  if (typeof rounded !== "number" || Number.isSafeInteger(rounded)) return null;
  try {
    return idOf(readPayload(raw));
  } catch {
    return null;
  }
}
