// The payout history as CSV for the merchant's books: one row per payout.
import { payoutReference } from "./codes";

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : "");

/** A CSV field: quoted when it holds a comma, quote or line break; a leading =,+,-,@ is defused for spreadsheets. */
function field(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function payoutsCsv(
  payouts: Array<{
    number: number;
    affiliate: { id: string; name: string };
    currency: string;
    amount: string;
    method: string;
    status: string;
    recipient: string | null;
    reference: string | null;
    createdBy: string;
    createdAt: Date | string;
    paidAt: Date | string | null;
    closedAt: Date | string | null;
    lineCount: number;
  }>,
): string {
  const header = [
    "payout",
    "affiliate_id",
    "affiliate",
    "amount",
    "currency",
    "method",
    "status",
    "recipient",
    "reference",
    "lines",
    "created_by",
    "created_at",
    "paid_at",
    "closed_at",
  ];
  const rows = payouts.map((p) =>
    [
      payoutReference(p.number),
      p.affiliate.id,
      p.affiliate.name,
      p.amount,
      p.currency,
      p.method,
      p.status,
      p.recipient ?? "",
      p.reference ?? "",
      String(p.lineCount),
      p.createdBy,
      iso(p.createdAt),
      iso(p.paidAt),
      iso(p.closedAt),
    ]
      .map(field)
      .join(","),
  );
  return [header.join(","), ...rows].map((row) => `${row}\r\n`).join("");
}
