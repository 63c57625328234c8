import { Box, Card, IndexTable, InlineStack, Link, Text } from "@shopify/polaris";
import { LedgerStatusBadge } from "~/components/ledger/LedgerStatusBadge";
import { formatDate } from "~/format/dates";
import { describeSource, describeType } from "~/format/ledger";
import type { AffiliateDetail } from "~/models/affiliates/views";
import { MoneyCell } from "~/components/ui/MoneyCell";

/** An affiliate's latest ledger lines, with a link to all of them. */
export function AffiliateCommissionsCard({
  affiliateName,
  commissions,
}: {
  affiliateName: string;
  commissions: AffiliateDetail["commissions"];
}) {
  return (
    <Card padding="0">
      <Box padding="400" paddingBlockEnd="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Commissions
          </Text>
          <Link url="/app/commissions">View all commissions</Link>
        </InlineStack>
      </Box>
      {commissions.items.length === 0 ? (
        <Box padding="400" paddingBlockStart="0">
          <Text as="p" tone="subdued">
            No commissions yet. They appear when an order credited to {affiliateName} comes in.
          </Text>
        </Box>
      ) : (
        <IndexTable
          resourceName={{ singular: "commission", plural: "commissions" }}
          itemCount={commissions.items.length}
          selectable={false}
          headings={[
            { title: "Order" },
            { title: "Type" },
            { title: "Source" },
            { title: "Amount", alignment: "end" },
            { title: "Status" },
            { title: "Date" },
          ]}
        >
          {commissions.items.map((line, index) => (
            <IndexTable.Row id={line.id} key={line.id} position={index}>
              <IndexTable.Cell>{line.orderName ?? `#${line.orderId}`}</IndexTable.Cell>
              <IndexTable.Cell>{describeType(line.type)}</IndexTable.Cell>
              <IndexTable.Cell>{describeSource(line.source)}</IndexTable.Cell>
              <MoneyCell amount={line.amount} currency={line.currency} />
              <IndexTable.Cell>
                <LedgerStatusBadge status={line.status} />
              </IndexTable.Cell>
              <IndexTable.Cell>{formatDate(line.createdAt)}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      )}
      {commissions.total > commissions.items.length && (
        <Box padding="400">
          <Text as="p" tone="subdued">
            Showing the latest {commissions.items.length} of {commissions.total} ledger lines.
          </Text>
        </Box>
      )}
    </Card>
  );
}
