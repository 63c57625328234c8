// @ts-check
// Dates and times as people read them, in an explicit IANA time zone. Until the app knows the shop's own
// zone, screens pass none and read UTC, which the server render and the browser agree on (no hydration
// mismatch).

/** The zone dates are shown in when none is given. */
export const DEFAULT_TIME_ZONE = "UTC";

const LOCALE = "en-US";

/** @type {Map<string, { date: Intl.DateTimeFormat, dateTime: Intl.DateTimeFormat, zone: Intl.DateTimeFormat }>} */
const formatters = new Map();

/** @param {string} timeZone */
function formattersFor(timeZone) {
  let found = formatters.get(timeZone);
  if (!found) {
    found = {
      date: new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeZone }),
      dateTime: new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short", timeZone }),
      zone: new Intl.DateTimeFormat(LOCALE, { timeZoneName: "short", timeZone }),
    };
    formatters.set(timeZone, found);
  }
  return found;
}

/**
 * @param {string | Date | null | undefined} value
 * @returns {Date | null}
 */
function toDate(value) {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * "Mar 1, 2026" in the zone, or "—" when there is no date.
 * @param {string | Date | null | undefined} value a Date or an ISO 8601 string
 * @param {{ timeZone?: string }} [options]
 * @returns {string}
 */
export function formatDate(value, { timeZone = DEFAULT_TIME_ZONE } = {}) {
  const date = toDate(value);
  return date ? formattersFor(timeZone).date.format(date) : "—";
}

/**
 * "Mar 1, 2026, 12:00 PM UTC" in the zone, named after the time ("GMT+9" in Tokyo), or "—".
 * @param {string | Date | null | undefined} value a Date or an ISO 8601 string
 * @param {{ timeZone?: string }} [options]
 * @returns {string}
 */
export function formatDateTime(value, { timeZone = DEFAULT_TIME_ZONE } = {}) {
  const date = toDate(value);
  if (!date) return "—";
  const { dateTime, zone } = formattersFor(timeZone);
  const zoneName = zone.formatToParts(date).find((part) => part.type === "timeZoneName")?.value ?? timeZone;
  return `${dateTime.format(date)} ${zoneName}`;
}
