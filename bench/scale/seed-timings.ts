/**
 * Where the seeder's time goes: each phase's wall time and the process's CPU time (every thread) while it
 * ran, and the writer thread's busy time per table. Printed with the seed report (`phases`, `writer`).
 */
export interface PhaseTiming {
  wallSeconds: number;
  cpuSeconds: number;
}

export class SeedTimings {
  readonly phases: Record<string, PhaseTiming> = {};
  /** The writer thread's time per statement kind and table (e.g. `INSERT LedgerLine`, `COMMIT`), seconds. */
  readonly writer: Record<string, number> = {};

  /** Runs `work` as the phase `name` (a name met twice adds up). */
  async phase<T>(name: string, work: () => Promise<T>): Promise<T> {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    try {
      return await work();
    } finally {
      this.add(name, (performance.now() - wall) / 1000, cpuSeconds(process.cpuUsage(cpu)));
    }
  }

  add(name: string, wallSeconds: number, cpu: number): void {
    const phase = (this.phases[name] ??= { wallSeconds: 0, cpuSeconds: 0 });
    phase.wallSeconds += wallSeconds;
    phase.cpuSeconds += cpu;
  }

  addWriter(times: Record<string, number>): void {
    for (const [key, seconds] of Object.entries(times)) this.writer[key] = (this.writer[key] ?? 0) + seconds;
  }

  /** Rounded to milliseconds, for the report. */
  toJSON() {
    const round = (value: number) => Math.round(value * 1000) / 1000;
    return {
      phases: Object.fromEntries(
        Object.entries(this.phases).map(([name, { wallSeconds, cpuSeconds: cpu }]) => [
          name,
          { wallSeconds: round(wallSeconds), cpuSeconds: round(cpu) },
        ]),
      ),
      writer: Object.fromEntries(Object.entries(this.writer).map(([key, value]) => [key, round(value)])),
    };
  }
}

export const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;
