import { useState } from "react";
import { Link as RemixLink } from "@remix-run/react";
import {
  Badge,
  Button,
  ButtonGroup,
  IndexTable,
  InlineStack,
  Link,
  Text,
  type IndexTableProps,
} from "@shopify/polaris";
import { ConfirmActionModal } from "~/components/ui/ConfirmActionModal";
import { useListSelection } from "~/components/ui/useListSelection";
import { displayDateTime } from "~/lib/dates";
import { describeRule, describeSource } from "~/lib/ledger-words";
import { LedgerStatusBadge } from "~/components/ui/LedgerStatusBadge";
import { formatMoney } from "./money";

export type ReviewIntent = "approve" | "deny" | "markPaid";

export type LedgerTableRow = {
  id: string;
  attributedOrderId: string;
  orderName: string;
  affiliateId: string;
  affiliateName: string;
  type: string;
  source: string;
  rule: string;
  base: string;
  amount: string;
  currency: string;
  status: string;
  createdAt: string;
};

export interface LedgerTableProps {
  lines: LedgerTableRow[];
  onReview(intent: ReviewIntent, ids: string[]): void;
  /** Changes after each finished review, to clear the selection. */
  reviewKey?: unknown;
  busy?: boolean;
  pagination?: IndexTableProps["pagination"];
  emptyState?: React.ReactNode;
  /** Highlighted row (the line a detail view was opened for). */
  focusLineId?: string | null;
  /** Link each order name to its detail view. */
  linkOrders?: boolean;
  /** Show Approve / Deny / Mark paid buttons on each row (for the lines they apply to). */
  rowActions?: boolean;
}

/** The review steps that apply to a line as it stands (the ledger decides for good on submit). */
export function reviewStepsFor(line: Pick<LedgerTableRow, "type" | "status">): ReviewIntent[] {
  if (line.type === "reversal") return line.status === "approved" ? ["markPaid"] : [];
  switch (line.status) {
    case "pending":
      return ["approve", "deny"];
    case "approved":
      return ["markPaid", "deny"];
    default:
      return [];
  }
}

/** The title of the banner listing the lines a review left as they were. */
export const reviewSkippedTitle = (count: number) => `${count} of the selected lines were left as they were`;

const STEP_LABEL: Record<ReviewIntent, string> = { approve: "Approve", deny: "Deny", markPaid: "Mark paid" };

/** Ledger lines with single and bulk review actions. */
export function LedgerTable({
  lines,
  onReview,
  reviewKey,
  busy,
  pagination,
  emptyState,
  focusLineId,
  linkOrders = true,
  rowActions = false,
}: LedgerTableProps) {
  // A new page of rows, or a finished review, starts with nothing selected.
  const { selected, selectedResources, allResourcesSelected, handleSelectionChange } = useListSelection(
    lines,
    reviewKey,
  );
  const [confirmDeny, setConfirmDeny] = useState<string[] | null>(null);
  const plural = (n: number) => `${n} ${n === 1 ? "line" : "lines"}`;

  return (
    <>
      <IndexTable
        resourceName={{ singular: "ledger line", plural: "ledger lines" }}
        itemCount={lines.length}
        selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
        onSelectionChange={handleSelectionChange}
        loading={busy}
        emptyState={emptyState}
        pagination={pagination}
        promotedBulkActions={[
          { content: "Approve", onAction: () => onReview("approve", selected) },
          { content: "Mark paid", onAction: () => onReview("markPaid", selected) },
        ]}
        bulkActions={[{ content: "Deny", onAction: () => setConfirmDeny(selected) }]}
        headings={[
          { title: "Order" },
          { title: "Affiliate" },
          { title: "Source" },
          { title: "Rule" },
          { title: "Base", alignment: "end" },
          { title: "Amount", alignment: "end" },
          { title: "Status" },
          { title: "Created" },
          ...(rowActions ? [{ title: "Actions", hidden: true }] : []),
        ]}
      >
        {lines.map((line, index) => (
          <IndexTable.Row
            id={line.id}
            key={line.id}
            position={index}
            selected={selectedResources.includes(line.id)}
            tone={line.id === focusLineId ? "subdued" : undefined}
          >
            <IndexTable.Cell>
              {linkOrders ? (
                <Link url={`/app/commissions/${line.id}`} removeUnderline dataPrimaryLink>
                  <Text as="span" fontWeight="semibold">
                    {line.orderName}
                  </Text>
                </Link>
              ) : (
                <Text as="span" fontWeight={line.id === focusLineId ? "bold" : "regular"}>
                  {line.orderName}
                </Text>
              )}
            </IndexTable.Cell>
            <IndexTable.Cell>
              <RemixLink to={`/app/affiliates/${line.affiliateId}`}>{line.affiliateName}</RemixLink>
            </IndexTable.Cell>
            <IndexTable.Cell>{describeSource(line.source)}</IndexTable.Cell>
            <IndexTable.Cell>{describeRule(line.rule)}</IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {formatMoney(line.base, line.currency)}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <InlineStack align="end" gap="100" wrap={false}>
                {line.type === "reversal" && <Badge size="small">Reversal</Badge>}
                <Text as="span" numeric tone={line.amount.startsWith("-") ? "critical" : undefined}>
                  {formatMoney(line.amount, line.currency)}
                </Text>
              </InlineStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <LedgerStatusBadge status={line.status} />
            </IndexTable.Cell>
            <IndexTable.Cell>{displayDateTime(line.createdAt)}</IndexTable.Cell>
            {rowActions && (
              <IndexTable.Cell>
                {/* Buttons act on their own line only: keep the click from toggling the row's selection. */}
                <div onClick={(event) => event.stopPropagation()}>
                  <ButtonGroup>
                    {reviewStepsFor(line).map((step) => (
                      <Button
                        key={step}
                        size="slim"
                        tone={step === "deny" ? "critical" : undefined}
                        disabled={busy}
                        onClick={() =>
                          step === "deny" ? setConfirmDeny([line.id]) : onReview(step, [line.id])
                        }
                        accessibilityLabel={`${STEP_LABEL[step]} ${line.orderName} for ${line.affiliateName}`}
                      >
                        {STEP_LABEL[step]}
                      </Button>
                    ))}
                  </ButtonGroup>
                </div>
              </IndexTable.Cell>
            )}
          </IndexTable.Row>
        ))}
      </IndexTable>
      <ConfirmActionModal
        id="ledger-confirm-deny"
        open={confirmDeny !== null}
        title="Deny commissions"
        message={`Deny ${plural(confirmDeny?.length ?? 0)}? A denied commission is not paid, and its reversals are denied with it.`}
        confirmLabel="Deny"
        destructive
        onConfirm={() => {
          if (confirmDeny) onReview("deny", confirmDeny);
          setConfirmDeny(null);
        }}
        onClose={() => setConfirmDeny(null)}
      />
    </>
  );
}
