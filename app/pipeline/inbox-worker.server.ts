import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { WebhookDelivery } from "@prisma/client";
import { autoApprove } from "~/models/ledger/review.server";
import { findDueDeliveries, nextDueAt } from "./inbox.server";
import { giveWay, type Pacing } from "./intake-load.server";
import { moveSpooled } from "./spool.server";
import { scrubErasedBytes } from "./compliance.server";
import { resetStageTimes, stageTimesReport, threadCpuMs, timed } from "./stage-times.server";
import {
  processDelivery,
  processOrderDeliveries,
  type ProcessDeps,
  type ProcessOutcome,
} from "./process-delivery.server";

export interface DrainSummary {
  processed: number;
  waiting: number;
  retry: number;
  needsAttention: number;
  deferred: number;
}

/**
 * The most deliveries a look takes. Without a backlog a look takes the few that are due; with one (after a
 * burst), 500 orders share each of a batch's fixed costs: moving the spool, finding what is due, the
 * program's state, the question to Shopify about their customers, and one write transaction.
 */
export const BATCH_SIZE = 500;

/** How many shops are worked on at once: each shop's deliveries in order, the shops side by side. */
export const SHOP_LANES = 4;

/** While a shop's work is in hand (a slow Shopify call, say), how often to look for other shops' deliveries. */
const LOOK_AGAIN_MS = 100;

/**
 * Processes every delivery due now, oldest first, until none is due. Each shop's due deliveries are worked
 * in a lane of their own — its new orders recorded together, then the others one by one (a refund that beat
 * its order waits for it) — and up to SHOP_LANES shops side by side, so that a shop waiting on Shopify (up
 * to the call's timeout) holds up no other shop. With `pacing`, it rests between looks while webhooks are
 * pouring in; once `stopping` says so, it starts nothing new and ends when the work in hand is done.
 * When personal data was erased, the files' logs are checkpointed away (scrubErasedBytes).
 */
export async function drainInbox(
  deps: ProcessDeps,
  {
    pacing,
    stopping = () => false,
    batchSize = BATCH_SIZE,
  }: { pacing?: Pacing; stopping?: () => boolean; batchSize?: number } = {},
): Promise<DrainSummary> {
  resetStageTimes();
  const drainStarted = performance.now();
  const drainCpuStarted = threadCpuMs();
  const summary: DrainSummary = { processed: 0, waiting: 0, retry: 0, needsAttention: 0, deferred: 0 };
  const count: Record<ProcessOutcome, keyof DrainSummary> = {
    processed: "processed",
    waiting: "waiting",
    retry: "retry",
    needs_attention: "needsAttention",
    deferred: "deferred",
  };
  let erased = false;
  const laneDeps: ProcessDeps = {
    ...deps,
    onErased: () => {
      erased = true;
      deps.onErased?.();
    },
  };
  const lanes = new Map<string, Promise<void>>();
  const startLane = (shop: string, deliveries: WebhookDelivery[]) => {
    const orders = deliveries.filter((delivery) => delivery.topic === "orders/create");
    const others = deliveries.filter((delivery) => delivery.topic !== "orders/create");
    const lane = (async () => {
      if (orders.length > 0) {
        for (const outcome of await processOrderDeliveries(shop, orders, laneDeps))
          summary[count[outcome]] += 1;
      }
      for (const delivery of others) summary[count[await processDelivery(delivery, laneDeps)]] += 1;
    })().finally(() => lanes.delete(shop));
    lanes.set(shop, lane);
  };
  const scrub = async () => {
    if (!erased) return;
    erased = false;
    if (!(await scrubErasedBytes(deps.sqlite, await deps.spool()))) erased = true;
  };

  try {
    while (!stopping()) {
      const roundStarted = performance.now();
      await timed("spool move", async () => moveSpooled(await deps.spool(), deps.sqlite));
      if (lanes.size < SHOP_LANES) {
        const due = await timed("find due deliveries", () =>
          findDueDeliveries(deps.sqlite, deps.now(), batchSize, [...lanes.keys()]),
        );
        const byShop = new Map<string, WebhookDelivery[]>();
        for (const delivery of due)
          byShop.set(delivery.shop, [...(byShop.get(delivery.shop) ?? []), delivery]);
        for (const [shop, deliveries] of byShop) {
          if (lanes.size >= SHOP_LANES) break;
          startLane(shop, deliveries);
        }
      }
      if (lanes.size === 0) break;
      // Until a lane is done; while lanes are free, looking again soon for other shops' deliveries.
      await timed("lanes", () =>
        Promise.race(
          lanes.size < SHOP_LANES ? [...lanes.values(), sleep(LOOK_AGAIN_MS)] : [...lanes.values()],
        ),
      );
      await scrub();
      if (pacing) await timed("rest", () => giveWay(performance.now() - roundStarted, pacing));
    }
  } finally {
    await Promise.allSettled(lanes.values());
    await scrub();
  }
  if (summary.processed >= 1000) {
    const report = stageTimesReport(summary.processed, threadCpuMs() - drainCpuStarted);
    if (report)
      console.error(
        `${summary.processed} processed in ${(performance.now() - drainStarted).toFixed(0)} ms. ${report}`,
      );
  }
  return summary;
}

