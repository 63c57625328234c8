import { describe, expect, it } from "vitest";
import { attributeOrder } from "./index";
import type { AttributionResult, Commission, TraceEntry } from "./index";
import {
  ALICE,
  BOB,
  type InputOptions,
  affiliate,
  flatPerItem,
  flatPerOrder,
  input,
  line,
  percent,
} from "~test/attribution/fixtures";

const CARA = affiliate({ id: "C", refCode: "cara" });

const run = (options: InputOptions = {}): AttributionResult => attributeOrder(input(options));
const codes = (result: AttributionResult): string[] => result.trace.map((t) => t.code);
const traced = (result: AttributionResult, code: string): TraceEntry[] =>
  result.trace.filter((t) => t.code === code);
const summary = (c: Commission): string =>
  `${c.affiliateId} ${c.source} ${c.rule} ${c.base} ${c.amount} [${c.lineItemIds.join(",")}]`;
const summaries = (result: AttributionResult): string[] => result.commissions.map(summary);

describe("rule 1: the referrer", () => {
  it("a valid connection beats a coupon, a link and a renewal", () => {
    const result = run({
      order: { ref: "alice", discountCodes: ["ALICE10"], renewalOf: { affiliateId: "A" } },
      program: { recurring: { enabled: true } },
      connection: { affiliateId: "B", expiresAt: "2026-06-01T00:00:00Z" },
    });
    expect(summaries(result)).toEqual(["B connection default 100.00 10.00 [L1]"]);
    expect(traced(result, "signal_beaten").map((t) => t.message)).toEqual([
      "Coupon ALICE10 of alice was beaten by connection to bob",
      "Link of alice was beaten by connection to bob",
      "Renewal of an order credited to alice was beaten by connection to bob",
    ]);
    expect(traced(result, "referrer_selected")).toEqual([
      {
        code: "referrer_selected",
        message: "bob is the referrer, through connection to bob",
        affiliateId: "B",
      },
    ]);
  });

  it("a coupon beats a link and a renewal", () => {
    const result = run({
      order: { ref: "alice", discountCodes: ["BOB15"], renewalOf: { affiliateId: "C" } },
      affiliates: [ALICE, BOB, CARA],
      program: { recurring: { enabled: true } },
    });
    expect(summaries(result)).toEqual(["B coupon default 100.00 10.00 [L1]"]);
    expect(traced(result, "signal_beaten").map((t) => [t.message, t.affiliateId])).toEqual([
      ["Link of alice was beaten by coupon BOB15 of bob", "A"],
      ["Renewal of an order credited to cara was beaten by coupon BOB15 of bob", "C"],
    ]);
  });

  it("a link beats a renewal", () => {
    const result = run({
      order: { ref: "alice", renewalOf: { affiliateId: "B" } },
      program: { recurring: { enabled: true } },
    });
    expect(summaries(result)).toEqual(["A link default 100.00 10.00 [L1]"]);
    expect(traced(result, "signal_beaten")[0].message).toBe(
      "Renewal of an order credited to bob was beaten by link of alice",
    );
  });

  it("the coupon is the first discount code assigned to an active affiliate", () => {
    const result = run({
      order: { discountCodes: ["SUMMER", "ALICE10", "BOB15"] },
      affiliates: [{ ...ALICE, active: false }, BOB],
      coupons: [
        { code: "ALICE10", affiliateId: "A" },
        { code: "BOB15", affiliateId: "B" },
      ],
    });
    expect(summaries(result)).toEqual(["B coupon default 100.00 10.00 [L1]"]);
    expect(result.trace.slice(0, 3)).toEqual([
      { code: "code_not_coupon", message: "Discount code SUMMER is not an affiliate coupon" },
      {
        code: "affiliate_inactive",
        message: "Coupon ALICE10 of alice ignored: alice is inactive",
        affiliateId: "A",
      },
      {
        code: "referrer_selected",
        message: "bob is the referrer, through coupon BOB15 of bob",
        affiliateId: "B",
      },
    ]);
  });

  it("a later coupon of another affiliate loses to the first", () => {
    const result = run({ order: { discountCodes: ["BOB15", "ALICE10"] } });
    expect(summaries(result)).toEqual(["B coupon default 100.00 10.00 [L1]"]);
    expect(traced(result, "signal_beaten")[0]).toEqual({
      code: "signal_beaten",
      message: "Coupon ALICE10 of alice was beaten by coupon BOB15 of bob",
      affiliateId: "A",
    });
  });

  it("compares codes and ref codes case-insensitively, trimmed", () => {
    expect(summaries(run({ order: { discountCodes: [" alice10 "] } }))).toEqual([
      "A coupon default 100.00 10.00 [L1]",
    ]);
    expect(summaries(run({ order: { ref: "  ALICE " } }))).toEqual(["A link default 100.00 10.00 [L1]"]);
    expect(
      summaries(run({ order: { ref: "bob" }, affiliates: [ALICE, { ...BOB, refCode: " Bob " }] })),
    ).toEqual(["B link default 100.00 10.00 [L1]"]);
    const result = run({
      order: { discountCodes: ["bob15"] },
      coupons: [{ code: " BoB15", affiliateId: "B" }],
    });
    expect(summaries(result)).toEqual(["B coupon default 100.00 10.00 [L1]"]);
    expect(traced(result, "referrer_selected")[0].message).toBe(
      "bob is the referrer, through coupon bob15 of bob",
    );
  });

  it("credits an affiliate reached through several signals once, tracing the merge", () => {
    const result = run({
      order: { ref: "bob", discountCodes: ["BOB15"] },
      connection: { affiliateId: "B", expiresAt: null },
    });
    expect(summaries(result)).toEqual(["B connection default 100.00 10.00 [L1]"]);
    expect(traced(result, "signal_merged").map((t) => t.message)).toEqual([
      "Coupon BOB15 of bob points at the same affiliate as connection to bob: credited once",
      "Link of bob points at the same affiliate as connection to bob: credited once",
    ]);
  });

  it("an expired connection is ignored (expiresAt equal to createdAt counts as expired)", () => {
    const result = run({
      order: { ref: "alice" },
      connection: { affiliateId: "B", expiresAt: "2026-01-01T00:00:00Z" },
    });
    expect(summaries(result)).toEqual(["A link default 100.00 10.00 [L1]"]);
    expect(traced(result, "connection_expired")).toEqual([
      {
        code: "connection_expired",
        message: "Connection to bob expired on 2026-01-01T00:00:00.000Z",
        affiliateId: "B",
      },
    ]);
    const atCreation = run({
      order: { ref: "alice" },
      connection: { affiliateId: "B", expiresAt: "2026-03-01T12:00:00Z" },
    });
    expect(summaries(atCreation)).toEqual(["A link default 100.00 10.00 [L1]"]);
    const oneMsLater = run({
      order: { ref: "alice" },
      connection: { affiliateId: "B", expiresAt: "2026-03-01T12:00:00.001Z" },
    });
    expect(summaries(oneMsLater)).toEqual(["B connection default 100.00 10.00 [L1]"]);
    const offset = run({
      order: { ref: "alice" },
      connection: { affiliateId: "B", expiresAt: "2026-03-01T13:00:00+02:00" },
    });
    expect(summaries(offset)).toEqual(["A link default 100.00 10.00 [L1]"]);
  });

  it("a connection is ignored when the order has no customer", () => {
    const result = run({
      customer: null,
      order: { ref: "alice" },
      connection: { affiliateId: "B", expiresAt: null },
    });
    expect(summaries(result)).toEqual(["A link default 100.00 10.00 [L1]"]);
    expect(traced(result, "connection_no_customer")).toEqual([
      {
        code: "connection_no_customer",
        message: "The customer connection was ignored: the order has no customer",
        affiliateId: "B",
      },
    ]);
  });

  describe("rule 0: inactive and unknown affiliates are ignored at every signal, and traced", () => {
    const inactiveBob = [ALICE, { ...BOB, active: false }];

    it("connection", () => {
      const inactive = run({ affiliates: inactiveBob, connection: { affiliateId: "B", expiresAt: null } });
      expect(inactive.commissions).toEqual([]);
      expect(traced(inactive, "affiliate_inactive")[0]).toEqual({
        code: "affiliate_inactive",
        message: "Connection to bob ignored: bob is inactive",
        affiliateId: "B",
      });
      const unknown = run({ order: { ref: "alice" }, connection: { affiliateId: "Z", expiresAt: null } });
      expect(summaries(unknown)).toEqual(["A link default 100.00 10.00 [L1]"]);
      expect(traced(unknown, "affiliate_unknown")[0]).toEqual({
        code: "affiliate_unknown",
        message: "The customer's connection points at unknown affiliate Z: ignored",
        affiliateId: "Z",
      });
    });

    it("coupon", () => {
      const inactive = run({ affiliates: inactiveBob, order: { discountCodes: ["BOB15"], ref: "alice" } });
      expect(summaries(inactive)).toEqual(["A link default 100.00 10.00 [L1]"]);
      expect(traced(inactive, "affiliate_inactive")[0].message).toBe(
        "Coupon BOB15 of bob ignored: bob is inactive",
      );
      const unknown = run({
        order: { discountCodes: ["GHOST"] },
        coupons: [{ code: "GHOST", affiliateId: "Z" }],
      });
      expect(unknown.commissions).toEqual([]);
      expect(traced(unknown, "affiliate_unknown")[0].message).toBe(
        "Coupon GHOST points at unknown affiliate Z: ignored",
      );
    });

    it("link", () => {
      const inactive = run({ affiliates: inactiveBob, order: { ref: "bob" } });
      expect(inactive.commissions).toEqual([]);
      expect(traced(inactive, "affiliate_inactive")[0].message).toBe("Link of bob ignored: bob is inactive");
      const unknown = run({ order: { ref: "nobody" } });
      expect(unknown.commissions).toEqual([]);
      expect(traced(unknown, "ref_unknown")[0].message).toBe(
        'Ref code "nobody" matches no affiliate: ignored',
      );
      expect(codes(unknown)).toContain("no_referrer");
    });

    it("an inactive affiliate sharing a ref code or coupon code with an active one does not shadow it", () => {
      const oldAlice = affiliate({ id: "A0", refCode: "ALICE", active: false });
      const result = run({ affiliates: [oldAlice, ALICE, BOB], order: { ref: "alice" } });
      expect(summaries(result)).toEqual(["A link default 100.00 10.00 [L1]"]);
      const coupon = run({
        affiliates: [oldAlice, ALICE, BOB],
        coupons: [
          { code: "ALICE10", affiliateId: "A0" },
          { code: "ALICE10", affiliateId: "A" },
        ],
        order: { discountCodes: ["ALICE10"] },
      });
      expect(summaries(coupon)).toEqual(["A coupon default 100.00 10.00 [L1]"]);
    });

    it("renewal", () => {
      const on = { recurring: { enabled: true } };
      const inactive = run({
        affiliates: inactiveBob,
        program: on,
        order: { renewalOf: { affiliateId: "B" } },
      });
      expect(inactive.commissions).toEqual([]);
      expect(traced(inactive, "affiliate_inactive")[0].message).toBe(
        "Renewal of an order credited to bob ignored: bob is inactive",
      );
      const unknown = run({ program: on, order: { renewalOf: { affiliateId: "Z" } } });
      expect(traced(unknown, "affiliate_unknown")[0].message).toBe(
        "The renewal points at unknown affiliate Z: ignored",
      );
      const noAffiliate = run({ program: on, order: { renewalOf: { affiliateId: null } } });
      expect(noAffiliate.commissions).toEqual([]);
      // An entry about no affiliate has no affiliateId at all (not one that is undefined).
      expect(traced(noAffiliate, "renewal_without_affiliate")).toStrictEqual([
        {
          code: "renewal_without_affiliate",
          message: "This renewal's original order was credited to no affiliate",
        },
      ]);
    });

    it("renewal with recurring commission off", () => {
      const result = run({ order: { renewalOf: { affiliateId: "B" } } });
      expect(result.commissions).toEqual([]);
      expect(traced(result, "recurring_disabled")).toEqual([
        {
          code: "recurring_disabled",
          message: "Renewal of an order credited to bob: recurring commission is off",
          affiliateId: "B",
        },
      ]);
    });

    it("product connection", () => {
      const result = run({
        affiliates: [ALICE, { ...BOB, active: false }],
        productConnections: [
          { productId: "P1", affiliateId: "B", rate: null },
          { productId: "P1", affiliateId: "Z", rate: null },
        ],
      });
      expect(result.commissions).toEqual([]);
      expect(traced(result, "affiliate_inactive")[0].message).toBe(
        "Product P1's connection to bob ignored: bob is inactive",
      );
      expect(traced(result, "affiliate_unknown")[0].message).toBe(
        "Product P1's connection to unknown affiliate Z ignored",
      );
    });
  });

  it("a blank ref is no link at all: nothing is traced about it", () => {
    for (const ref of ["", "   "]) {
      expect(run({ order: { ref } }).trace).toEqual([
        {
          code: "no_referrer",
          message: "No referrer: no valid connection, affiliate coupon, affiliate link or renewal",
        },
      ]);
    }
  });

  it("no signal at all: no referrer", () => {
    const result = run();
    expect(result).toEqual({
      commissions: [],
      connect: null,
      trace: [
        {
          code: "no_referrer",
          message: "No referrer: no valid connection, affiliate coupon, affiliate link or renewal",
        },
      ],
    });
  });
});

