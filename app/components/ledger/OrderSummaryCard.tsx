import { Badge, BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { formatDateTime } from "~/format/dates";
import { describeSource } from "~/format/ledger";
import type { OrderDetail } from "~/models/ledger/views";

/**
 * An attributed order at a glance: its link in Shopify, dates, customer, referrer and currency. The order
 * opens in the Shopify admin through App Bridge's `shopify://admin/` links (the App Home Navigation API).
 */
export function OrderSummaryCard({
  order,
  timeZone,
}: {
  order: OrderDetail["order"];
  /** The shop's: dates are shown in it. */
  timeZone: string;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Order
          </Text>
          {order.test && <Badge tone="info">Test order</Badge>}
          {order.cancelledAt && <Badge tone="critical">Cancelled</Badge>}
        </InlineStack>
        <BlockStack gap="100">
          <Text as="p">
            <Link url={`shopify://admin/orders/${order.orderId}`}>{order.orderName} in Shopify</Link>
          </Text>
          <Text as="p" tone="subdued">
            Placed {formatDateTime(order.orderCreatedAt, { timeZone })}
          </Text>
          {order.cancelledAt && (
            <Text as="p" tone="subdued">
              Cancelled {formatDateTime(order.cancelledAt, { timeZone })}
            </Text>
          )}
          <Text as="p">Customer: {order.customerEmail ?? "no email (or erased)"}</Text>
          <Text as="p">
            Referrer:{" "}
            {order.referrer ? (
              <>
                <Link url={`/app/affiliates/${order.referrer.id}`}>{order.referrer.name}</Link>
                {order.referrerSource === "manual"
                  ? ", credited by hand"
                  : order.referrerSource
                    ? ` through ${describeSource(order.referrerSource).toLowerCase()}`
                    : ""}
              </>
            ) : (
              "none"
            )}
          </Text>
          <Text as="p">Currency: {order.currency}</Text>
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
