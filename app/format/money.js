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
    const fast = fastFormatterFor(currency)?.(amount);
    if (fast !== undefined) return fast;
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
 * A plain decimal ("1234.5", "-0.25", no spaces or exponent) said without Intl: the currency's sign, minus
 * sign, grouping and decimal mark are read once from Intl's own parts (formatToParts), and a currency whose
 * shape is not the simple one (prefix, groups of three, one decimal mark, suffix) or whose formatter then
 * disagrees with Intl on a set of checks has none (null): Intl says all its amounts. Answers undefined for
 * an amount it does not take (the caller asks Intl).
 * @type {Map<string, ((amount: string) => string | undefined) | null>}
 */
const fastFormatters = new Map();

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d{1,20}))?$/;

/** @param {string} currency */
function fastFormatterFor(currency) {
  let formatter = fastFormatters.get(currency);
  if (formatter === undefined) {
    if (fastFormatters.size >= CURRENCIES_LIMIT) fastFormatters.clear();
    formatter = makeFastFormatter(currency);
    fastFormatters.set(currency, formatter);
  }
  return formatter;
}

/**
 * @param {string} currency
 * @returns {((amount: string) => string | undefined) | null}
 */
function makeFastFormatter(currency) {
  /** @type {Intl.NumberFormatPart[]} */
  let positive;
  /** @type {Intl.NumberFormatPart[]} */
  let negative;
  try {
    const intl = formatterFor(currency, 2);
    positive = intl.formatToParts(/** @type {Intl.StringNumericLiteral} */ ("1234567.25"));
    negative = intl.formatToParts(/** @type {Intl.StringNumericLiteral} */ ("-1234567.25"));
  } catch {
    return null;
  }
  const shape = (/** @type {Intl.NumberFormatPart[]} */ parts) => {
    const types = parts.map((part) => part.type);
    const first = types.indexOf("integer");
    const fraction = types.indexOf("fraction");
    const middle = parts.slice(first, fraction + 1);
    const numberShape = middle.map((part) => `${part.type}:${part.value}`).join("|");
    return {
      before: parts
        .slice(0, first)
        .map((part) => part.value)
        .join(""),
      after: parts
        .slice(fraction + 1)
        .map((part) => part.value)
        .join(""),
      numberShape,
      group: middle.find((part) => part.type === "group")?.value,
      decimal: middle.find((part) => part.type === "decimal")?.value,
    };
  };
  const plus = shape(positive);
  const minus = shape(negative);
  const { group, decimal } = plus;
  if (group === undefined || decimal === undefined) return null;
  const expected = `integer:1|group:${group}|integer:234|group:${group}|integer:567|decimal:${decimal}|fraction:25`;
  if (plus.numberShape !== expected || minus.numberShape !== expected || plus.after !== minus.after)
    return null;
  const { before: prefix, after: suffix } = plus;
  const negativePrefix = minus.before;
  const currencyOwnDigits = currencyDigits(currency);
  /** @param {string} amount */
  const format = (amount) => {
    const match = PLAIN_DECIMAL.exec(amount);
    if (!match) return undefined;
    const [, sign, integer, fraction = ""] = match;
    let whole = integer.replace(LEADING_ZEROS, "");
    const digits = Math.max(currencyOwnDigits, fraction.length);
    const shown = digits > fraction.length ? fraction.padEnd(digits, "0") : fraction;
    // A zero is never shown as "-$0.00" (signDisplay "negative").
    const zero = whole === "0" && !NON_ZERO.test(shown);
    if (whole.length > 3) {
      let grouped = whole.slice(0, ((whole.length - 1) % 3) + 1);
      for (let at = grouped.length; at < whole.length; at += 3) grouped += group + whole.slice(at, at + 3);
      whole = grouped;
    }
    return (sign && !zero ? negativePrefix : prefix) + whole + (digits > 0 ? decimal + shown : "") + suffix;
  };
  for (const sample of FAST_CHECKS) {
    const digits = Math.max(currencyOwnDigits, sample.split(".")[1]?.length ?? 0);
    let said;
    try {
      said = formatterFor(currency, digits).format(/** @type {Intl.StringNumericLiteral} */ (sample));
    } catch {
      return null;
    }
    if (format(sample) !== said) return null;
  }
  return format;
}

const LEADING_ZEROS = /^0+(?=\d)/;
const NON_ZERO = /[1-9]/;

/** Amounts the fast formatter must say as Intl does before it is used for a currency. */
const FAST_CHECKS = [
  "0",
  "-0",
  "-0.00",
  "0.5",
  "7",
  "-7.125",
  "12.50",
  "999",
  "1000",
  "-1000.01",
  "123456",
  "1234567",
  "-12345678.9",
  "0012.30",
  "98765432109876543210.123",
];

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
