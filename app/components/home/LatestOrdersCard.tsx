import { Badge, BlockStack, Box, Card, IndexTable, Link, Text, useBreakpoints } from "@shopify/polaris";
import { LedgerStatusBadge } from "~/components/ledger/LedgerStatusBadge";
import { MoneyCell } from "~/components/ui/MoneyCell";
import { formatDate, formatDateTime } from "~/format/dates";
import { describeSource } from "~/format/ledger";
import { formatMoney } from "~/format/money";
import type { LatestOrder } from "~/models/home/views";
import { CondensedLine, CondensedRow } from "~/components/ui/CondensedRow";

function OrderStatus({ status }: { status: LatestOrder["status"] }) {
  if (status === null) {
    return (
      <Text as="span" tone="subdued">
        No commission
      </Text>
    );
  }
  return status === "mixed" ? <Badge>Mixed</Badge> : <LedgerStatusBadge status={status} />;
}

/** Home's latest referred orders; on a phone, one block per order with its commission and status. */
export function LatestOrdersCard({ orders, timeZone }: { orders: LatestOrder[]; timeZone: string }) {
  const condensed = useBreakpoints().smDown;
  return (
    <Card padding="0">
      <Box padding="400">
        <Text as="h2" variant="headingMd">
          Latest referred orders
        </Text>
      </Box>
      <IndexTable
        selectable={false}
        condensed={condensed}
        resourceName={{ singular: "order", plural: "orders" }}
        itemCount={orders.length}
        emptyState={
          <Box padding="400">
            <Text as="p" tone="subdued">
              No referred orders yet. Share your affiliates&apos; links and coupons: orders they bring show up
              here with their commission.
            </Text>
          </Box>
        }
        // Five columns that fit the two-thirds column at 1280 px: how the affiliate referred the order is read
        // under its name, and the day is enough here (the order's page has the time).
        headings={[
          { title: "Order" },
          { title: "Affiliate" },
          { title: "Commission", alignment: "end" },
          { title: "Status" },
          { title: "Placed" },
        ]}
      >
        {orders.map((order, index) => {
          const orderLink = (
            <Link url={`/app/commissions/${order.id}`} removeUnderline dataPrimaryLink>
              <Text as="span" fontWeight="semibold">
                {order.orderName}
              </Text>
            </Link>
          );
          return (
            <IndexTable.Row id={order.id} key={order.id} position={index}>
              {condensed ? (
                <CondensedRow>
                  <CondensedLine wrap={false}>
                    {orderLink}
                    <Text as="span" numeric>
                      {formatMoney(order.commission, order.currency)}
                    </Text>
                  </CondensedLine>
                  <CondensedLine>
                    <Text as="span" tone="subdued">
                      {order.referrer?.name ?? "—"} · {formatDateTime(order.orderCreatedAt, { timeZone })}
                    </Text>
                    <OrderStatus status={order.status} />
                  </CondensedLine>
                </CondensedRow>
              ) : (
                <>
                  <IndexTable.Cell>{orderLink}</IndexTable.Cell>
                  <IndexTable.Cell>
                    {/* Table cells keep to one line: a long name wraps here, or it pushes the last column out. */}
                    <div style={{ whiteSpace: "normal", minWidth: "8rem" }}>
                      <BlockStack gap="050">
                        <Text as="span">{order.referrer?.name ?? "—"}</Text>
                        {order.referrerSource && (
                          <Text as="span" tone="subdued" variant="bodySm">
                            {`Through ${describeSource(order.referrerSource).toLowerCase()}`}
                          </Text>
                        )}
                      </BlockStack>
                    </div>
                  </IndexTable.Cell>
                  <MoneyCell amount={order.commission} currency={order.currency} />
                  <IndexTable.Cell>
                    <OrderStatus status={order.status} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <span title={formatDateTime(order.orderCreatedAt, { timeZone })}>
                      {formatDate(order.orderCreatedAt, { timeZone })}
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