describe("rule 2: self-referral", () => {
  it("by email, trimmed and case-insensitive", () => {
    const result = run({ order: { ref: "alice" }, customer: { email: "  Alice@EXAMPLE.com " } });
    expect(result.commissions).toEqual([]);
    expect(traced(result, "self_referral")[0].affiliateId).toBe("A");
  });

  it("by customer id", () => {
    const result = run({ order: { ref: "alice" }, customer: { id: ALICE.customerId ?? "", email: null } });
    expect(result.commissions).toEqual([]);
    expect(traced(result, "self_referral")[0].message).toBe(
      "Self-referral: the customer is alice's own customer account; alice earns nothing as referrer on this order, and no other signal takes its place",
    );
  });

  it("does not fall through to the next signal", () => {
    const result = run({
      order: { ref: "bob", discountCodes: ["ALICE10"] },
      customer: { email: ALICE.email },
    });
    expect(result.commissions).toEqual([]);
    expect(codes(result)).toEqual(["referrer_selected", "signal_beaten", "self_referral"]);
  });

  it("is allowed when excludeSelfReferrals is off", () => {
    const result = run({
      order: { ref: "alice" },
      customer: { email: ALICE.email },
      program: { excludeSelfReferrals: false },
    });
    expect(summaries(result)).toEqual(["A link default 100.00 10.00 [L1]"]);
  });

  it("blank or missing emails never match", () => {
    const blank = run({
      order: { ref: "alice" },
      customer: { email: " " },
      affiliates: [{ ...ALICE, email: "" }, BOB],
    });
    expect(summaries(blank)).toEqual(["A link default 100.00 10.00 [L1]"]);
    const none = run({
      order: { ref: "alice" },
      customer: { email: null },
      affiliates: [{ ...ALICE, email: null }, BOB],
    });
    expect(summaries(none)).toEqual(["A link default 100.00 10.00 [L1]"]);
  });

  it("an affiliate without an email is matched by customer id only, never by the customer's email", () => {
    const noEmail = [{ ...ALICE, email: null }, BOB];
    const stranger = run({
      order: { ref: "alice" },
      customer: { email: "carol@example.com" },
      affiliates: noEmail,
    });
    expect(summaries(stranger)).toEqual(["A link default 100.00 10.00 [L1]"]);
    expect(codes(stranger)).toEqual(["referrer_selected", "rule_applied"]);
    const ownAccount = run({
      order: { ref: "alice" },
      customer: { id: "cust-A", email: "carol@example.com" },
      affiliates: noEmail,
    });
    expect(ownAccount.commissions).toEqual([]);
    expect(traced(ownAccount, "self_referral")[0].message).toBe(
      "Self-referral: the customer is alice's own customer account; alice earns nothing as referrer on this order, and no other signal takes its place",
    );
  });

  it("a product owner who is the customer earns nothing on the product; the referrer still earns", () => {
    const result = run({
      order: { ref: "alice" },
      customer: { email: BOB.email },
      productConnections: [{ productId: "P1", affiliateId: "B", rate: null }],
    });
    expect(summaries(result)).toEqual(["A link default 100.00 10.00 [L1]"]);
    expect(traced(result, "self_referral")).toEqual([
      {
        code: "self_referral",
        message: "Self-referral: the customer's email is bob's; bob earns nothing on product P1",
        affiliateId: "B",
      },
    ]);
  });

  it("an excluded product owner (by customer id) still owns the product: the next connection earns nothing", () => {
    const result = run({
      customer: { id: "cust-B" },
      affiliates: [ALICE, BOB, CARA],
      productConnections: [
        { productId: "P1", affiliateId: "B", rate: null },
        { productId: "P1", affiliateId: "C", rate: null },
      ],
    });
    expect(result.commissions).toEqual([]);
    expect(codes(result)).toEqual(["no_referrer", "product_connection_shadowed", "self_referral"]);
  });

  it("the excluded referrer who also owns the product earns nothing at all", () => {
    const result = run({
      order: { ref: "alice" },
      customer: { email: ALICE.email },
      productConnections: [{ productId: "P1", affiliateId: "A", rate: null }],
    });
    expect(result.commissions).toEqual([]);
    expect(traced(result, "self_referral")).toHaveLength(2);
  });
});

