import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addDays, dayIn, daysBetween, endOfDay, isDay, isTimeZone, startOfDay } from "./days";

describe("days in a time zone", () => {
  it("reads the day an instant falls on in the zone", () => {
    expect(dayIn("2026-03-01T03:00:00Z", "America/New_York")).toBe("2026-02-28");
    expect(dayIn("2026-03-01T05:00:00Z", "America/New_York")).toBe("2026-03-01");
    expect(dayIn("2026-03-01T15:00:00Z", "Asia/Tokyo")).toBe("2026-03-02");
    expect(dayIn("2026-03-01T18:14:59Z", "Asia/Kathmandu")).toBe("2026-03-01"); // +05:45
    expect(dayIn("2026-03-01T18:15:00Z", "Asia/Kathmandu")).toBe("2026-03-02");
    expect(dayIn(new Date("2026-03-01T23:59:59.999Z"), "UTC")).toBe("2026-03-01");
  });

  it("starts a day at the zone's midnight, across daylight saving changes", () => {
    expect(startOfDay("2026-03-01", "UTC").toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(startOfDay("2026-01-15", "America/New_York").toISOString()).toBe("2026-01-15T05:00:00.000Z");
    expect(startOfDay("2026-07-15", "America/New_York").toISOString()).toBe("2026-07-15T04:00:00.000Z");
    // New York springs forward on 2026-03-08 at 2:00: that day starts at EST midnight, the next at EDT's.
    expect(startOfDay("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(endOfDay("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(startOfDay("2026-03-02", "Asia/Kathmandu").toISOString()).toBe("2026-03-01T18:15:00.000Z");
  });

  it("starts a day whose midnight the clocks skip at the first moment it shows", () => {
    // Chile sprang forward at midnight on 2022-09-11: clocks went from 23:59:59 to 01:00.
    expect(startOfDay("2022-09-11", "America/Santiago").toISOString()).toBe("2022-09-11T04:00:00.000Z");
    expect(dayIn("2022-09-11T03:59:59Z", "America/Santiago")).toBe("2022-09-10");
  });

  it("puts every instant between the start and the end of its own day", () => {
    const zones = [
      "UTC",
      "America/New_York",
      "Europe/Berlin",
      "Asia/Kathmandu",
      "Australia/Lord_Howe",
      "America/Santiago",
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...zones),
        (ms, zone) => {
          const day = dayIn(ms, zone);
          return startOfDay(day, zone).getTime() <= ms && ms < endOfDay(day, zone).getTime();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("counts and checks days", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-02-27", "2026-03-02")).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
      "2026-03-02",
    ]);
    expect(daysBetween("2026-03-02", "2026-03-01")).toEqual([]);
    expect(isDay("2026-02-29")).toBe(false);
    expect(isDay("2028-02-29")).toBe(true);
    expect(isDay("2026-3-1")).toBe(false);
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});
