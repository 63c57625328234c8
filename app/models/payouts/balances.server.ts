// What each affiliate is owed, from the ledger: approved lines not settled by a live payout, a commission
// once its holding period is over, a reversal with its commission (at once when that was already paid:
// it is carried into the next payout as a negative amount). A balance is payable when it reaches the
// currency's minimum (and is above zero). Balances start from the ledger's maintained status totals and
// read only the few lines that make them differ: those unpaid payouts hold and those still held.
import { Prisma, type PrismaClient } from "@prisma/client";
import { sqliteDateTime } from "~/lib/sqlite.server";
import { LedgerLineType, LedgerStatus } from "~/models/ledger/status";
import { HoldingFrom, PayoutMethod, PayoutStatus } from "./codes";
import type { PayoutSettingsView } from "./settings.server";

type Db = PrismaClient | Prisma.TransactionClient;

export interface Balance {
  affiliateId: string;
  currency: string;
  /** What a payout made now would pay, in minor units (negative: a reversal is carried). */
  payableMinor: number;
  payableLines: number;
  /** Approved, not yet past the holding period. */
  heldMinor: number;
  minimumMinor: number;
  /** At or above the minimum and above zero. */
  payable: boolean;
}

/** The instant before which a line's holding period has ended. */
export function holdingCutoff(settings: PayoutSettingsView, now: Date): Date {
  return new Date(now.getTime() - settings.holdingDays * 86_400_000);
}

/**
 * The SQL condition "line `l` is payable now" (its commission `c` joined on `l.reversalOfId`), for
 * approved lines outside any live payout.
 */
function payableCondition(settings: PayoutSettingsView, now: Date): Prisma.Sql {
  const cutoff = sqliteDateTime(holdingCutoff(settings, now));
  const held = (alias: "l" | "c") =>
    settings.holdingFrom === HoldingFrom.order
      ? Prisma.raw(`${alias}."orderCreatedAt"`)
      : Prisma.raw(`${alias}."statusChangedAt"`);
  return Prisma.sql`(
    (l."type" = ${LedgerLineType.commission} AND ${held("l")} <= ${cutoff})
    OR (l."type" = ${LedgerLineType.reversal}
        AND (c."status" = ${LedgerStatus.paid} OR (c."status" = ${LedgerStatus.approved} AND ${held("c")} <= ${cutoff})))
  )`;
}

const UNSETTLED = Prisma.sql`l."status" = ${LedgerStatus.approved}
  AND NOT EXISTS (SELECT 1 FROM "PayoutLine" p WHERE p."ledgerLineId" = l."id")`;

type Count = bigint | number | null;

const onlyAffiliates = (column: Prisma.Sql, affiliateIds: string[] | undefined) =>
  affiliateIds === undefined
    ? Prisma.empty
    : affiliateIds.length === 0
      ? Prisma.sql`AND 1 = 0`
      : Prisma.sql`AND ${column} IN (${Prisma.join(affiliateIds)})`;

/** Every approved line, per affiliate and currency: the maintained status totals (../ledger/daily-totals). */
export function approvedTotalsQuery(shop: string, affiliateIds?: string[]): Prisma.Sql {
  return Prisma.sql`SELECT "affiliateId", "currency", "amountMinor", "lines" FROM "AffiliateStatusTotal"
    WHERE "shop" = ${shop} AND "status" = ${LedgerStatus.approved}
    ${onlyAffiliates(Prisma.raw(`"affiliateId"`), affiliateIds)}`;
}

/**
 * The SQL condition "approved line `l` (its commission `c`) is still held now": inside its holding period
 * and not payable. A commission's period runs from its own approval or order; a reversal waits for its
 * commission, which it follows into approved (so it was approved no earlier) and whose order it shares,
 * so a held reversal's own date is inside the period too. The first part is what the index seeks.
 */
function heldCondition(settings: PayoutSettingsView, now: Date): Prisma.Sql {
  const cutoff = sqliteDateTime(holdingCutoff(settings, now));
  const since =
    settings.holdingFrom === HoldingFrom.order
      ? Prisma.raw(`l."orderCreatedAt"`)
      : Prisma.raw(`l."statusChangedAt"`);
  return Prisma.sql`(${since} > ${cutoff} AND ${payableCondition(settings, now)} IS NOT TRUE)`;
}

