import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it, vi } from "vitest";

// The module reads PIPELINE_STAGE_TIMES when it loads: each test loads it afresh with the setting it needs.
async function stageTimes(setting: string | undefined) {
  vi.resetModules();
  vi.stubEnv("PIPELINE_STAGE_TIMES", setting);
  return import("~/pipeline/stage-times.server");
}

/**
 * Keeps the CPU busy for at least `ms` on the clock the stage timer reads (performance.now(); Date.now() counts
 * whole milliseconds, so 60 of its ticks can be 59.1 ms).
 */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) Math.sqrt(Math.random());
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the inbox worker's stage times", () => {
  it("count the thread's CPU time per stage and per order, not only the wall-clock time", async () => {
    const { resetStageTimes, stageTimesReport, threadCpuMs, timedSync } = await stageTimes("1");
    resetStageTimes();
    const before = threadCpuMs();
    const outerStart = performance.now();
    timedSync("busy", () => spin(60));
    const outerMs = performance.now() - outerStart;
    const cpu = threadCpuMs() - before;
    // Spinning runs on the CPU: at least part of the 60 ms (another process may take the core meanwhile).
    expect(cpu).toBeGreaterThan(5);

    const report = stageTimesReport(100, cpu)!;
    const busy = report.split("\n").find((line) => line.startsWith("busy"))!;
    const [wallMs, cpuMs, perOrderUs, count] = busy.trim().split(/\s+/).slice(1).map(Number);
    // The stage's wall time is the spin's (at least 60 ms) and no more than the time around the call.
    expect(wallMs).toBeGreaterThanOrEqual(60);
    expect(wallMs).toBeLessThanOrEqual(Math.round(outerMs));
    expect(cpuMs).toBeGreaterThan(5);
    expect(cpuMs).toBeLessThanOrEqual(wallMs + 1);
    expect(perOrderUs).toBeCloseTo((cpuMs * 1000) / 100, -2);
    expect(count).toBe(1);
    expect(report).toMatch(/the whole drain \(thread CPU\)/);
  });

  it("cost nothing and report nothing when not measuring", async () => {
    const { stageTimesReport, threadCpuMs, timedSync } = await stageTimes(undefined);
    expect(timedSync("busy", () => 42)).toBe(42);
    expect(threadCpuMs()).toBe(0);
    expect(stageTimesReport(100)).toBeNull();
  });
});
