import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useLocation, useNavigate } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  IndexTable,
  Link,
  Page,
  Tabs,
  Text,
  useBreakpoints,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma, { sqlite } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { pageRequestFrom } from "~/lib/keyset";
import { useCursorPagination } from "~/components/ui/useListPagination";
import { formatDate } from "~/format/dates";
import { formatMoney } from "~/format/money";
import { ensureShopProfile } from "~/models/ledger/time-zone.server";
import { getShopProfile } from "~/models/shop/profile.server";
import { listOrders, parseOrdersFilter } from "~/models/orders/orders.server";
import type { OrderRow, OrdersFilter } from "~/models/orders/views";
import { TraceSentence } from "~/components/ledger/OrderTraceCard";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  await ensureShopProfile(prisma, sqlite, admin.graphql, session.shop, new Date());
  const url = new URL(request.url);
  const { timeZone } = await getShopProfile(prisma, session.shop);
  const orders = await listOrders(
    prisma,
    session.shop,
    {
      filter: parseOrdersFilter(url.searchParams.get("show")),
      page: pageRequestFrom(url.searchParams),
    },
    timeZone,
  );
  return { orders, timeZone };
};

const TABS: Array<{ id: OrdersFilter; content: string }> = [
  { id: "all", content: "All orders" },
  { id: "not_credited", content: "Not credited" },
  { id: "credited", content: "Credited" },
];

function Result({ row }: { row: OrderRow }) {
  if (row.credited) return <Badge tone="success">Credited</Badge>;
  return <Badge tone={row.test ? "info" : "attention"}>{row.test ? "Test order" : "Not credited"}</Badge>;
}

function Details({ row }: { row: OrderRow }) {
  if (row.credited) {
    return (
      <Text as="span">
        {row.commission !== null ? `${formatMoney(row.commission, row.currency)} to ` : "To "}
        {row.creditedTo.map((affiliate, index) => (
          <span key={affiliate.id}>
            {index > 0 ? ", " : ""}
            <Link url={`/app/affiliates/${affiliate.id}`}>{affiliate.name}</Link>
          </span>
        ))}
      </Text>
    );
  }
  // Table cells keep to one line; a reason wraps.
  return (
    <div style={{ whiteSpace: "normal", minWidth: "16rem" }}>
      <BlockStack gap="100">
        {row.reason.map((sentence, index) => (
          <Text as="p" key={index}>
            <TraceSentence sentence={sentence} />
          </Text>
        ))}
      </BlockStack>
    </div>
  );
}

export default function OrdersPage() {
  const { orders, timeZone } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { smDown } = useBreakpoints();
  const selected = TABS.findIndex((tab) => tab.id === orders.filter);
  const pagination = useCursorPagination(orders.pageInfo);
  const href = (filter: OrdersFilter) =>
    `${pathname}?${new URLSearchParams(filter !== "all" ? { show: filter } : {})}`;

  return (
    <Page>
      <TitleBar title="Orders" />
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          Every order the app has seen, credited or not. An order that earned nothing says why; open it to
          read its whole trace, or to credit it to an affiliate by hand.
        </Text>
        <Card padding="0">
          <Tabs
            tabs={TABS.map((tab) => ({ ...tab, panelID: `${tab.id}-orders` }))}
            selected={selected < 0 ? 0 : selected}
            onSelect={(index) => navigate(href(TABS[index].id))}
          />
          <IndexTable
            condensed={smDown}
            resourceName={{ singular: "order", plural: "orders" }}
            itemCount={orders.rows.length}
            selectable={false}
            headings={[
              { title: "Order" },
              { title: "Placed" },
              { title: "Result" },
              { title: "Commission, or why not" },
            ]}
            emptyState={
              <Text as="p" tone="subdued" alignment="center">
                {orders.filter === "not_credited" ? "Every order earned a commission." : "No orders yet."}
              </Text>
            }
            pagination={pagination}
          >
            {orders.rows.map((row, index) => (
              <IndexTable.Row id={row.id} key={row.id} position={index}>
                <IndexTable.Cell>
                  <Link url={`/app/commissions/${row.id}`} removeUnderline dataPrimaryLink>
                    <Text as="span" fontWeight="semibold">
                      {row.orderName}
                    </Text>
                  </Link>
                </IndexTable.Cell>
                <IndexTable.Cell>{formatDate(row.orderCreatedAt, { timeZone })}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Result row={row} />
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Details row={row} />
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}
