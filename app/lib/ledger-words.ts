// Words for the codes the ledger stores (shared by the server and the screens).

export const LEDGER_STATUSES = ["pending", "approved", "paid", "denied"] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];
export const LEDGER_TYPES = ["commission", "reversal"] as const;
export type LedgerType = (typeof LEDGER_TYPES)[number];

const SOURCE_WORDS: Record<string, string> = {
  connection: "Customer connection",
  coupon: "Coupon",
  link: "Link",
  recurring: "Subscription renewal",
  product: "Product connection",
};

const RULE_WORDS: Record<string, string> = {
  new_customer: "New customer",
  coupon_commission: "Coupon commission",
  first_commission: "First commission",
  product: "Product rate",
  affiliate_rate: "Affiliate's rate",
  default: "Default rate",
};

const STATUS_WORDS: Record<string, string> = {
  pending: "Pending",
  approved: "Approved",
  paid: "Paid",
  denied: "Denied",
};

export const describeSource = (source: string) => SOURCE_WORDS[source] ?? source;
export const describeRule = (rule: string) => RULE_WORDS[rule] ?? rule;
export const describeStatus = (status: string) => STATUS_WORDS[status] ?? status;

/** Polaris Badge tone for a ledger status. */
export function statusTone(status: string): "attention" | "info" | "success" | "critical" | undefined {
  switch (status) {
    case "pending":
      return "attention";
    case "approved":
      return "info";
    case "paid":
      return "success";
    case "denied":
      return "critical";
    default:
      return undefined;
  }
}
