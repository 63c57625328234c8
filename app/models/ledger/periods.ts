// A range of the shop's days as whole years, months and days of the ranking figures (AffiliateSales), added
// or taken away, so that a range reads as few rows as it can: a year ending today is this year's row plus
// the end of last year's months, not 365 days of rows. Pure: no I/O, no clock (today is given).
import { addDays } from "~/lib/days";

export type Grain = "day" | "month" | "year";

/** Periods `from`..`to` (both included) of one grain, added (1) or taken away (-1). */
export interface PeriodPiece {
  grain: Grain;
  from: string;
  to: string;
  sign: 1 | -1;
}

/**
 * What a period costs to read, relative to a day: about how many affiliates have figures in it. A month
 * holds about six days' worth of distinct affiliates and a year about ten (at 250,000 orders a year over
 * 10,000 affiliates: 990 rows a day, 6,400 a month, 10,000 a year). Periods starting after today hold
 * nothing yet and cost nothing.
 */
const COST: Record<Grain, number> = { day: 1, month: 6, year: 10 };

interface Cover {
  pieces: PeriodPiece[];
  cost: number;
}

const lastDayOfMonth = (month: string) => addDays(`${nextMonth(month)}-01`, -1);

function nextMonth(month: string): string {
  const [year, number] = month.split("-").map(Number);
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, "0")}`;
}

function previousMonth(month: string): string {
  const [year, number] = month.split("-").map(Number);
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, "0")}`;
}

function startOf(grain: Grain, period: string): string {
  return grain === "day" ? period : grain === "month" ? `${period}-01` : `${period}-01-01`;
}

function nextPeriod(grain: Grain, period: string): string {
  return grain === "day"
    ? addDays(period, 1)
    : grain === "month"
      ? nextMonth(period)
      : String(Number(period) + 1);
}

/** How many of the periods `from`..`to` have started by today, times their grain's cost. */
function costOf(grain: Grain, from: string, to: string, today: string): number {
  let count = 0;
  for (
    let period = from;
    period <= to && startOf(grain, period) <= today;
    period = nextPeriod(grain, period)
  ) {
    count += 1;
  }
  return count * COST[grain];
}

function piece(grain: Grain, from: string, to: string, today: string): Cover {
  return { pieces: [{ grain, from, to, sign: 1 }], cost: costOf(grain, from, to, today) };
}

const none: Cover = { pieces: [], cost: 0 };

function joined(...covers: Cover[]): Cover {
  return {
    pieces: covers.flatMap((cover) => cover.pieces),
    cost: covers.reduce((sum, cover) => sum + cover.cost, 0),
  };
}

function negated(cover: Cover): Cover {
  return {
    pieces: cover.pieces.map((p) => ({ ...p, sign: p.sign === 1 ? -1 : 1 })),
    cost: cover.cost,
  };
}

const cheaper = (a: Cover, b: Cover) => (b.cost < a.cost ? b : a);

/** Days `from`..`to` inside one month: those days, or the month less the days around them. */
function withinMonth(from: string, to: string, today: string): Cover {
  const month = from.slice(0, 7);
  const first = `${month}-01`;
  const last = lastDayOfMonth(month);
  const whole = piece("month", month, month, today);
  if (from === first && to === last) return whole;
  const around = joined(
    from > first ? piece("day", first, addDays(from, -1), today) : none,
    to < last ? piece("day", addDays(to, 1), last, today) : none,
  );
  return cheaper(piece("day", from, to, today), joined(whole, negated(around)));
}

/** Days `from`..`to` inside one year: its partial months at the edges, its whole months between. */
function monthsOf(from: string, to: string, today: string): Cover {
  const [firstMonth, lastMonth] = [from.slice(0, 7), to.slice(0, 7)];
  if (firstMonth === lastMonth) return withinMonth(from, to, today);
  const left = from.endsWith("-01") ? null : withinMonth(from, lastDayOfMonth(firstMonth), today);
  const right = to === lastDayOfMonth(lastMonth) ? null : withinMonth(`${lastMonth}-01`, to, today);
  const middleFrom = left ? nextMonth(firstMonth) : firstMonth;
  const middleTo = right ? previousMonth(lastMonth) : lastMonth;
  return joined(
    left ?? none,
    middleFrom <= middleTo ? piece("month", middleFrom, middleTo, today) : none,
    right ?? none,
  );
}

/** Days `from`..`to` inside one year: as months, or the year less the days around them. */
function withinYear(from: string, to: string, today: string): Cover {
  const year = from.slice(0, 4);
  const [first, last] = [`${year}-01-01`, `${year}-12-31`];
  const whole = piece("year", year, year, today);
  if (from === first && to === last) return whole;
  const around = joined(
    from > first ? monthsOf(first, addDays(from, -1), today) : none,
    to < last ? monthsOf(addDays(to, 1), last, today) : none,
  );
  return cheaper(monthsOf(from, to, today), joined(whole, negated(around)));
}

/** The cheapest mix of years, months and days (added or taken away) that sums to exactly `from`..`to`. */
export function periodPieces(range: { from: string; to: string }, today: string): PeriodPiece[] {
  const { from, to } = range;
  if (from > to) return [];
  const [firstYear, lastYear] = [Number(from.slice(0, 4)), Number(to.slice(0, 4))];
  if (firstYear === lastYear) return withinYear(from, to, today).pieces;
  const middle =
    lastYear - firstYear > 1 ? piece("year", String(firstYear + 1), String(lastYear - 1), today) : none;
  return joined(
    withinYear(from, `${firstYear}-12-31`, today),
    middle,
    withinYear(`${lastYear}-01-01`, to, today),
  ).pieces;
}
