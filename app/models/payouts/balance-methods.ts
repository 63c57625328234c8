// How a balance can be paid, as the balances list says it. A balance is in the currency its orders were in,
// which need not be the shop's: a gift card is only ever in the shop's currency (so it cannot pay the
// balance), while PayPal and store credit pay in the balance's own currency, which the list then names.
import { PAYOUT_METHOD_WORDS, PayoutMethod, giftCardCurrencyProblem } from "./codes";

/** Of the methods the affiliate can be paid by, those that can pay a balance in `currency`. */
export function methodsForBalance(
  methods: readonly PayoutMethod[],
  currency: string,
  shopCurrency: string,
): PayoutMethod[] {
  return methods.filter(
    (method) => method !== PayoutMethod.giftCard || giftCardCurrencyProblem(currency, shopCurrency) === null,
  );
}

/** "Store credit (EUR)" for a balance in euros of a shop in dollars; the method's own words otherwise. */
export function describeBalanceMethod(method: PayoutMethod, currency: string, shopCurrency: string): string {
  const paysInCurrency = method === PayoutMethod.paypal || method === PayoutMethod.storeCredit;
  return paysInCurrency && currency !== shopCurrency
    ? `${PAYOUT_METHOD_WORDS[method]} (${currency})`
    : PAYOUT_METHOD_WORDS[method];
}
