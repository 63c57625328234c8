// The commission digest: at most once a day, each affiliate with an email address hears of the commissions
// and reversals recorded for them since their last digest. Queued by the app's worker (queueCommissionDigests),
// delivered like every other email (outbox.server).
//
// A big shop's first run after an outage queues thousands at once, on the thread that credits orders: so the
// digests are read and written for many affiliates at a time, on the driver (decision 0026): one query finds
// who is due one, and each batch is two reads (the latest lines of each, and their sums) and one transaction.
import type { Client, InValue } from "@libsql/client";
import { Prisma, type AffiliateEmail } from "@prisma/client";
import { clientRowReader, type RowReader } from "~/lib/row-reader.server";
import { orderedId } from "~/lib/ordered-id.server";
import { insertModelRows, sqliteDateTime, type SqliteRow } from "~/lib/sqlite.server";
import { LedgerLineType } from "~/models/ledger/status";
import {
  AffiliateEmailKind,
  EmailState,
  type ApprovedFacts,
  type CommissionDigestFacts,
  type DigestLine,
  type DigestTotal,
} from "./kinds";
import { eventKeyOf } from "./queue.server";

/** At most one digest per affiliate in this long. */
export const DIGEST_INTERVAL_MS = 24 * 3_600_000;
/** A first digest covers at most this far back: older commissions are not news. */
export const FIRST_DIGEST_LOOKBACK_MS = 7 * 24 * 3_600_000;
/** The lines a digest lists; its totals count every line. */
export const DIGEST_MAX_LINES = 50;
/** Affiliates whose digests are read and written together (two reads and one transaction a batch). */
export const DIGEST_BATCH = 200;

const DIGEST = AffiliateEmailKind.commissionDigest;
const EMAIL_COLUMNS = Object.values(Prisma.AffiliateEmailScalarFieldEnum);

// Booleans are written as TRUE and FALSE in the SQL, never bound: SQLite reads them as 1 and 0 (as Prisma
// stores them), PostgreSQL as its own, and the file's synchronous row reader cannot bind a boolean at all.

export interface DigestOptions {
  /** Waited for before each batch of digests (the inbox worker shares the thread; crediting comes first). */
  between?: () => Promise<void>;
  /** How the reads are made: by default on `sqlite`; the app passes its file's row reader (rowReaderFor). */
  read?: RowReader;
  /** Affiliates a batch (DIGEST_BATCH). */
  batch?: number;
}

/** An affiliate due a digest, and where it starts. */
interface Due {
  id: string;
  name: string;
  toAddress: string;
  from: Date;
  /** The facts of their latest approval email, which hold the portal's link. */
  approvalFacts: string | null;
}

/**
 * Queues a digest for every affiliate of an installed shop who is active, has an email address, has had a
 * ledger line recorded since their last digest (or, for a first one, in the last week and since they joined),
 * and has had no digest in the last 24 hours. A digest covers [the last digest's end, now). Returns how many
 * were queued. Run it as often as you like, even twice at once: a digest is keyed by where it starts, and
 * the key is unique, so one is never queued twice.
 */
export async function queueCommissionDigests(
  sqlite: Client,
  now: Date,
  { between, read = clientRowReader(sqlite), batch = DIGEST_BATCH }: DigestOptions = {},
): Promise<number> {
  const shops = await read({
    sql: `SELECT DISTINCT "shop" FROM "Session" WHERE "isOnline" = FALSE ORDER BY "shop"`,
    args: [],
  });
  let queued = 0;
  for (const [shop] of shops) {
    const due = await dueAffiliates(read, String(shop), now);
    for (let start = 0; start < due.length; start += batch) {
      await between?.();
      queued += await queueBatch(sqlite, read, String(shop), due.slice(start, start + batch), now);
    }
  }
  return queued;
}

/**
 * The shop's affiliates due a digest at `now`, in one query: the candidates (active, with an address and a
 * line in the last week), each with the end of their latest digest (a seek into AffiliateEmail's
 * (affiliateId, kind, digestUntil) index) and their latest approval's facts.
 */
