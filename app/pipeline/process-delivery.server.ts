import type { Client } from "@libsql/client";
import type { PrismaClient, WebhookDelivery } from "@prisma/client";
import type { AdminGraphqlClient } from "~/graphql/client";
import {
  eraseRedactedDeliveries,
  readDataRequest,
  readShopRedact,
  redactCustomer,
  redactShop,
} from "./compliance.server";
import { applyCancellation, applyRefund } from "~/models/ledger/reversals.server";
import { MalformedPayloadError, readPayload } from "./payload.server";
import { readOrderId, readRefundFacts } from "./refund-facts.server";
import { recordOrders } from "./record-orders.server";
import { forgetShop, type Spool } from "./spool.server";
import { timed, timedSync } from "./stage-times.server";
import { markFailed, markNeedsAttention, markProcessed, markWaiting } from "./inbox.server";

export interface ProcessDeps {
  db: PrismaClient;
  /** The same database on the driver, for recording batches (see recordOrders). */
  sqlite: Client;
  /**
   * The connection a batch's crediting transaction commits on, when not `sqlite`: one whose commits do not
   * wait for the disk (db.server's creditingSqlite; decision 0009, sixth pass).
   */
  creditingSqlite?: Client;
  /** Where webhooks wait before they reach the inbox (see spool.server). */
  spool: () => Promise<Spool>;
  /** The shop's Admin GraphQL client from its offline session, or null when there is none. */
  graphqlFor: (shop: string) => Promise<AdminGraphqlClient | null>;
  now: () => Date;
  /**
   * Told when personal data was erased (customers/redact, or a delivery about a redacted customer), so
   * that the worker checkpoints the files' logs away after the round (see scrubErasedBytes).
   */
  onErased?: () => void;
}

export type ProcessOutcome = "processed" | "waiting" | "retry" | "needs_attention" | "deferred";

/**
 * Records a batch of one shop's `orders/create` deliveries together (a handful of queries for the whole
 * batch). A payload that can never be processed is kept as needing attention; a failure that may pass
 * (Shopify not answering) is retried with backoff.
 */
export async function processOrderDeliveries(
  shop: string,
  deliveries: WebhookDelivery[],
  deps: ProcessDeps,
): Promise<ProcessOutcome[]> {
  const { db } = deps;
  const now = deps.now();
  const parsed: Array<{ deliveryId: string; payload: unknown }> = [];
  const outcomes = new Map<string, ProcessOutcome>();
  const erasure = await timed("erase check", () => eraseRedactedDeliveries(db, shop, deliveries));
  if (erasure.erased) deps.onErased?.();
  for (const delivery of erasure.deliveries) {
    try {
      parsed.push({
        deliveryId: delivery.id,
        payload: timedSync("parse payload", () => readPayload(delivery.payload)),
      });
    } catch (error) {
      await markNeedsAttention(db, delivery, (error as Error).message, now);
      outcomes.set(delivery.id, "needs_attention");
    }
  }

  let recorded: Awaited<ReturnType<typeof recordOrders>> = [];
  try {
    recorded = parsed.length
      ? await timed("recordOrders", async () =>
          recordOrders(shop, parsed, {
            db,
            sqlite: deps.sqlite,
            creditingSqlite: deps.creditingSqlite,
            graphql: await timed("graphqlFor (session)", () => deps.graphqlFor(shop)),
            now,
          }),
        )
      : [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    for (const delivery of deliveries.filter((d) => !outcomes.has(d.id))) {
      await markFailed(db, delivery, message, now);
      outcomes.set(delivery.id, "retry");
    }
    return deliveries.map((delivery) => outcomes.get(delivery.id)!);
  }

  const byId = new Map(deliveries.map((delivery) => [delivery.id, delivery]));
  const done: string[] = [];
  for (const outcome of recorded) {
    const delivery = byId.get(outcome.deliveryId)!;
    switch (outcome.status) {
      case "recorded":
        outcomes.set(outcome.deliveryId, "processed");
        break;
      case "duplicate":
        done.push(outcome.deliveryId);
        outcomes.set(outcome.deliveryId, "processed");
        break;
      case "deferred":
        outcomes.set(outcome.deliveryId, "deferred");
        break;
      case "malformed":
        await markNeedsAttention(db, delivery, outcome.error, now);
        outcomes.set(outcome.deliveryId, "needs_attention");
        break;
      case "retry":
        await markFailed(db, delivery, outcome.error, now);
        outcomes.set(outcome.deliveryId, "retry");
        break;
    }
  }
  await timed("mark processed (duplicates)", () => markProcessed(db, done, now));
  return deliveries.map((delivery) => outcomes.get(delivery.id)!);
}

/** Processes one delivery of any other topic. */
export async function processDelivery(stored: WebhookDelivery, deps: ProcessDeps): Promise<ProcessOutcome> {
  const { db } = deps;
  const now = deps.now();
  let delivery = stored;
  try {
    const erasure = await eraseRedactedDeliveries(db, stored.shop, [stored]);
    if (erasure.erased) deps.onErased?.();
    delivery = erasure.deliveries[0];
    const payload = readPayload(delivery.payload);
    switch (delivery.topic) {
      case "orders/create":
        return (await processOrderDeliveries(delivery.shop, [delivery], deps))[0];
      case "refunds/create":
      case "orders/cancelled": {
        const outcome =
          delivery.topic === "refunds/create"
            ? await applyRefund(db, delivery.shop, readRefundFacts(payload), now)
            : await applyCancellation(db, delivery.shop, readOrderId(payload), now);
        if (outcome.status === "waiting") {
          await markWaiting(
            db,
            delivery.id,
            outcome.orderId,
            `Waiting for order ${outcome.orderId} to be recorded`,
          );
          return "waiting";
        }
        await markProcessed(db, [delivery.id], now);
        return "processed";
      }
      case "customers/redact":
        await redactCustomer(db, delivery.shop, payload);
        deps.onErased?.();
        await markProcessed(db, [delivery.id], now);
        return "processed";
      case "shop/redact":
        readShopRedact(payload, delivery.shop);
        // Deletes every row of the shop, this delivery included, and whatever of it is still spooled.
        await forgetShop(await deps.spool(), delivery.shop);
        await redactShop(db, delivery.shop);
        deps.onErased?.();
        return "processed";
      case "customers/data_request":
        readDataRequest(payload, delivery.shop);
        // Everything the app keeps about a customer is on the merchant's screens; nothing to send.
        await markProcessed(db, [delivery.id], now);
        return "processed";
      default:
        throw new MalformedPayloadError(`No processing for topic ${delivery.topic}`);
    }
  } catch (error) {
    if (error instanceof MalformedPayloadError) {
      await markNeedsAttention(db, delivery, error.message, now);
      return "needs_attention";
    }
    await markFailed(db, delivery, error instanceof Error ? error.message : String(error), now);
    return "retry";
  }
}
