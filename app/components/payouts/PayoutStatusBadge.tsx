import { Badge } from "@shopify/polaris";
import { PAYOUT_STATUS_WORDS, isPayoutStatus } from "~/models/payouts/codes";

const TONES = {
  draft: undefined,
  sent: "attention",
  paid: "success",
  failed: "critical",
  cancelled: undefined,
} as const;

/** A payout's status (draft, sent, paid, failed, cancelled) as a Polaris badge. */
export function PayoutStatusBadge({ status }: { status: string }) {
  if (!isPayoutStatus(status)) return <Badge>{status}</Badge>;
  return <Badge tone={TONES[status]}>{PAYOUT_STATUS_WORDS[status]}</Badge>;
}
