import { Badge } from "@shopify/polaris";
import { describeStatus, statusTone } from "~/format/ledger";

/** A ledger line's status (pending, approved, paid, denied) as a Polaris badge. */
export function LedgerStatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTone(status)}>{describeStatus(status)}</Badge>;
}
