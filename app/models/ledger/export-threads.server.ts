// The ledger's CSV export on two threads: a million lines are ≈ 11–13 µs each of one thread's CPU, so one thread
// cannot give them in under 10 s; two can. The file is cut into spans of about a chunk by when the lines were
// recorded (spanEnd: an index seek, made on this thread one after another), and each span is built by whichever
// thread is free: another thread kept a couple of spans ahead, or this one when the span the reader needs next
// is not ready. The bytes are exactly those of ledgerCsvStream (docs/decisions/0027).
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Client } from "@libsql/client";
import { rowReaderFor, sqliteFile, type RowReader } from "~/lib/row-reader.server";
import { giveBackWhenWritten } from "~/lib/write-body.js";
import {
  ledgerCsvHeader,
  ledgerCsvStream,
  LedgerCsvLines,
  spanEnd,
  wholeSpan,
  type LedgerExportFilters,
  type RecordedSpan,
} from "./export.server";

/** What a thread is started with. */
export interface ExportWorkerData {
  file: string;
  shop: string;
  filters: LedgerExportFilters;
}

/** A span of the file to build, and where it is in the file. */
export interface ExportSpan extends RecordedSpan {
  index: number;
}

export type ToExportWorker = ({ type: "span" } & ExportSpan) | { type: "close" };

export type FromExportWorker =
  | { type: "bytes"; index: number; buffer: ArrayBuffer }
  | { type: "failed"; message: string };

/** Lines per span: about a chunk of the single-threaded stream (≈ 280 KB). */
const SPAN_LINES = 1_000;

/** Spans another thread is given before it has built the last: enough that it never waits for this thread. */
const WORKER_QUEUE = 2;

/**
 * The thread's young generation: 16 MB. V8's default here is twice that, all of it touched by a thread that
 * allocates as fast as this one; with 4–8 MB the pages in progress were promoted and the old generation grew
 * instead (docs/decisions/0027). Node's --max-semi-space-size would override it: `npm start` does not set it.
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 16 };

/**
 * Spans made and not yet taken by the reader (≈ 840 KB): what a slow download lets pile up, and what waits in
 * memory meanwhile. Few: a span that waits through two of this thread's young collections is promoted, and its
 * bytes are then freed only by a full collection; with six, the server grew 87–132 MB over a million lines, with
 * three 60–82 MB and no slower (with two, slower: 10 s).
 */
const SPANS_AHEAD = 3;

/**
 * The built export thread (`npm run build` writes it beside the server bundle), or null when this code is not
 * running from the build (the dev server, tests of the route): the export then runs on this thread.
 */
export function builtExportWorker(): string | null {
  const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../export-worker/index.js");
  return existsSync(entry) ? entry : null;
}

/**
 * The shop's ledger as CSV, as the route serves it: on this thread and another when the database is a SQLite
 * file, the export thread is built and the machine has two cores, else on this one alone (the same bytes).
 */
export function ledgerCsvExport(
  databaseUrl: string,
  client: Client,
  shop: string,
  filters: LedgerExportFilters,
  worker: string | null = builtExportWorker(),
): ReadableStream<Uint8Array> {
  const read = rowReaderFor(databaseUrl, client);
  const file = sqliteFile(databaseUrl);
  if (!file || !worker || availableParallelism() < 2) return ledgerCsvStream(read, shop, filters);
  return ledgerCsvStreamOnThreads({ worker, file, read, shop, filters, workers: 1 });
}

export interface ExportThreadsOptions {
  /** The thread's module (builtExportWorker()). */
  worker: string;
  /** The SQLite file. */
  file: string;
  /** This thread's reader of that file (rowReaderFor). */
  read: RowReader;
  shop: string;
  filters: LedgerExportFilters;
  /** Threads building spans besides this one. */
  workers: number;
  spanLines?: number;
}

/**
 * The export's bytes, built by `workers` other threads and by this one, in the file's order.
 *
 * Spans are made here one after another (each begins where the last ends). Each other thread is kept
 * WORKER_QUEUE spans ahead; this thread builds the next span itself whenever the one the reader needs is not
 * ready, so the work shares itself out between threads however busy this one is with writing the response
 * (it built 40–50 % of a million lines). At most SPANS_AHEAD spans are made and not yet read, so a slow download
 * stops every thread. The other threads end with the stream (read to the end, cancelled, or failed).
 */
