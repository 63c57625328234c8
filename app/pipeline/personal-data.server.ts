// A customer's personal data taken out of Shopify's payloads (customers/redact), keeping what the ledger
// needs: ids, line items, amounts, the affiliate's ref.
import { parseJsonExact, stringifyJsonExact } from "~/lib/exact-json";
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
  const parsed = parseKeepingIds(
    Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8"),
  );
  if (parsed === undefined) return ERASED_PAYLOAD.slice();
  const erased = eraseValue(parsed, contactTraces(customer), keepCustomerId, true);
  return new TextEncoder().encode(stringifyJsonExact(erased));
}

function contactTraces(customer: Partial<RedactedCustomer>): string[] {
  return [customer.email, customer.phone]
    .filter((value): value is string => typeof value === "string" && value.trim().length > 2)
    .map((value) => value.trim().toLowerCase());
}

/**
 * JSON text read with Shopify's ids exact (beyond a JavaScript number they are bigints, written back as the
 * integers they were); undefined when it is not JSON.
 */
function parseKeepingIds(text: string): unknown {
  try {
    return parseJsonExact(text, { bigInteger: BigInt });
  } catch {
    return undefined;
  }
}

function eraseValue(value: unknown, traces: string[], keepCustomerId: boolean, top: boolean): unknown {
  if (typeof value === "string") {
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
  const parsed = parseKeepingIds(
    Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8"),
  );
  const id = (parsed as { customer?: { id?: unknown } | null } | null | undefined)?.customer?.id;
  if (typeof id === "number") return Number.isSafeInteger(id) && id >= 0 ? String(id) : null;
  if (typeof id === "bigint") return id >= 0n ? id.toString() : null;
  if (typeof id === "string") return /^\d+$/.test(id) ? id : null;
  return null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
