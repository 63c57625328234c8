import { describe, expect, it } from "vitest";
import { attributeOrder } from "~/attribution";
import { TRACE_CODES, type AttributionInput, type LineItem, type TraceEntry } from "~/attribution/types";
import {
  describeTrace,
  isWorded,
  notCreditedReasons,
  NOT_CREDITED_CODES,
  sentencesText,
  sentenceText,
  traceWordsContext,
  type TraceWordsContext,
} from "~/format/trace-words";
import {
  ALICE,
  BOB,
  affiliate,
  flatPerItem,
  flatPerOrder,
  input,
  line,
  percent,
  type InputOptions,
} from "~test/attribution/fixtures";

const NAMES = { A: "Alice Wong", B: "Bob Okafor" };
const TITLES = { P1: "Trail shoe", P2: "Rain jacket" };
const titled = (overrides: Partial<LineItem> & { title?: string } = {}) =>
  ({ title: "Trail shoe", ...line(), ...overrides }) as LineItem;

function contextFor(engineInput: AttributionInput, timeZone = "America/New_York"): TraceWordsContext {
  return traceWordsContext({
    input: JSON.stringify(engineInput),
    currency: engineInput.order.currency,
    timeZone,
    names: NAMES,
    productTitles: TITLES,
  });
}

function run(options: InputOptions, timeZone?: string) {
  const engineInput = input({ lineItems: [titled()], ...options });
  const result = attributeOrder(engineInput);
  return { result, context: contextFor(engineInput, timeZone), input: engineInput };
}

/** One order for each situation the engine traces: together they make every code of TRACE_CODES. */
const SCENARIOS: Record<string, InputOptions> = {
  "a connection on a guest order": { customer: null, connection: { affiliateId: "B", expiresAt: null } },
  "signals of an affiliate no longer in the program": {
    order: { discountCodes: ["ZED20"], renewalOf: { affiliateId: "Z" } },
    program: { recurring: { enabled: true } },
    connection: { affiliateId: "Z", expiresAt: null },
    coupons: [{ code: "ZED20", affiliateId: "Z" }],
    productConnections: [{ productId: "P1", affiliateId: "Z", rate: null }],
  },
  "an inactive affiliate's every signal": {
    order: { ref: "alice", discountCodes: ["ALICE10"], renewalOf: { affiliateId: "A" } },
    program: { recurring: { enabled: true } },
    affiliates: [{ ...ALICE, active: false }, BOB],
    connection: { affiliateId: "A", expiresAt: null },
    productConnections: [{ productId: "P1", affiliateId: "A", rate: null }],
  },
  "an expired connection": { connection: { affiliateId: "B", expiresAt: "2026-02-01T04:00:00Z" } },
  "a discount code that is no coupon, and an unknown ref": {
    order: { discountCodes: ["WELCOME"], ref: "zed" },
  },
  "a renewal of an order credited to no one": { order: { renewalOf: { affiliateId: null } } },
  "a renewal while recurring commission is off": { order: { renewalOf: { affiliateId: "A" } } },
  "a coupon, another coupon and a link": { order: { ref: "alice", discountCodes: ["ALICE10", "BOB15"] } },
  "a self-referral by email": { order: { ref: "alice" }, customer: { email: "alice@example.com" } },
  "a self-referral by account, with a product": {
    order: { ref: "alice" },
    customer: { id: "cust-A" },
    productConnections: [{ productId: "P1", affiliateId: "A", rate: null }],
  },
  "lines that are not eligible": {
    order: { ref: "alice" },
    lineItems: [
      titled({ id: "L1", giftCard: true, title: "Gift card" }),
      titled({ id: "L2", quantity: 0 }),
      titled({ id: "L3", discount: "150.00" }),
      titled({ id: "L4" }),
    ],
  },
  "shipping in the base, at a flat rate per order": {
    order: { ref: "bob", shipping: "5.00" },
    program: { base: { includeShipping: true } },
    affiliates: [ALICE, { ...BOB, rate: flatPerOrder("7.50") }],
  },
  "new customer and first commission both on": {
    order: { ref: "alice" },
    customer: { isNew: true },
    program: { newCustomer: { enabled: true }, firstCommission: { enabled: true } },
    productConnections: [{ productId: "P1", affiliateId: "A", rate: null }],
  },
  "first commission while new customer commission is on": {
    order: { ref: "alice" },
    program: { newCustomer: { enabled: true }, firstCommission: { enabled: true } },
  },
  "a product of the referrer, and a product of two affiliates": {
    order: { ref: "alice" },
    lineItems: [titled({ id: "L1" }), titled({ id: "L2", productId: "P2", title: "Rain jacket" })],
    productConnections: [
      { productId: "P1", affiliateId: "A", rate: null },
      { productId: "P2", affiliateId: "B", rate: flatPerItem("2.00") },
      { productId: "P2", affiliateId: "A", rate: null },
    ],
  },
  "a product whose only line is a gift card, and a referrer left with nothing": {
    order: { ref: "alice" },
    lineItems: [titled({ giftCard: true })],
    productConnections: [{ productId: "P1", affiliateId: "B", rate: null }],
  },
  "a commission that rounds to nothing": {
    order: { ref: "alice", discountCodes: ["ALICE10"] },
    program: { defaultRate: percent("0.001"), couponCommission: { enabled: true, rate: percent("0.001") } },
  },
  "a lifetime connection made": {
    order: { ref: "alice" },
    program: { lifetime: { enabled: true, expiresAfterDays: 365 }, firstCommission: { enabled: true } },
  },
  "a lifetime connection skipped": {
    order: { ref: "alice" },
    customer: null,
    program: { lifetime: { enabled: true, expiresAfterDays: null } },
  },
};