describe("rule 3: the base", () => {
  const taxed = [line({ unitPrice: "50.00", quantity: 2, discount: "10.00", tax: "18.00" })];
  const cases: Array<[boolean, boolean, string]> = [
    [false, false, "90.00"], // prices without tax, base without tax
    [false, true, "108.00"], // tax added on top
    [true, false, "72.00"], // tax included in prices, removed
    [true, true, "90.00"], // tax included in prices, kept
  ];
  for (const [taxesIncluded, includeTax, base] of cases) {
    it(`taxesIncluded ${taxesIncluded}, includeTax ${includeTax} → ${base}`, () => {
      const result = run({
        order: { ref: "alice", taxesIncluded },
        lineItems: taxed,
        program: { base: { includeTax } },
      });
      expect(result.commissions[0].base).toBe(base);
    });
  }

  it("floors a line's base at 0 and traces it", () => {
    const result = run({
      order: { ref: "alice" },
      lineItems: [
        line({ id: "L1", unitPrice: "5.00", quantity: 1, discount: "8.00" }),
        line({ id: "L2", productId: "P2" }),
      ],
    });
    expect(summaries(result)).toEqual(["A link default 100.00 10.00 [L1,L2]"]);
    expect(traced(result, "line_base_floored")[0].message).toBe(
      "Line L1's base comes to -3.00: counted as 0",
    );
  });

  it("a line whose base comes to exactly 0 is eligible and not traced as floored", () => {
    const result = run({
      order: { ref: "alice" },
      lineItems: [
        line({ id: "L1", unitPrice: "5.00", quantity: 1, discount: "5.00" }),
        line({ id: "L2", productId: "P2" }),
      ],
    });
    expect(summaries(result)).toEqual(["A link default 100.00 10.00 [L1,L2]"]);
    expect(codes(result)).toEqual(["referrer_selected", "rule_applied"]);
  });

  it("never counts gift-card lines nor lines of quantity 0", () => {
    const result = run({
      order: { ref: "alice" },
      lineItems: [
        line({ id: "G1", productId: "GIFT", giftCard: true, unitPrice: "25.00", quantity: 1 }),
        line({ id: "L1" }),
        line({ id: "L0", productId: "P2", quantity: 0 }),
      ],
    });
    expect(summaries(result)).toEqual(["A link default 100.00 10.00 [L1]"]);
    expect(codes(result)).toContain("line_gift_card");
    expect(codes(result)).toContain("line_zero_quantity");
  });

  it("adds shipping to the referrer's base only, never to a product owner's", () => {
    const result = run({
      order: { ref: "alice", shipping: "7.50" },
      program: { base: { includeShipping: true } },
      productConnections: [{ productId: "P1", affiliateId: "B", rate: null }],
    });
    expect(summaries(result)).toEqual([
      "A link default 107.50 10.75 [L1]",
      "B product product 100.00 10.00 [L1]",
    ]);
    expect(traced(result, "shipping_included")[0].message).toBe("Shipping of 7.50 is part of alice's base");
  });

  it("free shipping adds nothing and is not traced, even with includeShipping", () => {
    const result = run({
      order: { ref: "alice", shipping: "0.00" },
      program: { base: { includeShipping: true } },
    });
    expect(summaries(result)).toEqual(["A link default 100.00 10.00 [L1]"]);
    expect(codes(result)).toEqual(["referrer_selected", "rule_applied"]);
  });

  it("leaves shipping out without includeShipping", () => {
    expect(summaries(run({ order: { ref: "alice", shipping: "7.50" } }))).toEqual([
      "A link default 100.00 10.00 [L1]",
    ]);
  });

  it("shipping alone does not keep a referrer commission that covers no line", () => {
    const result = run({
      order: { ref: "alice", shipping: "7.50" },
      program: { base: { includeShipping: true } },
      lineItems: [line({ giftCard: true })],
    });
    expect(result.commissions).toEqual([]);
    expect(traced(result, "commission_dropped")[0].message).toBe(
      "alice's referrer commission dropped: the order has no eligible line",
    );
  });
});

