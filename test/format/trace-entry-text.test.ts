// traceEntryText is the CSV export's way to put a trace entry into words: it must say exactly what the
// screens say (sentenceText of describeTraceEntry), for every entry the engine writes and for messages no
// pattern reads. Checked on random orders run through the engine, with names and currencies that test the
// wording (commas, quotes, no decimals, three decimals), and on random messages under every code.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attributeOrder } from "~/attribution";
import { TRACE_CODES, type Affiliate, type LineItem, type Rate } from "~/attribution/types";
import {
  describeTraceEntry,
  sentenceText,
  traceEntryText,
  traceWordsContext,
  type TraceWordsContext,
} from "~/format/trace-words";
import { affiliate, flatPerItem, flatPerOrder, input, line, percent } from "~test/attribution/fixtures";

const amountArb = fc
  .tuple(fc.integer({ min: 0, max: 250_000 }), fc.constantFrom(0, 2, 3))
  .map(([units, digits]) => (digits === 0 ? String(units) : (units / 10 ** digits).toFixed(digits)));

const rateArb: fc.Arbitrary<Rate> = fc.oneof(
  amountArb.map((value) => percent(String(Math.min(Number(value), 100)))),
  amountArb.map(flatPerOrder),
  amountArb.map(flatPerItem),
);

const lineArb = (index: number): fc.Arbitrary<LineItem> =>
  fc
    .record({
      productId: fc.constantFrom("P1", "P2", "P3"),
      quantity: fc.integer({ min: 0, max: 4 }),
      unitPrice: amountArb,
      giftCard: fc.boolean(),
      title: fc.option(fc.constantFrom("Trail shoe", 'Jacket, "rain"', "Écharpe"), { nil: undefined }),
    })
    .map((fields) => ({ ...line(), id: `L${index + 1}`, ...fields }) as LineItem);

const affiliatesArb: fc.Arbitrary<Affiliate[]> = fc
  .tuple(fc.boolean(), fc.boolean(), fc.option(rateArb, { nil: null }), fc.option(rateArb, { nil: null }))
  .map(([aliceActive, bobActive, aliceRate, bobRate]) => [
    affiliate({ id: "A", refCode: "alice", active: aliceActive, rate: aliceRate }),
    affiliate({ id: "B", refCode: "bob", active: bobActive, rate: bobRate }),
  ]);

const orderArb = fc.record({
  currency: fc.constantFrom("USD", "JPY", "KWD", "EUR"),
  ref: fc.constantFrom(null, "alice", "bob", "zed", " Alice "),
  discountCodes: fc.subarray(["ALICE10", "BOB15", "WELCOME"]),
  shipping: amountArb,
  renewalOf: fc.constantFrom(null, { affiliateId: "A" }, { affiliateId: null }, { affiliateId: "Z" }),
  customer: fc.option(
    fc.record({
      isNew: fc.boolean(),
      email: fc.constantFrom("carol@example.com", "alice@example.com"),
      id: fc.constantFrom("cust-1", "cust-B"),
    }),
    { nil: null },
  ),
  lineItems: fc
    .integer({ min: 1, max: 3 })
    .chain((count) => fc.tuple(...[...Array(count)].map((_, i) => lineArb(i)))),
  connection: fc.constantFrom(
    null,
    { affiliateId: "A", expiresAt: null },
    { affiliateId: "B", expiresAt: "2026-02-01T04:00:00Z" },
    { affiliateId: "Z", expiresAt: null },
  ),
  productConnections: fc.subarray([
    { productId: "P1", affiliateId: "A", rate: null },
    { productId: "P2", affiliateId: "B", rate: flatPerItem("2.00") },
    { productId: "P2", affiliateId: "A", rate: percent("12.5") },
    { productId: "P3", affiliateId: "Z", rate: null },
  ]),
  affiliates: affiliatesArb,
  defaultRate: rateArb,
  newCustomer: fc.boolean(),
  couponCommission: fc.boolean(),
  firstCommission: fc.boolean(),
  lifetime: fc.boolean(),
  recurring: fc.boolean(),
  includeShipping: fc.boolean(),
});

const namesArb = fc.record({
  A: fc.constantFrom("Alice Wong", 'Alice "Al" Wong', "alice, the first", "élodie", ""),
  B: fc.constantFrom("Bob Okafor", "bob", "=Bob"),
});

function sameWords(
  entries: Array<{ code: string; message: string; affiliateId?: string }>,
  context: TraceWordsContext,
) {
  for (const entry of entries) {
    expect(traceEntryText(entry, context), `${entry.code}: ${entry.message}`).toBe(
      sentenceText(describeTraceEntry(entry, context)),
    );
  }
}

describe("traceEntryText", () => {
  it("says what the screens say of every entry of random orders", () => {
    fc.assert(
      fc.property(
        orderArb,
        namesArb,
        fc.constantFrom("America/New_York", "Asia/Kathmandu", "UTC"),
        (order, names, timeZone) => {
          const engineInput = input({
            order: {
              currency: order.currency,
              ref: order.ref,
              discountCodes: order.discountCodes,
              shipping: order.shipping,
              renewalOf: order.renewalOf,
            },
            customer: order.customer,
            lineItems: order.lineItems,
            affiliates: order.affiliates,
            connection: order.connection,
            productConnections: order.productConnections,
            program: {
              defaultRate: order.defaultRate,
              newCustomer: { enabled: order.newCustomer },
              couponCommission: { enabled: order.couponCommission },
              firstCommission: { enabled: order.firstCommission },
              lifetime: { enabled: order.lifetime, expiresAfterDays: order.lifetime ? 30 : null },
              recurring: { enabled: order.recurring },
              base: { includeShipping: order.includeShipping },
            },
          });
          const { trace } = attributeOrder(engineInput);
          const context = traceWordsContext({
            input: JSON.stringify(engineInput),
            currency: order.currency,
            timeZone,
            names,
            productTitles: { P1: "Trail shoe", P2: "Rain jacket, blue" },
          });
          sameWords(trace, context);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("says what the screens say of messages no pattern reads, under every code", () => {
    const pieces = fc.constantFrom(
      "alice",
      "bob",
      "unknown affiliate Z",
      " earns ",
      "12.50",
      "-3",
      " through link, rule default (no other rule applies): ",
      "10 % of 136.00",
      "5.00 per order (base 136.00)",
      "2.00 per item × 3 items (base 136.00)",
      " on product P1 (lines L1, L2), the product connection's rate: ",
      " is the referrer, through ",
      "link of alice",
      "coupon ALICE10 of alice",
      "2026-03-08T07:30:00.000Z",
      "order(s)",
      ".",
      "!",
      "",
      "é",
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...TRACE_CODES, "some_later_code"),
        fc.oneof(
          fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join("")),
          fc.string(),
        ),
        fc.constantFrom(undefined, "A", "B", "Z"),
        fc.constantFrom("USD", "JPY", "KWD"),
        (code, message, affiliateId, currency) => {
          const context = traceWordsContext({
            input: JSON.stringify(input()),
            currency,
            timeZone: "America/New_York",
            names: { A: "Alice Wong", B: "bob" },
          });
          sameWords([{ code, message, ...(affiliateId ? { affiliateId } : {}) }], context);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
