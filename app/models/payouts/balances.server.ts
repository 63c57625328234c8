// What each affiliate is owed, from the ledger: approved lines not settled by a live payout, a commission
// once its holding period is over, a reversal with its commission (at once when that was already paid:
// it is carried into the next payout as a negative amount). A balance is payable when it reaches the
// currency's minimum (and is above zero).
import { Prisma, type PrismaClient } from "@prisma/client";
import { sqliteDateTime } from "~/lib/sqlite.server";
import { LedgerLineType, LedgerStatus } from "~/models/ledger/status";
import { HoldingFrom, PayoutMethod } from "./codes";
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

interface BalanceRow {
  affiliateId: string;
  currency: string;
  payableMinor: bigint | number | null;
  payableLines: bigint | number | null;
  heldMinor: bigint | number | null;
}

/**
 * The query behind `balancesOf`: the approved lines no live payout holds, summed per affiliate and currency.
 * It reads them through the `(shop, status, affiliateId, currency)` index, in its order, so its cost is the
 * shop's approved, unpaid lines, not its whole ledger (test/payouts/balances-plan.test.ts).
 */
export function balancesQuery(
  shop: string,
  settings: PayoutSettingsView,
  now: Date,
  { affiliateIds }: { affiliateIds?: string[] } = {},
): Prisma.Sql {
  const payable = payableCondition(settings, now);
  const onlyThese =
    affiliateIds === undefined
      ? Prisma.empty
      : affiliateIds.length === 0
        ? Prisma.sql`AND 1 = 0`
        : Prisma.sql`AND l."affiliateId" IN (${Prisma.join(affiliateIds)})`;
  return Prisma.sql`
    SELECT l."affiliateId" AS "affiliateId", l."currency" AS "currency",
      SUM(CASE WHEN ${payable} THEN l."amountMinor" ELSE 0 END) AS "payableMinor",
      SUM(CASE WHEN ${payable} THEN 1 ELSE 0 END) AS "payableLines",
      SUM(CASE WHEN ${payable} THEN 0 ELSE l."amountMinor" END) AS "heldMinor"
    FROM "LedgerLine" l LEFT JOIN "LedgerLine" c ON c."id" = l."reversalOfId"
    WHERE l."shop" = ${shop} AND ${UNSETTLED} ${onlyThese}
    GROUP BY l."affiliateId", l."currency"`;
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
  return rows.map((row) => {
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
  });
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
