/**
 * The ledger's maintained figures for a freshly seeded shop, built in SQL in one pass over its ledger at the
 * end of the seeding, instead of line by line in Node (the app's rebuild, `rebuildDailyTotals`, reads every
 * line through the driver and upserts a page at a time: most of the seeding's time at a million orders).
 *
 * They are what the ledger writer keeps (`DailyTotalsChange`, ~/models/ledger/daily-totals.server): each
 * line counted on the day of its order in the shop's zone, per affiliate, currency, status and type, with
 * its amount, one line, and for the referrer's lines (every source but a product connection) its order
 * (commissions) and its base in minor units; the shop's days, the ranking figures (every status but denied,
 * per day, month and year) and the status totals are summed from those, as the migration that introduced
 * them fills them; rows that sum to nothing are left out, as the writer leaves them out. The order's day is
 * looked up in a table of the zone's days as the app finds them (`startOfDay`). test/bench/scale-seed.test.ts
 * compares every figure with a recomputation from the ledger.
 */
import type { InStatement, Transaction } from "@libsql/client";
import { money } from "~/attribution";
import { addDays, dayIn, startOfDay } from "~/lib/days";
import { sqliteDateTime } from "~/lib/sqlite.server";
import { deleteDailyTotalsStatements } from "~/models/ledger/daily-totals.server";

const MEASURES = `SUM("amountMinor"), SUM("lines"), SUM("referredOrders"), SUM("referredSalesMinor")`;
const NOT_NOTHING = `HAVING SUM("amountMinor") <> 0 OR SUM("lines") <> 0 OR SUM("referredOrders") <> 0 OR SUM("referredSalesMinor") <> 0`;

/** Builds every maintained figure of `shop` from its ledger, in `timeZone`, inside the caller's transaction. */
export async function buildFiguresInSql(tx: Transaction, shop: string, timeZone: string): Promise<void> {
  for (const statement of deleteDailyTotalsStatements(shop)) await tx.execute(statement);
  const { rows: span } = await tx.execute({
    sql: `SELECT MIN("orderCreatedAt") AS "first", MAX("orderCreatedAt") AS "last" FROM "LedgerLine" WHERE "shop" = ?`,
    args: [shop],
  });
  if (span[0].first === null) return;
  await tx.execute(`DROP TABLE IF EXISTS temp."SeedZoneDay"`);
  // "startsAt" is declared as the ledger's DATETIME columns are: with TEXT, comparing it with a line's
  // "orderCreatedAt" (NUMERIC affinity) could not use its index, and each line's day was found by scanning
  // the days back from the last one (lines × days: 53 s of CPU at 250k orders; now a seek per line).
  await tx.execute(`CREATE TEMP TABLE "SeedZoneDay" ("startsAt" DATETIME PRIMARY KEY, "day" TEXT NOT NULL)`);
  const days: string[][] = [];
  const last = dayIn(String(span[0].last), timeZone);
  for (let day = dayIn(String(span[0].first), timeZone); day <= last; day = addDays(day, 1))
    days.push([sqliteDateTime(startOfDay(day, timeZone)), day]);
  for (let i = 0; i < days.length; i += 400) {
    const chunk = days.slice(i, i + 400);
    await tx.execute({
      sql: `INSERT INTO temp."SeedZoneDay" ("startsAt", "day") VALUES ${chunk.map(() => "(?, ?)").join(", ")}`,
      args: chunk.flat(),
    });
  }
  for (const statement of figureStatements(shop, await minorUnitFactors(tx, shop)))
    await tx.execute(statement);
  await tx.execute(`DROP TABLE temp."SeedZoneDay"`);
}

/**
 * Each currency's base in minor units, exactly: the seeded bases are written with the currency's decimals
 * (as the engine rounds them), so dropping the point is exact; anything else stops the seeding.
 */
