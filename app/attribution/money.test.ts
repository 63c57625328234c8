import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { propertyRuns } from "~test/helpers/fast-check";
import { AttributionInputError } from "./errors";
import { formatIsoDateTime, parseIsoDateTime } from "./iso-date";
import {
  type Decimal,
  add,
  compare,
  decimalFromInteger,
  decimalSign,
  divide,
  formatDecimal,
  formatMoney,
  fromMinorUnits,
  isCurrencyCode,
  isNegative,
  isZero,
  max,
  minorUnits,
  multiply,
  multiplyByInteger,
  negate,
  normalize,
  parseDecimal,
  percentOf,
  roundToCurrency,
  roundToScale,
  subtract,
  sum,
  toMinorUnits,
  tryParseDecimal,
  tryParseUnits,
} from "./money";

const d = (text: string): Decimal => parseDecimal(text);
const show = (value: Decimal): string => formatDecimal(value);

describe("parseDecimal", () => {
  it.each(["0", "19.99", "-3.00", "007.5", "1500", "0.000001", "123456789012345678901234567890.123456789"])(
    "accepts %j exactly",
    (text) => {
      expect(show(d(text))).toBe(text === "007.5" ? "7.5" : text);
    },
  );

  it.each([
    "1e3",
    "",
    " 1",
    "1 ",
    "1.",
    ".5",
    "+1",
    "NaN",
    "Infinity",
    "1,5",
    "1 000",
    "--1",
    "-",
    "0x10",
    "١٢",
    "1.2.3",
    "1..2",
    "-.5",
    "-1.",
  ])("rejects %j naming the field", (text) => {
    expect(() => parseDecimal(text, "order.shipping")).toThrow(AttributionInputError);
    expect(() => parseDecimal(text, "order.shipping")).toThrow(
      /^order\.shipping: must be a plain decimal string/,
    );
  });

  it("rejects non-strings and absurdly long strings", () => {
    expect(() => parseDecimal(12.5, "x")).toThrow("x: must be a decimal string");
    expect(() => parseDecimal(undefined, "x")).toThrow("x: is required");
    expect(tryParseDecimal("1".repeat(65))).toBeNull();
    expect(tryParseDecimal("1".repeat(64))).not.toBeNull();
  });

  it("reads 15 digits (scanned as a Number) and 16 digits (as a BigInt) alike, in both forms", () => {
    // Up to 15 digits the scanner keeps the value in a Number; from 16 digits it re-reads the text.
    expect(d("123456789012345")).toEqual({ coef: 123456789012345n, scale: 0 });
    expect(d("-9999999999999.99")).toEqual({ coef: -999999999999999n, scale: 2 });
    expect(d("1234567890123456")).toEqual({ coef: 1234567890123456n, scale: 0 });
    expect(d("-12345678901234.56")).toEqual({ coef: -1234567890123456n, scale: 2 });
    // Units are a Number while safe, a BigInt beyond: 999999999999999 tenths is past 2^53.
    expect(tryParseUnits("123456789012345", 0)).toBe(123456789012345);
    expect(tryParseUnits("-12345678901234.5", 1)).toBe(-123456789012345);
    expect(tryParseUnits("999999999999999", 1)).toBe(9999999999999990n);
    expect(tryParseUnits("1234567890123456", 0)).toBe(1234567890123456n);
    expect(d("-1234567890123456")).toEqual({ coef: -1234567890123456n, scale: 0 });
    expect(tryParseUnits("19.99", 4)).toBe(199900);
    expect(tryParseUnits("1", 15)).toBe(1e15);
    expect(tryParseUnits("1", 16)).toBe(10n ** 16n);
  });

  it('names the field "value" when the caller names none', () => {
    expect(() => parseDecimal("1,5")).toThrow(
      /^value: must be a plain decimal string like "19.99", got "1,5"$/,
    );
  });

  it("is exact beyond 15 digits and never produces -0", () => {
    expect(d("9007199254740993.01").coef).toBe(900719925474099301n);
    expect(show(d("-0.00"))).toBe("0.00");
  });
});

