import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  IndexTable,
  Layout,
  Link,
  Page,
  Text,
  useIndexResourceState,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import prisma from "~/db.server";
import { disconnectCustomers, getConnection, listConnections } from "~/models/connections/connections.server";
import { customerLabel } from "~/models/connections/customers";
import { authenticate } from "~/shopify.server";
import { bulkSelection } from "~/lib/forms";
import { formatDate } from "~/format/dates";
import { parsePage } from "~/lib/pagination";
import { parseSearchTerm } from "~/lib/search";
import { ListSearch } from "~/components/ui/ListSearch";
import { ConfirmActionModal } from "~/components/ui/ConfirmActionModal";
import { EMPTY_STATE_IMAGE } from "~/components/ui/empty-state-image";
import { useListPagination } from "~/components/ui/useListPagination";
import { useAnswerToast, useRedirectToast, type ToastMessage } from "~/components/ui/toast";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { countOf } from "~/format/counts";

const ORIGIN_LABELS: Record<string, string> = {
  manual: "Manual",
  referred_order: "Referred order",
  import: "Imported",
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const query = parseSearchTerm(url.searchParams.get("q"));
  const connections = await listConnections(prisma, session.shop, {
    query,
    page: parsePage(url.searchParams.get("page")),
  });
  // After "Link customer to affiliate" redirects here: say what was connected (this shop's connection only).
  const createdId = url.searchParams.get("created");
  const created = createdId ? await getConnection(prisma, session.shop, createdId) : null;
  const createdToast: ToastMessage | null = created
    ? { message: `${customerLabel(created)} connected to ${created.affiliate.name}` }
    : null;
  return { connections, query, createdToast };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  if (form.get("intent") !== "disconnect") {
    return json({ toast: { message: "Unknown action", isError: true } as ToastMessage }, { status: 400 });
  }
  const selection = bulkSelection(form);
  if (!selection) {
    return json(
      { toast: { message: "Select at least one connection", isError: true } as ToastMessage },
      { status: 400 },
    );
  }
  const count = await disconnectCustomers(prisma, session.shop, selection);
  return json({ toast: { message: `${countOf(count, "customer")} disconnected` } as ToastMessage });
};

const CREATED_PARAMS = ["created"];

interface PendingDisconnect {
  /** Ids to disconnect, or "all" for every connection matching the search. */
  ids: string[] | "all";
  message: string;
}

