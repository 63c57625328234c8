// The file PayPal Payouts accepts for a bulk upload (PayPal business account › Payouts › upload a CSV): one
// row per payout and no header row — recipient email, amount, currency, customer ID (our payout reference,
// no spaces, at most 30 characters), note to the recipient (at most 400), wallet. One currency per file, at
// most 5,000 rows. Amounts are written with a decimal point in the currency's own digits.
import { minorToDecimal } from "~/format/money";
import { payoutReference } from "./codes";

export const PAYPAL_MAX_ROWS = 5_000;
const NOTE_MAX = 400;

export interface PaypalFilePayout {
  number: number;
  recipient: string;
  amountMinor: number;
  currency: string;
}

/** RFC 4180: quoted when it holds a comma, a quote or a line break; line breaks are removed from notes. */
function csvField(value: string): string {
  const text = value.replace(/[\r\n]+/g, " ");
  return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface PaypalFile {
  currency: string;
  csv: string;
  rows: number;
  totalMinor: number;
}

/**
 * The upload file for payouts in one currency. Throws when there is more than one currency, a payout is not
 * positive, or there are more rows than PayPal takes.
 */
export function paypalPayoutFile(payouts: PaypalFilePayout[], shopName: string): PaypalFile {
  const currencies = new Set(payouts.map((p) => p.currency));
  if (currencies.size !== 1) throw new RangeError("A PayPal payouts file holds exactly one currency");
  if (payouts.length > PAYPAL_MAX_ROWS)
    throw new RangeError(`PayPal takes at most ${PAYPAL_MAX_ROWS} rows a file`);
  const [currency] = currencies;
  const rows = payouts.map((payout) => {
    if (payout.amountMinor <= 0)
      throw new RangeError(`Payout ${payoutReference(payout.number)} is not positive`);
    const reference = payoutReference(payout.number);
    const note = `Affiliate commissions from ${shopName} (${reference})`.slice(0, NOTE_MAX);
    return [
      payout.recipient,
      minorToDecimal(payout.amountMinor, currency),
      currency,
      reference,
      note,
      "PAYPAL",
    ]
      .map(csvField)
      .join(",");
  });
  return {
    currency,
    csv: rows.map((row) => `${row}\r\n`).join(""),
    rows: rows.length,
    totalMinor: payouts.reduce((sum, p) => sum + p.amountMinor, 0),
  };
}
