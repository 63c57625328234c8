/**
 * Strict ISO 8601 date-times, as UTC milliseconds. Pure integer arithmetic: no clock, and no
 * dependence on the machine's time zone (a time without an offset is rejected, since it would be
 * read in local time).
 *
 * Accepted: `YYYY-MM-DDTHH:MM[:SS[.fraction]]` followed by `Z`, `±HH:MM` or `±HHMM`.
 * Fractions beyond milliseconds are truncated.
 */

export const MS_PER_DAY = 86_400_000;

/** The range of ECMAScript dates: ±100,000,000 days around the epoch. */
export const MAX_TIME_MS = 8.64e15;

function daysFromCivil(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil, proleptic Gregorian calendar.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The two-digit number at `text[i..i+1]`, or -1. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Milliseconds since the epoch, or null when `text` is not a valid ISO 8601 date-time with an
 * offset. A hand-written scanner: this runs for every order.
 */
export function parseIsoDateTime(text: string): number | null {
  const length = text.length;
  if (length < 17) return null;
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  if (
    century < 0 ||
    yy < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59
  ) {
    return null;
  }
  if (text[4] !== "-" || text[7] !== "-" || text[10] !== "T" || text[13] !== ":") return null;
  const year = century * 100 + yy;
  if (day > daysInMonth(year, month)) return null;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (text[i] === ":") {
    second = twoDigits(text, i + 1);
    if (second < 0 || second > 59) return null;
    i += 3;
    if (text[i] === ".") {
      i++;
      const start = i;
      while (i < length && i - start < 9) {
        const c = text.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        if (i - start < 3) millis = millis * 10 + c;
        i++;
      }
      const digits = i - start;
      if (digits === 0) return null;
      for (let k = digits; k < 3; k++) millis *= 10;
    }
  }
  let offsetMinutes = 0;
  if (text[i] === "Z") {
    i++;
  } else if (text[i] === "+" || text[i] === "-") {
    const sign = text[i] === "-" ? -1 : 1;
    const offsetHours = twoDigits(text, i + 1);
    i += 3;
    if (text[i] === ":") i++;
    const offsetMins = twoDigits(text, i);
    i += 2;
    if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) return null;
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  } else {
    return null;
  }
  if (i !== length) return null;
  const ms =
    daysFromCivil(year, month, day) * MS_PER_DAY +
    ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
    millis;
  return Math.abs(ms) <= MAX_TIME_MS ? ms : null;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/**
 * `2026-01-01T00:00:00.000Z`: the same text as `new Date(ms).toISOString()` (extended ±YYYYYY years
 * outside 0000–9999), without creating a Date.
 */
export function formatIsoDateTime(ms: number): string {
  if (!Number.isInteger(ms) || Math.abs(ms) > MAX_TIME_MS) throw new RangeError(`Invalid time value: ${ms}`);
  const days = Math.floor(ms / MS_PER_DAY);
  let rest = ms - days * MS_PER_DAY;
  // Howard Hinnant's civil_from_days.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const millis = rest - second * 1000;
  const yearText =
    year >= 0 && year <= 9999
      ? String(year).padStart(4, "0")
      : `${year < 0 ? "-" : "+"}${String(Math.abs(year)).padStart(6, "0")}`;
  const millisText = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : `${millis}`;
  return `${yearText}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${millisText}Z`;
}
