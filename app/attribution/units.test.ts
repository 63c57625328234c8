import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attributeOrder } from "./index";
import { KeyIndex } from "./key-index";
import {
  type Units,
  addUnits,
  formatDecimal,
  formatMoney,
  formatUnits,
  isZeroUnits,
  multiplyUnits,
  parseDecimal,
  percentOf,
  roundToScale,
  roundUnits,
  subtractUnits,
  tryParseDecimal,
  tryParseUnits,
} from "./money";
import { input, line } from "~test/attribution/fixtures";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Integers around 0 and around ±2^53, where Number arithmetic stops being exact. */
const edgeInteger = fc.oneof(
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: MAX_SAFE - 1000n, max: MAX_SAFE }),
  fc.bigInt({ min: -MAX_SAFE, max: -MAX_SAFE + 1000n }),
  fc.bigInt({ min: -(2n ** 30n), max: 2n ** 30n }),
);
/** The same value as a Number when safe (as the engine holds it), else as a BigInt. */
const asUnits = (n: bigint): Units => (n >= -MAX_SAFE && n <= MAX_SAFE ? Number(n) : n);
const isExactForm = (units: Units): boolean =>
  typeof units === "bigint" || (Number.isSafeInteger(units) && !Object.is(units, -0));

describe("units: Numbers while safe, BigInt beyond", () => {
  it("add, subtract and multiply are exact across 2^53 (property)", () => {
    fc.assert(
      fc.property(edgeInteger, edgeInteger, (a, b) => {
        for (const [result, exact] of [
          [addUnits(asUnits(a), asUnits(b)), a + b],
          [subtractUnits(asUnits(a), asUnits(b)), a - b],
          [multiplyUnits(asUnits(a), asUnits(b)), a * b],
        ] as const) {
          expect(BigInt(result)).toBe(exact);
          if (typeof result === "number") expect(Number.isSafeInteger(result)).toBe(true);
        }
      }),
    );
  });

  it("falls back to BigInt exactly at the edge", () => {
    expect(addUnits(Number.MAX_SAFE_INTEGER, 0)).toBe(Number.MAX_SAFE_INTEGER);
    expect(addUnits(Number.MAX_SAFE_INTEGER, 1)).toBe(MAX_SAFE + 1n);
    expect(multiplyUnits(2 ** 26, 2 ** 27)).toBe(2n ** 53n);
    expect(multiplyUnits(2n ** 60n, 3)).toBe(3n * 2n ** 60n);
  });

  it("keeps a safe result a Number and mixes a Number with a BigInt exactly", () => {
    // The engine's fast path: safe integers stay Numbers (toBe tells 42 from 42n).
    expect(addUnits(40, 2)).toBe(42);
    expect(subtractUnits(5, 3)).toBe(2);
    expect(multiplyUnits(6, 7)).toBe(42);
    expect(subtractUnits(-Number.MAX_SAFE_INTEGER, 1)).toBe(-MAX_SAFE - 1n);
    // A BigInt on either side (an amount beyond 2^53) makes the result a BigInt.
    expect(addUnits(2n ** 60n, 1)).toBe(2n ** 60n + 1n);
    expect(addUnits(1, 2n ** 60n)).toBe(2n ** 60n + 1n);
    expect(subtractUnits(5, 3n)).toBe(2n);
    expect(subtractUnits(5n, 3)).toBe(2n);
    expect(multiplyUnits(6, 7n)).toBe(42n);
    expect(isZeroUnits(0)).toBe(true);
    expect(isZeroUnits(0n)).toBe(true);
    expect(isZeroUnits(1)).toBe(false);
    expect(isZeroUnits(2n ** 60n)).toBe(false);
  });

  it("pads and rounds to another scale, as a Number while safe", () => {
    expect(roundUnits(5, 2, 4)).toBe(500); // 0.05 → 0.0500
    expect(roundUnits(1, 0, 15)).toBe(1e15);
    expect(roundUnits(1, 0, 16)).toBe(10n ** 16n); // 10^16 is past 2^53
    expect(roundUnits(12345, 10, 8)).toBe(123); // 0.0000012345 → 0.00000123
    expect(roundUnits(3e15, 15, 0)).toBe(3);
    expect(roundUnits(-1999, 3, 2)).toBe(-200); // -1.999 → -2.00
    // Across more than 15 decimals the arithmetic is BigInt's; a small Number stays a Number otherwise.
    expect(roundUnits(1, 8, 10)).toBe(100); // 0.00000001 → 0.0000000100
    expect(roundUnits(1, 1, 20)).toBe(10n ** 19n); // 0.1 to 20 decimals
    expect(Number(roundUnits(5, 20, 2))).toBe(0); // 5e-20 → 0.00
  });

  it("rounds like roundToScale, half away from zero (property)", () => {
    fc.assert(
      fc.property(
        edgeInteger,
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (coef, from, to) => {
          const rounded = roundUnits(asUnits(coef), from, to);
          expect(BigInt(rounded)).toBe(roundToScale({ coef, scale: from }, to).coef);
          expect(isExactForm(rounded)).toBe(true);
        },
      ),
    );
  });

  it("formats like formatDecimal, never -0 (property)", () => {
    fc.assert(
      fc.property(edgeInteger, fc.integer({ min: 0, max: 20 }), (coef, scale) => {
        expect(formatUnits(asUnits(coef), scale)).toBe(formatDecimal({ coef, scale }));
      }),
    );
    expect(formatUnits(-0, 2)).toBe("0.00");
    expect(roundUnits(-4, 3, 2)).toBe(0);
    expect(formatUnits(roundUnits(-5, 3, 2), 2)).toBe("-0.01");
  });

  it("parses like tryParseDecimal, at any scale at least the text's decimals (property)", () => {
    const text = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.integer({ min: 0, max: 8 }), fc.boolean())
      .map(([coef, scale, negative]) => formatDecimal({ coef: negative ? -coef : coef, scale }));
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 12 }), (value, extra) => {
        const decimal = parseDecimal(value);
        const units = tryParseUnits(value, decimal.scale + extra);
        expect(units).not.toBeNull();
        expect(BigInt(units ?? 0)).toBe(roundToScale(decimal, decimal.scale + extra).coef);
        if (decimal.scale > 0) expect(tryParseUnits(value, decimal.scale - 1)).toBeNull();
      }),
    );
    for (const bad of ["1e3", "", " 1", "1.", ".5", "+1", "NaN", "1,5", "1".repeat(65)]) {
      expect(tryParseUnits(bad, 10)).toBeNull();
      expect(tryParseDecimal(bad)).toBeNull();
    }
  });
});

