// The merchant's review of ledger lines: which step may be taken on a line as it stands, and why not.
// One set of rules for the server, which decides for good (review.server), and the screens, which offer
// only the buttons that apply (no server code here).
import { LedgerLineType, LedgerStatus } from "./status";

export const REVIEW_INTENTS = ["approve", "deny", "markPaid"] as const;
export type ReviewIntent = (typeof REVIEW_INTENTS)[number];

export const isReviewIntent = (value: unknown): value is ReviewIntent =>
  (REVIEW_INTENTS as readonly unknown[]).includes(value);

/**
 * The steps the Commissions screens take. Lines are paid by payouts (app/models/payouts), which record what
 * was paid to whom and how; "mark paid" stays a step of the ledger's own for them, not a button.
 */
export const SCREEN_REVIEW_INTENTS = ["approve", "deny"] as const;
export type ScreenReviewIntent = (typeof SCREEN_REVIEW_INTENTS)[number];
export const isScreenReviewIntent = (value: unknown): value is ScreenReviewIntent =>
  (SCREEN_REVIEW_INTENTS as readonly unknown[]).includes(value);

/** The words of each step: its button, and what was done ("2 lines approved"). */
export const REVIEW_WORDS: Record<ReviewIntent, { action: string; done: string }> = {
  approve: { action: "Approve", done: "approved" },
  deny: { action: "Deny", done: "denied" },
  markPaid: { action: "Mark paid", done: "marked paid" },
};

export type ReviewStep = { to: LedgerStatus } | { skip: string };

/**
 * Commissions move pending → approved → paid, or to denied before they are paid. A reversal is not
 * reviewed on its own: it follows its commission, except that an approved reversal of a paid commission
 * is deducted from the next payout, i.e. marked paid.
 */
export function reviewStep(intent: ReviewIntent, line: { type: string; status: string }): ReviewStep {
  const reversal = line.type === LedgerLineType.reversal;
  switch (intent) {
    case "approve":
      if (reversal) return { skip: "A reversal follows the status of its commission" };
      if (line.status !== LedgerStatus.pending)
        return { skip: `Only pending commissions can be approved (this one is ${line.status})` };
      return { to: LedgerStatus.approved };
    case "deny":
      if (reversal) return { skip: "A reversal follows the status of its commission" };
      if (line.status === LedgerStatus.paid) return { skip: "A paid commission cannot be denied" };
      if (line.status === LedgerStatus.denied) return { skip: "Already denied" };
      return { to: LedgerStatus.denied };
    case "markPaid":
      if (line.status !== LedgerStatus.approved)
        return { skip: `Only approved lines can be marked paid (this one is ${line.status})` };
      return { to: LedgerStatus.paid };
  }
}

/** The steps that apply to a line as it stands, in the order the screens offer them. */
export function reviewStepsFor(line: { type: string; status: string }): ReviewIntent[] {
  const order: ReviewIntent[] = [...SCREEN_REVIEW_INTENTS];
  return order.filter((intent) => "to" in reviewStep(intent, line));
}
