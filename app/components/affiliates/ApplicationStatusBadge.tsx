import { Badge } from "@shopify/polaris";
import type { ApplicationStatus } from "~/models/affiliates/application";

/** Where an affiliate stands: an application waiting or declined, else active or inactive. */
export function ApplicationStatusBadge({ status, active }: { status: ApplicationStatus; active: boolean }) {
  if (status === "pending") return <Badge tone="attention">Pending</Badge>;
  if (status === "declined") return <Badge tone="critical">Declined</Badge>;
  return active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>;
}
