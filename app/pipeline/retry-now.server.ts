// The merchant's Retry on the Deliveries screen: the app tries again right away, on the request, and says
// what came of it. The delivery needs attention while it is tried, so the worker (which takes pending ones
// only) never works on it at the same time; processing is idempotent should two retries cross.
import type { PrismaClient } from "@prisma/client";
import type { BulkAnswer, SkippedRow } from "~/lib/answers";
import { countOf } from "~/format/counts";
import { describeDeliveryTopic, describeRetry } from "~/format/deliveries";
import { findDeliveryRows, type DeliveryRow } from "~/models/deliveries/deliveries.server";
import { DeliveryState } from "~/models/deliveries/state";
import { orderCommissionCount } from "~/models/ledger/lines.server";
import { processDelivery, type ProcessDeps } from "./process-delivery.server";

export interface RetryNowAnswer extends BulkAnswer {
  retried: number;
  /** The retried deliveries as they are now, for the screen to show in place. */
  deliveries: DeliveryRow[];
}

/** Tries the given deliveries of this shop again now, one after the other, and says what came of each. */
export async function retryDeliveriesNow(
  deps: ProcessDeps,
  shop: string,
  ids: string[],
): Promise<RetryNowAnswer> {
  const { db } = deps;
  const unique = [...new Set(ids)];
  const skipped: SkippedRow[] = [];
  const retried: string[] = [];
  for (const id of unique) {
    const delivery = await db.webhookDelivery.findFirst({ where: { id, shop } });
    if (!delivery) {
      skipped.push({ id, label: id, reason: "No such delivery" });
    } else if (delivery.state !== DeliveryState.needsAttention) {
      skipped.push({
        id,
        label: describeDeliveryTopic(delivery.topic),
        reason: "It no longer needs attention",
      });
    } else {
      const now = deps.now();
      const outcome = await processDelivery(delivery, { ...deps, now: () => now });
      // A failure counts itself as a try (the pipeline's marks); a try that worked counts here.
      const worked = outcome === "processed" || outcome === "waiting";
      await db.webhookDelivery.updateMany({
        where: { id, shop },
        data: { lastAttemptAt: now, ...(worked ? { attempts: { increment: 1 } } : {}) },
      });
      retried.push(id);
    }
  }
  const deliveries = await findDeliveryRows(db, shop, retried);
  const outcomes = await Promise.all(deliveries.map((row) => retryOutcome(db, shop, row)));
  const failing = deliveries.filter((row) => isFailing(row.state)).length;
  let message: string;
  if (deliveries.length === 0) {
    message = `Nothing retried: ${countOf(skipped.length, "delivery", "deliveries")} skipped`;
  } else if (deliveries.length === 1) {
    message = outcomes[0];
  } else {
    const parts = [`${deliveries.length - failing} done`, ...(failing ? [`${failing} still failing`] : [])];
    message = `${countOf(deliveries.length, "delivery", "deliveries")} retried: ${parts.join(", ")}`;
  }
  if (skipped.length > 0 && deliveries.length > 0)
    message += ` (${countOf(skipped.length, "delivery", "deliveries")} skipped)`;
  return {
    retried: deliveries.length,
    deliveries,
    skipped,
    toast: { message, isError: deliveries.length === 0 || failing > 0 },
  };
}

const isFailing = (state: string) =>
  state === DeliveryState.needsAttention || state === DeliveryState.pending;

async function retryOutcome(db: PrismaClient, shop: string, row: DeliveryRow): Promise<string> {
  const commissions =
    row.topic === "orders/create" && row.orderId && row.state === DeliveryState.processed
      ? await orderCommissionCount(db, shop, row.orderId)
      : 0;
  return describeRetry({
    topic: row.topic,
    state: row.state,
    orderName: row.orderName,
    commissions,
    lastError: row.lastError,
  });
}
