// Payouts' own codes: how an affiliate is paid and where a payout is. Shared by the server and the screens
// (no server code here); their words for people are here too, next to the codes.

export const PayoutMethod = {
  paypal: "paypal",
  storeCredit: "store_credit",
  giftCard: "gift_card",
  manual: "manual",
} as const;
export type PayoutMethod = (typeof PayoutMethod)[keyof typeof PayoutMethod];
export const PAYOUT_METHODS: readonly PayoutMethod[] = Object.values(PayoutMethod);
export const isPayoutMethod = (value: unknown): value is PayoutMethod =>
  (PAYOUT_METHODS as readonly unknown[]).includes(value);

export const PAYOUT_METHOD_WORDS: Record<PayoutMethod, string> = {
  paypal: "PayPal",
  store_credit: "Store credit",
  gift_card: "Gift card",
  manual: "Manual (bank transfer or other)",
};

/**
 * draft → sent → paid, or failed / cancelled. `sent` is "the money is on its way": a PayPal file was
 * uploaded, or the app asked Shopify for store credit and has not had the answer yet.
 */
export const PayoutStatus = {
  draft: "draft",
  sent: "sent",
  paid: "paid",
  failed: "failed",
  cancelled: "cancelled",
} as const;
export type PayoutStatus = (typeof PayoutStatus)[keyof typeof PayoutStatus];
export const PAYOUT_STATUSES: readonly PayoutStatus[] = Object.values(PayoutStatus);
export const isPayoutStatus = (value: unknown): value is PayoutStatus =>
  (PAYOUT_STATUSES as readonly unknown[]).includes(value);

/** The statuses in which a payout holds its ledger lines. */
export const LIVE_PAYOUT_STATUSES: readonly PayoutStatus[] = ["draft", "sent", "paid"];

export const PAYOUT_STATUS_WORDS: Record<PayoutStatus, string> = {
  draft: "Draft",
  sent: "Sent",
  paid: "Paid",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** The holding period counts from the commission's approval, or from its order. */
export const HoldingFrom = { approval: "approval", order: "order" } as const;
export type HoldingFrom = (typeof HoldingFrom)[keyof typeof HoldingFrom];

/** "P000042": the reference of payout number 42 (PayPal's customer ID column: no spaces, ≤ 30 chars). */
export const payoutReference = (number: number) => `P${String(number).padStart(6, "0")}`;
export const batchReference = (number: number) => `B${String(number).padStart(4, "0")}`;

/** Why a payout in `currency` cannot be a gift card of a shop in `shopCurrency`; null when it can. */
export function giftCardCurrencyProblem(currency: string, shopCurrency: string): string | null {
  return currency === shopCurrency
    ? null
    : `Gift cards are only in the shop's currency (${shopCurrency}); this balance is in ${currency}`;
}