async function dueAffiliates(read: RowReader, shop: string, now: Date): Promise<Due[]> {
  const lookback = new Date(now.getTime() - FIRST_DIGEST_LOOKBACK_MS);
  const rows = await read({
    sql: `SELECT "a"."id", "a"."name", "a"."email", "a"."createdAt",
        (SELECT MAX("e"."digestUntil") FROM "AffiliateEmail" AS "e"
          WHERE "e"."affiliateId" = "a"."id" AND "e"."kind" = ?) AS "lastUntil",
        (SELECT "e"."facts" FROM "AffiliateEmail" AS "e"
          WHERE "e"."shop" = "a"."shop" AND "e"."affiliateId" = "a"."id" AND "e"."kind" = ?
          ORDER BY "e"."createdAt" DESC LIMIT 1) AS "approvalFacts"
      FROM "Affiliate" AS "a"
      WHERE "a"."shop" = ? AND "a"."active" = TRUE AND "a"."email" IS NOT NULL
        AND EXISTS (SELECT 1 FROM "LedgerLine" AS "l"
          WHERE "l"."shop" = "a"."shop" AND "l"."affiliateId" = "a"."id"
            AND "l"."createdAt" >= ? AND "l"."createdAt" < ?)`,
    args: [DIGEST, AffiliateEmailKind.approved, shop, sqliteDateTime(lookback), sqliteDateTime(now)],
  });
  const due: Due[] = [];
  for (const [id, name, email, createdAt, lastUntil, approvalFacts] of rows) {
    const toAddress = String(email).trim();
    if (toAddress === "") continue; // no address: nothing to send
    const last = lastUntil == null ? null : new Date(String(lastUntil));
    if (last && now.getTime() - last.getTime() < DIGEST_INTERVAL_MS) continue;
    const joined = new Date(String(createdAt)).getTime();
    due.push({
      id: String(id),
      name: String(name),
      toAddress,
      from: last ?? new Date(Math.max(joined, lookback.getTime())),
      approvalFacts: approvalFacts == null ? null : String(approvalFacts),
    });
  }
  return due;
}

/** `WITH "due"("affiliateId", "from") AS (VALUES (?, ?), …)`: the batch, for a join. */
function dueTable(due: Due[]): { sql: string; args: InValue[] } {
  return {
    sql: `WITH "due"("affiliateId", "from") AS (VALUES ${due.map(() => "(?, ?)").join(", ")})`,
    args: due.flatMap((affiliate) => [affiliate.id, sqliteDateTime(affiliate.from)]),
  };
}

/**
 * Each affiliate's lines in [their `from`, until): seeks into LedgerLine's (shop, affiliateId, createdAt), one
 * affiliate after another. The join is a CROSS JOIN, which SQLite never reorders: given a long VALUES list,
 * its planner otherwise walks the shop's whole ledger and looks each line up in the list (60 times slower on
 * the seeded 25k store). To PostgreSQL it is an inner join like any other (the condition in WHERE, as it
 * takes no ON).
 */
const IN_WINDOW = `"l"."shop" = ? AND "l"."affiliateId" = "due"."affiliateId"
  AND "l"."createdAt" >= "due"."from" AND "l"."createdAt" < ?`;

