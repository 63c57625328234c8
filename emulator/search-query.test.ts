import { describe, expect, it } from "vitest";
import { parseSearchQuery } from "./search-query.mjs";

describe("parseSearchQuery", () => {
  it("parses fields, quotes, comparators, negation and OR", () => {
    expect(parseSearchQuery('email:"a b@example.com" -tag:vip created_at:>=2024-01-01 OR NOT carol')).toEqual(
      [
        [
          { field: "email", comparator: ":", value: "a b@example.com", negated: false },
          { field: "tag", comparator: ":", value: "vip", negated: true },
          { field: "created_at", comparator: ">=", value: "2024-01-01", negated: false },
        ],
        [{ field: null, comparator: ":", value: "carol", negated: true }],
      ],
    );
  });

  it("treats explicit AND like whitespace", () => {
    expect(parseSearchQuery("a AND b")).toEqual([
      [
        { field: null, comparator: ":", value: "a", negated: false },
        { field: null, comparator: ":", value: "b", negated: false },
      ],
    ]);
  });
});
