// @ts-check
// Words for what Shopify sent (a webhook's topic), as the Deliveries screen tells the merchant what happened.
// A topic without words here reads as itself.

/** @type {Record<string, string>} */
const TOPIC_WORDS = {
  "orders/create": "New order",
  "orders/cancelled": "Order cancelled",
  "refunds/create": "Refund",
  "customers/redact": "Request to erase a customer's data",
  "customers/data_request": "Request for a customer's data",
  "shop/redact": "Request to erase the shop's data",
  "app/uninstalled": "App uninstalled",
  "app/scopes_update": "App permissions changed",
};

/**
 * What happened, in words: "New order", "Refund", …
 * @param {string} topic Shopify's webhook topic, e.g. "orders/create"
 */
export function describeDeliveryTopic(topic) {
  return TOPIC_WORDS[topic] ?? topic;
}

/** @type {Record<string, { label: string, tone: "critical" | "success" | "info" | "attention" }>} */
const STATE_WORDS = {
  needs_attention: { label: "Needs attention", tone: "critical" },
  processed: { label: "Done", tone: "success" },
  waiting: { label: "Waiting for its order", tone: "info" },
  pending: { label: "Will be tried again", tone: "attention" },
};

/**
 * Where a delivery stands, in words, with the tone of its badge.
 * @param {string} state a DeliveryState
 */
export function describeDeliveryState(state) {
  return STATE_WORDS[state] ?? { label: state, tone: "attention" };
}

/**
 * A delivery's problem without the worker's count of its tries ("Gave up after 8 attempts: …"), which the
 * screen shows in its own column.
 * @param {string | null} error
 */
export function deliveryProblem(error) {
  const problem = (error ?? "").replace(/^Gave up after \d+ attempts: /, "");
  if (!problem) return "No reason recorded";
  // The pipeline's exact words about an unreadable payload are for support (the details keep them).
  if (/payload|JSON|No processing for topic/i.test(problem))
    return "Shopify sent something the app cannot read (see the details for support)";
  if (/^Waiting for order /.test(problem)) return "Waiting for its order to be recorded";
  return problem;
}

/**
 * What one retry did, in a merchant's words: "Order #1042 credited again — 1 commission recorded",
 * "Still failing: Shopify did not answer".
 * @param {{ topic: string, state: string, orderName: string | null, commissions: number, lastError: string | null }} retry
 */
export function describeRetry({ topic, state, orderName, commissions, lastError }) {
  const order = orderName ? `order ${orderName}` : "its order";
  switch (state) {
    case "processed":
      if (topic === "orders/create") {
        const name = orderName ? `Order ${orderName}` : "The order";
        return commissions > 0
          ? `${name} credited again — ${commissions === 1 ? "1 commission" : `${commissions} commissions`} recorded`
          : `${name} recorded — it earned no commission`;
      }
      if (topic === "refunds/create") return `Refund on ${order} applied`;
      if (topic === "orders/cancelled") return `Cancellation of ${order} applied`;
      return `${describeDeliveryTopic(topic)}: done`;
    case "waiting":
      return `${describeDeliveryTopic(topic)} kept until ${order} is recorded`;
    case "pending":
      return `Still failing: ${deliveryProblem(lastError)} — the app will try again by itself`;
    default:
      return `Still failing: ${deliveryProblem(lastError)}`;
  }
}
