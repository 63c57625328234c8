import type { LedgerLine, PrismaClient } from "@prisma/client";

export const LedgerStatus = {
  pending: "pending",
  approved: "approved",
  paid: "paid",
  denied: "denied",
} as const;
export type LedgerStatusName = (typeof LedgerStatus)[keyof typeof LedgerStatus];

export interface ReviewOutcome {
  changed: number;
  skipped: Array<{ id: string; reason: string }>;
}

type Transition = (line: LedgerLine) => { to: LedgerStatusName } | { skip: string };

/**
 * Commissions move pending → approved → paid, or to denied before they are paid. A reversal is not
 * reviewed on its own: it follows its commission (see `reversalStatusFor`), except that an approved
 * reversal of a paid commission is deducted from the next payout, i.e. marked paid.
 */
const approve: Transition = (line) => {
  if (line.type === "reversal") return { skip: "A reversal follows the status of its commission" };
  if (line.status !== LedgerStatus.pending)
    return { skip: `Only pending commissions can be approved (this one is ${line.status})` };
  return { to: LedgerStatus.approved };
};

const deny: Transition = (line) => {
  if (line.type === "reversal") return { skip: "A reversal follows the status of its commission" };
  if (line.status === LedgerStatus.paid) return { skip: "A paid commission cannot be denied" };
  if (line.status === LedgerStatus.denied) return { skip: "Already denied" };
  return { to: LedgerStatus.denied };
};

const markPaid: Transition = (line) => {
  if (line.status !== LedgerStatus.approved)
    return { skip: `Only approved lines can be marked paid (this one is ${line.status})` };
  return { to: LedgerStatus.paid };
};

/** The status a new reversal takes from the commission it reverses. */
export function reversalStatusFor(commissionStatus: string): LedgerStatusName {
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

async function review(
  db: PrismaClient,
  shop: string,
  ids: string[],
  transition: Transition,
  now: Date,
): Promise<ReviewOutcome> {
  const unique = [...new Set(ids)];
  const lines = await db.ledgerLine.findMany({ where: { shop, id: { in: unique } } });
  const found = new Map(lines.map((line) => [line.id, line]));
  const outcome: ReviewOutcome = { changed: 0, skipped: [] };

  await db.$transaction(async (tx) => {
    for (const id of unique) {
      const line = found.get(id);
      if (!line) {
        outcome.skipped.push({ id, reason: "No such commission" });
        continue;
      }
      const step = transition(line);
      if ("skip" in step) {
        outcome.skipped.push({ id, reason: step.skip });
        continue;
      }
      await tx.ledgerLine.update({ where: { id }, data: { status: step.to, statusChangedAt: now } });
      outcome.changed += 1;
      if (line.type === "commission") {
        // Unpaid reversals follow their commission; paid ones are history and stay as they are.
        const followers =
          step.to === LedgerStatus.paid
            ? [LedgerStatus.approved]
            : [LedgerStatus.pending, LedgerStatus.approved];
        await tx.ledgerLine.updateMany({
          where: { shop, reversalOfId: id, status: { in: followers } },
          data: { status: step.to, statusChangedAt: now },
        });
      }
    }
  });
  return outcome;
}

export const approveLines = (db: PrismaClient, shop: string, ids: string[], now = new Date()) =>
  review(db, shop, ids, approve, now);
export const denyLines = (db: PrismaClient, shop: string, ids: string[], now = new Date()) =>
  review(db, shop, ids, deny, now);
export const markLinesPaid = (db: PrismaClient, shop: string, ids: string[], now = new Date()) =>
  review(db, shop, ids, markPaid, now);

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
      where: { shop, type: "commission", status: LedgerStatus.pending, createdAt: { lte: cutoff } },
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
