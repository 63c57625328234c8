import { openSync, readSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { InStatement, Transaction } from "@libsql/client";

/**
 * Per-stage totals of the inbox worker, for measuring where crediting's time goes (PIPELINE_STAGE_TIMES=1;
 * printed when a drain of 1,000 or more ends): wall-clock time, and the CPU time the worker's own thread
 * spent in the stage. On a machine shared with other work, wall-clock time includes waiting for a core; the
 * thread's CPU time does not, so it is what compares across runs. Off, it costs a branch.
 */
const enabled = process.env.PIPELINE_STAGE_TIMES === "1";
const totals = new Map<string, { ms: number; cpuMs: number; count: number }>();

/** The calling thread's /proc entry (Linux); each worker thread loads this module, so opens its own. */
let schedstat: number | null | undefined;
const schedstatBuffer = Buffer.alloc(64);

/**
 * CPU time this thread has run, in ms (the first field of /proc/thread-self/schedstat, in ns); 0 where the
 * file does not exist (or when not measuring), so the CPU columns read 0 rather than failing.
 */
export function threadCpuMs(): number {
  if (!enabled) return 0;
  if (schedstat === undefined) {
    try {
      schedstat = openSync("/proc/thread-self/schedstat", "r");
    } catch {
      schedstat = null;
    }
  }
  if (schedstat === null) return 0;
  const length = readSync(schedstat, schedstatBuffer, 0, schedstatBuffer.length, 0);
  const text = schedstatBuffer.toString("latin1", 0, length);
  return Number(text.slice(0, text.indexOf(" "))) / 1e6;
}

/** A stage's starting point, for `addStageTime` when a stage does not fit in one callback. */
export interface StageStart {
  wall: number;
  cpu: number;
}

export function stageStart(): StageStart {
  if (!enabled) return { wall: 0, cpu: 0 };
  return { wall: performance.now(), cpu: threadCpuMs() };
}

export function addStageTime(stage: string, since: StageStart): void {
  if (!enabled) return;
  const total = totals.get(stage) ?? { ms: 0, cpuMs: 0, count: 0 };
  total.ms += performance.now() - since.wall;
  total.cpuMs += threadCpuMs() - since.cpu;
  total.count += 1;
  totals.set(stage, total);
}

export async function timed<T>(stage: string, run: () => Promise<T>): Promise<T> {
  if (!enabled) return run();
  const started = stageStart();
  try {
    return await run();
  } finally {
    addStageTime(stage, started);
  }
}

export function timedSync<T>(stage: string, run: () => T): T {
  if (!enabled) return run();
  const started = stageStart();
  try {
    return run();
  } finally {
    addStageTime(stage, started);
  }
}

/**
 * The totals: per stage, wall-clock ms, the thread's CPU ms, and both per order of the drain (`orders`).
 * An async stage's CPU time counts whatever else ran on the thread meanwhile (another shop's lane).
 */
export function stageTimesReport(orders = 0, drainCpuMs = 0): string | null {
  if (!enabled || totals.size === 0) return null;
  const perOrder = (ms: number) => (orders > 0 ? ((ms * 1000) / orders).toFixed(0) : "-").padStart(8);
  const header = `${"stage".padEnd(40)} ${"wall ms".padStart(8)} ${"cpu ms".padStart(8)} ${"cpu µs/order".padStart(12)} ${"count".padStart(6)}`;
  const lines = [...totals].map(
    ([stage, { ms, cpuMs, count }]) =>
      `${stage.padEnd(40)} ${ms.toFixed(0).padStart(8)} ${cpuMs.toFixed(0).padStart(8)} ${perOrder(cpuMs).padStart(12)} ${String(count).padStart(6)}`,
  );
  const drain = `${"the whole drain (thread CPU)".padEnd(40)} ${"".padStart(8)} ${drainCpuMs.toFixed(0).padStart(8)} ${perOrder(drainCpuMs).padStart(12)}`;
  return `Inbox worker stage times:\n${header}\n${lines.join("\n")}\n${drain}`;
}

export function resetStageTimes(): void {
  totals.clear();
}

/**
 * Runs `statements` in `tx` as one batch; when measuring, one by one (what the batch does), each timed under
 * its table ("write: INSERT INTO LedgerLine").
 */
export async function batchTimed(tx: Transaction, statements: InStatement[]): Promise<void> {
  if (!enabled) {
    await tx.batch(statements);
    return;
  }
  for (const statement of statements) {
    const sql = typeof statement === "string" ? statement : statement.sql;
    const kind = /^\s*(INSERT INTO|UPDATE|DELETE FROM) "?(\w+)/.exec(sql)?.slice(1).join(" ") ?? "other";
    await timed(`write: ${kind}`, () => tx.execute(statement));
  }
}
