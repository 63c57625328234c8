// A `refunds/create` payload read as what the ledger reverses, and the order an `orders/cancelled` names.
import { z } from "zod";
import type { Refund } from "~/models/ledger/reversals.server";
import { describeIssues, MalformedPayloadError, shopifyId as id } from "./payload.server";

const refundSchema = z.object({
  id,
  order_id: id,
  refund_line_items: z
    .array(z.object({ line_item_id: id, quantity: z.number().int().nonnegative() }))
    .optional()
    .default([]),
});

export function readRefundFacts(payload: unknown): Refund {
  const parsed = refundSchema.safeParse(payload);
  if (!parsed.success) throw new MalformedPayloadError(`Refund payload: ${describeIssues(parsed.error)}`);
  return {
    refundId: parsed.data.id,
    orderId: parsed.data.order_id,
    lines: parsed.data.refund_line_items.map((line) => ({
      lineItemId: line.line_item_id,
      quantity: line.quantity,
    })),
  };
}

/**
 * The order an `orders/cancelled` payload cancels. It must be shaped as a cancelled order: the order's body
 * as `orders/create` sent it (cancelled_at null), signed and sent again as a cancellation, reverses nothing.
 */
export function readCancelledOrderId(payload: unknown): string {
  const parsed = z
    .object({
      id,
      cancelled_at: z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be a date"),
    })
    .safeParse(payload);
  if (!parsed.success)
    throw new MalformedPayloadError(`Cancelled order payload: ${describeIssues(parsed.error)}`);
  return parsed.data.id;
}
