import { performance } from "node:perf_hooks";

/**
 * Per-stage wall-clock totals of the inbox worker, for measuring where crediting's time goes
 * (PIPELINE_STAGE_TIMES=1; printed when the worker stops). Off, it costs a branch.
 */
const enabled = process.env.PIPELINE_STAGE_TIMES === "1";
const totals = new Map<string, { ms: number; count: number }>();

export function addStageTime(stage: string, ms: number): void {
  if (!enabled) return;
  const total = totals.get(stage) ?? { ms: 0, count: 0 };
  total.ms += ms;
  total.count += 1;
  totals.set(stage, total);
}

export async function timed<T>(stage: string, run: () => Promise<T>): Promise<T> {
  if (!enabled) return run();
  const started = performance.now();
  try {
    return await run();
  } finally {
    addStageTime(stage, performance.now() - started);
  }
}

export function timedSync<T>(stage: string, run: () => T): T {
  if (!enabled) return run();
  const started = performance.now();
  try {
    return run();
  } finally {
    addStageTime(stage, performance.now() - started);
  }
}

export function stageTimesReport(): string | null {
  if (!enabled || totals.size === 0) return null;
  const lines = [...totals].map(
    ([stage, { ms, count }]) =>
      `${stage.padEnd(40)} ${ms.toFixed(0).padStart(8)} ms  ${String(count).padStart(6)}x`,
  );
  return `Inbox worker stage times:\n${lines.join("\n")}`;
}

export function resetStageTimes(): void {
  totals.clear();
}
