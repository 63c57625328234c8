// Order, cancellation and refund payloads for the tests, built from Shopify's own example payloads for API
// 2025-10 (test/shopify/webhook-examples.ts): the example, with the fields a test cares about set. What a
// test does not set stays as Shopify's example has it, so payloads carry everything Shopify sends and
// nothing it does not (no `selling_plan_allocation`, which 2025-10 order webhooks never carry).
import { shopifyExample, type JsonObject, type JsonValue } from "~test/shopify/webhook-examples";

export type Id = string | number | bigint;

export interface LineSpec {
  id: Id;
  productId?: Id | null;
  quantity?: number;
  price?: string;
  discount?: string;
  tax?: string;
  giftCard?: boolean;
}

export interface OrderSpec {
  id: Id;
  name?: string;
  createdAt?: string;
  currency?: string;
  taxesIncluded?: boolean;
  customer?: { id: Id; email?: string | null; created_at?: string } | null;
  /**
   * As Shopify sends orders to an app without approval for customers' email: no `email`, `contact_email`
   * or `customer.email` at all.
   */
  withoutEmail?: boolean;
  lines?: LineSpec[];
  shipping?: string;
  /** Discount codes the customer entered (`discount_applications` of type `discount_code`). */
  codes?: string[];
  /**
   * Manual discounts of a draft order, by title: Shopify lists them in `discount_codes` too, their
   * `discount_applications` entry having type `manual`.
   */
  manualDiscounts?: string[];
  landingSite?: string | null;
  noteAttributes?: Array<{ name: string; value: string }>;
  sourceName?: string;
  test?: boolean;
  cancelledAt?: string | null;
  /**
   * The buyer paid in another currency (a multi-currency store): every `*_set` carries this currency in
   * `presentment_money`, at `rate` units of it per unit of the shop's currency. Without it, shop and
   * presentment money are the same.
   */
  presentment?: { currency: string; rate: number; digits?: number };
}

/** A JSON number for an id; a bigint when a JavaScript number cannot hold it exactly. */
export function jsonId(id: Id): number | bigint {
  if (typeof id === "bigint") return id;
  const digits = String(id);
  if (!/^\d+$/.test(digits)) throw new Error(`Not a numeric id: ${digits}`);
  return Number.isSafeInteger(Number(digits)) ? Number(digits) : BigInt(digits);
}

const gid = (type: string, id: Id) => `gid://shopify/${type}/${String(id)}`;

const set = (amount: string, currency: string) => ({
  shop_money: { amount, currency_code: currency },
  presentment_money: { amount, currency_code: currency },
});

/** Every `*_set` of the order in the buyer's currency too: its shop money converted at the spec's rate. */
function inPresentment(value: JsonValue, presentment: NonNullable<OrderSpec["presentment"]>): void {
  if (Array.isArray(value)) value.forEach((item) => inPresentment(item, presentment));
  else if (value !== null && typeof value === "object") {
    const shopMoney = value.shop_money;
    if (
      shopMoney &&
      typeof shopMoney === "object" &&
      !Array.isArray(shopMoney) &&
      "presentment_money" in value
    ) {
      value.presentment_money = {
        amount: (Number(shopMoney.amount) * presentment.rate).toFixed(presentment.digits ?? 2),
        currency_code: presentment.currency,
      };
    } else for (const child of Object.values(value)) inPresentment(child, presentment);
  }
}

/** Every `currency_code` of the example, in the test's currency. */
function inCurrency(value: JsonValue, currency: string): void {
  if (Array.isArray(value)) value.forEach((item) => inCurrency(item, currency));
  else if (value !== null && typeof value === "object") {
    if (typeof value.currency_code === "string") value.currency_code = currency;
    for (const child of Object.values(value)) inCurrency(child, currency);
  }
}

function object(value: JsonValue | undefined): JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new Error("Shopify's example payload changed shape");
  return value;
}