describe("decimalSign (how a rate's value is checked without parsing it)", () => {
  it.each([
    ["0", 0],
    ["-0.00", 0],
    ["12.5", 1],
    ["-0.01", -1],
    // 16 digits and more: the digits no longer fit the scanner's Number, the text itself is read.
    ["0.0000000000000000", 0],
    ["-00000000000000000.000", 0],
    ["0.0000000000000001", 1],
    ["-0.0000000000000001", -1],
    ["1000000000000000000", 1],
  ] as const)("%j has sign %d", (text, sign) => {
    expect(decimalSign(text)).toBe(sign);
  });

  it.each(["", "1x", "-", "1.", ".5", "1.2.3"])("%j is malformed (null)", (text) => {
    expect(decimalSign(text)).toBeNull();
  });
});

describe("arithmetic", () => {
  it("is exact", () => {
    expect(show(add(d("0.1"), d("0.2")))).toBe("0.3");
    expect(show(subtract(d("10"), d("0.01")))).toBe("9.99");
    expect(show(multiply(d("19.99"), d("3")))).toBe("59.97");
    expect(show(multiplyByInteger(d("0.10"), 3))).toBe("0.30");
    expect(show(percentOf(d("90.00"), d("7.5")))).toBe("6.75000");
    expect(show(sum([d("1.1"), d("2.22"), d("3")]))).toBe("6.32");
    expect(show(decimalFromInteger(42))).toBe("42");
  });

  it("keeps every decimal: scales add in a product, the larger scale wins in a sum or difference", () => {
    expect(show(multiply(d("1.5"), d("0.25")))).toBe("0.375");
    expect(show(subtract(d("5.00"), d("7.25")))).toBe("-2.25");
    expect(show(subtract(d("0.01"), d("10")))).toBe("-9.99");
    expect(show(add(d("0.001"), d("2")))).toBe("2.001");
    expect(show(negate(d("2.50")))).toBe("-2.50");
    expect(show(negate(d("-0.01")))).toBe("0.01");
  });

  it("makes Decimals from safe integers only", () => {
    expect(show(decimalFromInteger(-7))).toBe("-7");
    expect(decimalFromInteger(10n ** 20n)).toEqual({ coef: 10n ** 20n, scale: 0 });
    expect(() => decimalFromInteger(2 ** 53)).toThrow("9007199254740992 is not a safe integer");
    expect(() => decimalFromInteger(1.5)).toThrow(RangeError);
  });

  it("splits a commission pro rata (refund reversals): multiply first, divide last, round once", () => {
    // 10.00 over 3 units, 2 refunded: 20.00 ÷ 3 = 6.666… → 6.67; the third unit 3.333… → 3.33.
    expect(formatMoney(divide(multiply(d("10.00"), d("2")), d("3")), "USD")).toBe("6.67");
    expect(formatMoney(divide(d("10.00"), d("3")), "USD")).toBe("3.33");
    expect(formatMoney(divide(d("-20.00"), d("3")), "USD")).toBe("-6.67");
    // 1,000 JPY over 3 units, 1 refunded: 333.33… → 333; 2,000 ÷ 3 = 666.66… → 667.
    expect(formatMoney(divide(d("1000"), d("3")), "JPY")).toBe("333");
    expect(formatMoney(divide(d("2000"), d("3")), "JPY")).toBe("667");
  });

  it("cuts a quotient that does not terminate at `scale` decimals and adds a sticky last digit", () => {
    // 1 ÷ 3 to 4 decimals: 0.3333, then a 1 that says "and more" (with the quotient's sign).
    expect(show(divide(d("1"), d("3"), 4))).toBe("0.33331");
    expect(show(divide(d("-1"), d("3"), 4))).toBe("-0.33331");
    expect(show(divide(d("2"), d("-3"), 4))).toBe("-0.66661");
    // A quotient that terminates within `scale` decimals is exact, trailing zeros stripped.
    expect(show(divide(d("1.50"), d("0.5"), 4))).toBe("3");
    expect(divide(d("1"), d("16"), 4)).toEqual({ coef: 625n, scale: 4 });
    // Rounding to fewer decimals than `scale`: 0.0625 cut at 3 decimals is 0.062(1) → 0.06.
    expect(show(roundToScale(divide(d("1"), d("16"), 3), 2))).toBe("0.06");
    expect(show(roundToScale(divide(d("-1"), d("16"), 3), 2))).toBe("-0.06");
  });

  it("divides exactly when the quotient terminates, and rounds correctly once otherwise", () => {
    expect(show(divide(d("1"), d("8")))).toBe("0.125");
    expect(show(divide(d("10.00"), d("4")))).toBe("2.5");
    expect(show(roundToScale(divide(d("1"), d("3")), 2))).toBe("0.33");
    expect(show(roundToScale(divide(d("2"), d("3")), 2))).toBe("0.67");
    expect(show(roundToScale(divide(d("-2"), d("3")), 2))).toBe("-0.67");
    expect(show(roundToScale(divide(d("1"), d("-8")), 2))).toBe("-0.13");
    expect(() => divide(d("1"), d("0.00"))).toThrow(new RangeError("Division by zero"));
  });

  it("division then one rounding equals exact rational rounding (property)", () => {
    const roundRational = (n: bigint, m: bigint, scale: number): bigint => {
      // round half away from zero of n / m at `scale` decimals, on integers only
      const sign = n < 0n !== m < 0n ? -1n : 1n;
      const a = (n < 0n ? -n : n) * 10n ** BigInt(scale);
      const b = m < 0n ? -m : m;
      const q = a / b;
      return sign * (2n * (a - q * b) >= b ? q + 1n : q);
    };
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }).filter((m) => m !== 0n),
        fc.integer({ min: 0, max: 6 }),
        (n, m, scale) => {
          const quotient = divide({ coef: n, scale: 0 }, { coef: m, scale: 0 });
          expect(roundToScale(quotient, scale).coef).toBe(roundRational(n, m, scale));
        },
      ),
    );
  });

  it("compares and normalizes", () => {
    expect(compare(d("1.10"), d("1.1"))).toBe(0);
    expect(compare(d("-1"), d("0.5"))).toBe(-1);
    expect(compare(d("2"), d("1.999"))).toBe(1);
    expect(show(normalize(d("10.500")))).toBe("10.5");
    expect(show(normalize(d("0.000")))).toBe("0");
    expect(show(normalize(d("1500")))).toBe("1500");
    expect(show(normalize(d("-2.50")))).toBe("-2.5");
  });

  it("tells zero, negative and the larger of two amounts", () => {
    expect(isZero(d("0.000"))).toBe(true);
    expect(isZero(d("0.001"))).toBe(false);
    expect(isNegative(d("-0.01"))).toBe(true);
    expect(isNegative(d("0.00"))).toBe(false);
    expect(isNegative(d("0.01"))).toBe(false);
    expect(show(max(d("2"), d("1.999")))).toBe("2");
    expect(show(max(d("1.999"), d("2")))).toBe("2");
    expect(show(max(d("-1"), d("-0.5")))).toBe("-0.5");
  });
});

