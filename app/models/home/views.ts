// The Home screen's data as the loader hands it to the screen (no server code here).
import type { DayRange } from "~/lib/day-range";

/** Net commission amounts (reversals deducted) by status, in one currency, as exact decimals. */
export interface CurrencyTotals {
  currency: string;
  pending: string;
  approved: string;
  paid: string;
}

/** Referred sales, commissions and orders of a range (or one step of the chart), denied lines left out. */
export interface RangeFigures {
  currency: string;
  /** Net of refunds: the bases the referrers' commissions were computed on, less what reversals took back. */
  referredSales: string;
  /** Net of reversals. */
  commissions: string;
  referredOrders: number;
  /** Referred sales ÷ referred orders; null without orders. */
  averageOrderValue: string | null;
}

/** One step of the chart: a day, or a week or month for long ranges (named by its first day). */
export interface ChartPoint {
  start: string;
  referredSales: string;
  commissions: string;
  referredOrders: number;
}

export interface TopAffiliate extends RangeFigures {
  id: string;
  name: string;
}

export interface LatestOrder {
  /** The attributed order's id (the commission detail page). */
  id: string;
  orderId: string;
  orderName: string;
  orderCreatedAt: string;
  currency: string;
  referrer: { id: string; name: string } | null;
  referrerSource: string | null;
  /** Net commission of the order over every affiliate, denied lines left out. */
  commission: string;
  /** The lines' common status, or "mixed". Null when the order earned nothing. */
  status: string | null;
}

export interface SetupSteps {
  settingsSaved: boolean;
  hasAffiliate: boolean;
  hasCoupon: boolean;
  /** The theme editor's app embeds, where the merchant turns the storefront embed on (not checkable here). */
  themeEditorUrl: string;
}

export type ChartGrain = "day" | "week" | "month";

export interface Dashboard {
  range: DayRange;
  /** The shop's today, in its time zone. */
  today: string;
  timeZone: string;
  /** The shop's currency: the chart's and the first of the figures. */
  currency: string;
  /** The range's figures, one per currency the range has money in (the shop's first). */
  figures: RangeFigures[];
  /**
   * The chart's steps up to the last complete one: a step that holds today (a day, week or month still
   * running) would look like a fall, so it is left out (`unfinished` names its start; the figures above
   * count it). A range that is only an unfinished step is charted as it is, with `unfinished` set.
   */
  chart: { grain: ChartGrain; currency: string; points: ChartPoint[]; unfinished: string | null };
  topAffiliates: TopAffiliate[];
  /** What the program owes and paid, over the whole history. */
  totals: CurrencyTotals[];
  latestOrders: LatestOrder[];
  setup: SetupSteps;
  deliveriesNeedingAttention: number;
}
