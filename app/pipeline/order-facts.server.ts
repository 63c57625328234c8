// An `orders/create` (or `orders/cancelled`) payload read as the facts the engine needs, in shop money.
import { z } from "zod";
import { money } from "~/attribution";
import type { LineItem } from "~/attribution";
import { describeIssues, MalformedPayloadError, shopifyId as id } from "./payload.server";

const decimal = z
  .union([z.string(), z.number().finite()])
  .transform((value) => String(value).trim())
  .refine((value) => money.tryParseDecimal(value) !== null, "must be a decimal amount");
const moneySet = z.object({
  shop_money: z.object({ amount: decimal, currency_code: z.string().optional() }),
});

/** The order's amount in shop money when Shopify sends a `*_set`, else the plain field. */
function shopAmount(
  set: z.infer<typeof moneySet> | null | undefined,
  plain: string | null | undefined,
): string {
  return set?.shop_money.amount ?? plain ?? "0";
}

const lineItemSchema = z.object({
  id,
  product_id: id.nullable().optional(),
  quantity: z.number().int().nonnegative(),
  price: decimal.optional(),
  price_set: moneySet.optional(),
  gift_card: z.boolean().optional().default(false),
  discount_allocations: z
    .array(z.object({ amount: decimal.optional(), amount_set: moneySet.optional() }))
    .optional()
    .default([]),
  tax_lines: z
    .array(z.object({ price: decimal.optional(), price_set: moneySet.optional() }))
    .optional()
    .default([]),
  selling_plan_allocation: z.unknown().optional(),
});

const orderSchema = z.object({
  id,
  name: z.string().optional(),
  created_at: z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be a date"),
  test: z.boolean().optional().default(false),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  total_price_set: z
    .object({ shop_money: z.object({ currency_code: z.string().regex(/^[A-Z]{3}$/) }) })
    .optional(),
  taxes_included: z.boolean().optional().default(false),
  source_name: z.string().nullable().optional(),
  landing_site: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  note_attributes: z
    .array(
      z.object({
        name: z.string(),
        value: z
          .union([z.string(), z.number()])
          .nullable()
          .transform((v) => (v == null ? null : String(v))),
      }),
    )
    .nullable()
    .optional()
    .default([]),
  discount_codes: z
    .array(z.object({ code: z.string() }))
    .nullable()
    .optional()
    .default([]),
  line_items: z.array(lineItemSchema),
  shipping_lines: z
    .array(
      z.object({
        price: decimal.optional(),
        discounted_price: decimal.optional(),
        discounted_price_set: moneySet.optional(),
        price_set: moneySet.optional(),
      }),
    )
    .nullable()
    .optional()
    .default([]),
  customer: z.object({ id, email: z.string().nullable().optional() }).nullable().optional(),
  cancelled_at: z.string().nullable().optional(),
});

export interface OrderFacts {
  orderId: string;
  orderName: string | null;
  createdAt: string;
  test: boolean;
  currency: string;
  taxesIncluded: boolean;
  customer: { id: string; email: string | null } | null;
  lineItems: LineItem[];
  shipping: string;
  discountCodes: string[];
  ref: string | null;
  isRenewal: boolean;
  hasSellingPlan: boolean;
}

export const AFFILIATE_REF_ATTRIBUTE = "_affiliate_ref";

/** Reads an `orders/create` (or `orders/cancelled`) payload in shop money. */
export function readOrderFacts(payload: unknown): OrderFacts {
  const parsed = orderSchema.safeParse(payload);
  if (!parsed.success) throw new MalformedPayloadError(`Order payload: ${describeIssues(parsed.error)}`);
  const order = parsed.data;
  const currency = order.total_price_set?.shop_money.currency_code ?? order.currency;
  if (!currency) throw new MalformedPayloadError("Order payload: currency: is required");

  const lineItems: LineItem[] = order.line_items.map((line) => ({
    id: line.id,
    productId: line.product_id ?? null,
    quantity: line.quantity,
    unitPrice: shopAmount(line.price_set, line.price),
    discount: sumAmounts(line.discount_allocations.map((d) => shopAmount(d.amount_set, d.amount))),
    tax: sumAmounts(line.tax_lines.map((t) => shopAmount(t.price_set, t.price))),
    giftCard: line.gift_card,
  }));
  const shipping = sumAmounts(
    (order.shipping_lines ?? []).map((s) =>
      shopAmount(s.discounted_price_set ?? s.price_set, s.discounted_price ?? s.price),
    ),
  );

  return {
    orderId: order.id,
    orderName: order.name ?? null,
    createdAt: new Date(order.created_at).toISOString(),
    test: order.test,
    currency,
    taxesIncluded: order.taxes_included,
    customer: order.customer
      ? { id: order.customer.id, email: order.customer.email ?? order.email ?? null }
      : null,
    lineItems,
    shipping,
    discountCodes: (order.discount_codes ?? []).map((d) => d.code.trim()).filter((code) => code.length > 0),
    ref: refFromNoteAttributes(order.note_attributes ?? []) ?? refFromLandingSite(order.landing_site ?? null),
    isRenewal: order.source_name === "subscription_contract",
    hasSellingPlan: order.line_items.some((line) => line.selling_plan_allocation != null),
  };
}

function refFromNoteAttributes(attributes: Array<{ name: string; value: string | null }>): string | null {
  const value = attributes.find((attribute) => attribute.name === AFFILIATE_REF_ATTRIBUTE)?.value?.trim();
  return value ? value : null;
}

/** The `ref` query parameter of `landing_site`, which may be a path (`/?ref=abc`) or a full URL. */
export function refFromLandingSite(landingSite: string | null): string | null {
  if (!landingSite) return null;
  let url: URL;
  try {
    url = new URL(landingSite, "https://storefront.invalid");
  } catch {
    return null;
  }
  const ref = url.searchParams.get("ref")?.trim();
  return ref ? ref : null;
}

function sumAmounts(amounts: string[]): string {
  return money.formatDecimal(money.sum(amounts.map((amount) => money.parseDecimal(amount))));
}