describe("rounding and formatting to the currency", () => {
  it("rounds half away from zero", () => {
    expect(formatMoney(d("0.125"), "USD")).toBe("0.13");
    expect(formatMoney(d("0.135"), "USD")).toBe("0.14");
    expect(formatMoney(d("0.1249999"), "USD")).toBe("0.12");
    expect(formatMoney(d("-0.125"), "USD")).toBe("-0.13");
    expect(formatMoney(d("-0.001"), "USD")).toBe("0.00");
    expect(formatMoney(d("0.5"), "JPY")).toBe("1");
    expect(formatMoney(d("1.5"), "JPY")).toBe("2");
    expect(formatMoney(d("2.5"), "JPY")).toBe("3");
    expect(formatMoney(d("-2.5"), "JPY")).toBe("-3");
    expect(formatMoney(d("1.2345"), "KWD")).toBe("1.235");
    expect(formatMoney(d("0.1235"), "KWD")).toBe("0.124");
  });

  it("formats with exactly the minor-unit digits", () => {
    expect(formatMoney(d("10"), "USD")).toBe("10.00");
    expect(formatMoney(d("1500"), "JPY")).toBe("1500");
    expect(formatMoney(d("1500.00"), "JPY")).toBe("1500");
    expect(formatMoney(d("1.235"), "KWD")).toBe("1.235");
    expect(formatMoney(d("0.05"), "USD")).toBe("0.05");
    expect(show(roundToCurrency(d("3"), "KWD"))).toBe("3.000");
  });

  it("knows minor units from Intl and rejects bad codes", () => {
    expect(minorUnits("USD")).toBe(2);
    expect(minorUnits("JPY")).toBe(0);
    expect(minorUnits("KWD")).toBe(3);
    expect(isCurrencyCode("EUR")).toBe(true);
    expect(isCurrencyCode("usd")).toBe(false);
    expect(isCurrencyCode("USD")).toBe(true); // known from the cache once minorUnits has seen it
    expect(isCurrencyCode(840)).toBe(false);
    expect(isCurrencyCode(null)).toBe(false);
    expect(() => minorUnits("XYZ")).toThrow(/^currency: must be an upper-case ISO 4217/);
    expect(() => minorUnits("usd", "order.currency")).toThrow(/^order\.currency: /);
  });

  it("converts to and from integer minor units", () => {
    expect(toMinorUnits(d("12.345"), "USD")).toBe(1235n);
    expect(show(fromMinorUnits(-300n, "USD"))).toBe("-3.00");
    expect(show(fromMinorUnits(1500n, "JPY"))).toBe("1500");
  });

  it("format and parse are inverse (property)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 12 }),
        (coef, scale) => {
          const value = { coef, scale };
          expect(parseDecimal(formatDecimal(value))).toEqual(value);
        },
      ),
    );
  });
});

