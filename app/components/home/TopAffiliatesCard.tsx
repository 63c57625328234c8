import { Box, Card, IndexTable, Link, Text } from "@shopify/polaris";
import { MoneyCell } from "~/components/ui/MoneyCell";
import type { TopAffiliate } from "~/models/home/views";

/** The affiliates that brought the most referred sales in the range. */
export function TopAffiliatesCard({ affiliates }: { affiliates: TopAffiliate[] }) {
  return (
    <Card padding="0">
      <Box padding="400">
        <Text as="h2" variant="headingMd">
          Top affiliates
        </Text>
      </Box>
      <IndexTable
        selectable={false}
        resourceName={{ singular: "affiliate", plural: "affiliates" }}
        itemCount={affiliates.length}
        emptyState={
          <Box padding="400">
            <Text as="p" tone="subdued">
              No affiliate brought a sale in this range.
            </Text>
          </Box>
        }
        headings={[
          { title: "Affiliate" },
          { title: "Orders", alignment: "end" },
          { title: "Referred sales", alignment: "end" },
          { title: "Average order", alignment: "end" },
          { title: "Commissions", alignment: "end" },
        ]}
      >
        {affiliates.map((affiliate, index) => (
          <IndexTable.Row
            id={`${affiliate.id}-${affiliate.currency}`}
            key={`${affiliate.id}-${affiliate.currency}`}
            position={index}
          >
            <IndexTable.Cell>
              {/* Table cells keep to one line: a long name wraps here, or it pushes the last column out. */}
              <div style={{ whiteSpace: "normal", minWidth: "8rem" }}>
                <Link url={`/app/affiliates/${affiliate.id}`} removeUnderline>
                  {affiliate.name}
                </Link>
              </div>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {affiliate.referredOrders.toLocaleString("en-US")}
              </Text>
            </IndexTable.Cell>
            <MoneyCell amount={affiliate.referredSales} currency={affiliate.currency} />
            {affiliate.averageOrderValue === null ? (
              <IndexTable.Cell>—</IndexTable.Cell>
            ) : (
              <MoneyCell amount={affiliate.averageOrderValue} currency={affiliate.currency} />
            )}
            <MoneyCell amount={affiliate.commissions} currency={affiliate.currency} />
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
