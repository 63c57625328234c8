import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currencyAffixes, currencyDigits, formatMinor, formatMoney, minorToDecimal } from "./money";

describe("currencyDigits", () => {
  it("knows each currency's minor unit", () => {
    expect(currencyDigits("USD")).toBe(2);
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("KWD")).toBe(3);
  });

  it("takes two digits for a code Intl does not know", () => {
    expect(currencyDigits("not a currency")).toBe(2);
  });
});

describe("minorToDecimal", () => {
  it("writes minor units as the currency's exact decimal", () => {
    expect(minorToDecimal(1050, "USD")).toBe("10.50");
    expect(minorToDecimal(5, "USD")).toBe("0.05");
    expect(minorToDecimal(0, "USD")).toBe("0.00");
    expect(minorToDecimal(1500, "JPY")).toBe("1500");
    expect(minorToDecimal(1234, "KWD")).toBe("1.234");
    expect(minorToDecimal(7, "KWD")).toBe("0.007");
  });

  it("keeps the sign of negative amounts", () => {
    expect(minorToDecimal(-1050, "USD")).toBe("-10.50");
    expect(minorToDecimal(-5, "USD")).toBe("-0.05");
    expect(minorToDecimal(-300, "JPY")).toBe("-300");
    expect(minorToDecimal(-1, "KWD")).toBe("-0.001");
  });

  it("is exact for amounts beyond a float's digits", () => {
    expect(minorToDecimal(9_007_199_254_740_991, "USD")).toBe("90071992547409.91");
    expect(minorToDecimal(123_456_789_012_345_678_901n, "KWD")).toBe("123456789012345678.901");
    expect(minorToDecimal(-123_456_789_012_345_678_901n, "JPY")).toBe("-123456789012345678901");
  });

  it("refuses a number that is not a safe integer", () => {
    expect(() => minorToDecimal(10.5, "USD")).toThrow(RangeError);
    expect(() => minorToDecimal(2 ** 60, "USD")).toThrow(RangeError);
  });
});

describe("formatMoney", () => {
  it("formats USD with two decimals", () => {
    expect(formatMoney("12.5", "USD")).toBe("$12.50");
    expect(formatMoney("1234.56", "USD")).toBe("$1,234.56");
    expect(formatMoney("0", "USD")).toBe("$0.00");
  });

  it("formats JPY without decimals", () => {
    expect(formatMoney("1500", "JPY")).toBe("¥1,500");
    expect(formatMoney("0", "JPY")).toBe("¥0");
  });

  it("formats KWD with three decimals", () => {
    expect(formatMoney("1.234", "KWD")).toBe("KWD\u00a01.234");
    expect(formatMoney("5", "KWD")).toBe("KWD\u00a05.000");
  });

  it("shows negative amounts with a minus sign, and never a negative zero", () => {
    expect(formatMoney("-2.50", "USD")).toBe("-$2.50");
    expect(formatMoney("-250", "JPY")).toBe("-¥250");
    expect(formatMoney("-0.125", "KWD")).toBe("-KWD\u00a00.125");
    expect(formatMoney("-0.00", "USD")).toBe("$0.00");
  });

  it("formats large amounts exactly, never through a float", () => {
    expect(formatMoney("123456789012345678.99", "USD")).toBe("$123,456,789,012,345,678.99");
    expect(formatMoney("98765432109876543210", "JPY")).toBe("¥98,765,432,109,876,543,210");
    expect(formatMoney("-9007199254740993.125", "KWD")).toBe("-KWD\u00a09,007,199,254,740,993.125");
  });

  it("never hides digits the amount has: a rate of 1.5 yen is not ¥2", () => {
    expect(formatMoney("1.5", "JPY")).toBe("¥1.5");
    expect(formatMoney("0.0001", "USD")).toBe("$0.0001");
  });

  it("leaves what is not a decimal amount, or not a currency, as it came", () => {
    expect(formatMoney("12.50", "not a currency")).toBe("12.50 not a currency");
    expect(formatMoney("twelve", "USD")).toBe("twelve USD");
    expect(formatMoney("1e3", "USD")).toBe("1e3 USD");
  });
});