describe("ISO 8601 date-times", () => {
  it("parses with offsets and fractions, to UTC milliseconds", () => {
    expect(parseIsoDateTime("2026-03-01T12:00:00Z")).toBe(Date.UTC(2026, 2, 1, 12));
    expect(parseIsoDateTime("2026-03-01T12:00:00-05:00")).toBe(Date.UTC(2026, 2, 1, 17));
    expect(parseIsoDateTime("2026-03-01T12:00:00+0530")).toBe(Date.UTC(2026, 2, 1, 6, 30));
    expect(parseIsoDateTime("2026-03-01T12:00Z")).toBe(Date.UTC(2026, 2, 1, 12));
    expect(parseIsoDateTime("2024-02-29T00:00:00.1239Z")).toBe(Date.UTC(2024, 1, 29) + 123);
    expect(parseIsoDateTime("0050-01-01T00:00:00Z")).toBe(-60589296000000);
    expect(formatIsoDateTime(Date.UTC(2027, 2, 1, 12))).toBe("2027-03-01T12:00:00.000Z");
  });

  it("knows the calendar: leap years by the 4/100/400 rule, 30-day months, the last second of a day", () => {
    expect(parseIsoDateTime("2000-02-29T00:00:00Z")).toBe(Date.UTC(2000, 1, 29));
    expect(parseIsoDateTime("1900-02-29T00:00:00Z")).toBeNull();
    expect(parseIsoDateTime("2100-02-29T00:00:00Z")).toBeNull();
    expect(parseIsoDateTime("2026-02-28T00:00:00Z")).toBe(Date.UTC(2026, 1, 28));
    for (const month of ["04", "06", "09", "11"]) {
      expect(parseIsoDateTime(`2026-${month}-31T00:00:00Z`)).toBeNull();
      expect(parseIsoDateTime(`2026-${month}-30T00:00:00Z`)).toBe(Date.UTC(2026, Number(month) - 1, 30));
    }
    for (const month of ["01", "03", "05", "07", "08", "10", "12"]) {
      expect(parseIsoDateTime(`2026-${month}-31T00:00:00Z`)).toBe(Date.UTC(2026, Number(month) - 1, 31));
    }
    expect(parseIsoDateTime("2026-12-31T23:59:59Z")).toBe(Date.UTC(2026, 11, 31, 23, 59, 59));
    expect(parseIsoDateTime("2026-01-01T00:00:00Z")).toBe(Date.UTC(2026, 0, 1));
  });

  it("reads 1 to 9 fraction digits as milliseconds, and offsets up to ±23:59", () => {
    expect(parseIsoDateTime("2026-03-01T12:00:00.5Z")).toBe(Date.UTC(2026, 2, 1, 12, 0, 0, 500));
    expect(parseIsoDateTime("2026-03-01T12:00:00.12Z")).toBe(Date.UTC(2026, 2, 1, 12, 0, 0, 120));
    expect(parseIsoDateTime("2026-03-01T12:00:00.123456789Z")).toBe(Date.UTC(2026, 2, 1, 12, 0, 0, 123));
    expect(parseIsoDateTime("2026-03-01T12:00:00.999+01:00")).toBe(Date.UTC(2026, 2, 1, 11, 0, 0, 999));
    expect(parseIsoDateTime("2026-03-01T00:00:00+23:59")).toBe(Date.UTC(2026, 1, 28, 0, 1));
    expect(parseIsoDateTime("2026-03-01T00:00:00-23:59")).toBe(Date.UTC(2026, 2, 1, 23, 59));
    expect(parseIsoDateTime("2026-03-01T12:30-0130")).toBe(Date.UTC(2026, 2, 1, 14, 0));
  });

  it.each([
    "2026x03-01T12:00:00Z",
    "2026-03x01T12:00:00Z",
    "2026-03-01T12x00:00Z",
    "2026-03-01T12:00x00Z",
    "2026-00-01T00:00:00Z",
    "2026-03-00T00:00:00Z",
    "2026-03-32T00:00:00Z",
    "2026-03-01T12:00:00+05:60",
    "2026-03-01T12:00:00+0x:00",
    "2026-03-01T12:00:00ZZ",
    "2026-03-01T12:00:00+05:00Z",
    "a026-03-01T12:00:00Z",
    "20a6-03-01T12:00:00Z",
    "2026-03-01",
    "2026-03-01T12:00:00",
    "2026-03-01 12:00:00Z",
    "2025-02-29T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-03-01T12:60:00Z",
    "2026-03-01T12:00:60Z",
    "2026-03-01T12:00:00+24:00",
    "2026-03-01t12:00:00z",
    "Sun, 01 Mar 2026 12:00:00 GMT",
    "2026-03-01T12:00:00.Z",
    "2026-03-01T12:00:00.1234567890Z",
    "2026-03-01T12:00:00+05",
    "2026-03-01T12:00:00Z ",
    "2026-3-01T12:00:00Z",
    "",
  ])("rejects %j", (text) => {
    expect(parseIsoDateTime(text)).toBeNull();
  });

  it("formats exactly like Date.prototype.toISOString (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(formatIsoDateTime(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: propertyRuns(2000) },
    );
    for (const ms of [0, -1, 8.64e15, -8.64e15, Date.UTC(2024, 1, 29, 23, 59, 59, 999), -62167219200000]) {
      expect(formatIsoDateTime(ms)).toBe(new Date(ms).toISOString());
    }
    expect(() => formatIsoDateTime(8.64e15 + 1)).toThrow(RangeError);
  });

  it("formats the edges of the text: milliseconds, four- and six-digit years, the last day of a 400-year cycle", () => {
    const at = (text: string) => formatIsoDateTime(Date.parse(text));
    expect(at("2026-03-01T12:00:00.010Z")).toBe("2026-03-01T12:00:00.010Z");
    expect(at("2026-03-01T12:00:00.100Z")).toBe("2026-03-01T12:00:00.100Z");
    expect(at("9999-12-31T23:59:59.999Z")).toBe("9999-12-31T23:59:59.999Z");
    expect(at("+010000-01-01T00:00:00.000Z")).toBe("+010000-01-01T00:00:00.000Z");
    expect(at("0000-01-01T00:00:00.000Z")).toBe("0000-01-01T00:00:00.000Z");
    expect(at("-000001-12-31T00:00:00.000Z")).toBe("-000001-12-31T00:00:00.000Z");
    expect(at("2000-02-29T00:00:00.000Z")).toBe("2000-02-29T00:00:00.000Z");
    expect(() => formatIsoDateTime(1.5)).toThrow("Invalid time value: 1.5");
  });

  it("agrees with Date.parse on valid date-times, with offsets and shorter forms (property)", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1000-01-02T00:00:00Z"),
          max: new Date("9999-12-30T23:59:59Z"),
          noInvalidDate: true,
        }),
        fc.constantFrom("full", "seconds", "minutes"),
        fc.option(
          fc.tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 30, 45)),
        ),
        (date, form, offset) => {
          let text = date.toISOString().slice(0, -1); // without the Z
          if (form === "seconds") text = text.slice(0, 19);
          if (form === "minutes") text = text.slice(0, 16);
          text +=
            offset === null
              ? "Z"
              : `${offset[0]}${String(offset[1]).padStart(2, "0")}:${String(offset[2]).padStart(2, "0")}`;
          expect(parseIsoDateTime(text)).toBe(Date.parse(text));
        },
      ),
    );
  });
});
