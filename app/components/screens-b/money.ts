// Display helpers for money kept as exact decimal strings or integer minor units. No floats involved:
// Intl.NumberFormat formats a decimal string exactly.

const digitsCache = new Map<string, number>();

/** The number of minor-unit digits of a currency (USD 2, JPY 0, KWD 3); 2 for unknown codes. */
export function currencyDigits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  let digits = 2;
  try {
    digits = new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    digits = 2;
  }
  digitsCache.set(currency, digits);
  return digits;
}

/** Integer minor units as an exact decimal string: 1050 USD → "10.50", -300 JPY → "-300". */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  const text = Math.abs(Math.trunc(minor))
    .toString()
    .padStart(digits + 1, "0");
  const whole = digits > 0 ? text.slice(0, text.length - digits) : text;
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** "12.50" USD → "$12.50"; the exact decimal string is formatted, never converted to a float. */
export function formatMoney(amount: string, currency: string): string {
  try {
    // ES2023 Intl.NumberFormat formats numeric strings exactly; the lib typings here predate it.
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(
      amount as unknown as number,
    );
  } catch {
    return `${amount} ${currency}`;
  }
}