/**
 * The approved lines that payouts not yet paid hold (drafts and sent ones: paying a payout pays its lines
 * in the same transaction, a failed or cancelled one releases them), read from those payouts; and those of
 * them still held, which `heldQuery` counts too.
 */
export function settledQuery(
  shop: string,
  settings: PayoutSettingsView,
  now: Date,
  affiliateIds?: string[],
): Prisma.Sql {
  const held = heldCondition(settings, now);
  return Prisma.sql`SELECT l."affiliateId" AS "affiliateId", l."currency" AS "currency",
      SUM(l."amountMinor") AS "amountMinor", COUNT(*) AS "lines",
      SUM(CASE WHEN ${held} THEN l."amountMinor" ELSE 0 END) AS "heldMinor",
      SUM(CASE WHEN ${held} THEN 1 ELSE 0 END) AS "heldLines"
    FROM "Payout" o JOIN "PayoutLine" p ON p."payoutId" = o."id" JOIN "LedgerLine" l ON l."id" = p."ledgerLineId"
      LEFT JOIN "LedgerLine" c ON c."id" = l."reversalOfId"
    WHERE o."shop" = ${shop} AND o."status" IN (${Prisma.join(UNPAID_PAYOUT_STATUSES)})
      AND l."status" = ${LedgerStatus.approved} ${onlyAffiliates(Prisma.raw(`o."affiliateId"`), affiliateIds)}
    GROUP BY l."affiliateId", l."currency"`;
}

/**
 * The approved lines still held now, per affiliate and currency, whether a payout holds them or not (those
 * that one does are taken away with `settledQuery`'s, read from the few unpaid payouts rather than looked
 * up line by line). Only the lines whose holding period can still be running are read, through
 * `(shop, status, statusChangedAt)` or `(shop, status, orderCreatedAt)`.
 */
export function heldQuery(
  shop: string,
  settings: PayoutSettingsView,
  now: Date,
  affiliateIds?: string[],
): Prisma.Sql {
  return Prisma.sql`SELECT l."affiliateId" AS "affiliateId", l."currency" AS "currency",
      SUM(l."amountMinor") AS "amountMinor", COUNT(*) AS "lines"
    FROM "LedgerLine" l LEFT JOIN "LedgerLine" c ON c."id" = l."reversalOfId"
    WHERE l."shop" = ${shop} AND l."status" = ${LedgerStatus.approved} AND ${heldCondition(settings, now)}
      ${onlyAffiliates(Prisma.raw(`l."affiliateId"`), affiliateIds)}
    GROUP BY l."affiliateId", l."currency"`;
}

const UNPAID_PAYOUT_STATUSES = [PayoutStatus.draft, PayoutStatus.sent];

/**
 * Every affiliate's balance per currency as SQL (affiliates with nothing approved and unsettled left out):
 * the maintained approved totals, less what unpaid payouts hold, less what is still held. Its cost is the
 * shop's affiliates and the lines inside the holding period, not the approved lines of its whole history.
 * Rows: affiliateId, currency, payableMinor, payableLines, heldMinor.
 */
export function balancesQuery(
  shop: string,
  settings: PayoutSettingsView,
  now: Date,
  { affiliateIds }: { affiliateIds?: string[] } = {},
): Prisma.Sql {
  const unsettledLines = Prisma.sql`a."lines" - COALESCE(s."lines", 0)`;
  const heldMinor = Prisma.sql`(COALESCE(h."amountMinor", 0) - COALESCE(s."heldMinor", 0))`;
  const heldLines = Prisma.sql`(COALESCE(h."lines", 0) - COALESCE(s."heldLines", 0))`;
  return Prisma.sql`SELECT a."affiliateId" AS "affiliateId", a."currency" AS "currency",
      a."amountMinor" - COALESCE(s."amountMinor", 0) - ${heldMinor} AS "payableMinor",
      ${unsettledLines} - ${heldLines} AS "payableLines",
      ${heldMinor} AS "heldMinor"
    FROM (${approvedTotalsQuery(shop, affiliateIds)}) a
    LEFT JOIN (${settledQuery(shop, settings, now, affiliateIds)}) s ON s."affiliateId" = a."affiliateId" AND s."currency" = a."currency"
    LEFT JOIN (${heldQuery(shop, settings, now, affiliateIds)}) h ON h."affiliateId" = a."affiliateId" AND h."currency" = a."currency"
    WHERE ${unsettledLines} > 0`;
}

