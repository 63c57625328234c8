/**
 * Exact decimal money. No binary fractions anywhere: a `Decimal` is a BigInt and a scale, and the
 * engine's faster `Units` (at the end) are integers, held in a Number only while it is a safe integer.
 *
 * A `Decimal` is `coef / 10^scale` (scale >= 0). Addition, subtraction and multiplication are
 * exact; division is exact when the quotient terminates within `DIVISION_SCALE` digits and
 * otherwise carries a sticky last digit, so that rounding its result once to any scale below
 * `DIVISION_SCALE` is still correct (multiply first, divide last, round once).
 *
 * Rounding is half away from zero, to the currency's minor units as `Intl.NumberFormat` knows
 * them (USD 2, JPY 0, KWD 3).
 */
import { AttributionInputError } from "./errors";

export interface Decimal {
  readonly coef: bigint;
  readonly scale: number;
}

export const ZERO: Decimal = { coef: 0n, scale: 0 };

/** Longest decimal string accepted (sign, digits and point), a guard against absurd input. */
export const MAX_DECIMAL_LENGTH = 64;

/** Digits kept by `divide` before its sticky digit. */
export const DIVISION_SCALE = 30;

const POW10: bigint[] = [1n];

/** 10^n as a BigInt (cached). */
export function pow10(n: number): bigint {
  for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1] * 10n);
  return POW10[n];
}

// What `scanDecimal` found, kept in module scope so that scanning allocates nothing.
let scannedDot = -1;
let scannedDigits = 0;
let scannedSmall = 0; // the digits as a number, exact while scannedDigits <= 15

/**
 * The grammar of decimal strings: `-?digits(.digits)?`, at most MAX_DECIMAL_LENGTH characters.
 * Returns false for anything else ("1e3", "", " 1", "1.", ".5", "+1", "NaN", "1,5"); leading
 * zeros are accepted ("007.50" is 7.50).
 */
function scanDecimal(text: string): boolean {
  const length = text.length;
  if (length === 0 || length > MAX_DECIMAL_LENGTH) return false;
  const start = text.charCodeAt(0) === 45 ? 1 : 0; // "-"
  let dot = -1;
  let digits = 0;
  let small = 0;
  for (let i = start; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      if (digits <= 15) small = small * 10 + (c - 48);
    } else if (c === 46 && dot < 0 && i > start) {
      dot = i;
    } else {
      return false;
    }
  }
  if (digits === 0 || dot === length - 1) return false;
  scannedDot = dot;
  scannedDigits = digits;
  scannedSmall = small;
  return true;
}

/** Checks a decimal string without allocating: null when malformed, else its sign. */
export function decimalSign(text: string): -1 | 0 | 1 | null {
  if (!scanDecimal(text)) return null;
  const zero = scannedDigits <= 15 ? scannedSmall === 0 : !/[1-9]/.test(text);
  if (zero) return 0;
  return text.charCodeAt(0) === 45 ? -1 : 1;
}

/** Decimals of the scanned text (after a successful `scanDecimal(text)`). */
function scannedDecimals(text: string): number {
  return scannedDot < 0 ? 0 : text.length - scannedDot - 1;
}

/** The scanned digits as a BigInt, sign excluded (after a successful `scanDecimal(text)`). */
function scannedCoef(text: string): bigint {
  if (scannedDigits <= 15) return BigInt(scannedSmall);
  const start = text.charCodeAt(0) === 45 ? 1 : 0;
  const dot = scannedDot;
  return BigInt(dot < 0 ? text.slice(start) : text.slice(start, dot) + text.slice(dot + 1));
}

/** Parses a decimal string exactly (grammar of `scanDecimal`); null when malformed. */
export function tryParseDecimal(text: string): Decimal | null {
  if (!scanDecimal(text)) return null;
  const coef = scannedCoef(text);
  return { coef: text.charCodeAt(0) === 45 ? -coef : coef, scale: scannedDecimals(text) };
}

/** Parses a decimal string strictly; throws `AttributionInputError` naming `field` otherwise. */
export function parseDecimal(text: unknown, field = "value"): Decimal {
  if (typeof text !== "string") {
    throw new AttributionInputError(field, text === undefined ? "is required" : "must be a decimal string");
  }
  const parsed = tryParseDecimal(text);
  if (parsed === null) {
    throw new AttributionInputError(
      field,
      `must be a plain decimal string like "19.99", got ${JSON.stringify(text)}`,
    );
  }
  return parsed;
}

export function decimalFromInteger(n: number | bigint): Decimal {
  if (typeof n === "number" && !Number.isSafeInteger(n)) throw new RangeError(`${n} is not a safe integer`);
  return { coef: BigInt(n), scale: 0 };
}

