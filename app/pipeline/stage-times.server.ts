import { performance } from "node:perf_hooks";
import type { InStatement, Transaction } from "@libsql/client";

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
