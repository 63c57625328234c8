// A `refunds/create` payload read as what the ledger reverses, and the order an `orders/cancelled` names.
import { z } from "zod/v4";
import type { Refund } from "~/models/ledger/reversals.server";
import {
  adminGraphqlApiId,
  describeIssues,
  exactId,
  MalformedPayloadError,
  shopifyId as id,
} from "./payload.server";

/** What the app reads of a refund payload (each field in Shopify's own example payloads: test/shopify). */
export const REFUND_PAYLOAD = z.object({
  id,
  admin_graphql_api_id: adminGraphqlApiId,
  order_id: id,
  refund_line_items: z
    .array(
      z.object({
        line_item_id: id,
        quantity: z.number().int().nonnegative(),
        line_item: z.object({ admin_graphql_api_id: adminGraphqlApiId }).nullable().optional(),
      }),
    )
    .optional()
    .default([]),
});

export function readRefundFacts(payload: unknown): Refund {
  const parsed = REFUND_PAYLOAD.safeParse(payload);
  if (!parsed.success) throw new MalformedPayloadError(`Refund payload: ${describeIssues(parsed.error)}`);
  return {
    refundId: exactId(parsed.data.id, parsed.data.admin_graphql_api_id),
    orderId: parsed.data.order_id,
    lines: parsed.data.refund_line_items.map((line) => ({
      lineItemId: exactId(line.line_item_id, line.line_item?.admin_graphql_api_id),
      quantity: line.quantity,
    })),
  };
}

/**
 * What the app reads of an `orders/cancelled` payload. It must be shaped as a cancelled order: the order's
 * body as `orders/create` sent it (cancelled_at null), signed and sent again as a cancellation, reverses
 * nothing.
 */
export const CANCELLED_ORDER_PAYLOAD = z.object({
  id,
  admin_graphql_api_id: adminGraphqlApiId,
  cancelled_at: z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be a date"),
});

export function readOrderId(payload: unknown): string {
  const parsed = CANCELLED_ORDER_PAYLOAD.safeParse(payload);
  if (!parsed.success)
    throw new MalformedPayloadError(`Cancelled order payload: ${describeIssues(parsed.error)}`);
  return exactId(parsed.data.id, parsed.data.admin_graphql_api_id);
}
