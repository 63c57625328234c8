// Moving a story moves every instant quoted in its texts by whole weeks, in both ways the app writes an
// instant (toISOString's `Z`, Prisma's `+00:00`), across months, years and a leap day; numbers follow the
// copy's customers and orders (bench/scale/story-shift.ts). test/bench/scale-stories.test.ts proves whole
// seeded copies against the app's own rows.
import { describe, expect, it } from "vitest";
import { compileText, shiftText, type StoryShift } from "~root/bench/scale/story-shift";

const WEEK = 7 * 86_400_000;
const shiftBy = (weeks: number): StoryShift => ({ ms: weeks * WEEK, customers: 0, orderNumber: (n) => n });

describe("a story's instants, moved", () => {
  it.each([
    ["2026-01-28T23:59:59.999Z", 1],
    ["2027-12-29T00:00:00.000+00:00", 1],
    ["2028-02-24T12:30:00.500Z", 1],
    ["2028-02-26T07:00:00.000+00:00", 52],
    ["2025-06-01T05:04:03.002Z", 26],
  ])("%s, %i weeks later, is the instant that many weeks later, as written", (instant, weeks) => {
    const text = `{"at":"${instant}","note":"Shopify created the customer at ${instant}"}`;
    const later = new Date(Date.parse(instant) + weeks * WEEK).toISOString();
    const written = instant.endsWith("Z") ? later : later.replace("Z", "+00:00");
    expect(shiftText(compileText(text), shiftBy(weeks))).toBe(
      `{"at":"${written}","note":"Shopify created the customer at ${written}"}`,
    );
  });

  it("moves customers and orders by the copy's numbers, and leaves a text without them as it is", () => {
    const shift: StoryShift = { ms: WEEK, customers: 3_000, orderNumber: (n) => n + 40 };
    expect(
      shiftText(compileText("customer 5000000007, customer7@shoppers.example, order #1003"), shift),
    ).toBe("customer 5000003007, customer3007@shoppers.example, order #1043");
    expect(shiftText(compileText("no instant here"), shift)).toBe("no instant here");
  });

  it("refuses a move by less than whole days (only the date of an instant is moved)", () => {
    expect(() =>
      shiftText(compileText("2026-01-28T23:59:59.999Z"), { ...shiftBy(0), ms: 3_600_000 }),
    ).toThrow(/whole days/);
  });
});
