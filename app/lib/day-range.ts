// A range of calendar days chosen in a screen's URL: a preset (the last 7, 30 or 90 days, this month) or
// custom days (`from`, `to`), both ends included, in the shop's time zone.
import { addDays, isDay } from "./days";

export const RANGE_PRESETS = ["7d", "30d", "90d", "month", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export interface DayRange {
  preset: RangePreset;
  /** First day, included. */
  from: string;
  /** Last day, included. */
  to: string;
}

/** A custom range longer than this is cut to its last days (a decade of daily figures is plenty). */
export const MAX_RANGE_DAYS = 3660;

const isPreset = (value: unknown): value is RangePreset =>
  (RANGE_PRESETS as readonly unknown[]).includes(value);

/** The days a preset covers, ending today. */
export function presetRange(preset: Exclude<RangePreset, "custom">, today: string): DayRange {
  switch (preset) {
    case "7d":
      return { preset, from: addDays(today, -6), to: today };
    case "30d":
      return { preset, from: addDays(today, -29), to: today };
    case "90d":
      return { preset, from: addDays(today, -89), to: today };
    case "month":
      return { preset, from: `${today.slice(0, 8)}01`, to: today };
  }
}

/**
 * The range a URL asks for (`range`, and `from` and `to` for a custom one). Anything missing or malformed
 * falls back to `fallback`; custom days given in the wrong order are swapped.
 */
export function parseDayRange(
  params: URLSearchParams,
  today: string,
  fallback: Exclude<RangePreset, "custom"> = "30d",
): DayRange {
  const preset = params.get("range");
  if (preset === "custom") {
    const from = params.get("from");
    const to = params.get("to");
    if (isDay(from) && isDay(to)) {
      const [first, last] = from <= to ? [from, to] : [to, from];
      const earliest = addDays(last, -(MAX_RANGE_DAYS - 1));
      return { preset: "custom", from: first < earliest ? earliest : first, to: last };
    }
    return presetRange(fallback, today);
  }
  return presetRange(isPreset(preset) && preset !== "custom" ? preset : fallback, today);
}

/** The URL parameters of a range (`range`, and `from`, `to` for a custom one). */
export function dayRangeParams(range: DayRange): Record<string, string> {
  return range.preset === "custom"
    ? { range: "custom", from: range.from, to: range.to }
    : { range: range.preset };
}
