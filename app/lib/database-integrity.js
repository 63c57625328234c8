// @ts-check
// Whether a SQLite file is sound, two ways (decision 0018). At start (server.mjs), a check whose cost does not
// grow with the shop's history: SQLite's quick check of its schema, then the first and the last row of every
// table the app needs, which reads each table's b-tree from its root down both edges. On a command
// (`npm run check:database`), SQLite's quick check of the whole file: every page of every table and index,
// about 25 s per GB on these machines, so a big merchant's server would otherwise take a minute to start.
// Plain JavaScript checked by TypeScript, so server.mjs and the command import it before any build.

/** @typedef {Pick<import("@libsql/client").Client, "execute">} SqliteClient */

/**
 * The first line of what SQLite's quick check reports, or null when it says "ok". `table` limits it to one
 * table and its indexes (SQLite 3.33+); without it, the whole file.
 * @param {SqliteClient} client
 * @param {string} [table]
 */
export async function quickCheckProblem(client, table) {
  const { rows } = await client.execute(table ? `PRAGMA quick_check("${table}")` : "PRAGMA quick_check(1)");
  const row = /** @type {Record<string, unknown>} */ (rows[0] ?? {});
  const verdict = String(row.quick_check ?? Object.values(row)[0] ?? "");
  return verdict === "ok" ? null : verdict.split("\n")[0];
}

/**
 * The start-up check: the schema's own table checked whole (it is small: one row per table and index), then
 * each of `tables` read at both ends by its rowid. A damaged page on either path fails with SQLITE_CORRUPT
 * (thrown); a damaged page deep inside a big table is left to the full check. Returns a first line of what is
 * wrong, or null.
 * @param {SqliteClient} client
 * @param {string[]} tables
 */
export async function startupIntegrityProblem(client, tables) {
  const schema = await quickCheckProblem(client, "sqlite_schema");
  if (schema) return schema;
  for (const table of tables) {
    await client.execute(`SELECT * FROM "${table}" ORDER BY "rowid" LIMIT 1`);
    await client.execute(`SELECT * FROM "${table}" ORDER BY "rowid" DESC LIMIT 1`);
  }
  return null;
}
