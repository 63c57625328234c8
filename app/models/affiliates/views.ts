// Affiliates as the screens show them: a row of the list, and an affiliate's page. Shared by the server and
// the screens (no server code here).
import type { PageInfo } from "~/lib/pagination";
import type { AffiliateApplication, ApplicationStatus } from "./application";

/** An affiliate's own fields, as the loaders hand them to the screens. */
export interface AffiliateFields {
  id: string;
  name: string;
  email: string | null;
  refCode: string;
  active: boolean;
  /** With `rateValue`, the affiliate's own rate; null for the program's default. */
  rateKind: string | null;
  rateValue: string | null;
  createdAt: string;
  /** Only approved (and active) affiliates earn; see application.ts. */
  applicationStatus: ApplicationStatus;
}

/**
 * What an affiliate brought and earned, in the shop's currency (integer minor units): its referred sales
 * and orders, the commission owed (pending and approved) and paid. Denied lines count for nothing.
 */
export interface AffiliatePerformance {
  salesMinor: number;
  orders: number;
  owedMinor: number;
  paidMinor: number;
}

/** The columns the Affiliates list sorts by. */
export const AFFILIATE_SORTS = ["name", "refCode", "sales", "orders", "owed", "paid", "createdAt"] as const;
export type AffiliateSort = (typeof AFFILIATE_SORTS)[number];

/** A row of the Affiliates list. */
export interface AffiliateRow extends AffiliateFields {
  performance: AffiliatePerformance;
  customerCount: number;
  couponCount: number;
  /** From the sign-up form: where they promote, and when they applied (null when added by hand). */
  promotion: string | null;
  appliedAt: string | null;
}

/** The affiliate, its link, coupons, connected products and latest commissions. */
export interface AffiliateDetail {
  affiliate: AffiliateFields & { link: string };
  application: AffiliateApplication;
  coupons: { items: Array<{ id: string; code: string; createdAt: string }>; total: number };
  products: {
    items: Array<{
      id: string;
      productId: string;
      productTitle: string | null;
      rateKind: string | null;
      rateValue: string | null;
    }>;
    total: number;
  };
  commissions: {
    /** A page of its ledger lines, by the order's date, newest first. */
    items: Array<{
      id: string;
      orderId: string;
      orderName: string | null;
      type: string;
      source: string;
      amount: string;
      currency: string;
      status: string;
      /** When the order was placed. */
      orderCreatedAt: string;
      /** When the line was recorded. */
      createdAt: string;
    }>;
    pageInfo: PageInfo;
    /** The order days the lines are filtered by (the shop's days, both included), or null. */
    orderFrom: string | null;
    orderTo: string | null;
    /** Sums of the filtered lines by status and currency, in integer minor units. */
    rangeTotals: Array<{ status: string; currency: string; amountMinor: number }>;
    /** Sums over the whole history. */
    totals: Array<{ status: string; currency: string; amountMinor: number }>;
  };
  connectedCustomerCount: number;
  /** The shop's currency, once known (flat rates read as money of it). */
  currency: string | null;
  /** The shop's time zone: dates are shown in it. */
  timeZone: string;
}
