// One of the CSV export's threads (see export-threads.server): built on its own (vite.export-worker.config.ts,
// into build/export-worker/), so a thread loads the export's code alone, not the whole server.
//
// It is handed spans of the ledger (where each begins and ends, and its place in the file), builds each span's
// lines and hands back their bytes.
import { parentPort, workerData } from "node:worker_threads";
import { openFileRowReader } from "~/lib/row-reader.server";
import { LedgerCsvLines } from "./export.server";
import type { ExportSpan, ExportWorkerData, FromExportWorker, ToExportWorker } from "./export-threads.server";

const port = parentPort!;
const { file, shop, filters } = workerData as ExportWorkerData;
const reader = openFileRowReader(file);
const lines = new LedgerCsvLines(reader.read, shop, filters);

const spans: ExportSpan[] = [];
let running = false;
let closing = false;

function post(message: FromExportWorker, transfer: ArrayBuffer[] = []) {
  port.postMessage(message, transfer);
}

/**
 * Bytes whose buffer is theirs alone, so it can be handed to the main thread rather than copied. A small
 * Buffer shares Node's pool (and Buffer#slice is a view, not a copy): those few bytes are copied.
 */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (whole ? bytes : new Uint8Array(bytes)).buffer as ArrayBuffer;
}

async function run() {
  running = true;
  try {
    for (let span = spans.shift(); span && !closing; span = spans.shift()) {
      const buffer = ownBuffer(await lines.bytesOf(span));
      post({ type: "bytes", index: span.index, buffer }, [buffer]);
    }
  } catch (error) {
    post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    closing = true;
  }
  running = false;
  if (closing) close();
}

let closed = false;

function close() {
  if (closed) return;
  closed = true;
  reader.close();
  port.close();
}

port.on("message", (message: ToExportWorker) => {
  if (message.type === "close") {
    closing = true;
    spans.length = 0;
    if (!running) close();
    return;
  }
  spans.push({ index: message.index, from: message.from, to: message.to });
  if (!running) void run();
});