function align(a: Decimal, scale: number): bigint {
  return a.scale === scale ? a.coef : a.coef * pow10(scale - a.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  if (a.scale === b.scale) return { coef: a.coef + b.coef, scale: a.scale };
  const scale = a.scale > b.scale ? a.scale : b.scale;
  return { coef: align(a, scale) + align(b, scale), scale };
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  if (a.scale === b.scale) return { coef: a.coef - b.coef, scale: a.scale };
  const scale = a.scale > b.scale ? a.scale : b.scale;
  return { coef: align(a, scale) - align(b, scale), scale };
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return { coef: a.coef * b.coef, scale: a.scale + b.scale };
}

/** `a × n` for an integer n (a quantity). */
export function multiplyByInteger(a: Decimal, n: number | bigint): Decimal {
  return { coef: a.coef * (typeof n === "bigint" ? n : BigInt(n)), scale: a.scale };
}

/** `base × percent ÷ 100`, exact. */
export function percentOf(base: Decimal, percent: Decimal): Decimal {
  return { coef: base.coef * percent.coef, scale: base.scale + percent.scale + 2 };
}

/**
 * `a ÷ b`. Exact (trailing zeros stripped) when the quotient has at most `scale` decimals;
 * otherwise truncated to `scale` decimals plus one sticky digit, which keeps a single later
 * rounding to fewer than `scale` decimals correct (rounding to `scale` itself would need the digit
 * that was cut). Throws RangeError on division by zero.
 */
export function divide(a: Decimal, b: Decimal, scale: number = DIVISION_SCALE): Decimal {
  if (b.coef === 0n) throw new RangeError("Division by zero");
  let numerator = a.coef * pow10(b.scale + scale);
  let denominator = b.coef * pow10(a.scale);
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const quotient = numerator / denominator;
  if (numerator % denominator === 0n) return normalize({ coef: quotient, scale });
  return { coef: quotient * 10n + (numerator < 0n ? -1n : 1n), scale: scale + 1 };
}

export function negate(a: Decimal): Decimal {
  return { coef: -a.coef, scale: a.scale };
}

/** -1, 0 or 1. */
export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = a.scale > b.scale ? a.scale : b.scale;
  const x = align(a, scale);
  const y = align(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(a: Decimal): boolean {
  return a.coef === 0n;
}

export function isNegative(a: Decimal): boolean {
  return a.coef < 0n;
}

export function max(a: Decimal, b: Decimal): Decimal {
  return compare(a, b) >= 0 ? a : b;
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const value of values) total = add(total, value);
  return total;
}

/** Strips trailing zeros of the fraction ("10.500" → "10.5", "3.00" → "3"). */
export function normalize(a: Decimal): Decimal {
  if (a.coef === 0n) return ZERO;
  let { coef, scale } = a;
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale--;
  }
  return { coef, scale };
}

/** Rounds half away from zero to `scale` decimals (or pads up to them): the result has exactly that scale. */
export function roundToScale(a: Decimal, scale: number): Decimal {
  if (a.scale === scale) return a;
  if (a.scale < scale) return { coef: a.coef * pow10(scale - a.scale), scale };
  const factor = pow10(a.scale - scale);
  let quotient = a.coef / factor; // truncates toward zero
  const remainder = a.coef - quotient * factor;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twice >= factor) quotient += a.coef < 0n ? -1n : 1n;
  return { coef: quotient, scale };
}

/** Rounds half away from zero to the currency's minor unit. */
export function roundToCurrency(a: Decimal, currency: string): Decimal {
  return roundToScale(a, minorUnits(currency));
}

/** The exact value as a plain decimal string with exactly `a.scale` decimals; never "-0". */
export function formatDecimal(a: Decimal): string {
  return formatUnits(a.coef, a.scale);
}

/** Rounds once to the currency's minor unit and formats with exactly that many decimals ("10.00", "1500", "1.235"). */
export function formatMoney(a: Decimal, currency: string): string {
  return formatDecimal(roundToCurrency(a, currency));
}

/** The amount in integer minor units (cents), rounded half away from zero. */
export function toMinorUnits(a: Decimal, currency: string): bigint {
  return roundToCurrency(a, currency).coef;
}

export function fromMinorUnits(units: bigint, currency: string): Decimal {
  return { coef: units, scale: minorUnits(currency) };
}

const minorUnitsCache = new Map<string, number>();
let knownCurrencies: ReadonlySet<string> | null = null;

function isKnownCurrency(code: string): boolean {
  if (knownCurrencies === null) {
    const intl = Intl as typeof Intl & { supportedValuesOf?: (key: "currency") => string[] };
    knownCurrencies = new Set(
      typeof intl.supportedValuesOf === "function" ? intl.supportedValuesOf("currency") : [],
    );
  }
  // Without Intl.supportedValuesOf (very old runtimes) every well-formed code passes.
  return knownCurrencies.size === 0 || knownCurrencies.has(code);
}

