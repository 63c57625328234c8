// An order's page: its detail from the ledger (./ledger/order-detail.server) with the trace in words.
import type { PrismaClient } from "@prisma/client";
import { describeTrace } from "~/format/trace-words";
import { getOrderDetail } from "~/models/ledger/order-detail.server";
import { traceWordsContexts } from "./trace-context.server";
import type { OrderPage } from "./views";

/** The order (or the order of a ledger line) with its trace in words, dates in `timeZone`; null if none. */
export async function getOrderPage(
  db: PrismaClient,
  shop: string,
  id: string,
  timeZone: string,
): Promise<OrderPage | null> {
  const detail = await getOrderDetail(db, shop, id);
  if (!detail) return null;
  const stored = await db.attributedOrder.findFirstOrThrow({
    where: { shop, id: detail.order.id },
    select: { input: true },
  });
  const contexts = await traceWordsContexts(
    db,
    shop,
    [{ id: detail.order.id, input: stored.input, currency: detail.order.currency }],
    timeZone,
    Object.keys(detail.affiliates),
  );
  const context = contexts.get(detail.order.id)!;
  const { trace, order, lines, focusLineId } = detail;
  return {
    order,
    lines,
    focusLineId,
    trace: {
      credited: describeTrace(trace.credited, context),
      notCredited: describeTrace(trace.notCredited, context),
      base: describeTrace(trace.base, context),
      other: describeTrace(trace.other, context),
    },
    creditable: !detail.order.cancelledAt && !detail.lines.some((line) => line.type === "commission"),
  };
}