async function minorUnitFactors(tx: Transaction, shop: string): Promise<string[]> {
  const { rows } = await tx.execute({
    sql: `SELECT DISTINCT "currency" FROM "LedgerLine" WHERE "shop" = ?`,
    args: [shop],
  });
  const currencies = rows.map((row) => String(row.currency));
  for (const currency of currencies) {
    const decimals = String(money.toMinorUnits(money.parseDecimal("1"), currency)).length - 1;
    const pattern = decimals === 0 ? "*[^0-9-]*" : `*.${"[0-9]".repeat(decimals)}`;
    const { rows: odd } = await tx.execute({
      sql: `SELECT "base" FROM "LedgerLine" NOT INDEXED WHERE "shop" = ? AND "currency" = ? AND ${
        decimals === 0 ? `"base" GLOB ?` : `"base" NOT GLOB ?`
      } LIMIT 1`,
      args: [shop, currency, pattern],
    });
    if (odd.length > 0)
      throw new Error(`A ${currency} base not written with ${decimals} decimals: ${String(odd[0].base)}`);
  }
  return currencies;
}

// The ledger is read with NOT INDEXED (SQLite's; the seeder writes SQLite only): some of its indexes are kept
// during the load (./seed.ts), and through one of them SQLite would seek into the table once per line
// instead of reading it in one pass.
function figureStatements(shop: string, currencies: string[]): InStatement[] {
  const day = `(SELECT "day" FROM temp."SeedZoneDay" WHERE "startsAt" <= "LedgerLine"."orderCreatedAt" ORDER BY "startsAt" DESC LIMIT 1)`;
  const baseMinor = currencies.length > 0 ? `CAST(REPLACE("base", '.', '') AS INTEGER)` : "0";
  return [
    {
      sql: `INSERT INTO "AffiliateDailyTotal" ("shop", "affiliateId", "day", "currency", "status", "type",
          "amountMinor", "lines", "referredOrders", "referredSalesMinor")
        SELECT "shop", "affiliateId", "day", "currency", "status", "type", ${MEASURES}
        FROM (SELECT "shop", "affiliateId", ${day} AS "day", "currency", "status", "type", "amountMinor", 1 AS "lines",
            CASE WHEN "source" <> 'product' AND "type" = 'commission' THEN 1 ELSE 0 END AS "referredOrders",
            CASE WHEN "source" <> 'product' THEN ${baseMinor} ELSE 0 END AS "referredSalesMinor"
          FROM "LedgerLine" NOT INDEXED WHERE "shop" = ?)
        GROUP BY "shop", "affiliateId", "day", "currency", "status", "type" ${NOT_NOTHING}`,
      args: [shop],
    },
    {
      sql: `INSERT INTO "LedgerDailyTotal" ("shop", "day", "currency", "status", "type",
          "amountMinor", "lines", "referredOrders", "referredSalesMinor")
        SELECT "shop", "day", "currency", "status", "type", ${MEASURES}
        FROM "AffiliateDailyTotal" WHERE "shop" = ?
        GROUP BY "shop", "day", "currency", "status", "type" ${NOT_NOTHING}`,
      args: [shop],
    },
    ...[
      ["day", `"day"`],
      ["month", `SUBSTR("day", 1, 7)`],
      ["year", `SUBSTR("day", 1, 4)`],
    ].map(([grain, period]) => ({
      sql: `INSERT INTO "AffiliateSales" ("shop", "grain", "period", "affiliateId", "currency",
          "referredSalesMinor", "referredOrders", "amountMinor")
        SELECT "shop", '${grain}', ${period}, "affiliateId", "currency",
          SUM("referredSalesMinor"), SUM("referredOrders"), SUM("amountMinor")
        FROM "AffiliateDailyTotal" WHERE "shop" = ? AND "status" <> 'denied'
        GROUP BY "shop", ${period}, "affiliateId", "currency"
        HAVING SUM("referredSalesMinor") <> 0 OR SUM("referredOrders") <> 0 OR SUM("amountMinor") <> 0`,
      args: [shop],
    })),
    {
      sql: `INSERT INTO "AffiliateStatusTotal" ("shop", "status", "affiliateId", "currency", "amountMinor", "lines")
        SELECT "shop", "status", "affiliateId", "currency", SUM("amountMinor"), SUM("lines")
        FROM "AffiliateDailyTotal" WHERE "shop" = ?
        GROUP BY "shop", "status", "affiliateId", "currency"
        HAVING SUM("amountMinor") <> 0 OR SUM("lines") <> 0`,
      args: [shop],
    },
  ];
}
