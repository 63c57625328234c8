import { autoApprove } from "~/models/ledger/review.server";
import { findDueDeliveries, nextDueAt } from "./inbox.server";
import { processDelivery, type ProcessDeps, type ProcessOutcome } from "./process-delivery.server";

export interface DrainSummary {
  processed: number;
  waiting: number;
  retry: number;
  needsAttention: number;
}

const BATCH_SIZE = 100;

/** Processes every delivery due now, oldest first, until none is due. */
export async function drainInbox(deps: ProcessDeps): Promise<DrainSummary> {
  const summary: DrainSummary = { processed: 0, waiting: 0, retry: 0, needsAttention: 0 };
  const count: Record<ProcessOutcome, keyof DrainSummary> = {
    processed: "processed",
    waiting: "waiting",
    retry: "retry",
    needs_attention: "needsAttention",
  };
  for (;;) {
    const due = await findDueDeliveries(deps.db, deps.now(), BATCH_SIZE);
    if (due.length === 0) return summary;
    for (const delivery of due) {
      summary[count[await processDelivery(delivery, deps)]] += 1;
    }
  }
}

export interface InboxWorkerOptions extends ProcessDeps {
  /** Longest sleep between looks at the inbox; a stored delivery wakes the worker at once. */
  pollMs?: number;
  autoApproveEveryMs?: number;
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
    const { pollMs = 1_000, autoApproveEveryMs = 60_000, log = console.error } = this.options;
    while (this.running) {
      this.notified = false;
      try {
        await drainInbox(this.options);
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
      await this.sleep(Math.max(0, Math.min(pollMs, untilNext)));
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.notified) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
