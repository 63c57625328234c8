// The seeder's writer: runs batches of statements on its own connection, on its own thread, so that
// building the next rows and writing the last ones overlap. Each message is { id, statements }; the answer
// is { id } or { id, error }.
import { parentPort, workerData } from "node:worker_threads";
import { createClient } from "@libsql/client";

const sqlite = createClient({ url: workerData.databaseUrl });
await sqlite.execute("PRAGMA journal_mode = OFF");
await sqlite.execute("PRAGMA synchronous = OFF");
await sqlite.execute("PRAGMA cache_size = -262144");

parentPort.on("message", async ({ id, statements }) => {
  try {
    await sqlite.batch(statements, "write");
    parentPort.postMessage({ id });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
