// @ts-check
// Words for the codes the ledger stores (its statuses, line types, sources and rules), as every screen and
// the demo's table show them. The codes themselves belong to the ledger (app/models/ledger/status.ts) and
// the engine (CommissionSource, CommissionRule); a code without a word here reads as itself.

/** @type {Record<string, string>} */
const STATUS_WORDS = {
  pending: "Pending",
  approved: "Approved",
  paid: "Paid",
  denied: "Denied",
};

/** @type {Record<string, string>} */
const TYPE_WORDS = {
  commission: "Commission",
  reversal: "Reversal",
};

/** @type {Record<string, string>} */
const SOURCE_WORDS = {
  connection: "Customer connection",
  coupon: "Coupon",
  link: "Link",
  recurring: "Subscription renewal",
  product: "Product connection",
  manual: "Manual",
};

/** @type {Record<string, string>} */
const RULE_WORDS = {
  new_customer: "New customer",
  coupon_commission: "Coupon commission",
  first_commission: "First commission",
  product: "Product rate",
  affiliate_rate: "Affiliate's rate",
  default: "Default rate",
};

/** "pending" → "Pending". @param {string} status */
export const describeStatus = (status) => STATUS_WORDS[status] ?? status;

/** "reversal" → "Reversal". @param {string} type */
export const describeType = (type) => TYPE_WORDS[type] ?? type;

/** "recurring" → "Subscription renewal". @param {string} source */
export const describeSource = (source) => SOURCE_WORDS[source] ?? source;

/** "affiliate_rate" → "Affiliate's rate". @param {string} rule */
export const describeRule = (rule) => RULE_WORDS[rule] ?? rule;

/** @typedef {"attention" | "info" | "success" | "critical"} StatusTone */

/** @type {Record<string, StatusTone>} */
const STATUS_TONES = {
  pending: "attention",
  approved: "info",
  paid: "success",
  denied: "critical",
};

/**
 * The Polaris Badge tone of a ledger status (none for a status it does not know).
 * @param {string} status
 * @returns {StatusTone | undefined}
 */
export const statusTone = (status) => STATUS_TONES[status];
