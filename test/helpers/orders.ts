export interface LineSpec {
  id: string | number;
  productId?: string | number | null;
  quantity?: number;
  price?: string;
  discount?: string;
  tax?: string;
  giftCard?: boolean;
  sellingPlan?: boolean;
}

export interface OrderSpec {
  id: string | number;
  name?: string;
  createdAt?: string;
  currency?: string;
  taxesIncluded?: boolean;
  customer?: { id: string | number; email?: string | null; created_at?: string } | null;
  lines?: LineSpec[];
  shipping?: string;
  codes?: string[];
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

type MoneySet = ReturnType<typeof moneySet>;

function moneySet(amount: string, currency: string, presentment?: OrderSpec["presentment"]) {
  const converted = presentment
    ? (Number(amount) * presentment.rate).toFixed(presentment.digits ?? 2)
    : amount;
  return {
    shop_money: { amount, currency_code: currency },
    presentment_money: { amount: converted, currency_code: presentment?.currency ?? currency },
  };
}

/** An `orders/create` payload shaped as Shopify sends it (the fields the app reads, and some it does not). */
export function orderPayload(spec: OrderSpec) {
  const currency = spec.currency ?? "USD";
  const set = (amount: string): MoneySet => moneySet(amount, currency, spec.presentment);
  const lines = spec.lines ?? [{ id: 1, productId: 8001, quantity: 2, price: "50.00" }];
  return {
    id: Number(spec.id),
    admin_graphql_api_id: `gid://shopify/Order/${spec.id}`,
    name: spec.name ?? `#${spec.id}`,
    email: spec.customer?.email ?? null,
    created_at: spec.createdAt ?? "2026-03-01T12:00:00-05:00",
    test: spec.test ?? false,
    currency,
    presentment_currency: spec.presentment?.currency ?? currency,
    total_price_set: set("0.00"),
    taxes_included: spec.taxesIncluded ?? false,
    source_name: spec.sourceName ?? "web",
    landing_site: spec.landingSite ?? null,
    referring_site: null,
    cancelled_at: spec.cancelledAt ?? null,
    note_attributes: spec.noteAttributes ?? [],
    discount_codes: (spec.codes ?? []).map((code) => ({ code, amount: "0.00", type: "percentage" })),
    line_items: lines.map((line) => ({
      id: Number(line.id),
      product_id:
        line.productId === undefined ? 8001 : line.productId === null ? null : Number(line.productId),
      variant_id: 1,
      title: "Item",
      quantity: line.quantity ?? 1,
      price: line.price ?? "50.00",
      price_set: set(line.price ?? "50.00"),
      gift_card: line.giftCard ?? false,
      discount_allocations: line.discount ? [{ amount: line.discount, amount_set: set(line.discount) }] : [],
      tax_lines: line.tax ? [{ price: line.tax, price_set: set(line.tax), rate: 0.1, title: "Tax" }] : [],
      selling_plan_allocation: line.sellingPlan ? { selling_plan: { id: 1, name: "Monthly" } } : null,
    })),
    shipping_lines: spec.shipping
      ? [
          {
            price: spec.shipping,
            discounted_price: spec.shipping,
            discounted_price_set: set(spec.shipping),
          },
        ]
      : [],
    customer:
      spec.customer === null || spec.customer === undefined
        ? null
        : {
            id: Number(spec.customer.id),
            email: spec.customer.email ?? null,
            created_at: spec.customer.created_at ?? "2025-01-01T00:00:00Z",
          },
  };
}

export function refundPayload(spec: {
  id: string | number;
  orderId: string | number;
  lines: Array<{ lineItemId: string | number; quantity: number }>;
}) {
  return {
    id: Number(spec.id),
    order_id: Number(spec.orderId),
    created_at: "2026-03-05T12:00:00Z",
    refund_line_items: spec.lines.map((line, index) => ({
      id: index + 1,
      line_item_id: Number(line.lineItemId),
      quantity: line.quantity,
      subtotal_set: { shop_money: { amount: "0.00", currency_code: "USD" } },
    })),
    transactions: [],
  };
}
