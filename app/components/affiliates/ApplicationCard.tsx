import { useState } from "react";
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { formatDate } from "~/format/dates";
import { canApprove, canDecline, type AffiliateApplication } from "~/models/affiliates/application";
import { DeclineReasonField } from "./DeclineReasonField";

export interface ApplicationCardProps {
  application: AffiliateApplication;
  busy: boolean;
  reasonError?: string;
  onApprove(): void;
  onDecline(reason: string): void;
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm">
        {label}
      </Text>
      <Text as="p" breakWord>
        {children}
      </Text>
    </BlockStack>
  );
}

/** The affiliate's application (from the sign-up form): what they said, the decision, approve or decline. */
export function ApplicationCard({
  application,
  busy,
  reasonError,
  onApprove,
  onDecline,
}: ApplicationCardProps) {
  const [reason, setReason] = useState("");
  const { status } = application;
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Application
        </Text>
        {application.appliedAt && <Detail label="Applied">{formatDate(application.appliedAt)}</Detail>}
        <Detail label="Where they promote">
          <span style={{ whiteSpace: "pre-wrap" }}>{application.promotion ?? "—"}</span>
        </Detail>
        <Detail label="Payout email">{application.payoutEmail ?? "—"}</Detail>
        {application.termsAcceptedAt && (
          <Detail label="Terms accepted">{formatDate(application.termsAcceptedAt)}</Detail>
        )}
        {status !== "pending" && application.decidedAt && (
          <Detail label={status === "declined" ? "Declined" : "Approved"}>
            {formatDate(application.decidedAt)}
          </Detail>
        )}
        {status === "declined" && (
          <Detail label="Reason given">
            <span style={{ whiteSpace: "pre-wrap" }}>{application.declineReason ?? "None"}</span>
          </Detail>
        )}
        {canDecline(status) && <DeclineReasonField value={reason} onChange={setReason} error={reasonError} />}
        {(canApprove(status) || canDecline(status)) && (
          <InlineStack gap="200">
            {canApprove(status) && (
              <Button variant="primary" onClick={onApprove} loading={busy}>
                Approve
              </Button>
            )}
            {canDecline(status) && (
              <Button tone="critical" onClick={() => onDecline(reason)} disabled={busy}>
                Decline
              </Button>
            )}
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}
