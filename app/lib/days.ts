// Calendar days in an IANA time zone: the day an instant falls on there, and the instant a day starts.
// A day is `YYYY-MM-DD`. Shared by the server (the ledger's daily totals, filters) and the screens (date
// range presets), so both read a shop's days alike.

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** True for a real calendar day written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isDay(value: unknown): value is string {
  if (typeof value !== "string" || !DAY_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** True for a time zone Intl knows ("America/New_York", "UTC"). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** How far the zone's wall clock is ahead of UTC at `ms` (negative west of Greenwich), in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

// Offsets change only at transitions, and every transition falls on a quarter of an hour in UTC: the
// offset is looked up once per quarter hour of time and zone (a few thousand a month of orders).
const QUARTER_HOUR = 15 * 60_000;
const offsetCache = new Map<string, number>();
const OFFSET_CACHE_LIMIT = 200_000;

function cachedOffset(ms: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(ms / QUARTER_HOUR)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    if (offsetCache.size >= OFFSET_CACHE_LIMIT) offsetCache.clear();
    offset = offsetAt(Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR, timeZone);
    offsetCache.set(key, offset);
  }
  return offset;
}

/** The day an instant falls on in the zone: 2026-03-01T03:00Z is "2026-02-28" in New York. */
export function dayIn(instant: Date | string | number, timeZone: string): string {
  const ms = typeof instant === "number" ? instant : new Date(instant).getTime();
  return new Date(ms + cachedOffset(ms, timeZone)).toISOString().slice(0, 10);
}

/**
 * The first instant of the day in the zone: midnight, or the first moment after it when the clocks skip
 * midnight that day.
 */
export function startOfDay(day: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  let start = midnightUtc - offsetAt(midnightUtc, timeZone);
  start = midnightUtc - offsetAt(start, timeZone);
  // Clocks that skip midnight: the day starts when it first shows on them.
  while (dayIn(start, timeZone) < day) start += QUARTER_HOUR;
  // Clocks that show midnight twice: the day starts at the first.
  while (dayIn(start - QUARTER_HOUR, timeZone) === day) start -= QUARTER_HOUR;
  return new Date(start);
}

/** The instant after the day ends in the zone (the start of the next day): an exclusive bound. */
export function endOfDay(day: string, timeZone: string): Date {
  return startOfDay(addDays(day, 1), timeZone);
}

/** The day `count` days after (or before, when negative) `day`. */
export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (empty when `to` is before `from`). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}
