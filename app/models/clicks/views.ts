// What the screens are given of click counts (no server code here).

/** A range of the shop's days, both included: `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

export interface ClickSummary {
  range: DayRange;
  clicks: number;
  /** Orders credited to the affiliate (link, coupon, connection or renewal) placed in the range. */
  referredOrders: number;
  /** Referred orders ÷ clicks as a percentage, one decimal; null without clicks. */
  conversionPercent: string | null;
}

/** The ranges the admin's affiliate page offers, in days up to today. */
export const CLICK_RANGE_DAYS = [7, 30, 90] as const;
export const DEFAULT_CLICK_RANGE_DAYS = 30;

/** `?clicksDays=` read back: one of the offered ranges, else the default. */
export function parseClickRangeDays(value: string | null): number {
  const days = Number(value);
  return (CLICK_RANGE_DAYS as readonly number[]).includes(days) ? days : DEFAULT_CLICK_RANGE_DAYS;
}
