// @ts-check
// Commission rates as the merchant reads them: an affiliate's, a product connection's, the program's.
import { formatMoney } from "./money.js";

/** @type {Record<string, string>} */
const KIND_WORDS = {
  percent: "Percent of the base",
  flat_per_order: "Flat amount per order",
  flat_per_item: "Flat amount per item",
};

/** What applies where a rate of its own is missing. */
export const RATE_FALLBACK_WORDS = {
  /** An affiliate without a rate earns the program's default rate. */
  program: "Program default",
  /** A product connection without a rate earns its affiliate's own rate, if the affiliate has one. */
  affiliate: "Affiliate's rate",
};

/**
 * A rate kind as a choice in a form: "flat_per_order" → "Flat amount per order".
 * @param {string} kind
 */
export const describeRateKind = (kind) => KIND_WORDS[kind] ?? kind;

/**
 * A rate in words: "10%", "$5.00 per order", "¥200 per item" (flat amounts in the shop's currency when it is
 * known, plain decimals otherwise), or what applies instead when there is no rate ("Program default").
 * @param {string | null | undefined} kind
 * @param {string | null | undefined} value
 * @param {{ currency?: string | null, fallback?: keyof typeof RATE_FALLBACK_WORDS }} [options]
 * @returns {string}
 */
export function describeRate(kind, value, { currency = null, fallback = "program" } = {}) {
  if (!kind || value == null) return RATE_FALLBACK_WORDS[fallback];
  if (kind === "percent") return `${value}%`;
  const amount = currency ? formatMoney(value, currency) : value;
  if (kind === "flat_per_order") return `${amount} per order`;
  if (kind === "flat_per_item") return `${amount} per item`;
  return `${value} (${kind})`;
}
