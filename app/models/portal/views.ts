// The affiliate's portal as its pages show it. Shared by the server and the Liquid pages (no server code).
import type { FieldErrors } from "~/lib/forms";
import type { ApplicationStatus } from "~/models/affiliates/application";

/** The sign-up form's fields. */
export type SignUpField = "name" | "email" | "refCode" | "promotion" | "payoutEmail" | "terms";
export type SignUpErrors = FieldErrors<SignUpField>;

/** What the applicant typed, as it goes back into the form when something must be corrected. */
export type SignUpValues = Record<Exclude<SignUpField, "terms">, string> & { terms: boolean };

/** A range of the shop's days, both included: `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

/** Sales (commission bases) and commissions in one status, net of reversals: exact decimals. */
export interface StatusFigures {
  sales: string;
  commission: string;
}

/** The affiliate's figures for the range in one currency (the ledger's). */
export interface PortalTotals {
  currency: string;
  pending: StatusFigures;
  approved: StatusFigures;
  paid: StatusFigures;
  total: StatusFigures;
}

/** A referred order, as the affiliate sees it: never the customer's name, address or email in clear. */
export interface PortalOrder {
  orderName: string;
  placedAt: string;
  currency: string;
  /** What the order was worth for the affiliate's commission (its base), net of refunds. */
  amount: string;
  /** Net of reversals; denied commissions count nothing. */
  commission: string;
  /** The commission's status; "mixed" when its lines differ. */
  status: "pending" | "approved" | "paid" | "denied" | "mixed";
  /** Part of the commission was taken back (a refund or cancellation). */
  reversed: boolean;
  /** The customer's email, masked (c***@e***.com), only when the merchant allows it. */
  customer: string | null;
}

export interface PortalAffiliate {
  name: string;
  refCode: string;
  active: boolean;
  applicationStatus: ApplicationStatus;
  appliedAt: string | null;
  decidedAt: string | null;
  declineReason: string | null;
  email: string | null;
}

export interface PortalView {
  affiliate: PortalAffiliate;
  coupons: string[];
  range: DayRange;
  /** Clicks on the affiliate's links in the range. */
  clicks: number;
  /** Orders the affiliate referred (link, coupon, connection or renewal) in the range. */
  referredOrders: number;
  /** Referred orders ÷ clicks, as a percentage with one decimal; null without clicks. */
  conversionPercent: string | null;
  totals: PortalTotals[];
  orders: { items: PortalOrder[]; page: number; pageCount: number; total: number };
  showCustomerEmails: boolean;
}

/** Headers of every portal page: personal, so never stored by a cache between the shop and the browser. */
export const PRIVATE_PAGE = { "Cache-Control": "private, no-store" } as const;

/** The portal's settings as the Settings form sends them (names prefixed `portal.`), strings. */
export type PortalSettingsField =
  | "portal.signUpOpen"
  | "portal.autoApprove"
  | "portal.terms"
  | "portal.welcomeMessage"
  | "portal.showCustomerEmails";
export type PortalSettingsForm = Record<PortalSettingsField, string>;

/** What the affiliate is owed in one currency, as the portal shows it: exact decimals. */
export interface PortalBalance {
  currency: string;
  /** What a payout made now would pay (negative: a refund after payment, taken off the next payout). */
  payable: string;
  /** Approved commissions still in the holding period. */
  held: string;
  /** The program's minimum payout in this currency; null when any positive amount is paid. */
  minimum: string | null;
  /** At or above the minimum and above zero. */
  payableNow: boolean;
}

/** A payout to the affiliate, as they see it. Failed and cancelled ones are left out: their money is owed again. */
export interface PortalPayout {
  /** The payout's own reference ("P000042"), the one the email and the PayPal note give. */
  reference: string;
  /** When it was paid, else sent, else made: ISO 8601. */
  date: string;
  amount: string;
  currency: string;
  method: string;
  status: "draft" | "sent" | "paid";
  /** PayPal's transaction id (the affiliate finds it in their PayPal account); null for the other methods. */
  paymentReference: string | null;
}

export interface PortalPayoutsView {
  balances: PortalBalance[];
  payouts: PortalPayout[];
  holdingDays: number;
  /** The holding period counts from the commission's approval, or from its order. */
  holdingFrom: "approval" | "order";
  /** The address PayPal pays: the payout email the affiliate set, else their email. */
  paypalEmail: string | null;
  /** The payout email as the affiliate set it (null: their email is used). */
  payoutEmail: string | null;
  /** Whether the program pays by PayPal at all (the payout email matters only then). */
  paysByPaypal: boolean;
}

/** The payout email form's state after a POST: saved, or the error next to what was typed. */
export type PayoutEmailForm = { saved: true } | { saved: false; value: string; error: string };
