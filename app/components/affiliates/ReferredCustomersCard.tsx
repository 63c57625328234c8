import { Badge, BlockStack, Box, Button, Card, IndexTable, Text, useBreakpoints } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import { useListPagination } from "~/components/ui/useListPagination";
import { useAnswerToast, type ToastMessage } from "~/components/ui/toast";
import { formatDate } from "~/format/dates";
import { customerLabel, type ReferredCustomer } from "~/models/connections/customers";
import type { PageInfo } from "~/lib/pagination";
import { NumericCell } from "~/components/ui/NumericCell";
import { CondensedLine, CondensedRow } from "~/components/ui/CondensedRow";
import { countOf } from "~/format/counts";

/** What the page's action answers to a "connect-customer" post. */
export interface ConnectCustomerAnswer {
  ok: boolean;
  message?: string;
  toast: ToastMessage;
}

export interface ReferredCustomersCardProps {
  affiliateName: string;
  customers: { items: ReferredCustomer[]; pageInfo: PageInfo };
}

/**
 * The customers who ordered through an affiliate, each with its connection and a Connect button that posts
 * `intent=connect-customer` to the page's action. Paged by `customersPage`. On a phone, one block per
 * customer: who, and its connection or Connect; then its orders and last order.
 */
export function ReferredCustomersCard({ affiliateName, customers }: ReferredCustomersCardProps) {
  const pagination = useListPagination(customers.pageInfo, "customersPage");
  const condensed = useBreakpoints().smDown;
  return (
    <Card padding="0">
      <Box padding="400" paddingBlockEnd="200">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Customers
          </Text>
          <Text as="p" tone="subdued">
            Customers who ordered through {affiliateName}. Connect one to credit all of their future orders to{" "}
            {affiliateName}.
          </Text>
        </BlockStack>
      </Box>
      <IndexTable
        resourceName={{ singular: "customer", plural: "customers" }}
        itemCount={customers.items.length}
        selectable={false}
        condensed={condensed}
        headings={[
          { title: "Customer" },
          { title: "Orders", alignment: "end" },
          { title: "Last order" },
          { title: "Connection" },
        ]}
        pagination={pagination}
        emptyState={
          <Box padding="400">
            <Text as="p" tone="subdued">
              No referred customers yet. Customers show here once they order through {affiliateName}
              &apos;s link or coupon.
            </Text>
          </Box>
        }
      >
        {customers.items.map((customer, index) => (
          <ReferredCustomerRow
            key={customer.customerId}
            customer={customer}
            index={index}
            affiliateName={affiliateName}
            condensed={condensed}
          />
        ))}
      </IndexTable>
    </Card>
  );
}

function ReferredCustomerRow({
  customer,
  index,
  affiliateName,
  condensed,
}: {
  customer: ReferredCustomer;
  index: number;
  affiliateName: string;
  condensed: boolean;
}) {
  const fetcher = useFetcher<ConnectCustomerAnswer>();
  useAnswerToast(fetcher.data);
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data.message : undefined;
  const label = customerLabel(customer);
  const { connection } = customer;
  const lastOrder = `${formatDate(customer.lastOrderAt)}${customer.lastOrderName ? ` (${customer.lastOrderName})` : ""}`;
  const who = (
    <BlockStack gap="050">
      <Text as="span" fontWeight="semibold" breakWord>
        {label}
      </Text>
      {customer.customerName && customer.customerEmail && (
        <Text as="span" tone="subdued">
          {customer.customerName}
        </Text>
      )}
    </BlockStack>
  );
  const connectionState =
    connection.state === "this_affiliate" ? (
      <Badge tone="success">Connected</Badge>
    ) : (
      <BlockStack gap="100" inlineAlign={condensed ? "end" : "start"}>
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="connect-customer" />
          <input type="hidden" name="customerId" value={customer.customerId} />
          <Button
            submit
            size="slim"
            loading={fetcher.state !== "idle"}
            accessibilityLabel={`Connect ${label} to ${affiliateName}`}
          >
            Connect
          </Button>
        </fetcher.Form>
        {connection.state === "other_affiliate" && !failed && (
          <Text as="span" tone="subdued">
            Connected to {connection.affiliateName}
          </Text>
        )}
        {connection.state === "expired" && (
          <Text as="span" tone="subdued">
            Connection to {connection.affiliateName} expired
          </Text>
        )}
        {failed && (
          // Table cells do not wrap: let the message do.
          <div style={{ whiteSpace: "normal", maxWidth: "16rem" }}>
            <Text as="span" tone="critical">
              {failed}
            </Text>
          </div>
        )}
      </BlockStack>
    );
  if (condensed) {
    return (
      <IndexTable.Row id={customer.customerId} position={index}>
        <CondensedRow>
          <CondensedLine blockAlign="start">
            {who}
            {connectionState}
          </CondensedLine>
          <Text as="span" tone="subdued">
            {countOf(customer.orderCount, "order")} · last {lastOrder}
          </Text>
        </CondensedRow>
      </IndexTable.Row>
    );
  }
  return (
    <IndexTable.Row id={customer.customerId} position={index}>
      <IndexTable.Cell>{who}</IndexTable.Cell>
      <NumericCell>{customer.orderCount}</NumericCell>
      <IndexTable.Cell>{lastOrder}</IndexTable.Cell>
      <IndexTable.Cell>{connectionState}</IndexTable.Cell>
    </IndexTable.Row>
  );
}