describe("KeyIndex", () => {
  it("finds values and refuses duplicate keys, below and beyond its scanning limit", () => {
    const index = new KeyIndex<{ n: number }>();
    for (let n = 0; n < 40; n++) expect(index.add(`id-${n}`, { n })).toBe(true);
    for (let n = 0; n < 40; n++) {
      expect(index.get(`id-${n}`)).toEqual({ n });
      expect(index.add(`id-${n}`, { n: -1 })).toBe(false);
    }
    expect(index.get("id-40")).toBeUndefined();
    expect(index.values.map((v) => v.n)).toEqual([...Array(40).keys()]);
  });
});

describe("the engine beyond Number precision", () => {
  it("stays exact when amounts exceed 2^53 minor units (BigInt fallback)", () => {
    const unitPrice = "123456789012345678.91";
    const result = attributeOrder(
      input({
        order: { ref: "alice", shipping: "0.005" },
        lineItems: [line({ unitPrice, quantity: 3, discount: "0.015", tax: "1.10" })],
      }),
    );
    const base = parseDecimal("370370367037037036.715"); // 3 × unitPrice − 0.015
    expect(result.commissions).toEqual([
      expect.objectContaining({
        base: formatMoney(base, "USD"),
        amount: formatMoney(percentOf(base, parseDecimal("10")), "USD"),
        lineItemIds: ["L1"],
      }),
    ]);
    expect(result.commissions[0].amount).toBe("37037036703703703.67");
  });

  it("stays exact for quantities whose products leave the safe range", () => {
    const quantity = Number.MAX_SAFE_INTEGER;
    const result = attributeOrder(
      input({ order: { ref: "alice" }, lineItems: [line({ unitPrice: "0.07", quantity })] }),
    );
    const base = { coef: 7n * BigInt(quantity), scale: 2 };
    expect(result.commissions[0].base).toBe(formatMoney(base, "USD"));
    expect(result.commissions[0].amount).toBe(formatMoney(percentOf(base, parseDecimal("10")), "USD"));
  });
});
