// @ts-check
// Dates and times as people read them, in an explicit IANA time zone: the shop's (its profile's), which the
// server render and the browser agree on (no hydration mismatch); UTC when none is given.

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

const DAY_FORMAT = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeZone: "UTC" });

/**
 * A calendar day (`YYYY-MM-DD`, already in the shop's zone) as people read it: "Mar 1, 2026".
 * @param {string} day
 * @returns {string}
 */
export function formatDay(day) {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : DAY_FORMAT.format(date);
}

const SHORT_DAY_FORMAT = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric", timeZone: "UTC" });

/**
 * A calendar day in a chart's axis: "Mar 1".
 * @param {string} day
 * @returns {string}
 */
export function formatShortDay(day) {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : SHORT_DAY_FORMAT.format(date);
}

/**
 * Two calendar days, both included: "Mar 1 – Mar 30, 2026", "Dec 1, 2025 – Jan 5, 2026", one day alone.
 * @param {string} from
 * @param {string} to
 * @returns {string}
 */
export function formatDayRange(from, to) {
  if (from === to) return formatDay(from);
  if (from.slice(0, 4) === to.slice(0, 4)) return `${formatShortDay(from)} – ${formatDay(to)}`;
  return `${formatDay(from)} – ${formatDay(to)}`;
}
