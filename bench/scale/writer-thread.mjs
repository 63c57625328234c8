// The seeder's writer: runs batches of statements on its own connection, on its own thread, so that
// building the next rows and writing the last ones overlap. Each message is { id, statements }; the answer
// is { id, times } (seconds per statement kind and table, and the commit) or { id, error }.
import { parentPort, workerData } from "node:worker_threads";
import { createClient } from "@libsql/client";

const sqlite = createClient({ url: workerData.databaseUrl });
// The driver hands its connection to each transaction and opens a new one after it: every connection is
// set up for the bulk load before its transaction begins.
const bulkLoading = async () => {
  await sqlite.execute("PRAGMA journal_mode = OFF");
  await sqlite.execute("PRAGMA synchronous = OFF");
  await sqlite.execute("PRAGMA cache_size = -262144");
};

const kindOf = (sql) => {
  const match = /^\s*(\w+)\s+(?:INTO\s+)?"?(\w+)"?/i.exec(sql);
  return match ? `${match[1].toUpperCase()} ${match[2]}` : sql.slice(0, 30);
};

parentPort.on("message", async ({ id, statements }) => {
  const times = {};
  const time = (kind, started) => (times[kind] = (times[kind] ?? 0) + (performance.now() - started) / 1000);
  await bulkLoading();
  const tx = await sqlite.transaction("write");
  try {
    for (const statement of statements) {
      const started = performance.now();
      await tx.execute(statement);
      time(kindOf(typeof statement === "string" ? statement : statement.sql), started);
    }
    const started = performance.now();
    await tx.commit();
    time("COMMIT", started);
    parentPort.postMessage({ id, times });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  } finally {
    tx.close();
  }
});
