/**
 * Seeds a store's history into a database: `npm run bench:seed -- --database <file> [--size 25k|250k|330k|1m]`.
 * The file is created and migrated when it does not exist; seeding a database that holds these shops
 * already fails (their rows are unique).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { migrateDatabase } from "~root/scripts/lib/app-server.mjs";
import { SIZES, seedDatabase } from "./seed";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const database = argument("database");
const size = (argument("size") ?? "250k").toLowerCase();
if (!database || !(size in SIZES)) {
  console.error(`Usage: npm run bench:seed -- --database <file> [--size ${Object.keys(SIZES).join("|")}]`);
  process.exit(1);
}
const url = `file:${path.resolve(database)}`;
if (!existsSync(database)) migrateDatabase(url);
const report = await seedDatabase(url, { orders: SIZES[size] });
console.log(JSON.stringify(report, null, 2));
