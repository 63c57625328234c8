import { useSearchParams } from "@remix-run/react";
import { BlockStack, Box, Card, IndexTable, InlineStack, Link, Text, useBreakpoints } from "@shopify/polaris";
import { LedgerStatusBadge } from "~/components/ledger/LedgerStatusBadge";
import { CondensedLine, CondensedRow } from "~/components/ui/CondensedRow";
import { DateRange } from "~/components/ui/DateRange";
import { MoneyCell } from "~/components/ui/MoneyCell";
import { useListPagination } from "~/components/ui/useListPagination";
import { formatDate, formatDateTime } from "~/format/dates";
import { describeSource, describeType } from "~/format/ledger";
import { formatMinor, formatMoney } from "~/format/money";
import { withFilter } from "~/lib/pagination";
import type { AffiliateDetail } from "~/models/affiliates/views";

/**
 * An affiliate's ledger lines by the date of their order (the shop's days), filtered by order days, with
 * their sums by status; a page at a time (`commissionsPage`). On a phone, one block per line: its order and
 * amount, then its type, status and order date.
 */
export function AffiliateCommissionsCard({
  affiliateId,
  affiliateName,
  commissions,
  timeZone,
}: {
  affiliateId: string;
  affiliateName: string;
  commissions: AffiliateDetail["commissions"];
  timeZone: string;
}) {
  const [, setSearchParams] = useSearchParams();
  const condensed = useBreakpoints().smDown;
  const pagination = useListPagination(commissions.pageInfo, "commissionsPage");
  const filtered = !!(commissions.orderFrom || commissions.orderTo);
  const setDay = (key: "from" | "to", value: string | null) =>
    setSearchParams((prev) => {
      const next = withFilter(prev, key === "from" ? "orderFrom" : "orderTo", value);
      next.delete("commissionsPage");
      return next;
    });
  return (
    <Card padding="0">
      <Box padding="400" paddingBlockEnd="200">
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Commissions
            </Text>
            <Link url={`/app/commissions?affiliateId=${affiliateId}`}>View all commissions</Link>
          </InlineStack>
          <InlineStack gap="400" blockAlign="end" wrap>
            <Box minWidth="280px">
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm">
                  Order date ({timeZone})
                </Text>
                <DateRange
                  filters={{ from: commissions.orderFrom, to: commissions.orderTo }}
                  onChange={setDay}
                />
              </BlockStack>
            </Box>
            {commissions.rangeTotals.length > 0 && (
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm">
                  {filtered ? "These orders" : "All orders"}
                </Text>
                {commissions.rangeTotals.map((total) => (
                  <InlineStack key={`${total.status}-${total.currency}`} gap="200" blockAlign="center">
                    <LedgerStatusBadge status={total.status} />
                    <Text as="span" numeric>
                      {formatMinor(total.amountMinor, total.currency)}
                    </Text>
                  </InlineStack>
                ))}
              </BlockStack>
            )}
          </InlineStack>
        </BlockStack>
      </Box>
      <IndexTable
        resourceName={{ singular: "commission", plural: "commissions" }}
        itemCount={commissions.items.length}
        selectable={false}
        condensed={condensed}
        pagination={pagination}
        emptyState={
          <Box padding="400">
            <Text as="p" tone="subdued">
              {filtered
                ? `No commissions of ${affiliateName} for orders placed on these days.`
                : `No commissions yet. They appear when an order credited to ${affiliateName} comes in.`}
            </Text>
          </Box>
        }
        // Six columns that fit the two-thirds column at 1280 px: the source is read under the type, and the day a
        // line was recorded is enough here (its time is in the cell's title and on the order's page).
        headings={[
          { title: "Order" },
          { title: "Type" },
          { title: "Amount", alignment: "end" },
          { title: "Status" },
          { title: "Order date" },
          { title: "Recorded" },
        ]}
      >
        {commissions.items.map((line, index) => {
          const orderLink = (
            <Link url={`/app/commissions/${line.id}`} removeUnderline dataPrimaryLink={condensed}>
              {line.orderName ?? `#${line.orderId}`}
            </Link>
          );
          return (
            <IndexTable.Row id={line.id} key={line.id} position={index}>
              {condensed ? (
                <CondensedRow>
                  <CondensedLine wrap={false}>
                    <Text as="span" fontWeight="semibold">
                      {orderLink}
                    </Text>
                    <Text as="span" numeric>
                      {formatMoney(line.amount, line.currency)}
                    </Text>
                  </CondensedLine>
                  <CondensedLine>
                    <Text as="span" tone="subdued">
                      {describeType(line.type)} · {describeSource(line.source)} ·{" "}
                      {formatDate(line.orderCreatedAt, { timeZone })}
                    </Text>
                    <LedgerStatusBadge status={line.status} />
                  </CondensedLine>
                </CondensedRow>
              ) : (
                <>
                  <IndexTable.Cell>{orderLink}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Text as="span">{describeType(line.type)}</Text>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {describeSource(line.source)}
                      </Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <MoneyCell amount={line.amount} currency={line.currency} />
                  <IndexTable.Cell>
                    <LedgerStatusBadge status={line.status} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>{formatDate(line.orderCreatedAt, { timeZone })}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <span title={formatDateTime(line.createdAt, { timeZone })}>
                      {formatDate(line.createdAt, { timeZone })}
                    </span>
                  </IndexTable.Cell>
                </>
              )}
            </IndexTable.Row>
          );
        })}
      </IndexTable>
    </Card>
  );
}