describe("rule 4: the referrer's rule and rate kinds", () => {
  it("percent with decimals", () => {
    expect(summaries(run({ order: { ref: "alice" }, program: { defaultRate: percent("7.5") } }))).toEqual([
      "A link default 100.00 7.50 [L1]",
    ]);
  });

  it("flat_per_order: the value once, the base still reported", () => {
    const result = run({
      order: { ref: "alice" },
      program: { defaultRate: flatPerOrder("5.00") },
      lineItems: [line({ id: "L1" }), line({ id: "L2", productId: "P2", quantity: 3 })],
    });
    expect(summaries(result)).toEqual(["A link default 250.00 5.00 [L1,L2]"]);
  });

  it("flat_per_item: the value per unit of the eligible lines covered", () => {
    const result = run({
      order: { ref: "alice" },
      program: { defaultRate: flatPerItem("1.50") },
      lineItems: [
        line({ id: "L1", quantity: 2 }),
        line({ id: "L2", productId: "P2", quantity: 3 }),
        line({ id: "G", productId: "GIFT", quantity: 4, giftCard: true }),
      ],
    });
    expect(summaries(result)).toEqual(["A link default 250.00 7.50 [L1,L2]"]);
    expect(traced(result, "rule_applied")[0].message).toBe(
      "alice earns 7.50 through link, rule default (the program's default rate): 1.50 per item × 5 items (base 250.00)",
    );
  });

  const everythingOn = {
    newCustomer: { enabled: true, rate: percent("20") },
    couponCommission: { enabled: true, rate: percent("15") },
    firstCommission: { enabled: true, rate: percent("30") },
  };

  it("new_customer ranks first", () => {
    const result = run({
      order: { discountCodes: ["ALICE10"] },
      customer: { isNew: true },
      program: everythingOn,
    });
    expect(summaries(result)).toEqual(["A coupon new_customer 100.00 20.00 [L1]"]);
  });

  it("new_customer needs a new customer", () => {
    const result = run({
      order: { ref: "alice" },
      customer: { isNew: false },
      program: { newCustomer: { enabled: true, rate: percent("20") } },
    });
    expect(summaries(result)).toEqual(["A link default 100.00 10.00 [L1]"]);
    expect(summaries(run({ order: { ref: "alice" }, customer: null, program: everythingOn }))).toEqual([
      "A link default 100.00 10.00 [L1]",
    ]);
  });

  it("coupon_commission ranks second, and needs the credited affiliate's coupon (affiliate_coupons)", () => {
    const result = run({ order: { discountCodes: ["ALICE10"] }, program: everythingOn });
    expect(summaries(result)).toEqual(["A coupon coupon_commission 100.00 15.00 [L1]"]);
    const connected = run({
      order: { discountCodes: ["BOB15"] },
      connection: { affiliateId: "B", expiresAt: null },
      program: { couponCommission: { enabled: true } },
    });
    expect(summaries(connected)).toEqual(["B connection coupon_commission 100.00 15.00 [L1]"]);
    const otherCode = run({
      order: { ref: "alice", discountCodes: ["SUMMER"] },
      program: { couponCommission: { enabled: true } },
    });
    expect(summaries(otherCode)).toEqual(["A link default 100.00 10.00 [L1]"]);
  });

  it("coupon_commission (affiliate_coupons) applies when the used code is also a former owner's", () => {
    const result = run({
      order: { discountCodes: ["ALICE10"] },
      affiliates: [affiliate({ id: "A0", refCode: "old-alice", active: false }), ALICE, BOB],
      coupons: [
        { code: "ALICE10", affiliateId: "A0" },
        { code: "ALICE10", affiliateId: "A" },
      ],
      program: { couponCommission: { enabled: true } },
    });
    expect(summaries(result)).toEqual(["A coupon coupon_commission 100.00 15.00 [L1]"]);
  });

  it("coupon_commission (affiliate_coupons) is not earned through another affiliate's coupon", () => {
    // A connected customer uses bob's coupon: alice (the connection) is credited at her usual rate
    const result = run({
      order: { discountCodes: ["BOB15"] },
      connection: { affiliateId: "A", expiresAt: null },
      program: { couponCommission: { enabled: true } },
    });
    expect(summaries(result)).toEqual(["A connection default 100.00 10.00 [L1]"]);
  });

  it("coupon_commission with any_coupon: any discount code at all", () => {
    const result = run({
      order: { ref: "alice", discountCodes: ["SUMMER"] },
      program: { couponCommission: { enabled: true, appliesTo: "any_coupon" } },
    });
    expect(summaries(result)).toEqual(["A link coupon_commission 100.00 15.00 [L1]"]);
    const none = run({
      order: { ref: "alice" },
      program: { couponCommission: { enabled: true, appliesTo: "any_coupon" } },
    });
    expect(summaries(none)).toEqual(["A link default 100.00 10.00 [L1]"]);
  });

  it("first_commission ranks third: coupon or link, known customer, no referred order before", () => {
    const on = { firstCommission: { enabled: true, rate: percent("30") } };
    expect(summaries(run({ order: { ref: "alice" }, program: on }))).toEqual([
      "A link first_commission 100.00 30.00 [L1]",
    ]);
    expect(summaries(run({ order: { discountCodes: ["ALICE10"] }, program: on }))).toEqual([
      "A coupon first_commission 100.00 30.00 [L1]",
    ]);
    expect(
      summaries(run({ order: { ref: "alice" }, program: on, customer: { referredOrdersBefore: 1 } })),
    ).toEqual(["A link default 100.00 10.00 [L1]"]);
    expect(summaries(run({ order: { ref: "alice" }, program: on, customer: null }))).toEqual([
      "A link default 100.00 10.00 [L1]",
    ]);
    expect(summaries(run({ connection: { affiliateId: "A", expiresAt: null }, program: on }))).toEqual([
      "A connection default 100.00 10.00 [L1]",
    ]);
    expect(
      summaries(
        run({ order: { renewalOf: { affiliateId: "A" } }, program: { ...on, recurring: { enabled: true } } }),
      ),
    ).toEqual(["A recurring default 100.00 10.00 [L1]"]);
  });

  it("first commission is ignored, and traced, while new customer commission is on", () => {
    const result = run({
      order: { ref: "alice" },
      program: { newCustomer: { enabled: true }, firstCommission: { enabled: true } },
    });
    expect(summaries(result)).toEqual(["A link default 100.00 10.00 [L1]"]);
    expect(traced(result, "first_commission_ignored")).toEqual([
      {
        code: "first_commission_ignored",
        message: "First commission ignored: new customer commission is on",
        affiliateId: "A",
      },
    ]);
  });

  it("affiliate_rate ranks fourth, default last", () => {
    const own = [{ ...ALICE, rate: percent("12") }, BOB];
    expect(summaries(run({ order: { ref: "alice" }, affiliates: own }))).toEqual([
      "A link affiliate_rate 100.00 12.00 [L1]",
    ]);
    expect(
      summaries(
        run({ order: { ref: "alice" }, affiliates: own, program: { firstCommission: { enabled: true } } }),
      ),
    ).toEqual(["A link first_commission 100.00 30.00 [L1]"]);
    expect(summaries(run({ order: { ref: "bob" }, affiliates: own }))).toEqual([
      "B link default 100.00 10.00 [L1]",
    ]);
  });
});

