// A range of days as years, months and days added or taken away: the pieces count every day of the range
// exactly once and no other day, whatever the range and today; and they read few rows.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween } from "~/lib/days";
import { periodPieces, type PeriodPiece } from "~/models/ledger/periods";
import { propertyRuns } from "~test/helpers/fast-check";

function daysOf(piece: PeriodPiece): string[] {
  if (piece.grain === "day") return daysBetween(piece.from, piece.to);
  const first = piece.grain === "month" ? `${piece.from}-01` : `${piece.from}-01-01`;
  const after =
    piece.grain === "month"
      ? (() => {
          const [year, month] = piece.to.split("-").map(Number);
          return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
        })()
      : `${Number(piece.to) + 1}-01-01`;
  return daysBetween(first, addDays(after, -1));
}

/** How many times each day is counted by the pieces (added +1, taken away -1); days counted 0 left out. */
function counted(pieces: PeriodPiece[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const piece of pieces) {
    for (const day of daysOf(piece)) counts.set(day, (counts.get(day) ?? 0) + piece.sign);
  }
  for (const [day, count] of counts) if (count === 0) counts.delete(day);
  return counts;
}

const day = fc.integer({ min: 0, max: 4 * 366 }).map((offset) => addDays("2024-01-01", offset));

describe("a range of days as periods", () => {
  it("counts each day of the range once, and no other day", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), day, (from, length, today) => {
        const to = addDays(from, length);
        const counts = counted(periodPieces({ from, to }, today));
        expect([...counts.keys()].sort()).toEqual(daysBetween(from, to));
        expect([...counts.values()].every((count) => count === 1)).toBe(true);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("reads whole months and years from their own rows, days only at the edges", () => {
    const today = "2026-12-06";
    // The last 30 days: November less its first six days, and December so far.
    expect(periodPieces({ from: "2026-11-07", to: today }, today)).toEqual([
      { grain: "month", from: "2026-11", to: "2026-11", sign: 1 },
      { grain: "day", from: "2026-11-01", to: "2026-11-06", sign: -1 },
      { grain: "day", from: "2026-12-01", to: "2026-12-06", sign: 1 },
    ]);
    // A year back from today: last December less its first six days, and this year less its days after
    // today (which hold nothing yet, so cost nothing).
    expect(periodPieces({ from: "2025-12-07", to: today }, today)).toEqual([
      { grain: "month", from: "2025-12", to: "2025-12", sign: 1 },
      { grain: "day", from: "2025-12-01", to: "2025-12-06", sign: -1 },
      { grain: "year", from: "2026", to: "2026", sign: 1 },
      { grain: "day", from: "2026-12-07", to: "2026-12-31", sign: -1 },
    ]);
    // Whole years between the edges are read as one piece.
    expect(periodPieces({ from: "2021-01-01", to: "2024-12-31" }, today)).toEqual([
      { grain: "year", from: "2021", to: "2021", sign: 1 },
      { grain: "year", from: "2022", to: "2023", sign: 1 },
      { grain: "year", from: "2024", to: "2024", sign: 1 },
    ]);
    // A week is its days.
    expect(periodPieces({ from: "2026-11-30", to: today }, today)).toEqual([
      { grain: "day", from: "2026-11-30", to: "2026-11-30", sign: 1 },
      { grain: "day", from: "2026-12-01", to: "2026-12-06", sign: 1 },
    ]);
  });
});