function buildOrder(topic: "orders/create" | "orders/cancelled", spec: OrderSpec): JsonObject {
  const order = shopifyExample(topic);
  const currency = spec.currency ?? "USD";
  inCurrency(order, currency);
  const lineTemplate = object((order.line_items as JsonValue[])[0]);
  const shippingTemplate = object((order.shipping_lines as JsonValue[])[0]);
  const customerTemplate = object(order.customer);
  const lines = spec.lines ?? [{ id: 1, productId: 8001, quantity: 2, price: "50.00" }];
  const codes = spec.codes ?? [];
  const manual = spec.manualDiscounts ?? [];
  const email = spec.customer?.email ?? null;

  Object.assign(order, {
    id: jsonId(spec.id),
    admin_graphql_api_id: gid("Order", spec.id),
    name: spec.name ?? `#${String(spec.id)}`,
    email: email ?? "",
    contact_email: email,
    created_at: spec.createdAt ?? "2026-03-01T12:00:00-05:00",
    processed_at: spec.createdAt ?? "2026-03-01T12:00:00-05:00",
    test: spec.test ?? false,
    currency,
    presentment_currency: spec.presentment?.currency ?? currency,
    taxes_included: spec.taxesIncluded ?? false,
    source_name: spec.sourceName ?? "web",
    landing_site: spec.landingSite ?? null,
    referring_site: null,
    cancelled_at: spec.cancelledAt ?? null,
    cancel_reason: spec.cancelledAt ? "customer" : null,
    financial_status: spec.cancelledAt ? "voided" : "paid",
    note_attributes: spec.noteAttributes ?? [],
    discount_codes: [
      ...codes.map((code) => ({ code, amount: "10.00", type: "percentage" })),
      ...manual.map((title) => ({ code: title, amount: "10.00", type: "fixed_amount" })),
    ],
    discount_applications: [
      ...codes.map((code) => ({
        target_type: "line_item",
        type: "discount_code",
        value: "10.0",
        value_type: "percentage",
        allocation_method: "across",
        target_selection: "all",
        code,
      })),
      ...manual.map((title) => ({
        target_type: "line_item",
        type: "manual",
        value: "10.0",
        value_type: "fixed_amount",
        allocation_method: "across",
        target_selection: "all",
        title,
        description: title,
      })),
    ],
    line_items: lines.map((line) => {
      const price = line.price ?? "50.00";
      const quantity = line.quantity ?? 1;
      return {
        ...structuredClone(lineTemplate),
        id: jsonId(line.id),
        admin_graphql_api_id: gid("LineItem", line.id),
        product_id: line.productId === null ? null : jsonId(line.productId ?? 8001),
        product_exists: line.productId !== null,
        quantity,
        current_quantity: quantity,
        fulfillable_quantity: quantity,
        price,
        price_set: set(price, currency),
        gift_card: line.giftCard ?? false,
        total_discount: line.discount ?? "0.00",
        total_discount_set: set(line.discount ?? "0.00", currency),
        discount_allocations: line.discount
          ? [
              {
                amount: line.discount,
                amount_set: set(line.discount, currency),
                discount_application_index: 0,
              },
            ]
          : [],
        tax_lines: line.tax
          ? [
              {
                price: line.tax,
                price_set: set(line.tax, currency),
                rate: 0.1,
                title: "Tax",
                channel_liable: false,
              },
            ]
          : [],
      };
    }),
    shipping_lines: spec.shipping
      ? [
          {
            ...structuredClone(shippingTemplate),
            price: spec.shipping,
            price_set: set(spec.shipping, currency),
            discounted_price: spec.shipping,
            discounted_price_set: set(spec.shipping, currency),
            current_discounted_price_set: set(spec.shipping, currency),
          },
        ]
      : [],
    customer:
      spec.customer === null || spec.customer === undefined
        ? null
        : {
            ...structuredClone(customerTemplate),
            id: jsonId(spec.customer.id),
            admin_graphql_api_id: gid("Customer", spec.customer.id),
            email,
            created_at: spec.customer.created_at ?? "2025-01-01T00:00:00-05:00",
            default_address: {
              ...object(customerTemplate.default_address),
              customer_id: jsonId(spec.customer.id),
            },
          },
    refunds: [],
  });
  if (spec.withoutEmail) {
    delete order.email;
    delete order.contact_email;
    if (order.customer && typeof order.customer === "object" && !Array.isArray(order.customer))
      delete order.customer.email;
  }
  if (spec.presentment) inPresentment(order, spec.presentment);
  return order;
}

/** An `orders/create` payload: Shopify's example with the spec's fields. */
export function orderPayload(spec: OrderSpec): JsonObject {
  return buildOrder("orders/create", spec);
}

/** An `orders/cancelled` payload: Shopify's example with the spec's fields (cancelled now, unless given). */
export function cancelledOrderPayload(spec: OrderSpec): JsonObject {
  return buildOrder("orders/cancelled", { cancelledAt: "2026-03-06T12:00:00-05:00", ...spec });
}

/** A `refunds/create` payload: Shopify's example refunding the given lines. */
export function refundPayload(spec: {
  id: Id;
  orderId: Id;
  lines: Array<{ lineItemId: Id; quantity: number }>;
  currency?: string;
}): JsonObject {
  const refund = shopifyExample("refunds/create");
  const currency = spec.currency ?? "USD";
  inCurrency(refund, currency);
  const template = object((refund.refund_line_items as JsonValue[])[0]);
  const lineTemplate = object(template.line_item);
  Object.assign(refund, {
    id: jsonId(spec.id),
    admin_graphql_api_id: gid("Refund", spec.id),
    order_id: jsonId(spec.orderId),
    created_at: "2026-03-05T12:00:00-05:00",
    processed_at: "2026-03-05T12:00:00-05:00",
    refund_line_items: spec.lines.map((line, index) => ({
      ...structuredClone(template),
      id: index + 1,
      line_item_id: jsonId(line.lineItemId),
      quantity: line.quantity,
      line_item: {
        ...structuredClone(lineTemplate),
        id: jsonId(line.lineItemId),
        admin_graphql_api_id: gid("LineItem", line.lineItemId),
      },
    })),
    transactions: (refund.transactions as JsonValue[]).map((transaction) => ({
      ...object(transaction),
      order_id: jsonId(spec.orderId),
    })),
  });
  return refund;
}