describe("rule 5: product connections", () => {
  it("pays the referrer on its whole base and another owner on its lines", () => {
    const result = run({
      order: { ref: "alice" },
      lineItems: [line({ id: "L1" }), line({ id: "L2", productId: "P2", unitPrice: "20.00", quantity: 1 })],
      productConnections: [{ productId: "P2", affiliateId: "B", rate: percent("5") }],
    });
    expect(summaries(result)).toEqual([
      "A link default 120.00 12.00 [L1,L2]",
      "B product product 20.00 1.00 [L2]",
    ]);
  });

  it("pays product owners without any referrer", () => {
    const result = run({ productConnections: [{ productId: "P1", affiliateId: "B", rate: null }] });
    expect(summaries(result)).toEqual(["B product product 100.00 10.00 [L1]"]);
  });

  it("the referrer's own products leave its base (rules first_commission, affiliate_rate, default)", () => {
    const lines = [line({ id: "L1" }), line({ id: "L2", productId: "P2", unitPrice: "20.00", quantity: 1 })];
    const connections = [{ productId: "P1", affiliateId: "A", rate: null }];
    expect(
      summaries(run({ order: { ref: "alice" }, lineItems: lines, productConnections: connections })),
    ).toEqual(["A link default 20.00 2.00 [L2]", "A product product 100.00 10.00 [L1]"]);
    const first = run({
      order: { ref: "alice" },
      lineItems: lines,
      productConnections: connections,
      program: { firstCommission: { enabled: true } },
    });
    expect(summaries(first)).toEqual([
      "A link first_commission 20.00 6.00 [L2]",
      "A product product 100.00 10.00 [L1]",
    ]);
    const own = run({
      order: { ref: "alice" },
      lineItems: lines,
      productConnections: connections,
      affiliates: [{ ...ALICE, rate: percent("12") }, BOB],
    });
    expect(summaries(own)).toEqual([
      "A link affiliate_rate 20.00 2.40 [L2]",
      "A product product 100.00 12.00 [L1]",
    ]);
    expect(traced(own, "product_lines_moved")[0].message).toBe(
      "Product P1 is connected to alice, the referrer: its lines (L1) are paid once, in the product commission, not in the referrer commission",
    );
  });

  it("the referrer's own products stay in its commission under new_customer or coupon_commission", () => {
    const connections = [{ productId: "P1", affiliateId: "A", rate: percent("50") }];
    const fresh = run({
      order: { ref: "alice" },
      customer: { isNew: true },
      program: { newCustomer: { enabled: true } },
      productConnections: connections,
    });
    expect(summaries(fresh)).toEqual(["A link new_customer 100.00 20.00 [L1]"]);
    expect(codes(fresh)).toContain("product_kept_in_referrer");
    const coupon = run({
      order: { discountCodes: ["ALICE10"] },
      program: { couponCommission: { enabled: true } },
      productConnections: connections,
    });
    expect(summaries(coupon)).toEqual(["A coupon coupon_commission 100.00 15.00 [L1]"]);
  });

  it("the first active connection of a product, in input order, owns it", () => {
    const result = run({
      affiliates: [ALICE, BOB, { ...CARA, active: false }],
      productConnections: [
        { productId: "P1", affiliateId: "C", rate: null },
        { productId: "P1", affiliateId: "B", rate: null },
        { productId: "P1", affiliateId: "A", rate: null },
      ],
    });
    expect(summaries(result)).toEqual(["B product product 100.00 10.00 [L1]"]);
    expect(traced(result, "product_connection_shadowed")[0]).toEqual({
      code: "product_connection_shadowed",
      message: "Product P1 is also connected to alice, but the earlier connection to bob owns it",
      affiliateId: "A",
    });
  });

  it("an affiliate connected twice to one product owns it through the first connection, untraced", () => {
    const result = run({
      productConnections: [
        { productId: "P1", affiliateId: "B", rate: null },
        { productId: "P1", affiliateId: "B", rate: percent("50") },
      ],
    });
    expect(summaries(result)).toEqual(["B product product 100.00 10.00 [L1]"]);
    expect(codes(result)).toEqual(["no_referrer", "product_commission"]);
  });

  it("rate: the connection's, else the owner's own, else the default", () => {
    const connect = (rate: ReturnType<typeof percent> | null) => [
      { productId: "P1", affiliateId: "B", rate },
    ];
    const own = [ALICE, { ...BOB, rate: percent("8") }];
    expect(summaries(run({ affiliates: own, productConnections: connect(percent("25")) }))).toEqual([
      "B product product 100.00 25.00 [L1]",
    ]);
    expect(summaries(run({ affiliates: own, productConnections: connect(null) }))).toEqual([
      "B product product 100.00 8.00 [L1]",
    ]);
    expect(summaries(run({ productConnections: connect(null) }))).toEqual([
      "B product product 100.00 10.00 [L1]",
    ]);
  });

  it("flat_per_order is paid once per product, flat_per_item per unit of the product's lines", () => {
    const lines = [
      line({ id: "L1", quantity: 2 }),
      line({ id: "L2", productId: "P2", quantity: 1 }),
      line({ id: "L3", quantity: 3 }),
    ];
    const result = run({
      lineItems: lines,
      productConnections: [
        { productId: "P1", affiliateId: "B", rate: flatPerOrder("4.00") },
        { productId: "P2", affiliateId: "B", rate: flatPerOrder("4.00") },
      ],
    });
    expect(summaries(result)).toEqual([
      "B product product 250.00 4.00 [L1,L3]",
      "B product product 50.00 4.00 [L2]",
    ]);
    const perItem = run({
      lineItems: lines,
      productConnections: [{ productId: "P1", affiliateId: "B", rate: flatPerItem("0.75") }],
    });
    expect(summaries(perItem)).toEqual(["B product product 250.00 3.75 [L1,L3]"]);
  });

  it("product entries follow the order of each product's first line; line ids in input order", () => {
    const result = run({
      order: { ref: "cara" },
      affiliates: [ALICE, BOB, CARA],
      lineItems: [
        line({ id: "L1", productId: "P2", quantity: 1 }),
        line({ id: "L2", productId: "P1", quantity: 1 }),
        line({ id: "L3", productId: "P2", quantity: 1 }),
      ],
      productConnections: [
        { productId: "P1", affiliateId: "A", rate: null },
        { productId: "P2", affiliateId: "B", rate: null },
      ],
    });
    expect(summaries(result)).toEqual([
      "C link default 150.00 15.00 [L1,L2,L3]",
      "B product product 100.00 10.00 [L1,L3]",
      "A product product 50.00 5.00 [L2]",
    ]);
  });

  it("a connected product with no eligible line earns nothing, traced", () => {
    const result = run({
      lineItems: [line({ giftCard: true })],
      productConnections: [{ productId: "P1", affiliateId: "B", rate: null }],
    });
    expect(result.commissions).toEqual([]);
    expect(traced(result, "product_no_eligible_lines")).toEqual([
      {
        code: "product_no_eligible_lines",
        message: "Product P1 is connected to bob, but none of its lines is eligible",
        affiliateId: "B",
      },
    ]);
  });

  it("connections of products not in the order are ignored silently", () => {
    const result = run({
      order: { ref: "alice" },
      productConnections: [{ productId: "P9", affiliateId: "Z", rate: null }],
    });
    expect(summaries(result)).toEqual(["A link default 100.00 10.00 [L1]"]);
    expect(codes(result)).toEqual(["referrer_selected", "rule_applied"]);
  });
});