async function queueBatch(
  sqlite: Client,
  read: RowReader,
  shop: string,
  due: Due[],
  until: Date,
): Promise<number> {
  const table = dueTable(due);
  const window = [shop, sqliteDateTime(until)];
  const [latest, sums] = await Promise.all([
    read({
      sql: `${table.sql}
        SELECT "n"."affiliateId", "n"."createdAt", "o"."orderName", "n"."orderId", "n"."type", "n"."status",
          "n"."amount", "n"."currency"
        FROM (SELECT "l"."affiliateId", "l"."createdAt", "l"."attributedOrderId", "l"."orderId", "l"."type",
            "l"."status", "l"."amount", "l"."currency",
            ROW_NUMBER() OVER (PARTITION BY "l"."affiliateId" ORDER BY "l"."createdAt" DESC, "l"."id" DESC) AS "rank"
          FROM "due" CROSS JOIN "LedgerLine" AS "l" WHERE ${IN_WINDOW}) AS "n"
        JOIN "AttributedOrder" AS "o" ON "o"."id" = "n"."attributedOrderId"
        WHERE "n"."rank" <= ${DIGEST_MAX_LINES}
        ORDER BY "n"."affiliateId", "n"."rank"`,
      args: [...table.args, ...window],
    }),
    read({
      sql: `${table.sql}
        SELECT "l"."affiliateId", "l"."currency", "l"."type", COUNT(*), SUM("l"."amountMinor")
        FROM "due" CROSS JOIN "LedgerLine" AS "l" WHERE ${IN_WINDOW}
        GROUP BY "l"."affiliateId", "l"."currency", "l"."type"
        ORDER BY "l"."affiliateId", "l"."currency", "l"."type"`,
      args: [...table.args, ...window],
    }),
  ]);
  const linesOf = new Map<string, DigestLine[]>();
  for (const [affiliateId, createdAt, orderName, orderId, type, status, amount, currency] of latest) {
    let lines = linesOf.get(String(affiliateId));
    if (!lines) linesOf.set(String(affiliateId), (lines = []));
    lines.push({
      createdAt: new Date(String(createdAt)).toISOString(),
      orderName: orderName == null ? null : String(orderName),
      orderId: String(orderId),
      type: String(type),
      status: String(status),
      amount: String(amount),
      currency: String(currency),
    });
  }
  const totalsOf = new Map<string, { count: number; totals: Map<string, DigestTotal> }>();
  for (const [affiliateId, currency, type, count, sumMinor] of sums) {
    let of = totalsOf.get(String(affiliateId));
    if (!of) totalsOf.set(String(affiliateId), (of = { count: 0, totals: new Map() }));
    addToTotals(of.totals, String(currency), String(type), Number(count), Number(sumMinor ?? 0));
    of.count += Number(count);
  }

  const at = sqliteDateTime(until);
  const rows: Array<SqliteRow<AffiliateEmail>> = [];
  for (const affiliate of due) {
    const lines = linesOf.get(affiliate.id);
    if (!lines) continue; // nothing since their last digest
    const { count, totals } = totalsOf.get(affiliate.id)!;
    const facts: CommissionDigestFacts = {
      name: affiliate.name,
      portalUrl: affiliate.approvalFacts
        ? (JSON.parse(affiliate.approvalFacts) as ApprovedFacts).portalUrl
        : null,
      from: affiliate.from.toISOString(),
      until: until.toISOString(),
      lines,
      moreLines: count - lines.length,
      totals: [...totals.values()],
    };
    rows.push({
      id: orderedId(until.getTime()),
      shop,
      affiliateId: affiliate.id,
      kind: DIGEST,
      eventKey: eventKeyOf(DIGEST, affiliate.id, facts.from),
      toAddress: affiliate.toAddress,
      facts: JSON.stringify(facts),
      digestUntil: at,
      state: EmailState.pending,
      attempts: 0,
      nextAttemptAt: at,
      lastError: null,
      messageId: null,
      createdAt: at,
      sentAt: null,
    });
  }
  if (rows.length === 0) return 0;
  // One transaction for the batch; a digest another run queued first (the same key) is left as it is.
  const results = await sqlite.batch(
    insertModelRows("AffiliateEmail", EMAIL_COLUMNS, rows, `ON CONFLICT ("shop", "eventKey") DO NOTHING`),
    "write",
  );
  return results.reduce((sum, result) => sum + result.rowsAffected, 0);
}

/** Adds a (currency, type) sum to a digest's totals: reversals apart, every other type a commission. */
function addToTotals(
  totals: Map<string, DigestTotal>,
  currency: string,
  type: string,
  count: number,
  sumMinor: number,
): void {
  let total = totals.get(currency);
  if (!total) {
    total = { currency, commissionCount: 0, commissionsMinor: 0, reversalCount: 0, reversalsMinor: 0 };
    totals.set(currency, total);
  }
  if (type === LedgerLineType.reversal) {
    total.reversalCount += count;
    total.reversalsMinor += sumMinor;
  } else {
    total.commissionCount += count;
    total.commissionsMinor += sumMinor;
  }
}