export function ledgerCsvStreamOnThreads(options: ExportThreadsOptions): ReadableStream<Uint8Array> {
  const { filters, read, shop } = options;
  const spanLines = options.spanLines ?? SPAN_LINES;
  const lines = new LedgerCsvLines(read, shop, filters);
  const workers: Array<{ thread: Worker; queued: number }> = [];
  /** Spans built and not yet taken, by index. */
  const built = new Map<number, Buffer>();
  let made = 0;
  let taken = 0;
  /** Where the next span begins. */
  let nextFrom: string | null = wholeSpan(filters).from;
  let making = false;
  /** The last span's index, once a span said it runs to the end. */
  let last = Number.POSITIVE_INFINITY;
  let failure: Error | null = null;
  let ended = false;
  let header = true;
  let wakeReader: (() => void) | null = null;
  const wake = () => {
    const waiting = wakeReader;
    wakeReader = null;
    waiting?.();
  };

  const fail = (error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
    wake();
  };

  /**
   * Makes the next span, if the reader is not too far behind: where it ends is found here (an index seek), so
   * spans are made one after another on this thread, whichever thread builds them.
   */
  const makeSpan = async (): Promise<ExportSpan | null> => {
    if (making || ended || made > last || made - taken >= SPANS_AHEAD) return null;
    making = true;
    try {
      const index = made;
      const from = nextFrom;
      const to = await spanEnd(read, shop, filters, from, spanLines);
      made += 1;
      if (to === null) last = index;
      else nextFrom = to;
      return { index, from, to };
    } finally {
      making = false;
    }
  };

  /** Keeps each other thread's queue full. */
  const handOut = async () => {
    for (;;) {
      const worker = workers.find((candidate) => candidate.queued < WORKER_QUEUE);
      if (!worker) return;
      const span = await makeSpan();
      if (!span) return;
      worker.queued += 1;
      worker.thread.postMessage({ type: "span", ...span } satisfies ToExportWorker);
    }
  };

  const end = () => {
    if (ended) return;
    ended = true;
    // Each thread finishes the span in hand, closes its connection and exits.
    for (const { thread } of workers) thread.postMessage({ type: "close" } satisfies ToExportWorker);
  };

  const start = () => {
    const workerData: ExportWorkerData = { file: options.file, shop, filters };
    for (let i = 0; i < options.workers; i++) {
      // No execArgv of the process: the thread reads the database and nothing else, so it loads none of the
      // process's preloads (the demo's and the benchmarks' Shopify emulator would double its memory).
      const thread = new Worker(options.worker, { workerData, execArgv: [], resourceLimits: THREAD_LIMITS });
      const worker = { thread, queued: 0 };
      worker.thread.on("message", (message: FromExportWorker) => {
        if (message.type === "bytes") {
          worker.queued -= 1;
          // A Buffer over the thread's bytes, not a copy (compression() gives a Buffer to zlib as it is).
          built.set(message.index, Buffer.from(message.buffer));
          void handOut().catch(fail);
          wake();
        } else {
          fail(new Error(`The export failed: ${message.message}`));
        }
      });
      worker.thread.on("error", (error) => fail(error));
      worker.thread.on("exit", (code) => {
        if (!ended)
          fail(new Error(`An export thread stopped (exit code ${code}) before the export was done`));
      });
      workers.push(worker);
    }
    void handOut().catch(fail);
  };

  /** The next span's bytes, in the file's order (null after the last). */
  const nextSpan = async (): Promise<Uint8Array | null> => {
    for (;;) {
      if (failure) throw failure;
      if (taken > last) return null;
      const bytes = built.get(taken);
      if (bytes) {
        built.delete(taken);
        taken += 1;
        await handOut();
        // A span can be empty (the whole file's, when no line matches): the reader is given the next.
        if (bytes.byteLength === 0) continue;
        // Its memory freed as soon as the response has written it.
        return giveBackWhenWritten(bytes);
      }
      const span = await makeSpan();
      if (span) {
        built.set(span.index, await lines.bytesOf(span));
        // The other threads' messages wait for this thread's event loop: let them in before going on.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      await new Promise<void>((resolve) => (wakeReader = resolve));
    }
  };

  return new ReadableStream<Uint8Array>(
    {
      start,
      async pull(controller) {
        if (header) {
          header = false;
          controller.enqueue(ledgerCsvHeader());
          return;
        }
        try {
          const bytes = await nextSpan();
          if (bytes) controller.enqueue(bytes);
          else {
            end();
            controller.close();
          }
        } catch (error) {
          end();
          controller.error(error);
        }
      },
      cancel() {
        end();
      },
    },
    { highWaterMark: 1 },
  );
}
