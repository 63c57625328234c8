// Webhook deliveries that need the merchant's attention (failed for good), and the merchant's retry.
// Storing and processing them is the pipeline's (~/pipeline), which moves them through ./state.
import type { PrismaClient, WebhookDelivery } from "@prisma/client";
import { parseJsonExact, stringifyJsonExact } from "~/lib/exact-json";
import { paginate, type PageInfo } from "~/lib/pagination";
import { orderByColumn, type ListSort } from "~/lib/sorting";
import { DeliveryState } from "./state";

/** How much of a payload the screen shows (the rest is cut, and said so). */
export const PAYLOAD_PREVIEW_CHARS = 4096;

export interface DeliveryRow {
  id: string;
  topic: string;
  /** Shopify's id of the webhook, for developers. */
  webhookId: string;
  orderId: string | null;
  /** The order's name ("#1001") when the app has recorded the order. */
  orderName: string | null;
  receivedAt: string;
  /** Where it stands (DeliveryState): needing attention, or after a retry, processed, waiting or pending. */
  state: string;
  attempts: number;
  /** When the app last tried to act on it (null when never tried, or before this was kept). */
  lastAttemptAt: string | null;
  lastError: string | null;
  /** The payload as text (pretty-printed when it is JSON), cut to `PAYLOAD_PREVIEW_CHARS`. */
  payloadPreview: string;
  payloadBytes: number;
  truncated: boolean;
}

/**
 * A stored payload as text, whichever way it is stored (bytes exactly as signed, or a string); invalid
 * UTF-8 shows as replacement characters.
 */
export function payloadText(payload: unknown): string {
  if (typeof payload === "string") return payload;
  if (payload instanceof Uint8Array)
    return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8");
  return "";
}

function payloadBytes(payload: unknown): number {
  if (typeof payload === "string") return Buffer.byteLength(payload, "utf8");
  if (payload instanceof Uint8Array) return payload.byteLength;
  return 0;
}

export function previewPayload(payload: unknown): { text: string; truncated: boolean } {
  const raw = payloadText(payload);
  let text = raw;
  try {
    // Exactly: an 18-digit id is shown as Shopify sent it, not as JavaScript would round it.
    text = stringifyJsonExact(parseJsonExact(raw, { bigInteger: BigInt }), "  ");
  } catch {
    // Not JSON (that may be why it needs attention): shown as it came.
  }
  return text.length > PAYLOAD_PREVIEW_CHARS
    ? { text: text.slice(0, PAYLOAD_PREVIEW_CHARS), truncated: true }
    : { text, truncated: false };
}

export async function countDeliveriesNeedingAttention(db: PrismaClient, shop: string): Promise<number> {
  return db.webhookDelivery.count({ where: { shop, state: DeliveryState.needsAttention } });
}

/** The columns the Deliveries list sorts by. */
export const DELIVERY_SORTS = ["receivedAt", "attempts"] as const;
export type DeliverySort = (typeof DELIVERY_SORTS)[number];

/** One page of this shop's deliveries needing attention, newest first unless sorted otherwise. */
export async function listDeliveriesNeedingAttention(
  db: PrismaClient,
  shop: string,
  page: number,
  sort: ListSort<DeliverySort> = { key: "receivedAt", direction: "desc" },
): Promise<{ deliveries: DeliveryRow[]; pageInfo: PageInfo }> {
  const where = { shop, state: DeliveryState.needsAttention };
  const total = await db.webhookDelivery.count({ where });
  const { pageInfo, skip, take } = paginate(total, page);
  const rows = await db.webhookDelivery.findMany({
    where,
    orderBy: orderByColumn(sort.key, sort.direction),
    skip,
    take,
  });
  return { pageInfo, deliveries: await toRows(db, shop, rows) };
}

/** This shop's deliveries of the given ids, whatever their state, as the screen shows them. */
export async function findDeliveryRows(
  db: PrismaClient,
  shop: string,
  ids: string[],
): Promise<DeliveryRow[]> {
  const rows = await db.webhookDelivery.findMany({ where: { shop, id: { in: ids } } });
  const byId = new Map((await toRows(db, shop, rows)).map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function toRows(db: PrismaClient, shop: string, rows: WebhookDelivery[]): Promise<DeliveryRow[]> {
  const orderIds = [...new Set(rows.flatMap((row) => (row.orderId ? [row.orderId] : [])))];
  const orders = orderIds.length
    ? await db.attributedOrder.findMany({
        where: { shop, orderId: { in: orderIds } },
        select: { orderId: true, orderName: true },
      })
    : [];
  const names = new Map(orders.map((order) => [order.orderId, order.orderName]));
  return rows.map((row) => {
    const preview = previewPayload(row.payload);
    return {
      id: row.id,
      topic: row.topic,
      webhookId: row.webhookId,
      orderId: row.orderId,
      orderName: (row.orderId && names.get(row.orderId)) || null,
      receivedAt: row.receivedAt.toISOString(),
      state: row.state,
      attempts: row.attempts,
      lastAttemptAt: (row.lastAttemptAt ?? row.processedAt)?.toISOString() ?? null,
      lastError: row.lastError,
      payloadPreview: preview.text,
      payloadBytes: payloadBytes(row.payload),
      truncated: preview.truncated,
    };
  });
}

/** The merchant's retry of a delivery that needs attention. False when there is no such delivery in this shop. */
export async function retryDelivery(
  db: PrismaClient,
  shop: string,
  id: string,
  now: Date = new Date(),
): Promise<boolean> {
  const { count } = await db.webhookDelivery.updateMany({
    where: { id, shop, state: DeliveryState.needsAttention },
    data: { state: DeliveryState.pending, attempts: 0, nextAttemptAt: now },
  });
  return count === 1;
}