/** True for an upper-case ISO 4217 code the runtime's Intl knows ("USD", "JPY", "KWD"). */
export function isCurrencyCode(currency: unknown): currency is string {
  if (typeof currency !== "string") return false;
  if (minorUnitsCache.has(currency)) return true;
  return /^[A-Z]{3}$/.test(currency) && isKnownCurrency(currency);
}

/**
 * Decimals of the currency's minor unit, from `Intl.NumberFormat` (cached per currency).
 * Throws `AttributionInputError` naming `field` for anything that is not a known ISO 4217 code.
 */
export function minorUnits(currency: string, field = "currency"): number {
  const cached = minorUnitsCache.get(currency);
  if (cached !== undefined) return cached;
  if (!isCurrencyCode(currency)) {
    throw new AttributionInputError(
      field,
      `must be an upper-case ISO 4217 currency code like "USD", got ${JSON.stringify(currency)}`,
    );
  }
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits;
  if (digits === undefined) throw new AttributionInputError(field, `has no known minor unit: ${currency}`);
  minorUnitsCache.set(currency, digits);
  return digits;
}

// Units: the engine's fast exact integers.

/**
 * An exact integer count of 10^-scale units, the scale being the caller's: a Number while it is a
 * safe integer (the usual case, and several times faster than BigInt), a BigInt beyond. A Number
 * result is kept only when it is a safe integer: IEEE rounding is monotonic and 2^53 is a double,
 * so an exact sum, difference or product of safe integers beyond 2^53 - 1 never rounds back into
 * the safe range, and a safe result is exact.
 */
export type Units = number | bigint;

/** 10^0 … 10^15, exact as doubles. */
const POW10_NUMBERS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Decimals after the point ("19.99" → 2, "1500" → 0); the text is not checked. */
export function decimalPlaces(text: string): number {
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * Parses a decimal string (grammar of `scanDecimal`) into units of 10^-scale. Null when malformed or
 * when it has more than `scale` decimals.
 */
export function tryParseUnits(text: string, scale: number): Units | null {
  if (!scanDecimal(text)) return null;
  const shift = scale - scannedDecimals(text);
  if (shift < 0) return null;
  const negative = text.charCodeAt(0) === 45;
  if (scannedDigits <= 15 && shift <= 15) {
    const units = scannedSmall * POW10_NUMBERS[shift];
    if (Number.isSafeInteger(units)) return negative ? -units : units;
  }
  const coef = scannedCoef(text) * pow10(shift);
  return negative ? -coef : coef;
}

export function addUnits(a: Units, b: Units): Units {
  if (typeof a === "number" && typeof b === "number") {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return BigInt(a) + BigInt(b);
}

export function subtractUnits(a: Units, b: Units): Units {
  if (typeof a === "number" && typeof b === "number") {
    const difference = a - b;
    if (Number.isSafeInteger(difference)) return difference;
  }
  return BigInt(a) - BigInt(b);
}

/** `a × b`; b may be any integer Number (a quantity). */
export function multiplyUnits(a: Units, b: Units): Units {
  if (typeof a === "number" && typeof b === "number") {
    const product = a * b;
    if (Number.isSafeInteger(product)) return product;
  }
  return BigInt(a) * BigInt(b);
}

export function isZeroUnits(a: Units): boolean {
  return a === 0 || a === 0n;
}

/**
 * `units` (of 10^-from) in units of 10^-to: padded when `to` has more decimals, else rounded half
 * away from zero (as `roundToScale`).
 */
export function roundUnits(units: Units, from: number, to: number): Units {
  if (from === to) return units;
  if (from < to) return multiplyUnits(units, to - from <= 15 ? POW10_NUMBERS[to - from] : pow10(to - from));
  if (typeof units === "number" && from - to <= 15) {
    const factor = POW10_NUMBERS[from - to];
    const remainder = units % factor; // exact, with the sign of `units`
    const quotient = (units - remainder) / factor; // exact: an integer multiple of `factor`
    if (2 * Math.abs(remainder) < factor) return quotient;
    return units < 0 ? quotient - 1 : quotient + 1;
  }
  return roundToScale({ coef: BigInt(units), scale: from }, to).coef;
}

/** `units` of 10^-scale as a plain decimal string with exactly `scale` decimals; never "-0". */
export function formatUnits(units: Units, scale: number): string {
  const negative = units < 0;
  let digits = (negative ? -units : units).toString();
  const sign = negative ? "-" : "";
  if (scale === 0) return sign + digits;
  if (digits.length <= scale) digits = "0".repeat(scale - digits.length + 1) + digits;
  const cut = digits.length - scale;
  return `${sign}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}
