/**
 * The public contract of the attribution engine (docs/attribution.md explains every field and rule).
 * Input and output are plain JSON; these names are fixed: other tools feed JSON straight in.
 */

/** Decimal string in the shop currency: "19.99", "0", "1500" (JPY). */
export type Money = string;

export interface PercentRate {
  kind: "percent";
  /** "10" = 10 % of the base; decimals allowed ("7.5"). */
  value: string;
}

export interface FlatPerOrderRate {
  kind: "flat_per_order";
  /** Once per order (per credited affiliate; for a product connection, once per order for that product). */
  value: Money;
}

export interface FlatPerItemRate {
  kind: "flat_per_item";
  /** Per unit of the eligible lines the commission covers. */
  value: Money;
}

export type Rate = PercentRate | FlatPerOrderRate | FlatPerItemRate;
export type RateKind = Rate["kind"];

/** Every rate kind, in the order forms offer them. */
export const RATE_KINDS = [
  "percent",
  "flat_per_order",
  "flat_per_item",
] as const satisfies readonly RateKind[];

export interface Customer {
  id: string;
  email: string | null;
  /** Did not exist in the shop's customer list before this order. */
  isNew: boolean;
  /** Earlier orders of this customer credited to any affiliate. */
  referredOrdersBefore: number;
}

export interface LineItem {
  id: string;
  productId: string | null;
  /** Integer >= 0. */
  quantity: number;
  /** Before discounts. */
  unitPrice: Money;
  /** All discounts allocated to this line, in total. */
  discount: Money;
  /** All tax on this line, in total. */
  tax: Money;
  giftCard: boolean;
}

export interface RenewalOf {
  /** The affiliate credited for the subscription's original order, if any. */
  affiliateId: string | null;
}

export interface Order {
  id: string;
  /** ISO 8601 with a time zone offset. */
  createdAt: string;
  /** ISO 4217 shop currency; fixes rounding (JPY 0, USD 2, KWD 3). */
  currency: string;
  /** Do the line prices include tax. */
  taxesIncluded: boolean;
  customer: Customer | null;
  lineItems: LineItem[];
  /** Shipping charged, after shipping discounts. */
  shipping: Money;
  /** In the order Shopify lists them. */
  discountCodes: string[];
  /** Referral code captured from the storefront (affiliate link). */
  ref: string | null;
  /** Set when the order is a subscription renewal. */
  renewalOf: RenewalOf | null;
}

export type CouponCommissionScope = "affiliate_coupons" | "any_coupon";

/** The `program` object of the input: the merchant's commission settings. */
export interface ProgramSettings {
  defaultRate: Rate;
  newCustomer: { enabled: boolean; rate: Rate };
  couponCommission: { enabled: boolean; rate: Rate; appliesTo: CouponCommissionScope };
  firstCommission: { enabled: boolean; rate: Rate };
  lifetime: { enabled: boolean; expiresAfterDays: number | null };
  recurring: { enabled: boolean };
  base: { includeShipping: boolean; includeTax: boolean };
  excludeSelfReferrals: boolean;
}

export interface Affiliate {
  id: string;
  /** Compared case-insensitively (and trimmed). */
  refCode: string;
  email: string | null;
  /** The affiliate's own Shopify customer, if known. */
  customerId: string | null;
  active: boolean;
  /** Per-affiliate override of `program.defaultRate`. */
  rate: Rate | null;
}

/** This customer's lifetime connection. */
export interface CustomerConnection {
  affiliateId: string;
  expiresAt: string | null;
}

export interface ProductConnection {
  productId: string;
  affiliateId: string;
  rate: Rate | null;
}

export interface Coupon {
  /** Compared case-insensitively (and trimmed). */
  code: string;
  affiliateId: string;
}

export interface AttributionInput {
  order: Order;
  program: ProgramSettings;
  affiliates: Affiliate[];
  connection: CustomerConnection | null;
  productConnections: ProductConnection[];
  coupons: Coupon[];
  /**
   * The affiliate the merchant credits this order to by hand (an order that earned nothing); absent or
   * null on every order the pipeline attributes. When it names an active affiliate, it is the referrer.
   */
  manualReferral?: ManualReferral | null;
}

/** A credit by hand: the merchant names the referrer of one order. */
export interface ManualReferral {
  affiliateId: string;
}

export type CommissionSource = "manual" | "connection" | "coupon" | "link" | "recurring" | "product";

export type CommissionRule =
  | "new_customer"
  | "coupon_commission"
  | "first_commission"
  | "product"
  | "affiliate_rate"
  | "default";

export interface Commission {
  affiliateId: string;
  source: CommissionSource;
  rule: CommissionRule;
  /** What the rate was applied to (for flat rates: the same eligible base, for reporting). */
  base: Money;
  /** Rounded to the currency's minor unit. */
  amount: Money;
  /** The lines this commission covers, in input order. */
  lineItemIds: string[];
}

/** A lifetime connection the caller should create. */
export interface ConnectInstruction {
  affiliateId: string;
  customerId: string;
  expiresAt: string | null;
}

export interface TraceEntry {
  /** Stable snake_case code, one of `TRACE_CODES`. */
  code: string;
  /** Plain English for the merchant. */
  message: string;
  affiliateId?: string;
}

export interface AttributionResult {
  commissions: Commission[];
  connect: ConnectInstruction | null;
  trace: TraceEntry[];
}

/** Every trace code the engine emits. */
export const TRACE_CODES = [
  // signals (rules 0 and 1)
  "connection_no_customer",
  "connection_expired",
  "affiliate_unknown",
  "affiliate_inactive",
  "code_not_coupon",
  "ref_unknown",
  "renewal_without_affiliate",
  "recurring_disabled",
  "referrer_selected",
  "no_referrer",
  "signal_beaten",
  "signal_merged",
  // rule 2
  "self_referral",
  // rule 3
  "line_gift_card",
  "line_zero_quantity",
  "line_base_floored",
  "shipping_included",
  // rule 4
  "rule_applied",
  "first_commission_ignored",
  // rule 5
  "product_connection_shadowed",
  "product_lines_moved",
  "product_kept_in_referrer",
  "product_no_eligible_lines",
  "product_commission",
  // rule 6
  "commission_dropped",
  // rule 7
  "connect",
  "connect_skipped",
] as const;

export type TraceCode = (typeof TRACE_CODES)[number];
