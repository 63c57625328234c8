import { formatMoney } from "~/format/money";
import { NumericCell } from "./NumericCell";

/** A table cell with an exact amount in its currency, right-aligned in figures that line up. */
export function MoneyCell({ amount, currency }: { amount: string; currency: string }) {
  return <NumericCell>{formatMoney(amount, currency)}</NumericCell>;
}
