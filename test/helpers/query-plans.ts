import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import { databaseUrl, sqlite } from "~/db.server";

/** The tables that grow with a shop's history: a query must never read the whole of one per row it checks. */
export const HISTORY_TABLES = ["LedgerLine", "AttributedOrder", "WebhookDelivery"];

export interface RecordedQuery {
  sql: string;
  params: unknown[];
}

/** A Prisma client on this test file's database that records every SQL statement it sends. */
export function recordingPrisma(): { db: PrismaClient; queries: RecordedQuery[] } {
  const queries: RecordedQuery[] = [];
  const db = new PrismaClient({
    adapter: new PrismaLibSQL({ url: databaseUrl() }),
    log: [{ emit: "event", level: "query" }],
  });
  db.$on("query", (event) => {
    queries.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] });
  });
  return { db, queries };
}

/**
 * The steps of SQLite's plans for `queries` that scan a history table (as a table, or through an index
 * without a usable key), each with the statement it belongs to. SQLite plans alike on an empty database and
 * a big one (neither has statistics), so a test's small database shows what the big shop's would do.
 */
export async function historyScans(queries: RecordedQuery[], tables = HISTORY_TABLES): Promise<string[]> {
  const found: string[] = [];
  for (const { sql, params } of queries) {
    if (!/^\s*(SELECT|UPDATE|DELETE|WITH)/i.test(sql)) continue;
    // Prisma names a table's other uses t0, t1…: `main`.`LedgerLine` AS `t0`.
    const aliases = new Map(
      [...sql.matchAll(/`main`\.`(\w+)` AS `(\w+)`/g)].map(([, table, alias]) => [alias, table]),
    );
    const { rows } = await sqlite.execute({
      sql: `EXPLAIN QUERY PLAN ${sql}`,
      args: params.map((value) => (typeof value === "boolean" ? Number(value) : (value as string | number))),
    });
    for (const row of rows) {
      const detail = String(row.detail);
      const scanned = /^SCAN (\w+)/.exec(detail)?.[1];
      if (!scanned) continue;
      const table = aliases.get(scanned) ?? scanned;
      if (tables.includes(table)) found.push(`${table}: ${detail} — in ${sql.slice(0, 200)}`);
    }
  }
  return found;
}
