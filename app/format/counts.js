// @ts-check

/**
 * A count and its noun: countOf(1, "order") → "1 order", countOf(3, "order") → "3 orders",
 * countOf(2, "delivery", "deliveries") → "2 deliveries", countOf(40000, "order") → "40,000 orders".
 * @param {number} count
 * @param {string} singular
 * @param {string} [plural] the plural when it is not the singular and an "s"
 * @returns {string}
 */
export function countOf(count, singular, plural = `${singular}s`) {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : plural}`;
}

/**
 * What a bulk action did, in words: bulkOutcome(2, 1, "approved", "line") → "2 lines approved, 1 line
 * skipped"; bulkOutcome(0, 3, "retried", "delivery", "deliveries") → "Nothing retried: 3 deliveries skipped".
 * @param {number} done
 * @param {number} skipped
 * @param {string} verb what was done, as a past participle
 * @param {string} singular
 * @param {string} [plural]
 * @returns {string}
 */
export function bulkOutcome(done, skipped, verb, singular, plural) {
  const n = (/** @type {number} */ count) => countOf(count, singular, plural);
  if (done === 0) return `Nothing ${verb}: ${n(skipped)} skipped`;
  return `${n(done)} ${verb}${skipped > 0 ? `, ${n(skipped)} skipped` : ""}`;
}
