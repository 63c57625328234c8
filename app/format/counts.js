// @ts-check

/**
 * A count and its noun: countOf(1, "order") → "1 order", countOf(3, "order") → "3 orders",
 * countOf(2, "delivery", "deliveries") → "2 deliveries".
 * @param {number} count
 * @param {string} singular
 * @param {string} [plural] the plural when it is not the singular and an "s"
 * @returns {string}
 */
export function countOf(count, singular, plural = `${singular}s`) {
  return `${count} ${count === 1 ? singular : plural}`;
}
