// The order payload checked by hand, for the crediting worker's hot path: the same answers as the zod
// schema (ORDER_PAYLOAD, order-facts.server) at a fraction of its CPU (decision 0009, sixth pass).
import { money } from "~/attribution";
import type { OrderPayload } from "./order-facts.server";

/**
 * Thrown where the hand-written check is not sure the schema would take a value the same way; caught in
 * checkOrderPayload, which then answers null and the schema decides (with its own words for what is wrong).
 */
class Unsure {}
const UNSURE = new Unsure();

function unsure(): never {
  throw UNSURE;
}

type Fields = Record<string, unknown>;

/** A JSON object (what zod's `z.object` takes as one); arrays and class instances are left to the schema. */
function fields(value: unknown): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) unsure();
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) unsure();
  return value as Fields;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : unsure();
}

/** `optional().default([])`: absent is [] (null is the schema's to refuse). */
function optionalList<T>(value: unknown, item: (value: unknown) => T): T[] {
  return value === undefined ? [] : list(value).map(item);
}

/** `nullable().optional().default([])`: absent is [], null stays null. */
function listOrDefault<T>(value: unknown, item: (value: unknown) => T): T[] | null {
  if (value === undefined) return [];
  if (value === null) return null;
  return list(value).map(item);
}

const DIGITS = /^\d+$/;
const GID = /^gid:\/\/shopify\/\w+\/\d+$/;
const CURRENCY = /^[A-Z]{3}$/;

/** payload.server's `shopifyId`. */
function id(value: unknown): string {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? String(value) : unsure();
  return typeof value === "string" && DIGITS.test(value) ? value : unsure();
}

/** payload.server's `adminGraphqlApiId`. */
function gid(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return value;
  return typeof value === "string" && GID.test(value) ? value : unsure();
}

function string(value: unknown): string {
  return typeof value === "string" ? value : unsure();
}

function optionalString(value: unknown): string | undefined {
  return value === undefined ? undefined : string(value);
}

function nullableString(value: unknown): string | null | undefined {
  return value === undefined || value === null ? value : string(value);
}

function flag(value: unknown): boolean {
  if (value === undefined) return false;
  return typeof value === "boolean" ? value : unsure();
}

/** order-facts' `decimal`: a string or finite number, trimmed, that reads as a decimal amount. */
function decimal(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = value.trim();
  else if (typeof value === "number" && Number.isFinite(value)) text = String(value).trim();
  else unsure();
  return money.tryParseDecimal(text) !== null ? text : unsure();
}

function optionalDecimal(value: unknown): string | undefined {
  return value === undefined ? undefined : decimal(value);
}

function moneySet(value: unknown): { shop_money: { amount: string; currency_code?: string } } | undefined {
  if (value === undefined) return undefined;
  const shopMoney = fields(fields(value).shop_money);
  const currencyCode = optionalString(shopMoney.currency_code);
  return {
    shop_money:
      currencyCode === undefined
        ? { amount: decimal(shopMoney.amount) }
        : { amount: decimal(shopMoney.amount), currency_code: currencyCode },
  };
}

/** order-facts' `email`: trimmed, and null when absent or empty. */
function email(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return string(value).trim() || null;
}

function lineItem(value: unknown): OrderPayload["line_items"][number] {
  const line = fields(value);
  const { quantity } = line;
  if (typeof quantity !== "number" || !Number.isSafeInteger(quantity) || quantity < 0) unsure();
  return {
    id: id(line.id),
    admin_graphql_api_id: gid(line.admin_graphql_api_id),
    product_id:
      line.product_id === undefined || line.product_id === null ? line.product_id : id(line.product_id),
    title: nullableString(line.title),
    quantity,
    price: optionalDecimal(line.price),
    price_set: moneySet(line.price_set),
    gift_card: flag(line.gift_card),
    discount_allocations: optionalList(line.discount_allocations, (allocation) => {
      const { amount, amount_set } = fields(allocation);
      return { amount: optionalDecimal(amount), amount_set: moneySet(amount_set) };
    }),
    tax_lines: optionalList(line.tax_lines, (tax) => {
      const { price, price_set } = fields(tax);
      return { price: optionalDecimal(price), price_set: moneySet(price_set) };
    }),
  };
}

function noteAttribute(value: unknown): { name: string; value: string | null } {
  const attribute = fields(value);
  const text = attribute.value;
  if (text === null) return { name: string(attribute.name), value: null };
  if (typeof text === "string") return { name: string(attribute.name), value: text };
  if (typeof text === "number" && Number.isFinite(text))
    return { name: string(attribute.name), value: String(text) };
  return unsure();
}

function customer(value: unknown): OrderPayload["customer"] {
  if (value === undefined || value === null) return value;
  const person = fields(value);
  return {
    id: id(person.id),
    admin_graphql_api_id: gid(person.admin_graphql_api_id),
    email: email(person.email),
    first_name: nullableString(person.first_name),
    last_name: nullableString(person.last_name),
  };
}

function checkOrder(payload: unknown): OrderPayload {
  const order = fields(payload);
  const createdAt = string(order.created_at);
  if (Number.isNaN(Date.parse(createdAt))) unsure();
  const currency = optionalString(order.currency);
  if (currency !== undefined && !CURRENCY.test(currency)) unsure();
  let totalPriceSet: OrderPayload["total_price_set"];
  if (order.total_price_set !== undefined) {
    const code = string(fields(fields(order.total_price_set).shop_money).currency_code);
    if (!CURRENCY.test(code)) unsure();
    totalPriceSet = { shop_money: { currency_code: code } };
  }
  return {
    id: id(order.id),
    admin_graphql_api_id: gid(order.admin_graphql_api_id),
    name: optionalString(order.name),
    created_at: createdAt,
    test: flag(order.test),
    currency,
    total_price_set: totalPriceSet,
    taxes_included: flag(order.taxes_included),
    source_name: nullableString(order.source_name),
    landing_site: nullableString(order.landing_site),
    email: email(order.email),
    contact_email: email(order.contact_email),
    note_attributes: listOrDefault(order.note_attributes, noteAttribute),
    discount_codes: listOrDefault(order.discount_codes, (discount) => ({
      code: string(fields(discount).code),
    })),
    discount_applications:
      order.discount_applications === undefined || order.discount_applications === null
        ? order.discount_applications
        : list(order.discount_applications).map((application) => {
            const { type, code } = fields(application);
            return { type: string(type), code: nullableString(code) };
          }),
    line_items: list(order.line_items).map(lineItem),
    shipping_lines: listOrDefault(order.shipping_lines, (value) => {
      const shipping = fields(value);
      return {
        price: optionalDecimal(shipping.price),
        discounted_price: optionalDecimal(shipping.discounted_price),
        discounted_price_set: moneySet(shipping.discounted_price_set),
        price_set: moneySet(shipping.price_set),
      };
    }),
    customer: customer(order.customer),
    cancelled_at: nullableString(order.cancelled_at),
  };
}

/**
 * The payload as ORDER_PAYLOAD would read it, checked by hand; null where the check is not sure, and for
 * every payload the schema refuses (the caller then asks the schema, which says what is wrong). Whatever it
 * answers, the schema answers the same (test/pipeline/order-payload-check.test.ts holds it to that on
 * Shopify's payloads, the tests' malformed ones and generated variations of both).
 */
export function checkOrderPayload(payload: unknown): OrderPayload | null {
  try {
    return checkOrder(payload);
  } catch (error) {
    if (error === UNSURE) return null;
    throw error;
  }
}
