// The ledger's own codes: the status a line moves through and the two kinds of line. Shared by the server
// and the screens (no server code here); their words for people are in ~/format/ledger.

/** A commission moves pending → approved → paid, or to denied before it is paid; a reversal follows it. */
export const LedgerStatus = {
  pending: "pending",
  approved: "approved",
  paid: "paid",
  denied: "denied",
} as const;
export type LedgerStatus = (typeof LedgerStatus)[keyof typeof LedgerStatus];
export const LEDGER_STATUSES: readonly LedgerStatus[] = Object.values(LedgerStatus);

export const LedgerLineType = {
  commission: "commission",
  /** Takes back part or all of a commission, after a refund or a cancellation. */
  reversal: "reversal",
} as const;
export type LedgerLineType = (typeof LedgerLineType)[keyof typeof LedgerLineType];
export const LEDGER_LINE_TYPES: readonly LedgerLineType[] = Object.values(LedgerLineType);

export const isLedgerStatus = (value: unknown): value is LedgerStatus =>
  (LEDGER_STATUSES as readonly unknown[]).includes(value);

export const isLedgerLineType = (value: unknown): value is LedgerLineType =>
  (LEDGER_LINE_TYPES as readonly unknown[]).includes(value);
