// `npm run check:database`: SQLite's quick check of the whole database file (every page of every table and
// index), which start-up leaves out because its time grows with the shop's history (decision 0018). Run it
// after a crash, a disk problem or a restore; it only reads. Exit 0 when sound, 1 when damaged or unreadable.
import { existsSync, statSync } from "node:fs";
import { createClient } from "@libsql/client";
import { quickCheckProblem } from "../app/lib/database-integrity.js";

const databaseUrl = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
const file = databaseUrl.replace(/^file:/, "").replace(/\?.*$/, "");
if (!databaseUrl.startsWith("file:") || !existsSync(file)) {
  console.error(
    `There is no SQLite database at ${databaseUrl}: set DATABASE_URL to the app's database file.`,
  );
  process.exit(1);
}
const started = performance.now();
const client = createClient({ url: databaseUrl });
let problem;
try {
  problem = await quickCheckProblem(client);
} catch (error) {
  problem = String(error instanceof Error ? error.message : error).split("\n")[0];
} finally {
  client.close();
}
const took = `${(statSync(file).size / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`;
if (problem) {
  console.error(`The database ${file} is damaged (${problem}): restore it from a backup. Checked ${took}.`);
  process.exit(1);
}
console.log(`The database ${file} is sound: SQLite's quick check read all of it (${took}).`);
