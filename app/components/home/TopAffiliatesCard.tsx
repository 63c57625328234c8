import { Box, Card, IndexTable, Link, Text, useBreakpoints } from "@shopify/polaris";
import { MoneyCell } from "~/components/ui/MoneyCell";
import { formatMoney } from "~/format/money";
import type { TopAffiliate } from "~/models/home/views";
import { NumericCell } from "~/components/ui/NumericCell";
import { CondensedLine, CondensedRow } from "~/components/ui/CondensedRow";

/**
 * The affiliates that brought the most referred sales in the range. On a phone, Polaris's condensed layout:
 * one block per affiliate, its name and sales on the first line, its orders and commissions under them.
 */
export function TopAffiliatesCard({ affiliates }: { affiliates: TopAffiliate[] }) {
  const condensed = useBreakpoints().smDown;
  return (
    <Card padding="0">
      <Box padding="400">
        <Text as="h2" variant="headingMd">
          Top affiliates
        </Text>
      </Box>
      <IndexTable
        selectable={false}
        condensed={condensed}
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
        {affiliates.map((affiliate, index) => {
          const name = (
            <Link url={`/app/affiliates/${affiliate.id}`} removeUnderline dataPrimaryLink>
              {affiliate.name}
            </Link>
          );
          return (
            <IndexTable.Row
              id={`${affiliate.id}-${affiliate.currency}`}
              key={`${affiliate.id}-${affiliate.currency}`}
              position={index}
            >
              {condensed ? (
                <CondensedRow>
                  <CondensedLine blockAlign="start" wrap={false}>
                    {/* A long name wraps inside its half; the sales keep their place on the right. */}
                    <div style={{ minWidth: 0, overflowWrap: "anywhere" }}>{name}</div>
                    <Text as="span" numeric fontWeight="semibold">
                      {formatMoney(affiliate.referredSales, affiliate.currency)}
                    </Text>
                  </CondensedLine>
                  <CondensedLine>
                    <Text as="span" tone="subdued">
                      {`${affiliate.referredOrders.toLocaleString("en-US")} ${affiliate.referredOrders === 1 ? "order" : "orders"}`}
                    </Text>
                    <Text as="span" tone="subdued" numeric>
                      {`${formatMoney(affiliate.commissions, affiliate.currency)} commissions`}
                    </Text>
                  </CondensedLine>
                </CondensedRow>
              ) : (
                <>
                  <IndexTable.Cell>
                    {/* Table cells keep to one line: a long name wraps here, or it pushes the last column out. */}
                    <div style={{ whiteSpace: "normal", minWidth: "8rem" }}>{name}</div>
                  </IndexTable.Cell>
                  <NumericCell>{affiliate.referredOrders.toLocaleString("en-US")}</NumericCell>
                  <MoneyCell amount={affiliate.referredSales} currency={affiliate.currency} />
                  {affiliate.averageOrderValue === null ? (
                    <NumericCell>—</NumericCell>
                  ) : (
                    <MoneyCell amount={affiliate.averageOrderValue} currency={affiliate.currency} />
                  )}
                  <MoneyCell amount={affiliate.commissions} currency={affiliate.currency} />
                </>
              )}
            </IndexTable.Row>
          );
        })}
      </IndexTable>
    </Card>
  );
}
