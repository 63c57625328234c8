// @ts-check
// Money as people read it, in the currency it is in. Amounts arrive as exact decimal strings (the ledger's
// "12.50") or integer minor units (its sums, 1250); no float is ever made of them: Intl.NumberFormat
// formats a decimal string exactly. (The engine's arithmetic is app/attribution/money.ts; this is display.)
//
// Plain JavaScript checked by TypeScript, so the demo's Node scripts import it as it is.

const LOCALE = "en-US";

/** @type {Map<string, number>} */
const digitsByCurrency = new Map();

/**
 * How many minor-unit digits a currency has, as Intl knows it: USD 2, JPY 0, KWD 3; 2 for a code Intl
 * does not know.
 * @param {string} currency ISO 4217 code
 * @returns {number}
 */
export function currencyDigits(currency) {
  const known = digitsByCurrency.get(currency);
  if (known !== undefined) return known;
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat(LOCALE, { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
  } catch {
    // Not a currency code: two digits, as most currencies have.
  }
  digitsByCurrency.set(currency, digits);
  return digits;
}

/**
 * Integer minor units as an exact decimal string: 1050 USD → "10.50", -300 JPY → "-300", 1234 KWD → "1.234".
 * @param {number | bigint} minor a whole number of minor units
 * @param {string} currency
 * @returns {string}
 */
export function minorToDecimal(minor, currency) {
  if (typeof minor === "number" && !Number.isSafeInteger(minor)) {
    throw new RangeError(`Minor units must be a safe integer, got ${minor}`);
  }
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  const text = String(negative ? -BigInt(minor) : BigInt(minor)).padStart(digits + 1, "0");
  const whole = text.slice(0, text.length - digits);
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

const DECIMAL = /^-?\d+(?:\.(\d+))?$/;

/** @type {Map<string, Intl.NumberFormat>} */
const formatters = new Map();

/**
 * @param {string} currency
 * @param {number} fractionDigits
 */
function formatterFor(currency, fractionDigits) {
  const key = `${currency}:${fractionDigits}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(LOCALE, {
      style: "currency",
      currency,
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
      // A zero is never shown as "-$0.00".
      signDisplay: "negative",
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * An exact decimal amount in its currency: "12.5" USD → "$12.50", "-1500" JPY → "-¥1,500",
 * "1.234" KWD → "KWD 1.234". At least the currency's own digits are shown, and never fewer than the amount
 * has (a rate of 1.5 yen reads "¥1.5", not a rounded "¥2"). Anything that is not a decimal, or a currency
 * Intl does not know, reads as it came: "12.50 XYZ".
 * @param {string} amount exact decimal string
 * @param {string} currency ISO 4217 code
 * @returns {string}
 */
export function formatMoney(amount, currency) {
  let said = saidByCurrency.get(currency);
  if (!said) {
    if (saidByCurrency.size >= CURRENCIES_LIMIT) saidByCurrency.clear();
    said = new Map();
    saidByCurrency.set(currency, said);
  }
  let text = said.get(amount);
  if (text === undefined) {
    if (said.size >= SAID_LIMIT) said.clear();
    text = sayMoney(amount, currency);
    said.set(amount, text);
  }
  return text;
}

// Formatting is the slow part of a long read (the CSV's reason column says a few amounts a line): what was
// said is kept, per currency, for the amounts that come again (prices, rates, common commissions).
/** @type {Map<string, Map<string, string>>} */
const saidByCurrency = new Map();
const SAID_LIMIT = 20_000;
const CURRENCIES_LIMIT = 200;

/**
 * @param {string} amount
 * @param {string} currency
 * @returns {string}
 */
function sayMoney(amount, currency) {
  const match = DECIMAL.exec(amount.trim());
  if (!match) return `${amount} ${currency}`;
  const digits = Math.max(currencyDigits(currency), match[1]?.length ?? 0);
  try {
    // Intl formats a numeric string exactly (ES2023): no float is made of it.
    return formatterFor(currency, digits).format(/** @type {Intl.StringNumericLiteral} */ (match[0]));
  } catch {
    return `${amount} ${currency}`;
  }
}

/**
 * Integer minor units in their currency: 1050 USD → "$10.50", 1500 JPY → "¥1,500".
 * @param {number | bigint} minor
 * @param {string} currency
 * @returns {string}
 */
export function formatMinor(minor, currency) {
  return formatMoney(minorToDecimal(minor, currency), currency);
}

/**
 * What goes around an amount typed in a money field, as the amount is written in that currency: USD → prefix
 * "$", JPY → "¥", CHF → "CHF"; text that is no currency code at all → itself as a suffix.
 * @param {string} currency ISO 4217 code
 * @returns {{ prefix?: string, suffix?: string }}
 */
export function currencyAffixes(currency) {
  let parts;
  try {
    parts = formatterFor(currency, currencyDigits(currency)).formatToParts(0);
  } catch {
    return { suffix: currency };
  }
  const number = parts.findIndex((part) => part.type === "integer");
  const symbol = (/** @type {Intl.NumberFormatPart[]} */ list) =>
    list
      .filter((part) => part.type === "currency")
      .map((part) => part.value)
      .join("");
  const prefix = symbol(parts.slice(0, number));
  const suffix = symbol(parts.slice(number));
  return prefix ? { prefix } : { suffix: suffix || currency };
}
