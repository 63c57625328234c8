// The order payload checked by hand (the crediting worker's hot path) answers as the zod schema does: the
// same facts for every payload the schema takes, and the schema's own words for every payload it refuses.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringifyJsonExact } from "~/lib/exact-json";
import { checkOrderPayload } from "~/pipeline/order-payload-check.server";
import {
  ORDER_PAYLOAD,
  orderPayloadFacts,
  parseOrderPayload,
  readOrderFacts,
} from "~/pipeline/order-facts.server";
import { MalformedPayloadError, readPayload } from "~/pipeline/payload.server";
import { cancelledOrderPayload, orderPayload, type OrderSpec } from "~test/helpers/orders";
import { shopifyExample } from "~test/shopify/webhook-examples";
import { zodFieldPaths } from "~test/shopify/zod-paths";

/** A payload as the worker reads it: the bytes Shopify signs, read by the pipeline's own reader. */
const received = (payload: unknown) => readPayload(new TextEncoder().encode(stringifyJsonExact(payload)));

/** What reading gives: the facts, or the words of the MalformedPayloadError. */
function outcome(read: () => unknown): unknown {
  try {
    return { facts: read() };
  } catch (error) {
    if (!(error instanceof MalformedPayloadError)) throw error;
    return { malformed: error.message };
  }
}

/** The schema alone, as the worker read every payload before the check by hand. */
const bySchema = (payload: unknown) => outcome(() => orderPayloadFacts(parseOrderPayload(payload)));

const specs: OrderSpec[] = [
  { id: 1 },
  { id: 2, landingSite: "/?ref=alice", customer: { id: 77, email: " Buyer@Example.com " } },
  { id: "820982911946154508", customer: { id: "115310627314723954" }, withoutEmail: true },
  { id: 3, codes: ["SAVE10", " save10 "], manualDiscounts: ["Staff"], customer: null },
  { id: 4, noteAttributes: [{ name: "_affiliate_ref", value: "bob" }], taxesIncluded: true, test: true },
  {
    id: 5,
    lines: [
      { id: 11, productId: null, quantity: 3, price: "19.99", discount: "5.00", tax: "1.20" },
      { id: 12, giftCard: true, price: "25" },
      { id: 13, productId: "9007199254740993", quantity: 0 },
    ],
    shipping: "4.50",
    currency: "EUR",
  },
  { id: 6, sourceName: "subscription_contract", presentment: { currency: "JPY", rate: 150, digits: 0 } },
  { id: 7, presentment: { currency: "EUR", rate: 0.92 }, shipping: "0.00", lines: [] },
];

const realPayloads: Array<[string, unknown]> = [
  ["Shopify's example order", received(shopifyExample("orders/create"))],
  [
    "Shopify's example order, ids as the package has them",
    received(shopifyExample("orders/create", { exactIds: false })),
  ],
  ["Shopify's example cancellation", received(shopifyExample("orders/cancelled"))],
  ...specs.map((spec): [string, unknown] => [
    `the tests' order ${String(spec.id)}`,
    received(orderPayload(spec)),
  ]),
  ["the tests' cancellation", received(cancelledOrderPayload({ id: 8, customer: { id: 9 } }))],
];

/** The malformed payloads the other tests send (orders.test, the demo's recorded junk), and a few more. */
const malformed: Array<[string, unknown]> = [
  ["wrong types", { id: "not-a-number", created_at: 42, line_items: "many" }],
  ["missing fields", { id: 51 }],
  ["a JSON array", [1, 2, 3]],
  ["a string", "order"],
  ["null", null],
  ["line_items not a list", { ...(received(orderPayload({ id: 9 })) as object), line_items: { id: 1021 } }],
  [
    "no currency at all",
    { ...(received(orderPayload({ id: 10 })) as object), currency: undefined, total_price_set: undefined },
  ],
  [
    "a negative quantity",
    received({
      ...orderPayload({ id: 11 }),
      line_items: [{ ...(orderPayload({ id: 11 }).line_items as object[])[0], quantity: -1 }],
    }),
  ],
];

