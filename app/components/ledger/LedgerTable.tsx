import { useState } from "react";
import {
  Badge,
  Button,
  ButtonGroup,
  IndexTable,
  InlineStack,
  Link,
  Text,
  useBreakpoints,
  type IndexTableProps,
} from "@shopify/polaris";
import { ConfirmActionModal } from "~/components/ui/ConfirmActionModal";
import { useListSelection } from "~/components/ui/useListSelection";
import { countOf } from "~/format/counts";
import { formatDate, formatDateTime } from "~/format/dates";
import { describeRule, describeSource, describeType } from "~/format/ledger";
import { formatMoney } from "~/format/money";
import { REVIEW_WORDS, reviewStepsFor, type ReviewIntent } from "~/models/ledger/review-steps";
import type { LedgerRow } from "~/models/ledger/views";
import { LedgerLineType } from "~/models/ledger/status";
import { LedgerStatusBadge } from "./LedgerStatusBadge";
import { MoneyCell } from "~/components/ui/MoneyCell";
import { CondensedLine, CondensedRow } from "~/components/ui/CondensedRow";

export type LedgerTableRow = Pick<
  LedgerRow,
  | "id"
  | "attributedOrderId"
  | "orderName"
  | "affiliateId"
  | "affiliateName"
  | "type"
  | "source"
  | "rule"
  | "base"
  | "amount"
  | "currency"
  | "status"
  | "orderCreatedAt"
  | "createdAt"
>;

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
  /** Show Approve / Deny buttons on each row (for the lines they apply to; lines are paid through Payouts). */
  rowActions?: boolean;
  /** The shop's time zone: dates are shown in it. */
  timeZone: string;
  /** Sorting by the headings (useListSort over LEDGER_TABLE_SORTS); none when absent. */
  sorting?: Pick<
    IndexTableProps,
    "sortable" | "sortColumnIndex" | "sortDirection" | "onSort" | "defaultSortDirection"
  >;
}

/** The sort key of each heading of the table, in order (null: not sortable). */
export const LEDGER_TABLE_SORTS = [
  null,
  "affiliate",
  null,
  null,
  null,
  "amount",
  "status",
  "orderDate",
  "recorded",
] as const;

/** The title of the banner listing the lines a review left as they were. */
export const reviewSkippedTitle = (count: number) => `${count} of the selected lines were left as they were`;

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
  timeZone,
  sorting,
}: LedgerTableProps) {
  // A new page of rows, or a finished review, starts with nothing selected.
  const { selected, selectedResources, tableSelection } = useListSelection(lines, reviewKey);
  const [confirmDeny, setConfirmDeny] = useState<string[] | null>(null);
  const condensed = useBreakpoints().smDown;

  return (
    <>
      <IndexTable
        resourceName={{ singular: "ledger line", plural: "ledger lines" }}
        itemCount={lines.length}
        {...tableSelection}
        loading={busy}
        condensed={condensed}
        {...sorting}
        emptyState={emptyState}
        pagination={pagination}
        promotedBulkActions={[
          { content: REVIEW_WORDS.approve.action, onAction: () => onReview("approve", selected) },
        ]}
        bulkActions={[{ content: REVIEW_WORDS.deny.action, onAction: () => setConfirmDeny(selected) }]}
        headings={[
          { title: "Order" },
          { title: "Affiliate" },
          { title: "Source" },
          { title: "Rule" },
          { title: "Base", alignment: "end" },
          { title: "Amount", alignment: "end" },
          { title: "Status" },
          { title: "Order date" },
          { title: "Recorded" },
          ...(rowActions ? [{ title: "Actions", hidden: true }] : []),
        ]}
      >
        {lines.map((line, index) => {
          const orderLink = linkOrders ? (
            <Link url={`/app/commissions/${line.id}`} removeUnderline dataPrimaryLink>
              <Text as="span" fontWeight="semibold">
                {line.orderName}
              </Text>
            </Link>
          ) : (
            <Text as="span" fontWeight={line.id === focusLineId ? "bold" : "regular"}>
              {line.orderName}
            </Text>
          );
          const affiliateLink = (
            <Link url={`/app/affiliates/${line.affiliateId}`} monochrome removeUnderline>
              {line.affiliateName}
            </Link>
          );
          const amount = (
            <InlineStack align="end" gap="100" wrap={false}>
              {line.type === LedgerLineType.reversal && <Badge size="small">{describeType(line.type)}</Badge>}
              <Text as="span" numeric tone={line.amount.startsWith("-") ? "critical" : undefined}>
                {formatMoney(line.amount, line.currency)}
              </Text>
            </InlineStack>
          );
          // Buttons act on their own line only: keep the click from toggling the row's selection.
          const actions = (
            <div onClick={(event) => event.stopPropagation()}>
              <ButtonGroup>
                {reviewStepsFor(line).map((step) => (
                  <Button
                    key={step}
                    size="slim"
                    tone={step === "deny" ? "critical" : undefined}
                    disabled={busy}
                    onClick={() => (step === "deny" ? setConfirmDeny([line.id]) : onReview(step, [line.id]))}
                    accessibilityLabel={`${REVIEW_WORDS[step].action} ${line.orderName} for ${line.affiliateName}`}
                  >
                    {REVIEW_WORDS[step].action}
                  </Button>
                ))}
              </ButtonGroup>
            </div>
          );
          return (
            <IndexTable.Row
              id={line.id}
              key={line.id}
              position={index}
              selected={selectedResources.includes(line.id)}
              tone={line.id === focusLineId ? "subdued" : undefined}
              accessibilityLabel={`Select ${describeType(line.type).toLowerCase()} for order ${line.orderName}`}
            >
              {condensed ? (
                // The phone's layout: one block per line, with its amount, status and actions in view.
                <CondensedRow>
                  <CondensedLine wrap={false}>
                    {orderLink}
                    {amount}
                  </CondensedLine>
                  <CondensedLine>
                    <Text as="span" tone="subdued">
                      {affiliateLink} · {formatDate(line.orderCreatedAt, { timeZone })}
                    </Text>
                    <LedgerStatusBadge status={line.status} />
                  </CondensedLine>
                  {reviewStepsFor(line).length > 0 && actions}
                </CondensedRow>
              ) : (
                <>
                  <IndexTable.Cell>{orderLink}</IndexTable.Cell>
                  <IndexTable.Cell>{affiliateLink}</IndexTable.Cell>
                  <IndexTable.Cell>
                    {line.source === "manual" ? (
                      <Badge tone="info">{describeSource(line.source)}</Badge>
                    ) : (
                      describeSource(line.source)
                    )}
                  </IndexTable.Cell>
                  <IndexTable.Cell>{describeRule(line.rule)}</IndexTable.Cell>
                  <MoneyCell amount={line.base} currency={line.currency} />
                  <IndexTable.Cell>{amount}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <LedgerStatusBadge status={line.status} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>{formatDate(line.orderCreatedAt, { timeZone })}</IndexTable.Cell>
                  <IndexTable.Cell>{formatDateTime(line.createdAt, { timeZone })}</IndexTable.Cell>
                  {rowActions && <IndexTable.Cell>{actions}</IndexTable.Cell>}
                </>
              )}
            </IndexTable.Row>
          );
        })}
      </IndexTable>
      <ConfirmActionModal
        id="ledger-confirm-deny"
        open={confirmDeny !== null}
        title="Deny commissions"
        message={`Deny ${countOf(confirmDeny?.length ?? 0, "line")}? A denied commission is not paid, and its reversals are denied with it.`}
        confirmLabel={REVIEW_WORDS.deny.action}
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
