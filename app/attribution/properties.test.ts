import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { propertyRuns } from "~test/helpers/fast-check";
import { attributeOrder, money } from "./index";
import type {
  Affiliate,
  AttributionInput,
  Coupon,
  LineItem,
  ProductConnection,
  ProgramSettings,
  Rate,
} from "./index";

/** A decimal string with `digits` decimals, from integer arithmetic only. */
const decimalText = (units: number, digits: number): string => {
  if (digits === 0) return String(units);
  const text = String(units).padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
};
const moneyArb = (max: number) =>
  fc
    .tuple(fc.integer({ min: 0, max }), fc.constantFrom(0, 2, 2, 2, 3))
    .map(([u, digits]) => decimalText(u, digits));

const rateArb: fc.Arbitrary<Rate> = fc.oneof(
  fc
    .integer({ min: 0, max: 1000 })
    .map((tenths): Rate => ({ kind: "percent", value: decimalText(tenths, 1) })),
  moneyArb(2000).map((value): Rate => ({ kind: "flat_per_order", value })),
  moneyArb(500).map((value): Rate => ({ kind: "flat_per_item", value })),
);

const PRODUCTS = ["P0", "P1", "P2", "P3"];
const DATES = ["2025-01-01T00:00:00Z", "2026-03-01T12:00:00Z", "2027-01-01T00:00:00+01:00"];

const programArb: fc.Arbitrary<ProgramSettings> = fc.record({
  defaultRate: rateArb,
  newCustomer: fc.record({ enabled: fc.boolean(), rate: rateArb }),
  couponCommission: fc.record({
    enabled: fc.boolean(),
    rate: rateArb,
    appliesTo: fc.constantFrom("affiliate_coupons" as const, "any_coupon" as const),
  }),
  firstCommission: fc.record({ enabled: fc.boolean(), rate: rateArb }),
  lifetime: fc.record({
    enabled: fc.boolean(),
    expiresAfterDays: fc.option(fc.integer({ min: 0, max: 3650 }), { nil: null }),
  }),
  recurring: fc.record({ enabled: fc.boolean() }),
  base: fc.record({ includeShipping: fc.boolean(), includeTax: fc.boolean() }),
  excludeSelfReferrals: fc.boolean(),
});

/** A line; gift cards one time in five. */
const lineArb = (index: number): fc.Arbitrary<LineItem> =>
  fc.record({
    id: fc.constant(`L${index}`),
    productId: fc.option(fc.constantFrom(...PRODUCTS), { nil: null, freq: 6 }),
    quantity: fc.integer({ min: 0, max: 4 }),
    unitPrice: moneyArb(20000),
    discount: moneyArb(3000),
    tax: moneyArb(3000),
    giftCard: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  });

