import { performance } from "node:perf_hooks";
import type { WebhookDelivery } from "@prisma/client";
import { autoApprove } from "~/models/ledger/review.server";
import { findDueDeliveries, nextDueAt } from "./inbox.server";
import { giveWay, type Pacing } from "./intake-load.server";
import { moveSpooled } from "./spool.server";
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
 * The most deliveries a round takes. Without a backlog a round takes the few that are due; with one (after a
 * burst), 500 orders share each of the round's fixed costs: moving the spool, finding what is due, the
 * program's state, the question to Shopify about their customers, and one write transaction.
 */
export const BATCH_SIZE = 500;

/**
 * Processes every delivery due now, oldest first, until none is due. Each round records the new orders of
 * a shop together, then the other deliveries one by one (a refund that beat its order waits for it).
 * With `pacing`, it rests between rounds while webhooks are pouring in; once `stopping` says so, it ends
 * after the round in hand.
 */
export async function drainInbox(
  deps: ProcessDeps,
  {
    pacing,
    stopping = () => false,
    batchSize = BATCH_SIZE,
  }: { pacing?: Pacing; stopping?: () => boolean; batchSize?: number } = {},
): Promise<DrainSummary> {
  const summary: DrainSummary = { processed: 0, waiting: 0, retry: 0, needsAttention: 0, deferred: 0 };
  const count: Record<ProcessOutcome, keyof DrainSummary> = {
    processed: "processed",
    waiting: "waiting",
    retry: "retry",
    needs_attention: "needsAttention",
    deferred: "deferred",
  };
  while (!stopping()) {
    const roundStarted = performance.now();
    await moveSpooled(await deps.spool(), deps.sqlite);
    const due = await findDueDeliveries(deps.db, deps.now(), batchSize);
    if (due.length === 0) return summary;
    const ordersByShop = new Map<string, WebhookDelivery[]>();
    const others: WebhookDelivery[] = [];
    for (const delivery of due) {
      if (delivery.topic === "orders/create") {
        ordersByShop.set(delivery.shop, [...(ordersByShop.get(delivery.shop) ?? []), delivery]);
      } else {
        others.push(delivery);
      }
    }
    for (const [shop, deliveries] of ordersByShop) {
      for (const outcome of await processOrderDeliveries(shop, deliveries, deps))
        summary[count[outcome]] += 1;
    }
    for (const delivery of others) {
      summary[count[await processDelivery(delivery, deps)]] += 1;
    }
    if (pacing) await giveWay(performance.now() - roundStarted, pacing);
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
      const woken = await this.sleep(Math.max(0, Math.min(pollMs, untilNext)));
      if (woken && this.running) await new Promise((resolve) => setTimeout(resolve, batchWindowMs));
    }
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
