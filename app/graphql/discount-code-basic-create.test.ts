import { describe, expect, it } from "vitest";
import { basicCodeDiscountInput } from "./discount-code-basic-create";

describe("basicCodeDiscountInput", () => {
  it("builds 2025-10 variables: context for buyers, a percentage off all items", () => {
    expect(
      basicCodeDiscountInput({
        title: " Alice 10 ",
        code: "ALICE10",
        percentage: 0.1,
        startsAt: new Date("2026-04-01T00:00:00Z"),
      }),
    ).toEqual({
      basicCodeDiscount: {
        title: "Alice 10",
        code: "ALICE10",
        startsAt: "2026-04-01T00:00:00.000Z",
        context: { all: "ALL" },
        customerGets: { value: { percentage: 0.1 }, items: { all: true } },
      },
    });
  });

  it("rejects a percentage given as a whole number, bad codes and bad dates", () => {
    const base = { title: "T", code: "C", percentage: 0.1, startsAt: "2026-04-01T00:00:00Z" };
    expect(() => basicCodeDiscountInput({ ...base, percentage: 10 })).toThrow("fraction");
    expect(() => basicCodeDiscountInput({ ...base, percentage: 0 })).toThrow(RangeError);
    expect(() => basicCodeDiscountInput({ ...base, code: "TWO WORDS" })).toThrow("code");
    expect(() => basicCodeDiscountInput({ ...base, title: " " })).toThrow("title");
    expect(() => basicCodeDiscountInput({ ...base, startsAt: "soon" })).toThrow("startsAt");
  });
});