describe("the order payload checked by hand", () => {
  it.each(realPayloads)("reads %s itself, exactly as the schema does", (_label, payload) => {
    const checked = checkOrderPayload(payload);
    expect(checked).not.toBeNull();
    expect(checked).toEqual(ORDER_PAYLOAD.parse(payload));
    expect(outcome(() => readOrderFacts(payload))).toEqual(bySchema(payload));
  });

  it.each(malformed)("leaves %s to the schema, which says what is wrong", (_label, payload) => {
    // Every payload the schema refuses is left to it (one it takes may still lack what the facts need).
    if (!ORDER_PAYLOAD.safeParse(payload).success) expect(checkOrderPayload(payload)).toBeNull();
    const read = outcome(() => readOrderFacts(payload));
    expect(read).toEqual(bySchema(payload));
    expect(read).toHaveProperty("malformed", expect.stringMatching(/^Order payload: /));
  });

  it("answers as the schema does for any value at any place of a real payload", () => {
    const values = [
      undefined,
      null,
      "",
      " ",
      " 12.50 ",
      "12.5.0",
      "abc",
      "-1",
      "42",
      "USD",
      "usd",
      "2025-01-01T00:00:00Z",
      "not a date",
      "gid://shopify/Order/12",
      "gid://shopify/Order/x",
      0,
      -0,
      -1,
      1.5,
      42,
      2 ** 53,
      1e21,
      true,
      false,
      [],
      [{}],
      [{ code: 1 }],
      [{ name: "_affiliate_ref", value: 5 }],
      {},
      { shop_money: { amount: "1.00" } },
      { shop_money: { amount: 3, currency_code: 4 } },
      { shop_money: { currency_code: "EUR" } },
    ];
    const bases = realPayloads.map(([, payload]) => payload);
    // The places the schema reads (and a list's items, and a key it does not know), so that the changes
    // land where the two readers could differ.
    const read = new Set(zodFieldPaths(ORDER_PAYLOAD));
    const paths = bases.map((payload) =>
      placesIn(payload).filter((place) => {
        const notation = place
          .map((key) => (typeof key === "number" ? "[]" : `.${key}`))
          .join("")
          .slice(1);
        const path = notation.replace(/\.\[\]/g, "[]").replace(/\[\]$/, "");
        return read.has(path) || path === "" || place.at(-1) === "unexpected_key";
      }),
    );
    let checkedByHand = 0;
    fc.assert(
      fc.property(
        fc.nat(bases.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...values)), { minLength: 1, maxLength: 3 }),
        (baseIndex, changes) => {
          const payload = structuredClone(bases[baseIndex]);
          for (const [place, value] of changes) {
            const at = paths[baseIndex][place % paths[baseIndex].length];
            setAt(payload, at, value);
          }
          const checked = checkOrderPayload(payload);
          if (checked !== null) {
            checkedByHand += 1;
            expect(checked).toEqual(ORDER_PAYLOAD.parse(payload));
          }
          expect(outcome(() => readOrderFacts(payload))).toEqual(bySchema(payload));
        },
      ),
      { numRuns: 3_000, seed: 27 },
    );
    // The variations that stay valid are read by hand, not all left to the schema.
    expect(checkedByHand).toBeGreaterThan(300);
  });
});

type Place = Array<string | number>;

/** Every place in a JSON value (object keys and array items, nested), and a new key in each object. */
function placesIn(value: unknown, at: Place = []): Place[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => [[...at, index], ...placesIn(item, [...at, index])]);
  if (typeof value === "object" && value !== null)
    return [
      [...at, "unexpected_key"],
      ...Object.entries(value).flatMap(([key, item]) => [[...at, key], ...placesIn(item, [...at, key])]),
    ];
  return [];
}

/** Sets (or, with undefined, deletes) the value at a place, if the place is still there. */
function setAt(root: unknown, at: Place, value: unknown): void {
  let parent = root as Record<string | number, unknown>;
  for (const key of at.slice(0, -1)) {
    const next = parent?.[key];
    if (typeof next !== "object" || next === null) return;
    parent = next as Record<string | number, unknown>;
  }
  const last = at.at(-1)!;
  if (value === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = structuredClone(value);
}
