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
