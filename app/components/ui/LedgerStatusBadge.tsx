import { Badge } from "@shopify/polaris";

type Tone = "attention" | "info" | "success" | "critical" | undefined;

const TONES: Record<string, Tone> = {
  pending: "attention",
  approved: "info",
  paid: "success",
  denied: "critical",
};

const LABELS: Record<string, string> = {
  pending: "Pending",
  approved: "Approved",
  paid: "Paid",
  denied: "Denied",
};

/** A ledger line's status (pending, approved, paid, denied) as a Polaris badge. */
export function LedgerStatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status]}>{LABELS[status] ?? status}</Badge>;
}
