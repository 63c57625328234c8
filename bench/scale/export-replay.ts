/**
 * The export's JavaScript alone, without the driver: the pages are read from the database once (by this
 * checkout's module), then each version of the export module runs over the same rows, alternating, several
 * times; CPU and GC time per run. `npx vite-node --config vitest.config.ts bench/scale/export-replay.ts --
 * --database <file> [--module <another export.server.ts>] [--rounds 5]`.
 */
import path from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { createClient } from "@libsql/client";
import { rowReaderFor, type RowQuery } from "~/lib/row-reader.server";
import * as thisExport from "~/models/ledger/export.server";
import { BIG_SHOP } from "./seed";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
const url = `file:${path.resolve(argument("database")!)}`;
const shop = argument("shop") ?? BIG_SHOP;
const rounds = Number(argument("rounds") ?? 3);
const other = argument("module")
  ? ((await import(path.resolve(argument("module")!))) as typeof thisExport)
  : null;
const client = createClient({ url });
const live = rowReaderFor(url, client);
const recorded = new Map<string, unknown[][]>();
const key = (query: RowQuery) => JSON.stringify(query);
const recording = async (query: RowQuery) => {
  const rows = await live(query);
  recorded.set(key(query), rows);
  return rows;
};
const replay = async (query: RowQuery) => {
  const rows = recorded.get(key(query));
  if (!rows) throw new Error(`not recorded: ${query.sql.slice(0, 80)}`);
  return rows;
};
async function consume(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  let bytes = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
    bytes += chunk.value.byteLength;
  return bytes;
}
const modules = other ? { other, this: thisExport } : { this: thisExport };
// Record with this checkout's module; the other must ask the same queries (else it says so).
await consume(thisExport.ledgerCsvStream(recording, shop));
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ type: "gc" });
const gcByModule: Record<string, number[]> = {};
const bytesByModule: Record<string, number> = {};
const results: Record<string, number[]> = {};
for (let round = 0; round < rounds; round++) {
  for (const [name, module] of Object.entries(modules)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const gcBefore = gcMs;
    const before = process.cpuUsage();
    bytesByModule[name] = await consume(module.ledgerCsvStream(replay, shop));
    const cpu = process.cpuUsage(before);
    (results[name] ??= []).push(Math.round((cpu.user + cpu.system) / 1000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    (gcByModule[name] ??= []).push(Math.round(gcMs - gcBefore));
  }
}
console.log(JSON.stringify({ bytes: bytesByModule, cpuMs: results, gcMs: gcByModule }));
client.close();
