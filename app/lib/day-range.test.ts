import { describe, expect, it } from "vitest";
import { MAX_RANGE_DAYS, dayRangeParams, parseDayRange } from "./day-range";

const parse = (query: string) => parseDayRange(new URLSearchParams(query), "2026-03-15");

describe("a range of days from the URL", () => {
  it("knows the presets, ending today", () => {
    expect(parse("range=7d")).toEqual({ preset: "7d", from: "2026-03-09", to: "2026-03-15" });
    expect(parse("range=30d")).toEqual({ preset: "30d", from: "2026-02-14", to: "2026-03-15" });
    expect(parse("range=90d")).toEqual({ preset: "90d", from: "2025-12-16", to: "2026-03-15" });
    expect(parse("range=month")).toEqual({ preset: "month", from: "2026-03-01", to: "2026-03-15" });
  });

  it("takes custom days, in either order, and falls back on the last 30 days for anything else", () => {
    expect(parse("range=custom&from=2026-01-01&to=2026-01-31")).toEqual({
      preset: "custom",
      from: "2026-01-01",
      to: "2026-01-31",
    });
    expect(parse("range=custom&from=2026-01-31&to=2026-01-01")).toMatchObject({
      from: "2026-01-01",
      to: "2026-01-31",
    });
    for (const query of ["", "range=year", "range=custom&from=2026-02-30&to=2026-03-01", "range=custom"]) {
      expect(parse(query)).toEqual({ preset: "30d", from: "2026-02-14", to: "2026-03-15" });
    }
  });

  it("cuts a custom range to its last ten years", () => {
    const range = parse("range=custom&from=1990-01-01&to=2026-03-15");
    expect(range.to).toBe("2026-03-15");
    const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 + 1;
    expect(days).toBe(MAX_RANGE_DAYS);
  });

  it("writes a range back as URL parameters", () => {
    expect(dayRangeParams({ preset: "7d", from: "x", to: "y" })).toEqual({ range: "7d" });
    expect(dayRangeParams({ preset: "custom", from: "2026-01-01", to: "2026-01-02" })).toEqual({
      range: "custom",
      from: "2026-01-01",
      to: "2026-01-02",
    });
  });
});