describe("rule 6: rounding and zero", () => {
  it("USD: half away from zero, 0.125 → 0.13, 0.1249… → 0.12", () => {
    expect(
      summaries(run({ order: { ref: "alice" }, lineItems: [line({ unitPrice: "1.25", quantity: 1 })] })),
    ).toEqual(["A link default 1.25 0.13 [L1]"]);
    expect(
      summaries(
        run({
          order: { ref: "alice" },
          lineItems: [line({ unitPrice: "1.25", quantity: 1 })],
          program: { defaultRate: percent("9.9999") },
        }),
      ),
    ).toEqual(["A link default 1.25 0.12 [L1]"]);
  });

  it("JPY: no minor unit, 0.5 → 1, bases without decimals", () => {
    const result = run({
      order: { ref: "alice", currency: "JPY" },
      lineItems: [
        line({ unitPrice: "5", quantity: 1 }),
        line({ id: "L2", productId: "P2", unitPrice: "1500", quantity: 1 }),
      ],
      productConnections: [{ productId: "P2", affiliateId: "B", rate: null }],
    });
    expect(summaries(result)).toEqual(["A link default 1505 151 [L1,L2]", "B product product 1500 150 [L2]"]);
    expect(
      summaries(
        run({ order: { ref: "alice", currency: "JPY" }, lineItems: [line({ unitPrice: "5", quantity: 1 })] }),
      ),
    ).toEqual(["A link default 5 1 [L1]"]);
  });

  it("KWD: three decimals, 0.1235 → 0.124", () => {
    const result = run({
      order: { ref: "alice", currency: "KWD" },
      lineItems: [line({ unitPrice: "1.235", quantity: 1 })],
    });
    expect(summaries(result)).toEqual(["A link default 1.235 0.124 [L1]"]);
    expect(summaries(run({ order: { ref: "alice", currency: "KWD" } }))).toEqual([
      "A link default 100.000 10.000 [L1]",
    ]);
  });

  it("rounds each commission separately", () => {
    const result = run({
      order: { ref: "alice" },
      lineItems: [line({ unitPrice: "0.05", quantity: 1 })],
      productConnections: [{ productId: "P1", affiliateId: "B", rate: null }],
    });
    // 0.005 each: both round up, never a shared rounding
    expect(summaries(result)).toEqual(["A link default 0.05 0.01 [L1]", "B product product 0.05 0.01 [L1]"]);
  });

  it("inputs with more decimals than the currency: amount from the exact base, base shown rounded", () => {
    const result = run({ order: { ref: "alice" }, lineItems: [line({ unitPrice: "10.005", quantity: 1 })] });
    expect(summaries(result)).toEqual(["A link default 10.01 1.00 [L1]"]);
  });

  it("drops a commission that rounds to 0, and traces it", () => {
    const result = run({
      order: { ref: "alice" },
      lineItems: [line({ unitPrice: "0.04", quantity: 1 })],
      productConnections: [{ productId: "P1", affiliateId: "B", rate: null }],
    });
    expect(result.commissions).toEqual([]);
    expect(traced(result, "commission_dropped").map((t) => t.message)).toEqual([
      "alice's referrer commission rounds to 0.00: dropped",
      "bob's commission on product P1 rounds to 0.00: dropped",
    ]);
    const zeroFlat = run({ order: { ref: "alice" }, program: { defaultRate: flatPerOrder("0") } });
    expect(zeroFlat.commissions).toEqual([]);
    expect(codes(zeroFlat)).toContain("commission_dropped");
  });
});

describe("rule 7: lifetime auto-connect", () => {
  const lifetime = (expiresAfterDays: number | null) => ({ lifetime: { enabled: true, expiresAfterDays } });

  it("link or coupon referrer, known customer, no valid connection: connect, with or without expiry", () => {
    expect(run({ order: { ref: "alice" }, program: lifetime(null) }).connect).toEqual({
      affiliateId: "A",
      customerId: "cust-1",
      expiresAt: null,
    });
    const result = run({
      order: { discountCodes: ["BOB15"], createdAt: "2026-03-01T12:00:00-05:00" },
      program: lifetime(1),
    });
    expect(result.connect).toEqual({
      affiliateId: "B",
      customerId: "cust-1",
      expiresAt: "2026-03-02T17:00:00.000Z",
    });
    expect(traced(result, "connect")[0]).toEqual({
      code: "connect",
      message:
        "The customer is now connected to bob for lifetime commissions, until 2026-03-02T17:00:00.000Z",
      affiliateId: "B",
    });
    expect(run({ order: { ref: "alice" }, program: lifetime(0) }).connect?.expiresAt).toBe(
      "2026-03-01T12:00:00.000Z",
    );
  });

  it("whatever the amount came to", () => {
    const result = run({
      order: { ref: "alice" },
      program: lifetime(30),
      productConnections: [{ productId: "P1", affiliateId: "A", rate: null }],
    });
    expect(summaries(result)).toEqual(["A product product 100.00 10.00 [L1]"]);
    expect(result.connect?.affiliateId).toBe("A");
    const zero = run({ order: { ref: "alice" }, program: { ...lifetime(30), defaultRate: percent("0") } });
    expect(zero.commissions).toEqual([]);
    expect(zero.connect?.affiliateId).toBe("A");
  });

  it("replaces an expired or inactive connection", () => {
    const expired = run({
      order: { ref: "alice" },
      program: lifetime(null),
      connection: { affiliateId: "B", expiresAt: "2025-01-01T00:00:00Z" },
    });
    expect(expired.connect?.affiliateId).toBe("A");
    const inactive = run({
      order: { ref: "alice" },
      program: lifetime(null),
      affiliates: [ALICE, { ...BOB, active: false }],
      connection: { affiliateId: "B", expiresAt: null },
    });
    expect(inactive.connect?.affiliateId).toBe("A");
  });

  it("not when a valid connection exists, nor for connection or renewal referrers", () => {
    expect(
      run({
        order: { ref: "alice" },
        program: lifetime(null),
        connection: { affiliateId: "B", expiresAt: null },
      }).connect,
    ).toBeNull();
    expect(
      run({
        order: { renewalOf: { affiliateId: "A" } },
        program: { ...lifetime(null), recurring: { enabled: true } },
      }).connect,
    ).toBeNull();
  });

  it("not without a customer, for an excluded referrer, nor with lifetime off", () => {
    const guest = run({ order: { ref: "alice" }, customer: null, program: lifetime(null) });
    expect(guest.connect).toBeNull();
    expect(codes(guest)).toContain("connect_skipped");
    expect(
      run({ order: { ref: "alice" }, customer: { email: ALICE.email }, program: lifetime(null) }).connect,
    ).toBeNull();
    expect(run({ order: { ref: "alice" } }).connect).toBeNull();
    expect(run({ program: lifetime(null) }).connect).toBeNull();
  });
});