export interface InboxWorkerOptions extends ProcessDeps {
  /** Longest sleep between looks at the inbox; a stored delivery wakes the worker at once. */
  pollMs?: number;
  autoApproveEveryMs?: number;
  /**
   * After a delivery wakes the worker, how long it waits for more to arrive, so that under load orders
   * are recorded many to a transaction rather than one by one.
   */
  batchWindowMs?: number;
  /** Given when the worker shares the CPU with the thread that acknowledges webhooks. */
  pacing?: Pacing;
  log?: (message: string) => void;
}

/**
 * Drains the inbox inside the app process. On start it resumes whatever a crash left unprocessed; then
 * it sleeps until the next retry is due, a poll interval passes, or `notify` says a delivery arrived.
 */
export class InboxWorker {
  private running = false;
  private wake: (() => void) | null = null;
  /** Set by a notify that came while the worker was busy, so the next sleep is skipped. */
  private notified = false;
  private loop: Promise<void> | null = null;
  private lastAutoApproval = 0;
  /** Settled when the worker next goes to sleep; null while it sleeps. */
  private awake: Promise<void> | null = null;
  private goToSleep: () => void = () => {};

  constructor(private readonly options: InboxWorkerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  notify(): void {
    this.notified = true;
    this.wake?.();
  }

  /**
   * Resolves once the worker sleeps (from being woken to going back to sleep it has a batch in hand): for
   * work that shares this thread and must not slow crediting down (the email worker). It first lets the
   * thread's event loop turn: Prisma on SQLite answers without one, so a caller that awaits only queries
   * would otherwise keep the wake-up message and the worker's timers waiting until it is done.
   */
  async whenIdle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.awake) await this.awake;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const {
      pollMs = 1_000,
      autoApproveEveryMs = 60_000,
      batchWindowMs = 50,
      log = console.error,
    } = this.options;
    this.wakeUp();
    try {
      while (this.running) {
        this.notified = false;
        try {
          await drainInbox(this.options, {
            pacing: this.options.pacing,
            stopping: () => !this.running,
          });
          const now = this.options.now();
          if (now.getTime() - this.lastAutoApproval >= autoApproveEveryMs) {
            this.lastAutoApproval = now.getTime();
            await autoApprove(this.options.db, now);
          }
        } catch (error) {
          log(`Inbox worker: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (!this.running) break;
        const next = await nextDueAt(this.options.db).catch(() => null);
        const untilNext = next ? next.getTime() - this.options.now().getTime() : pollMs;
        this.goToSleep();
        const woken = await this.sleep(Math.max(0, Math.min(pollMs, untilNext)));
        this.wakeUp();
        if (woken && this.running) await new Promise((resolve) => setTimeout(resolve, batchWindowMs));
      }
    } finally {
      this.goToSleep();
    }
  }

  private wakeUp(): void {
    if (this.awake) return;
    this.awake = new Promise((resolve) => {
      this.goToSleep = () => {
        this.awake = null;
        this.goToSleep = () => {};
        resolve();
      };
    });
  }

  /** Resolves true when `notify` ended the sleep, false when its time ran out. */
  private sleep(ms: number): Promise<boolean> {
    if (this.notified) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(false);
      }, ms);
      this.wake = () => {
        this.wake = null;
        clearTimeout(timer);
        resolve(true);
      };
    });
  }
}
