// A customer's personal data taken out of Shopify's payloads (customers/redact), keeping what the ledger
// needs: ids, line items, amounts, the affiliate's ref.
import { AFFILIATE_REF_ATTRIBUTE } from "./order-facts.server";

/** Whom a redaction is about: Shopify's customer id, and the email and phone its payload names. */
export interface RedactedCustomer {
  customerId: string;
  email: string | null;
  phone: string | null;
}

/**
 * Keys whose values are a person's data wherever they appear in an order, refund or compliance payload:
 * contact details, addresses, the browser, free text the customer typed, payment receipts.
 */
const PERSONAL_KEYS = new Set([
  "email",
  "contact_email",
  "customer_email",
  "phone",
  "first_name",
  "last_name",
  "billing_address",
  "shipping_address",
  "default_address",
  "addresses",
  "browser_ip",
  "client_details",
  "note",
  "properties",
  "referring_site",
  "receipt",
  "payment_details",
]);

export const ERASED = "[erased]";

/** What a payload that is not JSON becomes once it concerns a redacted customer: nothing of it is kept. */
export const ERASED_PAYLOAD = new TextEncoder().encode(
  JSON.stringify({ erased: "customers/redact: the payload named the customer and was not JSON" }),
);

/**
 * The payload with the customer's personal data taken out: the keys above removed everywhere, the order's
 * `customer` reduced to its id (`keepCustomerId`, for the compliance payloads themselves) or removed (an
 * order then reads as a guest's: no connection, no new-customer check), note attributes other than the
 * affiliate's ref removed, and any text still holding the email or phone replaced. Not JSON: replaced whole.
 */
export function erasePersonalData(
  payload: Uint8Array,
  customer: Partial<RedactedCustomer>,
  { keepCustomerId }: { keepCustomerId: boolean },
): Uint8Array<ArrayBuffer> {
  const parsed = parseKeepingNumbers(
    Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8"),
  );
  if (parsed === undefined) return ERASED_PAYLOAD.slice();
  const erased = eraseValue(parsed, contactTraces(customer), keepCustomerId, true);
  return new TextEncoder().encode(stringifyKeepingNumbers(erased));
}

function contactTraces(customer: Partial<RedactedCustomer>): string[] {
  return [customer.email, customer.phone]
    .filter((value): value is string => typeof value === "string" && value.trim().length > 2)
    .map((value) => value.trim().toLowerCase());
}

// Shopify's ids are JSON numbers of up to 19 digits, more than a JavaScript number holds exactly: rewritten
// through JSON.parse they would change. So every number is carried through as its own text.
const NUMBER_MARK = "\u0000\u0001#";
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** JSON text parsed with each number kept as its literal text (marked); undefined when it is not JSON. */
function parseKeepingNumbers(text: string): unknown {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  return JSON.parse(
    text.replace(JSON_TOKEN, (token) =>
      token.startsWith('"') ? token : JSON.stringify(NUMBER_MARK + token),
    ),
  );
}

/** A marked number as JSON.stringify writes it: `"\u0000\u0001#123"`. */
const MARKED_NUMBER = /"\\u0000\\u0001#([^"]+)"/g;

function stringifyKeepingNumbers(value: unknown): string {
  return JSON.stringify(value).replace(MARKED_NUMBER, (_, number: string) => number);
}

function eraseValue(value: unknown, traces: string[], keepCustomerId: boolean, top: boolean): unknown {
  if (typeof value === "string") {
    if (value.startsWith(NUMBER_MARK)) return value;
    return traces.reduce((text, trace) => text.replace(new RegExp(escapeRegExp(trace), "gi"), ERASED), value);
  }
  if (Array.isArray(value)) return value.map((item) => eraseValue(item, traces, keepCustomerId, false));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (PERSONAL_KEYS.has(key)) continue;
    if (key === "customer" && top) {
      const id = (item as { id?: unknown } | null)?.id;
      out.customer = keepCustomerId && id !== undefined ? { id } : null;
    } else if (key === "customer") {
      continue;
    } else if (key === "note_attributes" && Array.isArray(item)) {
      out[key] = item.filter(
        (attribute) => (attribute as { name?: unknown } | null)?.name === AFFILIATE_REF_ATTRIBUTE,
      );
    } else {
      out[key] = eraseValue(item, traces, keepCustomerId, false);
    }
  }
  return out;
}

/** Whether raw payload bytes hold the customer's email or phone (compared without case). */
export function holdsContact(payload: Uint8Array, customer: Partial<RedactedCustomer>): boolean {
  const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
    .toString("utf8")
    .toLowerCase();
  return contactTraces(customer).some((trace) => text.includes(trace));
}

/** The `customer.id` a payload's text names, as its digits, or null (not JSON, or no customer). */
export function customerIdIn(payload: Uint8Array): string | null {
  const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const id = (parsed as { customer?: { id?: unknown } | null } | null)?.customer?.id;
  if (typeof id === "number" && Number.isSafeInteger(id) && id >= 0) return String(id);
  if (typeof id === "string") return /^\d+$/.test(id) ? id : null;
  if (typeof id !== "number") return null;
  // Too large for a JavaScript number to have kept it exactly: read from the text as written.
  const exact = (parseKeepingNumbers(text) as { customer: { id: string } }).customer.id.slice(
    NUMBER_MARK.length,
  );
  return /^\d+$/.test(exact) ? exact : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