describe("the trace", () => {
  it("explains a whole order in order: signals, referrer, rule, products, connect", () => {
    const result = run({
      order: { ref: "alice", discountCodes: ["BOB15", "WELCOME"], shipping: "5.00" },
      program: { base: { includeShipping: true }, lifetime: { enabled: true, expiresAfterDays: 30 } },
      lineItems: [line({ id: "L1" }), line({ id: "L2", productId: "P2", unitPrice: "10.00", quantity: 1 })],
      productConnections: [{ productId: "P2", affiliateId: "A", rate: null }],
    });
    expect(summaries(result)).toEqual([
      "B coupon default 115.00 11.50 [L1,L2]",
      "A product product 10.00 1.00 [L2]",
    ]);
    expect(result.trace).toEqual([
      { code: "code_not_coupon", message: "Discount code WELCOME is not an affiliate coupon" },
      {
        code: "referrer_selected",
        message: "bob is the referrer, through coupon BOB15 of bob",
        affiliateId: "B",
      },
      { code: "signal_beaten", message: "Link of alice was beaten by coupon BOB15 of bob", affiliateId: "A" },
      { code: "shipping_included", message: "Shipping of 5.00 is part of bob's base", affiliateId: "B" },
      {
        code: "rule_applied",
        message: "bob earns 11.50 through coupon, rule default (the program's default rate): 10 % of 115.00",
        affiliateId: "B",
      },
      {
        code: "product_commission",
        message: "alice earns 1.00 on product P2 (lines L2), the program's default rate: 10 % of 10.00",
        affiliateId: "A",
      },
      {
        code: "connect",
        message:
          "The customer is now connected to bob for lifetime commissions, until 2026-03-31T12:00:00.000Z",
        affiliateId: "B",
      },
    ]);
  });

  it("uses only known trace codes, and never the customer's email", async () => {
    const { TRACE_CODES } = await import("./types");
    const result = run({
      order: { ref: "alice", discountCodes: ["X"] },
      customer: { email: "alice@example.com" },
      productConnections: [{ productId: "P1", affiliateId: "B", rate: null }],
    });
    for (const entry of result.trace) {
      expect(TRACE_CODES).toContain(entry.code);
      expect(entry.message).not.toContain("@");
    }
  });
});

describe("the trace says why, in words", () => {
  const message = (result: AttributionResult, code: string): string => traced(result, code)[0].message;

  it("names an affiliate by its ref code as entered, trimmed", () => {
    const result = run({ order: { ref: "bob" }, affiliates: [ALICE, { ...BOB, refCode: " Bob " }] });
    expect(message(result, "referrer_selected")).toBe("Bob is the referrer, through link of Bob");
  });

  it("lists every line of a product, comma-separated", () => {
    const lines = [
      line({ id: "L1", quantity: 2 }),
      line({ id: "L2", productId: "P2", quantity: 1 }),
      line({ id: "L3", quantity: 3 }),
    ];
    const owned = run({
      lineItems: lines,
      productConnections: [{ productId: "P1", affiliateId: "B", rate: null }],
    });
    expect(message(owned, "product_commission")).toBe(
      "bob earns 25.00 on product P1 (lines L1, L3), the program's default rate: 10 % of 250.00",
    );
    const moved = run({
      order: { ref: "alice" },
      lineItems: lines,
      productConnections: [{ productId: "P1", affiliateId: "A", rate: null }],
    });
    expect(message(moved, "product_lines_moved")).toBe(
      "Product P1 is connected to alice, the referrer: its lines (L1, L3) are paid once, in the product commission, not in the referrer commission",
    );
  });

  it("states the flat rates' arithmetic: per order, and per item in the singular", () => {
    const perOrder = run({ order: { ref: "alice" }, program: { defaultRate: flatPerOrder("5.00") } });
    expect(message(perOrder, "rule_applied")).toBe(
      "alice earns 5.00 through link, rule default (the program's default rate): 5.00 per order (base 100.00)",
    );
    const oneItem = run({
      order: { ref: "alice" },
      lineItems: [line({ quantity: 1 })],
      program: { defaultRate: flatPerItem("1.50") },
    });
    expect(message(oneItem, "rule_applied")).toBe(
      "alice earns 1.50 through link, rule default (the program's default rate): 1.50 per item × 1 item (base 50.00)",
    );
  });

  it("gives the reason for each referrer rule", () => {
    const rules: Array<[InputOptions, string]> = [
      [
        { order: { ref: "alice" }, customer: { isNew: true }, program: { newCustomer: { enabled: true } } },
        "alice earns 20.00 through link, rule new_customer (the customer is new): 20 % of 100.00",
      ],
      [
        { order: { discountCodes: ["ALICE10"] }, program: { couponCommission: { enabled: true } } },
        "alice earns 15.00 through coupon, rule coupon_commission (the order used alice's coupon ALICE10): 15 % of 100.00",
      ],
      [
        {
          order: { ref: "alice", discountCodes: ["SUMMER"] },
          program: { couponCommission: { enabled: true, appliesTo: "any_coupon" } },
        },
        "alice earns 15.00 through link, rule coupon_commission (the order used discount code SUMMER): 15 % of 100.00",
      ],
      [
        { order: { ref: "alice" }, program: { firstCommission: { enabled: true } } },
        "alice earns 30.00 through link, rule first_commission (the customer's first referred order, through a link): 30 % of 100.00",
      ],
      [
        { manualReferral: { affiliateId: "A" }, program: { firstCommission: { enabled: true } } },
        "alice earns 30.00 through manual, rule first_commission (the customer's first referred order, through a credit by hand): 30 % of 100.00",
      ],
      [
        { order: { ref: "alice" }, affiliates: [{ ...ALICE, rate: percent("12") }, BOB] },
        "alice earns 12.00 through link, rule affiliate_rate (alice's own rate): 12 % of 100.00",
      ],
    ];
    for (const [options, expected] of rules) expect(message(run(options), "rule_applied")).toBe(expected);
  });

  it("gives the source of a product's rate", () => {
    const own = [ALICE, { ...BOB, rate: percent("8") }];
    const viaConnection = run({
      affiliates: own,
      productConnections: [{ productId: "P1", affiliateId: "B", rate: percent("25") }],
    });
    expect(message(viaConnection, "product_commission")).toBe(
      "bob earns 25.00 on product P1 (lines L1), the product connection's rate: 25 % of 100.00",
    );
    const viaOwnRate = run({
      affiliates: own,
      productConnections: [{ productId: "P1", affiliateId: "B", rate: null }],
    });
    expect(message(viaOwnRate, "product_commission")).toBe(
      "bob earns 8.00 on product P1 (lines L1), bob's own rate: 8 % of 100.00",
    );
  });

  it("says why the referrer's own product stays in its commission", () => {
    const result = run({
      order: { ref: "alice" },
      customer: { isNew: true },
      program: { newCustomer: { enabled: true } },
      productConnections: [{ productId: "P1", affiliateId: "A", rate: percent("50") }],
    });
    expect(traced(result, "product_kept_in_referrer")).toEqual([
      {
        code: "product_kept_in_referrer",
        message:
          "Product P1 is connected to alice, the referrer: its lines stay in the referrer commission, whose new_customer rule ranks above product connections",
        affiliateId: "A",
      },
    ]);
  });

  it("names an unknown affiliate by its id on a renewal while recurring commission is off", () => {
    const result = run({ order: { renewalOf: { affiliateId: "Z" } } });
    expect(traced(result, "recurring_disabled")).toEqual([
      {
        code: "recurring_disabled",
        message: "Renewal of an order credited to unknown affiliate Z: recurring commission is off",
        affiliateId: "Z",
      },
    ]);
  });

  it("explains a lifetime connection with no end date, and one skipped on a guest order", () => {
    const lifetime = { lifetime: { enabled: true, expiresAfterDays: null } };
    const forever = run({ order: { ref: "alice" }, program: lifetime });
    expect(message(forever, "connect")).toBe(
      "The customer is now connected to alice for lifetime commissions, with no end date",
    );
    const guest = run({ order: { ref: "alice" }, customer: null, program: lifetime });
    expect(traced(guest, "connect_skipped")).toEqual([
      {
        code: "connect_skipped",
        message: "No lifetime connection to alice: the order has no customer",
        affiliateId: "A",
      },
    ]);
  });
});