/** Affiliates a0..a(n-1), unique ref codes, a few coupons each, and an order that points at them. */
const inputArb: fc.Arbitrary<AttributionInput> = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => {
    const ids = Array.from({ length: n }, (_, i) => `a${i}`);
    const affiliates = fc.tuple(
      ...ids.map((id, i) =>
        fc.record({
          id: fc.constant(id),
          refCode: fc.constantFrom(`ref${i}`, `Ref${i}`, ` REF${i}`),
          email: fc.constantFrom<string | null>(`ref${i}@shop.test`, null, ""),
          customerId: fc.constantFrom<string | null>(`cust-${id}`, null),
          active: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
          rate: fc.option(rateArb, { nil: null }),
        }),
      ),
    );
    const coupons = fc
      .tuple(
        ...ids.map((id, i) =>
          fc
            .integer({ min: 0, max: 2 })
            .map((k) => Array.from({ length: k }, (_, j) => ({ code: `C${i}X${j}`, affiliateId: id }))),
        ),
      )
      .map((lists): Coupon[] => lists.flat());
    const someId = fc.constantFrom(...ids, "ghost");
    return fc.record({
      affiliates,
      coupons,
      program: programArb,
      lineItems: fc
        .integer({ min: 0, max: 5 })
        .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => lineArb(i)))),
      currency: fc.constantFrom("USD", "USD", "EUR", "JPY", "KWD"),
      taxesIncluded: fc.boolean(),
      customer: fc.option(
        fc.record({
          id: fc.constantFrom("cust-1", "cust-a0", "cust-a1"),
          email: fc.constantFrom<string | null>(
            "buyer@shop.test",
            null,
            " REF0@shop.test ",
            "ref1@SHOP.test",
          ),
          isNew: fc.boolean(),
          referredOrdersBefore: fc.integer({ min: 0, max: 2 }),
        }),
        { nil: null },
      ),
      shipping: moneyArb(2000),
      codePicks: fc.array(fc.constantFrom("SUMMER", "c0x0", " C1X0 ", "C0X1", "C2X0", "C3X1", "c4x0"), {
        maxLength: 3,
      }),
      ref: fc.option(fc.constantFrom("ref0", "REF1", "ref2 ", "ref5", "nobody"), { nil: null }),
      renewalOf: fc.option(fc.record({ affiliateId: fc.option(someId, { nil: null }) }), { nil: null }),
      connection: fc.option(
        fc.record({ affiliateId: someId, expiresAt: fc.option(fc.constantFrom(...DATES), { nil: null }) }),
        {
          nil: null,
        },
      ),
      manualReferral: fc.option(fc.record({ affiliateId: someId }), { nil: null, freq: 3 }),
      productConnections: fc.array(
        fc.record({
          productId: fc.constantFrom(...PRODUCTS, "P9"),
          affiliateId: someId,
          rate: fc.option(rateArb, { nil: null }),
        }),
        { maxLength: 5 },
      ),
    });
  })
  .map((g): AttributionInput => {
    return {
      order: {
        id: "o-1",
        createdAt: "2026-03-01T12:00:00Z",
        currency: g.currency,
        taxesIncluded: g.taxesIncluded,
        customer: g.customer,
        lineItems: g.lineItems,
        shipping: g.shipping,
        discountCodes: g.codePicks,
        ref: g.ref,
        renewalOf: g.renewalOf,
      },
      program: g.program,
      affiliates: g.affiliates,
      connection: g.connection,
      productConnections: g.productConnections as ProductConnection[],
      coupons: g.coupons,
      manualReferral: g.manualReferral,
    };
  });