describe("formatMinor", () => {
  it("formats integer minor units in their currency", () => {
    expect(formatMinor(1050, "USD")).toBe("$10.50");
    expect(formatMinor(-1050, "USD")).toBe("-$10.50");
    expect(formatMinor(1500, "JPY")).toBe("¥1,500");
    expect(formatMinor(-500, "JPY")).toBe("-¥500");
    expect(formatMinor(1234, "KWD")).toBe("KWD\u00a01.234");
    expect(formatMinor(-1, "KWD")).toBe("-KWD\u00a00.001");
    expect(formatMinor(900_719_925_474_099, "JPY")).toBe("¥900,719,925,474,099");
  });
});

describe("currencyAffixes", () => {
  it("puts the currency's sign where an amount in it is written", () => {
    expect(currencyAffixes("USD")).toEqual({ prefix: "$" });
    expect(currencyAffixes("JPY")).toEqual({ prefix: "¥" });
    expect(currencyAffixes("CHF")).toEqual({ prefix: "CHF" });
    expect(currencyAffixes("XYZ")).toEqual({ prefix: "XYZ" });
  });
});

describe("formatMoney without Intl", () => {
  // The reason column says hundreds of thousands of amounts: a currency whose Intl shape is the simple one
  // is said without Intl, which must never change a character. Checked against Intl itself, formatted as
  // formatMoney promises (the currency's digits, never fewer than the amount has, no "-0").
  const intl = (amount: string, currency: string) => {
    const fraction = /\.(\d+)$/.exec(amount)?.[1]?.length ?? 0;
    const digits = Math.max(currencyDigits(currency), fraction);
    try {
      return new Intl.NumberFormat("en-US", {
        style: "currency",
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        signDisplay: "negative",
      }).format(amount as Intl.StringNumericLiteral);
    } catch {
      return `${amount} ${currency}`;
    }
  };
  const amountArb = fc
    .tuple(
      fc.boolean(),
      fc.constantFrom("", "0", "00"),
      fc.oneof(
        fc.constant("0"),
        fc
          .integer({ min: 1, max: 22 })
          .chain((length) =>
            fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }),
          )
          .map((digits) => String(digits.join("")).replace(/^0/, "1")),
      ),
      fc.option(fc.integer({ min: 0, max: 10 ** 6 }).map(String), { nil: null }),
      fc.integer({ min: 0, max: 6 }),
    )
    .map(([negative, zeros, whole, fraction, digits]) => {
      const decimals = fraction === null ? "" : `.${fraction.padStart(6, "0").slice(0, Math.max(1, digits))}`;
      return `${negative ? "-" : ""}${zeros}${whole}${decimals}`;
    });

  it("says every amount as Intl does, in every currency Intl knows and in codes it does not", () => {
    const currencies = [...Intl.supportedValuesOf("currency"), "XYZ", "ABC"];
    fc.assert(
      fc.property(fc.constantFrom(...currencies), amountArb, (currency, amount) => {
        expect(formatMoney(amount, currency)).toBe(intl(amount, currency));
      }),
      { numRuns: 4_000 },
    );
  });

  it("groups thousands, keeps a zero unsigned and pads to the currency's digits", () => {
    for (const amount of [
      "0",
      "-0",
      "-0.000",
      "999",
      "1000",
      "-1000.5",
      "1234567.891",
      "0001",
      "12345678901234567890.12",
    ]) {
      for (const currency of ["USD", "JPY", "KWD", "EUR", "CHF", "INR"]) {
        expect(formatMoney(amount, currency)).toBe(intl(amount, currency));
      }
    }
    expect(formatMoney("-1234567.5", "USD")).toBe("-$1,234,567.50");
    expect(formatMoney("-0.00", "USD")).toBe("$0.00");
    expect(formatMoney("1234567", "KWD")).toBe("KWD\u00a01,234,567.000");
  });

  it("leaves anything but a plain decimal to Intl or as it came", () => {
    expect(formatMoney(" 12.5 ", "USD")).toBe(intl("12.5", "USD"));
    expect(formatMoney("1e3", "USD")).toBe("1e3 USD");
    expect(formatMoney("12.5", "NOT A CODE")).toBe("12.5 NOT A CODE");
  });
});
