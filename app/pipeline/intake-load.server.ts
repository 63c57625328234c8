import { performance } from "node:perf_hooks";

/**
 * How busy the thread that acknowledges webhooks is, shared with the inbox worker's thread so the worker
 * can step aside during a burst.
 *
 * Acknowledging comes first: Shopify waits on every answer, while crediting an order a few seconds later
 * costs nobody anything. On two cores a burst of webhooks, the worker recording them, and the garbage
 * collector's helper threads would otherwise share the CPU evenly (a low nice value on the worker's thread
 * does not cover the collector's threads, which work for it), and the answers would slow down. The
 * acknowledging thread publishes its event-loop utilisation every tenth of a second; the worker reads it
 * between rounds and, while it is high, pauses for a multiple of the round it just did.
 */
export class IntakeLoad {
  private readonly cell: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.cell = new Int32Array(buffer, 0, 1);
  }

  /** The acknowledging thread's share of the last interval spent working, 0 to 1. */
  read(): number {
    return Atomics.load(this.cell, 0) / PER_MILLE;
  }

  write(utilisation: number): void {
    Atomics.store(this.cell, 0, Math.round(Math.min(1, Math.max(0, utilisation)) * PER_MILLE));
  }

  /** On the acknowledging thread: publishes its event-loop utilisation until the returned stop is called. */
  publish(everyMs = 100): () => void {
    let last = performance.eventLoopUtilization();
    const timer = setInterval(() => {
      const now = performance.eventLoopUtilization();
      this.write(performance.eventLoopUtilization(now, last).utilization);
      last = now;
    }, everyMs);
    timer.unref();
    return () => {
      clearInterval(timer);
      this.write(0);
    };
  }
}

const PER_MILLE = 1000;

/** Below this utilisation the acknowledging thread keeps up with ease and the worker does not rest. */
export const BUSY_FROM = 0.7;

/** From this utilisation on the acknowledging thread is saturated and the worker rests the most. */
export const SATURATED = 0.9;

/**
 * The most the worker rests, as a multiple of the round it just did, when the intake is saturated: it keeps
 * about a tenth of a core, and the backlog waits for the burst to pass. In between it rests in proportion.
 */
export const REST_PER_WORK = 9;

/** The worker looks at the intake again this often while resting, so it resumes soon after a burst. */
export const REST_SLICE_MS = 100;

/** How many times as long as its last round the worker should rest, given the intake's utilisation. */
export function restMultiple(intakeUtilisation: number): number {
  if (intakeUtilisation <= BUSY_FROM) return 0;
  return REST_PER_WORK * Math.min(1, (intakeUtilisation - BUSY_FROM) / (SATURATED - BUSY_FROM));
}

/** How the inbox worker gives way to the thread that acknowledges webhooks. */
export interface Pacing {
  /** That thread's recent event-loop utilisation, 0 to 1 (IntakeLoad.read). */
  intakeLoad: () => number;
  rest?: (ms: number) => Promise<void>;
}

const restFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * After a round of work that took `roundMs`: rests while the intake is busy, in slices, for at most
 * restMultiple(utilisation) times the round. Returns how long it rested.
 */
export async function giveWay(roundMs: number, pacing: Pacing): Promise<number> {
  const rest = pacing.rest ?? restFor;
  const most = Math.max(1, roundMs) * restMultiple(pacing.intakeLoad());
  let rested = 0;
  while (rested < most && pacing.intakeLoad() > BUSY_FROM) {
    const slice = Math.min(REST_SLICE_MS, most - rested);
    await rest(slice);
    rested += slice;
  }
  return rested;
}