/** Affiliates no signal of the generated orders can reach, with coupons no order uses. */
const unrelatedArb = fc
  .array(
    fc.record({
      active: fc.boolean(),
      rate: fc.option(rateArb, { nil: null }),
      coupons: fc.integer({ min: 0, max: 2 }),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((specs) => {
    const affiliates: Affiliate[] = specs.map((s, i) => ({
      id: `u${i}`,
      refCode: `unrelated${i}`,
      email: `unrelated${i}@elsewhere.test`,
      customerId: `cust-u${i}`,
      active: s.active,
      rate: s.rate,
    }));
    const coupons: Coupon[] = specs.flatMap((s, i) =>
      Array.from({ length: s.coupons }, (_, j) => ({ code: `UNREL${i}-${j}`, affiliateId: `u${i}` })),
    );
    return { affiliates, coupons };
  });

/** `extra` inserted into `base` at the given positions; `base` keeps its own order. */
function insertAt<T>(base: T[], extra: T[], positions: number[]): T[] {
  const result = [...base];
  extra.forEach((item, i) => result.splice((positions[i] ?? 0) % (result.length + 1), 0, item));
  return result;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

const RUNS = { numRuns: propertyRuns(400) };

describe("properties over generated valid orders", () => {
  it("same input, same output; also for a deep clone; the input is not mutated", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const snapshot = structuredClone(input);
        const first = attributeOrder(input);
        expect(input).toEqual(snapshot);
        expect(attributeOrder(input)).toEqual(first);
        expect(attributeOrder(structuredClone(input))).toEqual(first);
        expect(attributeOrder(deepFreeze(structuredClone(input)))).toEqual(first);
        expect(JSON.parse(JSON.stringify(first))).toEqual(first);
      }),
      RUNS,
    );
  });

  it("at most one non-product entry, first; products in first-line order; line ids in input order", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { commissions } = attributeOrder(input);
        const lineIndex = new Map(input.order.lineItems.map((l, i) => [l.id, i]));
        const nonProduct = commissions.filter((c) => c.source !== "product");
        expect(nonProduct.length).toBeLessThanOrEqual(1);
        if (nonProduct.length === 1) {
          expect(commissions[0]).toBe(nonProduct[0]);
          expect(nonProduct[0].rule).not.toBe("product");
        }
        let lastFirstLine = -1;
        const productsSeen = new Set<string | null>();
        for (const c of commissions) {
          const indices = c.lineItemIds.map((id) => lineIndex.get(id) ?? -1);
          expect(indices.length).toBeGreaterThan(0);
          expect(indices.every((x, i) => x >= 0 && (i === 0 || x > indices[i - 1]))).toBe(true);
          for (const i of indices) expect(input.order.lineItems[i].giftCard).toBe(false);
          if (c.source !== "product") continue;
          expect(c.rule).toBe("product");
          const products = new Set(indices.map((i) => input.order.lineItems[i].productId));
          expect(products.size).toBe(1);
          const [product] = products;
          expect(productsSeen.has(product)).toBe(false);
          productsSeen.add(product);
          const firstLine = input.order.lineItems.findIndex((l) => l.productId === product);
          expect(firstLine).toBeGreaterThan(lastFirstLine);
          lastFirstLine = firstLine;
        }
      }),
      RUNS,
    );
  });

  it("no amount is negative or zero; money has exactly the currency's minor-unit digits", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const digits = money.minorUnits(input.order.currency);
        const shape = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${digits}}$`);
        for (const c of attributeOrder(input).commissions) {
          expect(c.amount).toMatch(shape);
          expect(c.base).toMatch(shape);
          expect(money.compare(money.parseDecimal(c.amount), money.ZERO)).toBe(1);
        }
      }),
      RUNS,
    );
  });

  it("with 100 % percent rates no commission exceeds its base", () => {
    const hundred: Rate = { kind: "percent", value: "100" };
    const allHundred = (input: AttributionInput): AttributionInput => ({
      ...input,
      program: {
        ...input.program,
        defaultRate: hundred,
        newCustomer: { ...input.program.newCustomer, rate: hundred },
        couponCommission: { ...input.program.couponCommission, rate: hundred },
        firstCommission: { ...input.program.firstCommission, rate: hundred },
      },
      affiliates: input.affiliates.map((a) => ({ ...a, rate: a.rate === null ? null : hundred })),
      productConnections: input.productConnections.map((p) => ({
        ...p,
        rate: p.rate === null ? null : hundred,
      })),
    });
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const c of attributeOrder(allHundred(input)).commissions) {
          expect(money.compare(money.parseDecimal(c.amount), money.parseDecimal(c.base))).toBeLessThanOrEqual(
            0,
          );
        }
      }),
      RUNS,
    );
  });

  it("adding or permuting unrelated affiliates and their coupons changes nothing", () => {
    fc.assert(
      fc.property(
        inputArb,
        unrelatedArb,
        fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
        fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
        (input, unrelated, affiliatePositions, couponPositions) => {
          const expected = attributeOrder(input);
          const appended = {
            ...input,
            affiliates: [...input.affiliates, ...unrelated.affiliates],
            coupons: [...input.coupons, ...unrelated.coupons],
          };
          const interleaved = {
            ...input,
            affiliates: insertAt(input.affiliates, unrelated.affiliates, affiliatePositions),
            coupons: insertAt(input.coupons, unrelated.coupons, couponPositions),
          };
          expect(attributeOrder(appended)).toEqual(expected);
          expect(attributeOrder(interleaved)).toEqual(expected);
        },
      ),
      RUNS,
    );
  });

  it("every trace entry has a stable snake_case code and a message", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const entry of attributeOrder(input).trace) {
          expect(entry.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
          expect(entry.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});

describe("the generator", () => {
  it("reaches every source, every rule, connect, drops and self-referrals", () => {
    const seen = new Set<string>();
    for (const input of fc.sample(inputArb, { numRuns: 3000, seed: 42 })) {
      const result = attributeOrder(input);
      for (const c of result.commissions) seen.add(`source:${c.source}`).add(`rule:${c.rule}`);
      if (result.connect !== null)
        seen.add(result.connect.expiresAt === null ? "connect:forever" : "connect:expiring");
      for (const entry of result.trace) seen.add(`trace:${entry.code}`);
    }
    const expected = [
      ...["manual", "connection", "coupon", "link", "recurring", "product"].map((s) => `source:${s}`),
      ...[
        "new_customer",
        "coupon_commission",
        "first_commission",
        "product",
        "affiliate_rate",
        "default",
      ].map((r) => `rule:${r}`),
      "connect:forever",
      "connect:expiring",
      ...[
        "self_referral",
        "commission_dropped",
        "signal_beaten",
        "signal_merged",
        "product_lines_moved",
        "product_kept_in_referrer",
        "connection_expired",
        "line_base_floored",
        "first_commission_ignored",
      ].map((c) => `trace:${c}`),
    ];
    expect(expected.filter((key) => !seen.has(key))).toEqual([]);
  });
});