export default function ConnectionsIndex() {
  const { connections, query, createdToast } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const pagination = useListPagination(connections.pageInfo);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(connections.items);
  const [pending, setPending] = useState<PendingDisconnect | null>(null);
  useAnswerToast(fetcher.data);
  useRedirectToast(createdToast, CREATED_PARAMS);

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && !fetcher.data.toast?.isError) clearSelection();
  }, [fetcher.state, fetcher.data, clearSelection]);

  const askBulk = () => {
    const everyMatch = allResourcesSelected && connections.pageInfo.total > connections.items.length;
    const count = everyMatch ? connections.pageInfo.total : selectedResources.length;
    setPending({
      ids: everyMatch ? "all" : [...selectedResources],
      message: `Disconnect ${countOf(count, "customer")} from their affiliates? Their future orders will no longer be credited through these connections.`,
    });
  };

  const confirm = () => {
    if (!pending) return;
    const form = new FormData();
    form.set("intent", "disconnect");
    if (pending.ids === "all") {
      form.set("all", "true");
      form.set("q", query);
    } else {
      for (const id of pending.ids) form.append("ids", id);
    }
    fetcher.submit(form, { method: "post" });
    setPending(null);
  };

  const isEmpty = connections.pageInfo.total === 0 && !query;

  return (
    <Page>
      <TitleBar title="Connections">
        <TitleBarButton variant="primary" onClick={() => navigate("/app/connections/new")}>
          New connection
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          {isEmpty ? (
            <Card>
              <EmptyState
                heading="Connect customers to affiliates"
                action={{ content: "New connection", url: "/app/connections/new" }}
                image={EMPTY_STATE_IMAGE}
              >
                <p>
                  A connected customer&apos;s future orders are all credited to its affiliate. Link a store
                  customer to an affiliate here, or connect a referred customer from the affiliate&apos;s
                  page.
                </p>
              </EmptyState>
            </Card>
          ) : (
            <Card padding="0">
              <ListSearch placeholder="Search by customer name, email or affiliate" />
              <IndexTable
                resourceName={{ singular: "connection", plural: "connections" }}
                itemCount={connections.items.length}
                hasMoreItems={connections.pageInfo.total > connections.items.length}
                selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                onSelectionChange={handleSelectionChange}
                promotedBulkActions={[{ content: "Disconnect", onAction: askBulk }]}
                loading={fetcher.state !== "idle"}
                headings={[
                  { title: "Customer" },
                  { title: "Affiliate" },
                  { title: "Origin" },
                  { title: "Expires" },
                  { title: "Created" },
                  { title: "Actions", hidden: true },
                ]}
                pagination={pagination}
                emptyState={
                  <EmptyState heading="No connections match this search" image={EMPTY_STATE_IMAGE}>
                    <p>Try another customer name, email, or affiliate.</p>
                  </EmptyState>
                }
              >
                {connections.items.map((connection, index) => {
                  const label =
                    connection.customerEmail ??
                    connection.customerName ??
                    `Customer ${connection.customerId}`;
                  return (
                    <IndexTable.Row
                      id={connection.id}
                      key={connection.id}
                      position={index}
                      selected={selectedResources.includes(connection.id)}
                    >
                      <IndexTable.Cell>
                        <BlockStack gap="050">
                          <Text as="span" fontWeight="semibold">
                            {connection.customerName ?? label}
                          </Text>
                          {connection.customerName && connection.customerEmail && (
                            <Text as="span" tone="subdued">
                              {connection.customerEmail}
                            </Text>
                          )}
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        {/* A click on the link must not also toggle the row's selection. */}
                        <div onClick={(event) => event.stopPropagation()} role="presentation">
                          <BlockStack gap="050" inlineAlign="start">
                            <Link url={`/app/affiliates/${connection.affiliate.id}`}>
                              {connection.affiliate.name}
                            </Link>
                            {!connection.affiliate.active && <Badge size="small">Inactive</Badge>}
                          </BlockStack>
                        </div>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Badge tone={connection.origin === "manual" ? "info" : undefined}>
                          {ORIGIN_LABELS[connection.origin] ?? connection.origin}
                        </Badge>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        {connection.expiresAt ? (
                          connection.expired ? (
                            <Badge tone="warning">{`Expired ${formatDate(connection.expiresAt)}`}</Badge>
                          ) : (
                            formatDate(connection.expiresAt)
                          )
                        ) : (
                          "Never"
                        )}
                      </IndexTable.Cell>
                      <IndexTable.Cell>{formatDate(connection.createdAt)}</IndexTable.Cell>
                      <IndexTable.Cell>
                        {/* A click here must not also toggle the row's selection. */}
                        <div onClick={(event) => event.stopPropagation()} role="presentation">
                          <Button
                            size="slim"
                            tone="critical"
                            variant="plain"
                            accessibilityLabel={`Disconnect ${label}`}
                            onClick={() =>
                              setPending({
                                ids: [connection.id],
                                message: `Disconnect ${label} from ${connection.affiliate.name}? Their future orders will no longer be credited to ${connection.affiliate.name} through this connection.`,
                              })
                            }
                          >
                            Disconnect
                          </Button>
                        </div>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  );
                })}
              </IndexTable>
            </Card>
          )}
        </Layout.Section>
        {!isEmpty && (
          <Layout.Section>
            <Box paddingBlockEnd="400">
              <Text as="p" tone="subdued">
                One affiliate per customer: a connected customer&apos;s orders are credited to its affiliate,
                whatever link or coupon they use, until the connection expires or you disconnect it.
              </Text>
            </Box>
          </Layout.Section>
        )}
      </Layout>
      <ConfirmActionModal
        id="disconnect-connections"
        open={pending !== null}
        title={pending?.ids.length === 1 ? "Disconnect customer" : "Disconnect customers"}
        message={pending?.message ?? ""}
        confirmLabel="Disconnect"
        destructive
        busy={fetcher.state !== "idle"}
        onConfirm={confirm}
        onClose={() => setPending(null)}
      />
    </Page>
  );
}
