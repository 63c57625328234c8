// The merchant's review of the ledger: approve, deny and mark paid (from the Commissions screens), and the
// worker's automatic approval. Which step applies to a line is decided in ./review-steps.
import type { PrismaClient } from "@prisma/client";
import { bulkOutcome } from "~/format/counts";
import { REVIEW_WORDS, reviewStep, type ReviewIntent } from "./review-steps";
import { changeLedgerStatus } from "./status-change.server";
import { LedgerLineType, LedgerStatus } from "./status";
import { skippedMissing, type BulkAnswer } from "~/lib/answers";

export interface ReviewOutcome {
  changed: number;
  skipped: Array<{ id: string; reason: string }>;
}

/** The status a new reversal takes from the commission it reverses. */
export function reversalStatusFor(commissionStatus: string): LedgerStatus {
  switch (commissionStatus) {
    case LedgerStatus.pending:
      return LedgerStatus.pending;
    case LedgerStatus.denied:
      return LedgerStatus.denied;
    default:
      // approved: it follows; paid: it is approved and deducted from the next payout.
      return LedgerStatus.approved;
  }
}

/**
 * Takes one review step on the given lines of this shop, each as its status allows, in one transaction:
 * the steps are decided on the lines as they stand in it, and unpaid reversals follow their commission.
 */
export async function reviewLedgerLines(
  db: PrismaClient,
  shop: string,
  intent: ReviewIntent,
  ids: string[],
  now = new Date(),
): Promise<ReviewOutcome> {
  const unique = [...new Set(ids)];
  return db.$transaction(async (tx) => {
    const outcome: ReviewOutcome = { changed: 0, skipped: [] };
    const lines = await tx.ledgerLine.findMany({
      where: { shop, id: { in: unique } },
      select: { id: true, type: true, status: true },
    });
    const found = new Map(lines.map((line) => [line.id, line]));
    const moving: string[] = [];
    const commissions: string[] = [];
    let to: LedgerStatus | null = null;
    for (const id of unique) {
      const line = found.get(id);
      if (!line) {
        outcome.skipped.push({ id, reason: "No such commission" });
        continue;
      }
      const step = reviewStep(intent, line);
      if ("skip" in step) {
        outcome.skipped.push({ id, reason: step.skip });
        continue;
      }
      to = step.to;
      moving.push(id);
      if (line.type === LedgerLineType.commission) commissions.push(id);
    }
    if (to === null) return outcome;
    outcome.changed = await changeLedgerStatus(tx, shop, { id: { in: moving } }, to, now);
    if (commissions.length > 0) {
      // Unpaid reversals follow their commission; paid ones are history and stay as they are.
      const followers =
        to === LedgerStatus.paid ? [LedgerStatus.approved] : [LedgerStatus.pending, LedgerStatus.approved];
      await changeLedgerStatus(
        tx,
        shop,
        { reversalOfId: { in: commissions }, status: { in: followers } },
        to,
        now,
      );
    }
    return outcome;
  });
}

export const approveLines = (db: PrismaClient, shop: string, ids: string[], now = new Date()) =>
  reviewLedgerLines(db, shop, "approve", ids, now);
export const denyLines = (db: PrismaClient, shop: string, ids: string[], now = new Date()) =>
  reviewLedgerLines(db, shop, "deny", ids, now);
export const markLinesPaid = (db: PrismaClient, shop: string, ids: string[], now = new Date()) =>
  reviewLedgerLines(db, shop, "markPaid", ids, now);

/**
 * Approves pending commissions older than each shop's auto-approval days (and their pending reversals).
 * Shops without auto-approval are left alone.
 */
export async function autoApprove(db: PrismaClient, now: Date): Promise<number> {
  const shops = await db.programSettings.findMany({
    where: { autoApproveDays: { not: null } },
    select: { shop: true, autoApproveDays: true },
  });
  let approved = 0;
  for (const { shop, autoApproveDays } of shops) {
    const cutoff = new Date(now.getTime() - (autoApproveDays ?? 0) * 86_400_000);
    const due = await db.ledgerLine.findMany({
      where: {
        shop,
        type: LedgerLineType.commission,
        status: LedgerStatus.pending,
        createdAt: { lte: cutoff },
      },
      select: { id: true },
      take: 500,
    });
    if (due.length > 0) {
      approved += (
        await approveLines(
          db,
          shop,
          due.map((line) => line.id),
          now,
        )
      ).changed;
    }
  }
  return approved;
}

export interface ReviewAnswer extends BulkAnswer {
  intent: ReviewIntent;
  changed: number;
}

/**
 * The Commissions screens' review: one step on the given lines of this shop, answered in the merchant's
 * words. Ids of other shops (or unknown ids) are never passed on: they are reported as skipped, "No such
 * commission". `within` (an order's lines, from its page) limits the step to those lines; the others are
 * skipped, "Not a line of this order".
 */
export async function reviewLines(
  db: PrismaClient,
  shop: string,
  intent: ReviewIntent,
  ids: string[],
  { within }: { within?: Array<{ id: string }> } = {},
): Promise<ReviewAnswer> {
  const requested = [...new Set(ids)];
  const allowed = within ? new Set(within.map((line) => line.id)) : null;
  const unique = allowed ? requested.filter((id) => allowed.has(id)) : requested;
  const outside = allowed ? skippedMissing(requested, allowed, "Not a line of this order") : [];
  const own = await db.ledgerLine.findMany({
    where: { shop, id: { in: unique } },
    select: {
      id: true,
      orderId: true,
      type: true,
      affiliate: { select: { name: true } },
      attributedOrder: { select: { orderName: true } },
    },
  });
  const labels = new Map(
    own.map((line) => [
      line.id,
      `${line.attributedOrder.orderName ?? `#${line.orderId}`} · ${line.affiliate.name}${line.type === LedgerLineType.reversal ? " (reversal)" : ""}`,
    ]),
  );
  const outcome =
    own.length > 0
      ? await reviewLedgerLines(db, shop, intent, [...labels.keys()])
      : { changed: 0, skipped: [] };
  const skipped = [
    ...outcome.skipped.map((skip) => ({ ...skip, label: labels.get(skip.id) ?? skip.id })),
    ...skippedMissing(unique, labels, "No such commission"),
    ...outside,
  ];
  const message = bulkOutcome(outcome.changed, skipped.length, REVIEW_WORDS[intent].done, "line");
  return { intent, changed: outcome.changed, skipped, toast: { message, isError: outcome.changed === 0 } };
}
