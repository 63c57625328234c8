import { describe, expect, it } from "vitest";
import { attributeOrder } from "./index";
import { ALICE, BOB, input, line, percent } from "~test/attribution/fixtures";

const codes = (result: ReturnType<typeof attributeOrder>) => result.trace.map((t) => t.code);

describe("the 12 worked examples of attribution.md", () => {
  it("1: ref alice → A, link, default, base 100.00, amount 10.00", () => {
    const result = attributeOrder(input({ order: { ref: "alice" } }));
    expect(result.commissions).toEqual([
      {
        affiliateId: "A",
        source: "link",
        rule: "default",
        base: "100.00",
        amount: "10.00",
        lineItemIds: ["L1"],
      },
    ]);
    expect(result.connect).toBeNull();
  });

  it("2: ref alice + code ALICE10 with 10.00 discount on L1 → A once, coupon, base 90.00, amount 9.00", () => {
    const result = attributeOrder(
      input({
        order: { ref: "alice", discountCodes: ["ALICE10"] },
        lineItems: [line({ discount: "10.00" })],
      }),
    );
    expect(result.commissions).toEqual([
      {
        affiliateId: "A",
        source: "coupon",
        rule: "default",
        base: "90.00",
        amount: "9.00",
        lineItemIds: ["L1"],
      },
    ]);
    expect(result.trace).toContainEqual({
      code: "signal_merged",
      message: "Link of alice points at the same affiliate as coupon ALICE10 of alice: credited once",
      affiliateId: "A",
    });
  });

  it("3: ref alice + code BOB15 → B, coupon, 10.00; link of A beaten by coupon of B", () => {
    const result = attributeOrder(input({ order: { ref: "alice", discountCodes: ["BOB15"] } }));
    expect(result.commissions).toEqual([
      {
        affiliateId: "B",
        source: "coupon",
        rule: "default",
        base: "100.00",
        amount: "10.00",
        lineItemIds: ["L1"],
      },
    ]);
    expect(result.trace).toContainEqual({
      code: "signal_beaten",
      message: "Link of alice was beaten by coupon BOB15 of bob",
      affiliateId: "A",
    });
  });

  it("4: connection to B + ref alice + code ALICE10 → B, connection, 10.00", () => {
    const result = attributeOrder(
      input({
        order: { ref: "alice", discountCodes: ["ALICE10"] },
        connection: { affiliateId: "B", expiresAt: null },
      }),
    );
    expect(result.commissions).toEqual([
      {
        affiliateId: "B",
        source: "connection",
        rule: "default",
        base: "100.00",
        amount: "10.00",
        lineItemIds: ["L1"],
      },
    ]);
    expect(result.trace.filter((t) => t.code === "signal_beaten").map((t) => t.message)).toEqual([
      "Coupon ALICE10 of alice was beaten by connection to bob",
      "Link of alice was beaten by connection to bob",
    ]);
  });

  it("5: ref alice, P1 connected to B → A link 10.00 and B product 10.00", () => {
    const result = attributeOrder(
      input({
        order: { ref: "alice" },
        productConnections: [{ productId: "P1", affiliateId: "B", rate: null }],
      }),
    );
    expect(result.commissions).toEqual([
      {
        affiliateId: "A",
        source: "link",
        rule: "default",
        base: "100.00",
        amount: "10.00",
        lineItemIds: ["L1"],
      },
      {
        affiliateId: "B",
        source: "product",
        rule: "product",
        base: "100.00",
        amount: "10.00",
        lineItemIds: ["L1"],
      },
    ]);
  });

  it("6: ref alice, P1 connected to A → A once: product 10.00, no link entry", () => {
    const result = attributeOrder(
      input({
        order: { ref: "alice" },
        productConnections: [{ productId: "P1", affiliateId: "A", rate: null }],
      }),
    );
    expect(result.commissions).toEqual([
      {
        affiliateId: "A",
        source: "product",
        rule: "product",
        base: "100.00",
        amount: "10.00",
        lineItemIds: ["L1"],
      },
    ]);
    expect(codes(result)).toContain("product_lines_moved");
    expect(result.trace).toContainEqual({
      code: "commission_dropped",
      message: "alice's referrer commission dropped: all its lines are paid in its product commissions",
      affiliateId: "A",
    });
  });

  it("7: ref alice, newCustomer on (20 %), customer isNew → A, link, new_customer, 20.00", () => {
    const result = attributeOrder(
      input({
        order: { ref: "alice" },
        customer: { isNew: true },
        program: { newCustomer: { enabled: true, rate: percent("20") } },
      }),
    );
    expect(result.commissions).toEqual([
      {
        affiliateId: "A",
        source: "link",
        rule: "new_customer",
        base: "100.00",
        amount: "20.00",
        lineItemIds: ["L1"],
      },
    ]);
  });

  it("8: code ALICE10, couponCommission 15 %, firstCommission 30 %, first order → A, coupon, coupon_commission, 15.00", () => {
    const result = attributeOrder(
      input({
        order: { discountCodes: ["ALICE10"] },
        customer: { referredOrdersBefore: 0 },
        program: {
          couponCommission: { enabled: true, rate: percent("15") },
          firstCommission: { enabled: true, rate: percent("30") },
        },
      }),
    );
    expect(result.commissions).toEqual([
      {
        affiliateId: "A",
        source: "coupon",
        rule: "coupon_commission",
        base: "100.00",
        amount: "15.00",
        lineItemIds: ["L1"],
      },
    ]);
  });

  it("9: ref alice, firstCommission 30 %, first order, lifetime 365 days → first_commission 30.00 and connect A", () => {
    const result = attributeOrder(
      input({
        order: { ref: "alice", createdAt: "2026-03-01T12:00:00Z" },
        customer: { referredOrdersBefore: 0 },
        program: {
          firstCommission: { enabled: true, rate: percent("30") },
          lifetime: { enabled: true, expiresAfterDays: 365 },
        },
      }),
    );
    expect(result.commissions).toEqual([
      {
        affiliateId: "A",
        source: "link",
        rule: "first_commission",
        base: "100.00",
        amount: "30.00",
        lineItemIds: ["L1"],
      },
    ]);
    expect(result.connect).toEqual({
      affiliateId: "A",
      customerId: "cust-1",
      expiresAt: "2027-03-01T12:00:00.000Z",
    });
  });

  it("10: ref alice, customer email = A's email → nothing; self_referral", () => {
    const result = attributeOrder(input({ order: { ref: "alice" }, customer: { email: ALICE.email } }));
    expect(result.commissions).toEqual([]);
    expect(result.connect).toBeNull();
    expect(result.trace).toContainEqual({
      code: "self_referral",
      message:
        "Self-referral: the customer's email is alice's; alice earns nothing as referrer on this order, and no other signal takes its place",
      affiliateId: "A",
    });
  });

  it("11: ref alice, A inactive → nothing; traced", () => {
    const result = attributeOrder(
      input({ order: { ref: "alice" }, affiliates: [{ ...ALICE, active: false }, BOB] }),
    );
    expect(result.commissions).toEqual([]);
    expect(result.trace).toContainEqual({
      code: "affiliate_inactive",
      message: "Link of alice ignored: alice is inactive",
      affiliateId: "A",
    });
    expect(codes(result)).toContain("no_referrer");
  });

  it("12: renewal of an order credited to B, recurring on → B, recurring, default, 10.00", () => {
    const result = attributeOrder(
      input({ order: { renewalOf: { affiliateId: BOB.id } }, program: { recurring: { enabled: true } } }),
    );
    expect(result.commissions).toEqual([
      {
        affiliateId: "B",
        source: "recurring",
        rule: "default",
        base: "100.00",
        amount: "10.00",
        lineItemIds: ["L1"],
      },
    ]);
  });
});