const FORBIDDEN: Array<[string, RegExp]> = [
  ["a raw timestamp", /\d{4}-\d{2}-\d{2}T/],
  ["a rule id", /\b(affiliate_rate|new_customer|coupon_commission|first_commission|default rule)\b/],
  ["a ref code in brackets", /\((alice|bob)\)/],
  ["a product by id", /[Pp]roduct P\d/],
  ["a line id", /\bL\d\b/],
  ["order(s)", /order\(s\)/],
  ["a ref code instead of a name", /\b(alice|bob)\b/],
  ["an amount without its currency", /(?<![$\d,.])\d+\.\d{2}\b(?!%)/],
];

describe("the trace in the merchant's words", () => {
  const all = Object.entries(SCENARIOS).map(([name, options]) => ({ name, ...run(options) }));

  it("covers every code the engine traces", () => {
    const seen = new Set(all.flatMap(({ result }) => result.trace.map((entry) => entry.code)));
    expect([...TRACE_CODES].filter((code) => !seen.has(code))).toEqual([]);
  });

  it.each(all.map((s) => [s.name, s] as const))(
    "reads every entry of %s, with nothing raw",
    (_, scenario) => {
      for (const entry of scenario.result.trace) {
        expect(isWorded(entry), `${entry.code}: ${entry.message}`).toBe(true);
        const text = sentenceText(describeTrace([entry], scenario.context)[0]);
        for (const [what, pattern] of FORBIDDEN) expect(text, `${what} in "${text}"`).not.toMatch(pattern);
      }
    },
  );

  it("names affiliates, links each once per sentence, and says money in the shop's currency", () => {
    const { result, context } = run(SCENARIOS["a coupon, another coupon and a link"]);
    const sentences = describeTrace(result.trace, context);
    expect(sentences.map(sentenceText)).toEqual([
      "Alice Wong referred this order through their coupon ALICE10.",
      "Bob Okafor's coupon BOB15 lost to Alice Wong's coupon ALICE10.",
      "Alice Wong's link led to the same affiliate: credited once.",
      "Alice Wong earns $10.00 through a coupon, at the program's default rate: 10% of $100.00.",
    ]);
    expect(sentences[1].segments).toEqual([
      { text: "Bob Okafor", affiliateId: "B" },
      { text: "'s coupon BOB15 lost to " },
      { text: "Alice Wong", affiliateId: "A" },
      { text: "'s coupon ALICE10." },
    ]);
  });

  it("says products by their title and dates in the shop's time zone", () => {
    const expired = run(SCENARIOS["an expired connection"], "Asia/Tokyo");
    expect(sentencesText(describeTrace(expired.result.trace, expired.context))).toContain(
      "The customer's connection to Bob Okafor had expired on Feb 1, 2026.",
    );
    const products = run(SCENARIOS["a product of the referrer, and a product of two affiliates"]);
    expect(sentencesText(describeTrace(products.result.trace, products.context))).toContain(
      "Bob Okafor earns $4.00 on Rain jacket, at the product connection's rate: $2.00 per item × 2 items.",
    );
  });

  it("says a product with no known title is a product, never its id", () => {
    const engineInput = input({
      order: { ref: "alice" },
      productConnections: [{ productId: "P9", affiliateId: "B", rate: null }],
      lineItems: [line({ productId: "P9" })],
    });
    const context = traceWordsContext({ input: engineInput, currency: "USD", timeZone: "UTC" });
    const text = sentencesText(describeTrace(attributeOrder(engineInput).trace, context));
    expect(text).toContain("bob earns $10.00 on a product, at the program's default rate");
    expect(text).not.toMatch(/P9/);
  });

  it("reads the pipeline's own entries", () => {
    const context = contextFor(input());
    const entries: TraceEntry[] = [
      {
        code: "customer_returning",
        message:
          "Returning customer: Shopify created the customer at 2025-01-02T03:04:05Z and counts 1 order(s)",
      },
      {
        code: "test_order_not_credited",
        message: "Test order: not credited (crediting test orders is off in Settings)",
      },
      {
        code: "manual_credit",
        message: "Credited by hand to bob on 2026-03-02T15:00:00.000Z: Sent by email",
        affiliateId: "B",
      },
    ];
    expect(describeTrace(entries, context).map(sentenceText)).toEqual([
      "A returning customer: Shopify created them on Jan 1, 2025 and counts 1 order.",
      "A test order: not credited, as crediting test orders is off in Settings.",
      "Credited by hand to Bob Okafor on Mar 2, 2026: “Sent by email”.",
    ]);
    expect(entries.every(isWorded)).toBe(true);
  });

  it("shows a message it cannot read as it came, made readable", () => {
    const [sentence] = describeTrace(
      [{ code: "something_new", message: "Product 8004 (lines 1601) was looked at on 2026-03-01T12:00:00Z" }],
      traceWordsContext({
        input: input(),
        currency: "USD",
        timeZone: "UTC",
        productTitles: { "8004": "Wool socks" },
      }),
    );
    expect(sentenceText(sentence)).toBe("Wool socks was looked at on Mar 1, 2026.");
  });
});

