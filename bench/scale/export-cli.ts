/**
 * The ledger's CSV export in this process, against a seeded database, into a file:
 * `npm run bench:export -- --database <file> [--shop <shop>] [--out <file.csv>] [--status approved] [--module <file>]
 * [--threads <n>]`. With `--threads`, on that many export threads as the production server builds it (the built
 * thread: run `npm run build` first), else on this thread.
 *
 * Reads through the export's own read-only connection (as the route does) and writes with backpressure (a
 * chunk is read only once the file has taken the last one, as `server.mjs` writes the response), so the
 * figures are the export's own: time to the first bytes and to the last, CPU time (user + system, which a
 * shared machine's load does not inflate as it does wall time), and how much the resident memory grew.
 * The file written is what the route serves, for comparing two versions byte for byte (`cmp`).
 */
import { createWriteStream, existsSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { rowReaderFor } from "~/lib/row-reader.server";
import { ledgerCsvStreamOnThreads } from "~/models/ledger/export-threads.server";
import * as thisExport from "~/models/ledger/export.server";
import type { LedgerExportFilters } from "~/models/ledger/export.server";
import { BIG_SHOP } from "./seed";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const database = argument("database");
if (!database) {
  console.error(
    "Usage: npm run bench:export -- --database <file> [--shop <shop>] [--out <file.csv>] [--status <status>]",
  );
  process.exit(1);
}
const url = `file:${path.resolve(database)}`;
const shop = argument("shop") ?? BIG_SHOP;
const filters: LedgerExportFilters = {
  status: argument("status") ?? null,
  affiliateId: argument("affiliate") ?? null,
  type: argument("type") ?? null,
};
const out = argument("out") ?? "/dev/null";
const threads = argument("threads") ? Number(argument("threads")) : 0;
const worker = path.resolve("build/export-worker/index.js");
if (threads > 0 && !existsSync(worker)) {
  console.error("No built export thread: run `npm run build` first.");
  process.exit(1);
}

const client = createClient({ url });
const file = createWriteStream(out);

// Another version of the export module (e.g. main's, copied beside this one) to compare with this checkout's,
// loaded before the clock starts (its transform is no part of the export's time).
const exportModule = argument("module")
  ? ((await import(path.resolve(argument("module")!))) as typeof thisExport)
  : thisExport;

const mb = (bytes: number) => bytes / 2 ** 20;
const memoryBefore = process.memoryUsage();
const rssBefore = mb(memoryBefore.rss);
let rssHighest = rssBefore;
// Where the memory was when the process was largest: V8's heap, or outside it (buffers, the driver's own).
let atHighest = memoryBefore;
const sampler = setInterval(() => {
  const memory = process.memoryUsage();
  if (mb(memory.rss) > rssHighest) {
    rssHighest = mb(memory.rss);
    atHighest = memory;
  }
}, 25);
const cpuBefore = process.cpuUsage();
const started = performance.now();
let firstByteMs = 0;
let bytes = 0;
let lines = 0;
const stream =
  threads > 0
    ? ledgerCsvStreamOnThreads({
        worker,
        file: path.resolve(database),
        read: rowReaderFor(url, client),
        shop,
        filters,
        workers: threads - 1,
      })
    : exportModule.ledgerCsvStream(rowReaderFor(url, client), shop, filters);
// As the server does (app/lib/write-body.js): the next chunk is read once the file took the last.
const reader = stream.getReader();
for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
  if (bytes === 0) firstByteMs = performance.now() - started;
  bytes += chunk.value.byteLength;
  for (let i = 0; i < chunk.value.length; i++) if (chunk.value[i] === 10) lines += 1;
  if (!file.write(chunk.value)) await new Promise<void>((resolve) => file.once("drain", () => resolve()));
}
const wholeMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
await new Promise<void>((resolve) => file.end(resolve));
client.close();
console.log(
  JSON.stringify({
    shop,
    filters,
    threads,
    lines: lines - 1,
    mb: Number((bytes / 1e6).toFixed(1)),
    firstByteMs: Math.round(firstByteMs),
    wholeMs: Math.round(wholeMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    rssGrowthMb: Math.round(rssHighest - rssBefore),
    // At the highest RSS, growth of V8's heap (total, used) and of memory outside it, in MB.
    heapTotalGrowthMb: Math.round(mb(atHighest.heapTotal - memoryBefore.heapTotal)),
    heapUsedGrowthMb: Math.round(mb(atHighest.heapUsed - memoryBefore.heapUsed)),
    externalGrowthMb: Math.round(mb(atHighest.external - memoryBefore.external)),
    otherGrowthMb: Math.round(
      mb(
        atHighest.rss -
          memoryBefore.rss -
          (atHighest.heapTotal - memoryBefore.heapTotal) -
          (atHighest.external - memoryBefore.external),
      ),
    ),
    loadAverage: loadavg().map((load) => Number(load.toFixed(2))),
  }),
);
