// The seeder's writer: runs batches of statements on its own connection, on its own thread, so that
// building the next rows and writing the last ones overlap. Each message is { id, statements }; the answer
// is { id, times } (seconds per statement kind and table, and the commit) or { id, error }.
// It writes through libsql's own Database (the driver underneath @libsql/client), keeping each statement
// prepared: a batch sends the same few 500-row INSERTs again and again, and preparing them anew each time
// was a third of the writer's time.
import { parentPort, workerData } from "node:worker_threads";
import Database from "libsql";

const db = new Database(new URL(workerData.databaseUrl).pathname);
// The seeder's other connections write between batches: wait for them rather than fail.
db.pragma("busy_timeout = 60000");
// Seeding writes a history at once into a new file: no crash to survive, so no journal to keep (set when
// the first batch comes: the seeder's main connection is busy setting the file up until then).
let bulkLoading = false;

const prepared = new Map();
const statementFor = (sql) => {
  let statement = prepared.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    prepared.set(sql, statement);
  }
  return statement;
};

const kindOf = (sql) => {
  const match = /^\s*(\w+)\s+(?:INTO\s+)?"?(\w+)"?/i.exec(sql);
  return match ? `${match[1].toUpperCase()} ${match[2]}` : sql.slice(0, 30);
};

parentPort.on("message", ({ id, statements }) => {
  const times = {};
  const time = (kind, started) => (times[kind] = (times[kind] ?? 0) + (performance.now() - started) / 1000);
  try {
    if (!bulkLoading) {
      db.pragma("journal_mode = OFF");
      db.pragma("synchronous = OFF");
      db.pragma("cache_size = -262144");
      bulkLoading = true;
    }
    db.exec("BEGIN IMMEDIATE");
    try {
      for (const statement of statements) {
        const started = performance.now();
        const sql = typeof statement === "string" ? statement : statement.sql;
        statementFor(sql).run(typeof statement === "string" ? [] : (statement.args ?? []));
        time(kindOf(sql), started);
      }
      const started = performance.now();
      db.exec("COMMIT");
      time("COMMIT", started);
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
    parentPort.postMessage({ id, times });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
