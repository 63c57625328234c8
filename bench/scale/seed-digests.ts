/**
 * The commission digests a running store has sent by the end of its history (issue 15): the app's worker
 * looks every 15 minutes for affiliates due one (~/models/email/digest.server), so at the end of a year
 * every active affiliate with an address and a ledger line in the last week has had a digest ending then.
 * Without them the first start of a server on the seeded store queued ~3,000 digests at once (one per
 * affiliate with a line that week, each a handful of queries) and disturbed every benchmark run on it.
 *
 * Written in SQL, as the worker's run at `end` would have written them for a store whose worker had never
 * run before (each digest covering [the later of the affiliate's joining and a week before `end`, `end`)),
 * then marked sent at `end`. The facts are the worker's: the latest lines (`DIGEST_MAX_LINES`), how many
 * more, the sums per currency and type. test/bench/seed-digests.test.ts compares them with the worker's own.
 */
import type { Transaction } from "@libsql/client";
import { DIGEST_MAX_LINES, FIRST_DIGEST_LOOKBACK_MS } from "~/models/email/digest.server";
import { AffiliateEmailKind, EmailState } from "~/models/email/kinds";
import { sqliteDateTime } from "~/lib/sqlite.server";

const DIGEST = AffiliateEmailKind.commissionDigest;
/** Prisma's stored instant as the ISO text the worker writes into facts and keys. */
const iso = (column: string) => `REPLACE(${column}, '+00:00', 'Z')`;

/** Writes, inside the caller's transaction, the digests of `shop` that the worker sent at `end`. */
export async function recordSentDigests(tx: Transaction, shop: string, end: Date): Promise<number> {
  const until = sqliteDateTime(end);
  const lookback = sqliteDateTime(new Date(end.getTime() - FIRST_DIGEST_LOOKBACK_MS));
  await tx.execute(`DROP TABLE IF EXISTS temp."SeedDigest"`);
  // Who is due one, and the window each digest covers.
  await tx.execute({
    sql: `CREATE TEMP TABLE "SeedDigest" AS
      SELECT "id" AS "affiliateId", "name", TRIM("email") AS "toAddress",
        MAX("createdAt", ?) AS "from"
      FROM "Affiliate" AS "a"
      WHERE "shop" = ? AND "active" = 1 AND "email" IS NOT NULL AND TRIM("email") <> ''
        AND EXISTS (SELECT 1 FROM "LedgerLine" WHERE "shop" = "a"."shop" AND "affiliateId" = "a"."id"
          AND "createdAt" >= ? AND "createdAt" < ?)`,
    args: [lookback, shop, lookback, until],
  });
  const inWindow = `"l"."shop" = ? AND "l"."affiliateId" = "d"."affiliateId" AND "l"."createdAt" >= "d"."from" AND "l"."createdAt" < ?`;
  const { rowsAffected } = await tx.execute({
    sql: `INSERT INTO "AffiliateEmail" ("id", "shop", "affiliateId", "kind", "eventKey", "toAddress", "facts",
        "digestUntil", "state", "attempts", "nextAttemptAt", "lastError", "messageId", "createdAt", "sentAt")
      SELECT 'seed-' || lower(hex(randomblob(12))), ?, "d"."affiliateId", ?,
        ? || ':' || "d"."affiliateId" || ':' || ${iso(`"d"."from"`)}, "d"."toAddress",
        json_object(
          'name', "d"."name",
          'portalUrl', (SELECT json_extract("e"."facts", '$.portalUrl') FROM "AffiliateEmail" AS "e"
            WHERE "e"."shop" = ? AND "e"."affiliateId" = "d"."affiliateId" AND "e"."kind" = ?
            ORDER BY "e"."createdAt" DESC LIMIT 1),
          'from', ${iso(`"d"."from"`)},
          'until', ${iso("?")},
          'lines', json((SELECT json_group_array(json_object('createdAt', "createdAt", 'orderName', "orderName",
              'orderId', "orderId", 'type', "type", 'status', "status", 'amount', "amount", 'currency', "currency"))
            FROM (SELECT ${iso(`"l"."createdAt"`)} AS "createdAt", "o"."orderName", "l"."orderId", "l"."type",
                "l"."status", "l"."amount", "l"."currency"
              FROM "LedgerLine" AS "l" JOIN "AttributedOrder" AS "o" ON "o"."id" = "l"."attributedOrderId"
              WHERE ${inWindow}
              ORDER BY "l"."createdAt" DESC, "l"."id" DESC LIMIT ${DIGEST_MAX_LINES}))),
          'moreLines', MAX(0, (SELECT COUNT(*) FROM "LedgerLine" AS "l" WHERE ${inWindow}) - ${DIGEST_MAX_LINES}),
          'totals', json((SELECT json_group_array(json_object('currency', "currency",
              'commissionCount', "commissionCount", 'commissionsMinor', "commissionsMinor",
              'reversalCount', "reversalCount", 'reversalsMinor', "reversalsMinor"))
            FROM (SELECT "l"."currency",
                SUM("l"."type" <> 'reversal') AS "commissionCount",
                SUM(CASE WHEN "l"."type" <> 'reversal' THEN "l"."amountMinor" ELSE 0 END) AS "commissionsMinor",
                SUM("l"."type" = 'reversal') AS "reversalCount",
                SUM(CASE WHEN "l"."type" = 'reversal' THEN "l"."amountMinor" ELSE 0 END) AS "reversalsMinor"
              FROM "LedgerLine" AS "l" WHERE ${inWindow}
              GROUP BY "l"."currency" ORDER BY "l"."currency")))
        ),
        ?, ?, 1, ?, NULL, NULL, ?, ?
      FROM temp."SeedDigest" AS "d"`,
    args: [
      shop,
      DIGEST,
      DIGEST,
      shop,
      AffiliateEmailKind.approved,
      until,
      shop,
      until,
      shop,
      until,
      shop,
      until,
      until,
      EmailState.sent,
      until,
      until,
      until,
    ],
  });
  await tx.execute(`DROP TABLE temp."SeedDigest"`);
  return rowsAffected;
}
