// The states a stored webhook delivery (WebhookDelivery) moves through: the pipeline moves it along, the
// Deliveries screen shows the ones that need the merchant.
export const DeliveryState = {
  /** Stored, due for processing at `nextAttemptAt` (a first attempt, or a retry after a transient failure). */
  pending: "pending",
  processed: "processed",
  /** A refund or cancellation whose order has not been recorded yet; applied when the order lands. */
  waiting: "waiting",
  /** Failed for good (malformed payload, or out of attempts): the merchant sees it and can retry it. */
  needsAttention: "needs_attention",
} as const;
export type DeliveryState = (typeof DeliveryState)[keyof typeof DeliveryState];
