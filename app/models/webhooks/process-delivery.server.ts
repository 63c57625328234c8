import type { PrismaClient, WebhookDelivery } from "@prisma/client";
import type { AdminGraphqlClient } from "~/graphql/client";
import { redactCustomer, redactShop } from "~/models/compliance/compliance.server";
import { applyCancellation, applyRefund } from "~/models/ledger/reversals.server";
import { MalformedPayloadError } from "~/models/orders/order-facts.server";
import { recordOrder } from "~/models/orders/record-order.server";
import { markFailed, markNeedsAttention, markProcessed, markWaiting, payloadText } from "./inbox.server";

export interface ProcessDeps {
  db: PrismaClient;
  /** The shop's Admin GraphQL client from its offline session, or null when there is none. */
  graphqlFor: (shop: string) => Promise<AdminGraphqlClient | null>;
  now: () => Date;
}

export type ProcessOutcome = "processed" | "waiting" | "retry" | "needs_attention";

/**
 * Processes one stored delivery. A payload that can never be processed is kept as needing attention;
 * any other failure (Shopify not answering, the database busy) is retried with backoff.
 */
export async function processDelivery(delivery: WebhookDelivery, deps: ProcessDeps): Promise<ProcessOutcome> {
  const { db } = deps;
  const now = deps.now();
  try {
    const payload = parsePayload(delivery.payload);
    switch (delivery.topic) {
      case "orders/create": {
        const graphql = await deps.graphqlFor(delivery.shop);
        await recordOrder(delivery.shop, payload, { db, graphql, now });
        await markProcessed(db, delivery.id, now, orderIdOf(payload));
        return "processed";
      }
      case "refunds/create":
      case "orders/cancelled": {
        const outcome =
          delivery.topic === "refunds/create"
            ? await applyRefund(db, delivery.shop, payload, now)
            : await applyCancellation(db, delivery.shop, payload, now);
        if (outcome.status === "waiting") {
          await markWaiting(
            db,
            delivery.id,
            outcome.orderId,
            `Waiting for order ${outcome.orderId} to be recorded`,
          );
          return "waiting";
        }
        await markProcessed(db, delivery.id, now, orderIdOf(payload));
        return "processed";
      }
      case "customers/redact":
        await redactCustomer(db, delivery.shop, payload);
        await markProcessed(db, delivery.id, now);
        return "processed";
      case "shop/redact":
        // Deletes every row of the shop, this delivery included.
        await redactShop(db, delivery.shop);
        return "processed";
      case "customers/data_request":
        // Everything the app keeps about a customer is on the merchant's screens; nothing to send.
        await markProcessed(db, delivery.id, now);
        return "processed";
      default:
        throw new MalformedPayloadError(`No processing for topic ${delivery.topic}`);
    }
  } catch (error) {
    if (error instanceof MalformedPayloadError) {
      await markNeedsAttention(db, delivery, error.message);
      return "needs_attention";
    }
    await markFailed(db, delivery, error instanceof Error ? error.message : String(error), now);
    return "retry";
  }
}

function parsePayload(raw: Uint8Array): unknown {
  try {
    return JSON.parse(payloadText(raw));
  } catch {
    throw new MalformedPayloadError("The payload is not valid JSON");
  }
}

function orderIdOf(payload: unknown): string | null {
  if (typeof payload !== "object" || payload === null) return null;
  const record = payload as Record<string, unknown>;
  const value = "order_id" in record ? record.order_id : record.id;
  return typeof value === "number" || typeof value === "string" ? String(value) : null;
}
