import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonSyntaxError, parseJsonExact, stringifyJsonExact } from "./exact-json";

/** Forces the exact reader even where JSON.parse alone would do. */
const readerOnly = (text: string) => parseJsonExact(text, { spans: new WeakMap() });

describe("parseJsonExact", () => {
  it("keeps integers beyond 2^53 as their digits, everything else as JSON.parse reads it", () => {
    const text =
      '{"id":820982911946154508,"ids":[9007199254740993,-12345678901234567890],"n":9007199254740991,"price":1.5,"big":1e21,"f":12345678901234567.5}';
    expect(parseJsonExact(text)).toEqual({
      id: "820982911946154508",
      ids: ["9007199254740993", "-12345678901234567890"],
      n: 9007199254740991,
      price: 1.5,
      big: 1e21,
      f: Number("12345678901234567.5"),
    });
    expect(JSON.parse(text).id).toBe(820982911946154500);
  });

  it("hands big integers to bigInteger when asked, and writes them back as numbers", () => {
    const text = '{"id":820982911946154508,"line_items":[{"id":487817672276298554}]}';
    const value = parseJsonExact(text, { bigInteger: BigInt });
    expect(value).toEqual({ id: 820982911946154508n, line_items: [{ id: 487817672276298554n }] });
    expect(stringifyJsonExact(value)).toBe(text);
  });

  it("reads whatever JSON.parse reads, the same way, and refuses what it refuses", () => {
    // JSON.parse's reading, except that an integer beyond the safe range is its digits.
    const exactly = (text: string) =>
      JSON.parse(text, (_key, value) =>
        typeof value === "number" &&
        Number.isInteger(value) &&
        !Number.isSafeInteger(value) &&
        Math.abs(value) < 1e21
          ? String(value)
          : value,
      );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 1);
        expect(readerOnly(text)).toEqual(exactly(text));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json().map((text) => text.slice(0, -1) + "x"),
        ),
        (text) => {
          let native: unknown;
          try {
            native = JSON.parse(text);
          } catch {
            expect(() => readerOnly(text)).toThrow(JsonSyntaxError);
            return;
          }
          expect(readerOnly(text)).toEqual(native);
        },
      ),
    );
  });

  it("says where the text stops being JSON", () => {
    for (const [text, position] of [
      ['{"a":1,}', 7],
      ['{"a" 1}', 5],
      ["[1 2]", 3],
      ['{"id":12345678901234567890', 26],
      ['"tab\there"', 4],
      ["01", 1],
    ] as const) {
      expect(() => parseJsonExact(text), text).toThrow(expect.objectContaining({ position }));
    }
  });

  it("keeps __proto__ an ordinary property, as JSON.parse does", () => {
    const value = readerOnly('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value.__proto__).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("records the source span of every object and array when asked", () => {
    const text = '{ "events": [ { "payload": {"id": 820982911946154508} } ] }';
    const spans = new WeakMap<object, [number, number]>();
    const value = parseJsonExact(text, { spans }) as { events: Array<{ payload: object }> };
    const [start, end] = spans.get(value.events[0].payload)!;
    expect(text.slice(start, end)).toBe('{"id": 820982911946154508}');
  });
});

describe("stringifyJsonExact", () => {
  it("writes what JSON.stringify writes when there is no bigint", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom("", "  "), (value, indent) => {
        expect(stringifyJsonExact(value, indent)).toBe(JSON.stringify(value, null, indent));
      }),
    );
    expect(stringifyJsonExact({ a: undefined, b: [undefined], c: new Date(0) })).toBe(
      JSON.stringify({ a: undefined, b: [undefined], c: new Date(0) }),
    );
  });
});
