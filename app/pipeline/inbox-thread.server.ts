import { setPriority } from "node:os";
import { Worker, type MessagePort } from "node:worker_threads";
import { sqliteWorkerData } from "~/lib/sqlite.server";
import type { InboxWorker } from "./inbox-worker.server";
import { IntakeLoad } from "./intake-load.server";

/**
 * The inbox worker on a thread of its own, so that recording orders (Prisma, the engine, the calls to
 * Shopify) never holds up the thread that acknowledges Shopify's webhooks. The thread loads this same
 * server bundle, with its own database connection and its own shopifyApp; writes on both threads take one
 * process-wide write lock (see sqlite.server). The main thread only wakes it, tells it how busy it is (see
 * intake-load.server), and, on shutdown, stops it.
 */

/** Marks the worker thread, so the bundle it loads knows to run the inbox worker rather than serve. */
export const INBOX_THREAD_ROLE = "inbox-worker";

/** What the bundle finds in workerData on the worker's thread. */
export interface InboxThreadData {
  role: typeof INBOX_THREAD_ROLE;
  /** The main thread's IntakeLoad, which the worker reads to give way during a burst. */
  intakeLoad: SharedArrayBuffer;
}

type ToThread = { type: "wake" } | { type: "stop" };
type FromThread = { type: "stopped" };

const RESTART_DELAY_MS = 1_000;

/** Main-thread side: starts the thread, wakes it when a delivery is stored, tells it how busy we are. */
export class InboxThread {
  private worker: Worker | null = null;
  private stopping = false;
  private stopped: (() => void) | null = null;
  private wakePending = false;
  private readonly intakeLoad = new IntakeLoad();
  private stopPublishing: (() => void) | null = null;

  constructor(
    /** The module the thread runs: this app's server bundle. */
    private readonly entry: string | URL,
    private readonly log: (message: string) => void = console.error,
  ) {}

  start(): void {
    if (this.worker || this.stopping) return;
    this.stopPublishing ??= this.intakeLoad.publish();
    const data: InboxThreadData = { role: INBOX_THREAD_ROLE, intakeLoad: this.intakeLoad.buffer };
    // The thread inherits the process's --import preloads: the Shopify emulator answers its calls too.
    const worker = new Worker(this.entry, { workerData: { ...data, ...sqliteWorkerData() } });
    worker.on("message", (message: FromThread) => {
      if (message.type === "stopped") this.stopped?.();
    });
    worker.on("error", (error) => this.log(`Inbox worker thread failed: ${error.message}`));
    worker.on("exit", (code) => {
      this.worker = null;
      this.stopped?.();
      if (this.stopping) return;
      // Deliveries are safe in the inbox: a new thread resumes them.
      this.log(`Inbox worker thread exited (code ${code}); starting another`);
      setTimeout(() => this.start(), RESTART_DELAY_MS).unref();
    });
    this.worker = worker;
  }

  /** A delivery was stored. They come in bursts: the thread is woken once per turn of the event loop. */
  notify(): void {
    if (this.wakePending) return;
    this.wakePending = true;
    setImmediate(() => {
      this.wakePending = false;
      this.worker?.postMessage({ type: "wake" } satisfies ToThread);
    });
  }

  /** Lets the thread finish the batch in hand, then ends it. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopPublishing?.();
    const worker = this.worker;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      this.stopped = resolve;
      worker.postMessage({ type: "stop" } satisfies ToThread);
    });
    await worker.terminate();
  }
}

/** Thread side: runs `worker` until the main thread says stop, waking it when a delivery is stored. */
export function runInboxThread(
  port: MessagePort,
  worker: Pick<InboxWorker, "start" | "notify" | "stop">,
): void {
  // Acknowledging webhooks comes first: on a busy machine the scheduler favours the main thread, and
  // the worker catches up in the gaps (Linux nice values are per thread).
  try {
    setPriority(10);
  } catch {
    // Not permitted here: the thread runs at normal priority.
  }
  port.on("message", (message: ToThread) => {
    if (message.type === "wake") worker.notify();
    else if (message.type === "stop") {
      void worker.stop().then(() => port.postMessage({ type: "stopped" } satisfies FromThread));
    }
  });
  worker.start();
}