/** The SQL condition "this balance (`payableMinor`, `currency` of `alias`) is payable": above zero and the minimum. */
export function payableSql(settings: PayoutSettingsView, alias: string): Prisma.Sql {
  const column = (name: string) => Prisma.raw(`${alias}."${name}"`);
  const minimums = Object.entries(settings.minimumsMinor);
  const minimum =
    minimums.length === 0
      ? Prisma.sql`0`
      : Prisma.sql`CASE ${column("currency")} ${Prisma.join(
          minimums.map(([currency, minor]) => Prisma.sql`WHEN ${currency} THEN ${minor}`),
          " ",
        )} ELSE 0 END`;
  return Prisma.sql`(${column("payableMinor")} > 0 AND ${column("payableMinor")} >= ${minimum})`;
}

interface BalanceRow {
  affiliateId: string;
  currency: string;
  payableMinor: Count;
  payableLines: Count;
  heldMinor: Count;
}

/** A balance row as the database answers it, with its minimum and whether it is payable. */
export function balanceOfRow(row: BalanceRow, settings: PayoutSettingsView): Balance {
  const payableMinor = Number(row.payableMinor ?? 0);
  const minimumMinor = settings.minimumsMinor[row.currency] ?? 0;
  return {
    affiliateId: row.affiliateId,
    currency: row.currency,
    payableMinor,
    payableLines: Number(row.payableLines ?? 0),
    heldMinor: Number(row.heldMinor ?? 0),
    minimumMinor,
    payable: payableMinor > 0 && payableMinor >= minimumMinor,
  };
}

/** Every affiliate's balance per currency (affiliates with nothing approved and unsettled are left out). */
export async function balancesOf(
  db: Db,
  shop: string,
  settings: PayoutSettingsView,
  now: Date,
  options: { affiliateIds?: string[] } = {},
): Promise<Balance[]> {
  const rows = await db.$queryRaw<BalanceRow[]>(balancesQuery(shop, settings, now, options));
  return rows.map((row) => balanceOfRow(row, settings));
}

/** The lines a payout made now for this affiliate and currency would settle, oldest first. */
export async function payableLinesOf(
  db: Db,
  shop: string,
  affiliateId: string,
  currency: string,
  settings: PayoutSettingsView,
  now: Date,
): Promise<Array<{ id: string; amountMinor: number }>> {
  const rows = await db.$queryRaw<Array<{ id: string; amountMinor: bigint | number }>>`
    SELECT l."id" AS "id", l."amountMinor" AS "amountMinor"
    FROM "LedgerLine" l LEFT JOIN "LedgerLine" c ON c."id" = l."reversalOfId"
    WHERE l."shop" = ${shop} AND l."affiliateId" = ${affiliateId} AND l."currency" = ${currency}
      AND ${UNSETTLED} AND ${payableCondition(settings, now)}
    ORDER BY l."orderCreatedAt", l."id"`;
  return rows.map((row) => ({ id: row.id, amountMinor: Number(row.amountMinor) }));
}

/** Whether an affiliate can be paid by a method: PayPal needs an email, store credit and gift cards a customer. */
export function methodProblem(
  method: PayoutMethod,
  affiliate: { email: string | null; payoutEmail: string | null; customerId: string | null },
): string | null {
  if (method === PayoutMethod.paypal && !paypalRecipient(affiliate))
    return "No PayPal email (the payout email, else the affiliate's email)";
  if ((method === PayoutMethod.storeCredit || method === PayoutMethod.giftCard) && !affiliate.customerId)
    return "Not linked to a store customer, so there is no account to credit";
  return null;
}

/** Where PayPal sends the money: the payout email the affiliate set, else their email. */
export function paypalRecipient(affiliate: {
  email: string | null;
  payoutEmail: string | null;
}): string | null {
  return affiliate.payoutEmail?.trim() || affiliate.email?.trim() || null;
}
