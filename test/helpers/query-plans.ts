import { createClient, type Client, type InStatement, type Transaction } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import { databaseUrl } from "~/db.server";

/** The tables that grow with a shop's history (AffiliateEmail: a digest per affiliate a day): a query must never read
 * the whole of one per row it checks. */
export const HISTORY_TABLES = ["LedgerLine", "AttributedOrder", "WebhookDelivery", "AffiliateEmail"];

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

/** `client`, recording every statement sent through it (in transactions and batches too). */
export function recordingSqlite(client: Client): { sqlite: Client; queries: RecordedQuery[] } {
  const queries: RecordedQuery[] = [];
  const record = (statement: InStatement) =>
    queries.push(
      typeof statement === "string"
        ? { sql: statement, params: [] }
        : { sql: statement.sql, params: Array.isArray(statement.args) ? statement.args : [] },
    );
  const recorded = <T extends Client | Transaction>(target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver) as unknown;
        if (typeof value !== "function") return value;
        if (property === "execute")
          return (statement: InStatement) => {
            record(statement);
            return object.execute(statement);
          };
        if (property === "batch")
          return (statements: InStatement[], mode?: never) => {
            statements.forEach(record);
            return object.batch(statements, mode);
          };
        if (property === "transaction")
          return async (mode?: never) => recorded(await (object as Client).transaction(mode));
        return (value as (...args: unknown[]) => unknown).bind(object);
      },
    });
  return { sqlite: recorded(client), queries };
}

/**
 * The steps of SQLite's plans for `queries` that read a history table whole, or all of a shop's part of it:
 * a scan, or a search keyed by the shop alone (perhaps with a range after it) or by the shop and a status alone. Each comes with the statement
 * it belongs to. SQLite plans alike on an empty database and a big one (neither has statistics), so a
 * test's small database shows what the big shop's would do. `orderedWalks`: see scansOf.
 */
export async function historyScans(
  queries: RecordedQuery[],
  tables = HISTORY_TABLES,
  { orderedWalks = false }: { orderedWalks?: boolean } = {},
): Promise<string[]> {
  const found: string[] = [];
  // A connection of its own: an EXPLAIN the app's connection prepared before keeps the plan of the schema it
  // was prepared on (EXPLAIN is never prepared again), and a test may have changed the indexes since.
  const planner = createClient({ url: databaseUrl() });
  try {
    for (const query of queries) found.push(...(await scansOf(planner, query, tables, orderedWalks)));
  } finally {
    planner.close();
  }
  return found;
}

async function scansOf(
  planner: Client,
  { sql, params }: RecordedQuery,
  tables: string[],
  orderedWalks: boolean,
): Promise<string[]> {
  const found: string[] = [];
  if (!/^\s*(SELECT|UPDATE|DELETE|WITH|INSERT)/i.test(sql)) return found;
  // Prisma names a table's other uses t0, t1…: `main`.`LedgerLine` AS `t0`; raw SQL says "LedgerLine" l.
  const aliases = new Map([
    ...[...sql.matchAll(/`main`\.`(\w+)` AS `(\w+)`/g)].map(([, table, alias]) => [alias, table] as const),
    ...[...sql.matchAll(/"(\w+)"\s+(?:AS\s+)?"?(\w+)"?/g)]
      .filter(([, table]) => tables.includes(table))
      .map(([, table, alias]) => [alias, table] as const),
  ]);
  const { rows } = await planner.execute({
    sql: `EXPLAIN QUERY PLAN ${sql}`,
    args: params.map((value) => (typeof value === "boolean" ? Number(value) : (value as string | number))),
  });
  // With `orderedWalks`, a statement with a LIMIT that its index gives in order (at most its last terms sorted
  // as they come, "RIGHT PART OF ORDER BY") stops after its first rows: the newest orders, say. Only the
  // caller knows that what it filters after the index is common.
  const walk =
    orderedWalks &&
    /\bLIMIT\b/i.test(sql) &&
    !rows.some((row) => /TEMP B-TREE FOR (ORDER|GROUP) BY/.test(String(row.detail)));
  for (const row of rows) {
    const detail = String(row.detail);
    // A table Prisma names in full (`main`.`LedgerLine`) comes as "main.LedgerLine".
    const step = /^(SCAN|SEARCH) (?:main\.)?(\w+)(?:.*\((.*)\))?/.exec(detail);
    if (!step) continue;
    const [, kind, name, key = ""] = step;
    const table = aliases.get(name) ?? name;
    const equalities = key.split(" AND ").filter((term) => /=\?$/.test(term));
    const terms = key ? key.split(" AND ") : [];
    const shopOnly = equalities.length === 1 && /^shop=\?$/.test(equalities[0]);
    // All of the shop's lines in one status (every approved line, say) grow with its history just the same.
    const shopStatus = terms.length === 2 && /^shop=\?$/.test(terms[0]) && /^status=\?$/.test(terms[1]);
    // "SEARCH t" with no index named is a scan too (SQLite's min/max lookup without an index to seek).
    const unindexed = kind === "SEARCH" && !/ USING /.test(detail);
    if (tables.includes(table) && (kind === "SCAN" || ((shopOnly || shopStatus) && !walk) || unindexed))
      found.push(`${table}: ${detail} — in ${sql.replace(/\s+/g, " ").slice(0, 200)}`);
  }
  return found;
}