describe("why an order earned nothing", () => {
  const reasonsOf = (options: InputOptions) => {
    const { result, context } = run(options);
    expect(result.commissions).toEqual([]);
    return sentencesText(notCreditedReasons(result.trace, context));
  };

  it("names each reason in words", () => {
    expect(reasonsOf({})).toBe(
      "No affiliate referred this order: it came with no affiliate link, affiliate coupon, valid customer connection or subscription renewal.",
    );
    expect(reasonsOf({ order: { ref: "alice" }, affiliates: [{ ...ALICE, active: false }, BOB] })).toBe(
      "Alice Wong's link was ignored: they are inactive. " +
        "No affiliate referred this order: it came with no affiliate link, affiliate coupon, valid customer connection or subscription renewal.",
    );
    expect(reasonsOf(SCENARIOS["a self-referral by email"])).toBe(
      "Self-referral: the customer's email is Alice Wong's own, so they earn nothing on this order and no one else is credited in their place.",
    );
    expect(reasonsOf(SCENARIOS["an expired connection"])).toMatch(
      /^The customer's connection to Bob Okafor had expired on Jan 31, 2026\. No affiliate referred/,
    );
    expect(reasonsOf({ customer: null, connection: { affiliateId: "B", expiresAt: null } })).toMatch(
      /^A customer connection to Bob Okafor was ignored: the order has no customer \(a guest checkout\)\./,
    );
    expect(reasonsOf({ order: { ref: "zed", discountCodes: ["WELCOME"] } })).toMatch(
      /^Discount code WELCOME is not an affiliate's coupon\. The link's ref code "zed" matches no affiliate: ignored\./,
    );
    expect(reasonsOf({ order: { renewalOf: { affiliateId: "A" } } })).toMatch(
      /^A subscription renewal of an order credited to Alice Wong: recurring commission is off in Settings\./,
    );
    expect(reasonsOf({ order: { renewalOf: { affiliateId: null } } })).toMatch(
      /^This subscription renewal's first order was credited to no affiliate\./,
    );
    expect(reasonsOf(SCENARIOS["a commission that rounds to nothing"])).toBe(
      "Alice Wong's referral commission comes to $0.00: nothing to pay.",
    );
    const test: TraceEntry[] = [
      {
        code: "customer_new",
        message: "New customer: Shopify created the customer at 2026-03-01T11:58:00Z and counts 1 order(s)",
      },
      {
        code: "test_order_not_credited",
        message: "Test order: not credited (crediting test orders is off in Settings)",
      },
    ];
    expect(sentencesText(notCreditedReasons(test, contextFor(input())))).toBe(
      "A test order: not credited, as crediting test orders is off in Settings.",
    );
  });

  it("counts only codes that mean nothing was earned", () => {
    expect(NOT_CREDITED_CODES).not.toContain("referrer_selected");
    expect(NOT_CREDITED_CODES.filter((code) => !(TRACE_CODES as readonly string[]).includes(code))).toEqual([
      "test_order_not_credited",
    ]);
  });
});

void affiliate;
