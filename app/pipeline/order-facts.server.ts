// An `orders/create` (or `orders/cancelled`) payload read as the facts the engine needs, in shop money.
import { z } from "zod/v4";
import { money } from "~/attribution";
import type { LineItem } from "~/attribution";
import {
  adminGraphqlApiId,
  describeIssues,
  exactId,
  MalformedPayloadError,
  shopifyId as id,
} from "./payload.server";
import { checkOrderPayload } from "./order-payload-check.server";

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
  admin_graphql_api_id: adminGraphqlApiId,
  product_id: id.nullable().optional(),
  // The product's title as the order shows it: kept with the engine's input, so the trace can name it.
  title: z.string().nullable().optional(),
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
});

/** An email field: Shopify leaves it out (or empty) when the app may not see customers' emails. */
const email = z
  .string()
  .nullable()
  .optional()
  .transform((value) => value?.trim() || null);

/**
 * What the app reads of an order payload: the fields of `orders/create` (and `orders/cancelled`) in API
 * 2025-10, each one in Shopify's own example payloads (test/shopify checks it).
 */
export const ORDER_PAYLOAD = z.object({
  id,
  admin_graphql_api_id: adminGraphqlApiId,
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
  email,
  contact_email: email,
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
  discount_applications: z
    .array(z.object({ type: z.string(), code: z.string().nullable().optional() }))
    .nullable()
    .optional(),
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
  customer: z
    .object({
      id,
      admin_graphql_api_id: adminGraphqlApiId,
      email,
      first_name: z.string().nullable().optional(),
      last_name: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  cancelled_at: z.string().nullable().optional(),
});

/** An order payload as ORDER_PAYLOAD reads it. */
export type OrderPayload = z.infer<typeof ORDER_PAYLOAD>;

export interface OrderFacts {
  orderId: string;
  orderName: string | null;
  createdAt: string;
  test: boolean;
  currency: string;
  taxesIncluded: boolean;
  /**
   * The customer; `email` is null when the payload carries none (see customer-facts). `name` (first and last)
   * names the connection an order makes; it is never part of the engine's input.
   */
  customer: { id: string; email: string | null; name: string | null } | null;
  lineItems: RecordedLineItem[];
  shipping: string;
  discountCodes: string[];
  ref: string | null;
  /** Placed by a subscription contract (`source_name` `subscription_contract`): a renewal. */
  isRenewal: boolean;
}

/** A line as the engine reads it, with its title (which the engine ignores) for the trace in words. */
export type RecordedLineItem = LineItem & { title: string | null };

export const AFFILIATE_REF_ATTRIBUTE = "_affiliate_ref";

/** "First Last" from the payload's customer, either part alone, or null when it has neither. */
function customerName(first: string | null | undefined, last: string | null | undefined): string | null {
  const name = [first?.trim(), last?.trim()].filter(Boolean).join(" ");
  return name || null;
}

/**
 * Reads an `orders/create` (or `orders/cancelled`) payload in shop money. The payload is checked by hand
 * first (checkOrderPayload: the schema's answers at a fraction of its CPU, on the crediting worker's hot
 * path); where that check is not sure, the schema reads it and says what is wrong.
 */
export function readOrderFacts(payload: unknown): OrderFacts {
  return orderPayloadFacts(checkOrderPayload(payload) ?? parseOrderPayload(payload));
}

/** The payload read by the schema alone: a MalformedPayloadError naming what is wrong. */
export function parseOrderPayload(payload: unknown): OrderPayload {
  const parsed = ORDER_PAYLOAD.safeParse(payload);
  if (!parsed.success) throw new MalformedPayloadError(`Order payload: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The facts of a payload the schema (or the check by hand) has read. */
export function orderPayloadFacts(order: OrderPayload): OrderFacts {
  const currency = order.total_price_set?.shop_money.currency_code ?? order.currency;
  if (!currency) throw new MalformedPayloadError("Order payload: currency: is required");

  const lineItems: RecordedLineItem[] = order.line_items.map((line) => ({
    id: exactId(line.id, line.admin_graphql_api_id),
    productId: line.product_id ?? null,
    title: line.title?.trim() || null,
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
    orderId: exactId(order.id, order.admin_graphql_api_id),
    orderName: order.name ?? null,
    createdAt: new Date(order.created_at).toISOString(),
    test: order.test,
    currency,
    taxesIncluded: order.taxes_included,
    customer: order.customer
      ? {
          id: exactId(order.customer.id, order.customer.admin_graphql_api_id),
          email: order.customer.email ?? order.email ?? order.contact_email ?? null,
          name: customerName(order.customer.first_name, order.customer.last_name),
        }
      : null,
    lineItems,
    shipping,
    discountCodes: discountCodes(order),
    ref: refFromNoteAttributes(order.note_attributes ?? []) ?? refFromLandingSite(order.landing_site ?? null),
    isRenewal: order.source_name === "subscription_contract",
  };
}

/**
 * The codes the customer entered: the `discount_applications` of type `discount_code`. `discount_codes`
 * also lists a draft order's manual discounts, by title (their application has type `manual`), so it is
 * read only when a payload has no applications at all.
 */
function discountCodes(order: OrderPayload): string[] {
  const codes = order.discount_applications
    ? order.discount_applications.flatMap((application) =>
        application.type === "discount_code" && application.code ? [application.code] : [],
      )
    : (order.discount_codes ?? []).map((discount) => discount.code);
  return [...new Set(codes.map((code) => code.trim()).filter((code) => code.length > 0))];
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