describe("credit by hand (manualReferral)", () => {
  it("credits the named affiliate as the referrer, source manual, at the rule that applies", () => {
    const result = run({ manualReferral: { affiliateId: "B" } });
    expect(summaries(result)).toEqual(["B manual default 100.00 10.00 [L1]"]);
    expect(traced(result, "referrer_selected")).toEqual([
      {
        code: "referrer_selected",
        message: "bob is the referrer, through credit by hand to bob",
        affiliateId: "B",
      },
    ]);
    expect(codes(result)).not.toContain("no_referrer");
  });

  it("ranks above every signal: the others are traced as beaten", () => {
    const result = run({
      order: { ref: "alice", discountCodes: ["ALICE10"] },
      connection: { affiliateId: "A", expiresAt: null },
      manualReferral: { affiliateId: "B" },
    });
    expect(summaries(result)).toEqual(["B manual default 100.00 10.00 [L1]"]);
    expect(traced(result, "signal_beaten").map((t) => t.message)).toEqual([
      "Connection to alice was beaten by credit by hand to bob",
      "Coupon ALICE10 of alice was beaten by credit by hand to bob",
      "Link of alice was beaten by credit by hand to bob",
    ]);
  });

  it("never creates a lifetime connection", () => {
    const result = run({
      program: { lifetime: { enabled: true, expiresAfterDays: null } },
      manualReferral: { affiliateId: "B" },
    });
    expect(result.connect).toBeNull();
    expect(summaries(result)).toEqual(["B manual default 100.00 10.00 [L1]"]);
  });

  it("applies the referrer's rules: new customer, own coupon, first commission, own rate", () => {
    expect(
      summaries(
        run({
          customer: { isNew: true },
          program: { newCustomer: { enabled: true } },
          manualReferral: { affiliateId: "B" },
        }),
      ),
    ).toEqual(["B manual new_customer 100.00 20.00 [L1]"]);
    expect(
      summaries(
        run({
          order: { discountCodes: ["BOB15"] },
          program: { couponCommission: { enabled: true } },
          manualReferral: { affiliateId: "B" },
        }),
      ),
    ).toEqual(["B manual coupon_commission 100.00 15.00 [L1]"]);
    expect(
      summaries(
        run({ program: { firstCommission: { enabled: true } }, manualReferral: { affiliateId: "B" } }),
      ),
    ).toEqual(["B manual first_commission 100.00 30.00 [L1]"]);
    expect(
      summaries(
        run({
          affiliates: [ALICE, { ...BOB, rate: flatPerOrder("7") }],
          manualReferral: { affiliateId: "B" },
        }),
      ),
    ).toEqual(["B manual affiliate_rate 100.00 7.00 [L1]"]);
  });

  it("an inactive or unknown affiliate is ignored and traced; the other signals decide", () => {
    const inactive = run({
      order: { ref: "alice" },
      affiliates: [ALICE, { ...BOB, active: false }],
      manualReferral: { affiliateId: "B" },
    });
    expect(summaries(inactive)).toEqual(["A link default 100.00 10.00 [L1]"]);
    expect(traced(inactive, "affiliate_inactive")).toEqual([
      {
        code: "affiliate_inactive",
        message: "Credit by hand to bob ignored: bob is inactive",
        affiliateId: "B",
      },
    ]);
    const unknown = run({ manualReferral: { affiliateId: "ghost" } });
    expect(unknown.commissions).toEqual([]);
    expect(traced(unknown, "affiliate_unknown")[0].message).toBe(
      "The credit by hand points at unknown affiliate ghost: ignored",
    );
    expect(codes(unknown)).toContain("no_referrer");
  });

  it("a self-referral credited by hand earns nothing (rule 2 holds)", () => {
    const result = run({ customer: { email: "BOB@example.com" }, manualReferral: { affiliateId: "B" } });
    expect(result.commissions).toEqual([]);
    expect(traced(result, "self_referral")[0].affiliateId).toBe("B");
  });

  it("moves the lines of a product the affiliate owns into its product commission, as for any referrer", () => {
    const result = run({
      productConnections: [{ productId: "P1", affiliateId: "B", rate: percent("25") }],
      manualReferral: { affiliateId: "B" },
    });
    expect(summaries(result)).toEqual(["B product product 100.00 25.00 [L1]"]);
  });

  it("absent and null mean the same: no credit by hand", () => {
    expect(run({ manualReferral: null })).toEqual(run());
  });
});
