/**
 * The attribution engine: for one Shopify order, which affiliates earn a commission, under which
 * rule, how much, and why. A pure function; see README.md for the rules in a merchant's words.
 */
export { attributeOrder } from "./engine";
export { AttributionInputError } from "./errors";
export { lineBase, taxAdjustment, normalizeKey } from "./validate";
export { parseIsoDateTime, formatIsoDateTime } from "./iso-date";
export * as money from "./money";
export type { Decimal } from "./money";
export { RATE_KINDS, TRACE_CODES } from "./types";
export type {
  Affiliate,
  AttributionInput,
  AttributionResult,
  Commission,
  CommissionRule,
  CommissionSource,
  ConnectInstruction,
  Coupon,
  CouponCommissionScope,
  Customer,
  CustomerConnection,
  FlatPerItemRate,
  FlatPerOrderRate,
  LineItem,
  ManualReferral,
  Money,
  Order,
  PercentRate,
  ProductConnection,
  ProgramSettings,
  Rate,
  RateKind,
  RenewalOf,
  TraceCode,
  TraceEntry,
} from "./types";
