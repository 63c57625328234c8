import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  ChoiceList,
  EmptyState,
  IndexTable,
  Layout,
  Link,
  Page,
  Text,
  useIndexResourceState,
  type AppliedFilterInterface,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import prisma from "~/db.server";
import {
  connectionFiltersFrom,
  disconnectCustomers,
  getConnection,
  listConnections,
} from "~/models/connections/connections.server";
import {
  CONNECTION_EXPIRIES,
  CONNECTION_ORIGINS,
  CONNECTION_SORTS,
  EXPIRING_SOON_DAYS,
  type ConnectionExpiry,
  type ConnectionSort,
} from "~/models/connections/views";
import { listAffiliateOptions } from "~/models/affiliates/options.server";
import { affiliateFilter } from "~/components/affiliates/affiliateFilter";
import { parseSort } from "~/lib/sorting";
import { useListSort } from "~/components/ui/useListSort";
import { useUrlFilters } from "~/components/ui/useUrlFilters";
import { customerLabel } from "~/models/connections/customers";
import { authenticate } from "~/shopify.server";
import { bulkSelection } from "~/lib/forms";
import { formatDate } from "~/format/dates";
import { pageRequestFrom } from "~/lib/keyset";
import { parseSearchTerm } from "~/lib/search";
import { ListSearch } from "~/components/ui/ListSearch";
import { ConfirmActionModal } from "~/components/ui/ConfirmActionModal";
import { EMPTY_STATE_IMAGE } from "~/components/ui/empty-state-image";
import { useCursorPagination } from "~/components/ui/useListPagination";
import { useAnswerToast, useRedirectToast, type ToastMessage } from "~/components/ui/toast";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { countOf } from "~/format/counts";
import { adminUrl } from "~/lib/admin-links";

const ORIGIN_LABELS: Record<string, string> = {
  manual: "Manual",
  referred_order: "Referred order",
  import: "Imported",
};

const EXPIRY_LABELS: Record<ConnectionExpiry, string> = {
  active: "Active",
  expired: "Expired",
  expiring_soon: `Expiring within ${EXPIRING_SOON_DAYS} days`,
};

const FILTER_KEYS = ["affiliateId", "origin", "expiry"] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const query = parseSearchTerm(url.searchParams.get("q"));
  const filters = connectionFiltersFrom(url.searchParams);
  const sort = parseSort(url.searchParams, CONNECTION_SORTS, { key: "createdAt", direction: "desc" });
  const [connections, affiliates] = await Promise.all([
    listConnections(prisma, session.shop, {
      query,
      ...filters,
      sort,
      page: pageRequestFrom(url.searchParams),
    }),
    listAffiliateOptions(prisma, session.shop, filters.affiliateId),
  ]);
  // After "Link customer to affiliate" redirects here: say what was connected (this shop's connection only).
  const createdId = url.searchParams.get("created");
  const created = createdId ? await getConnection(prisma, session.shop, createdId) : null;
  const createdToast: ToastMessage | null = created
    ? { message: `${customerLabel(created)} connected to ${created.affiliate.name}` }
    : null;
  return { connections, query, filters, sort, affiliates, createdToast };
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
  // "Every match" means every connection the list shows: its search and its filters.
  const count = await disconnectCustomers(prisma, session.shop, selection, connectionFiltersFrom(form));
  return json({ toast: { message: `${countOf(count, "customer")} disconnected` } as ToastMessage });
};

const CREATED_PARAMS = ["created"];

interface PendingDisconnect {
  /** Ids to disconnect, or "all" for every connection matching the search. */
  ids: string[] | "all";
  message: string;
}

export default function ConnectionsIndex() {
  const { connections, query, filters, sort, affiliates, createdToast } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { setFilter, clearFilters } = useUrlFilters(FILTER_KEYS);
  const sorting = useListSort<ConnectionSort>(["customer", null, null, "expiresAt", "createdAt", null], sort);
  const fetcher = useFetcher<typeof action>();
  const pagination = useCursorPagination(connections.pageInfo, countOf(connections.total, "connection"));
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(connections.items);
  const [pending, setPending] = useState<PendingDisconnect | null>(null);
  useAnswerToast(fetcher.data);
  useRedirectToast(createdToast, CREATED_PARAMS);

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && !fetcher.data.toast?.isError) clearSelection();
  }, [fetcher.state, fetcher.data, clearSelection]);

  const askBulk = () => {
    const everyMatch = allResourcesSelected && connections.total > connections.items.length;
    const count = everyMatch ? connections.total : selectedResources.length;
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
      for (const key of FILTER_KEYS) if (filters[key]) form.set(key, filters[key]);
    } else {
      for (const id of pending.ids) form.append("ids", id);
    }
    fetcher.submit(form, { method: "post" });
    setPending(null);
  };

  const byAffiliate = affiliateFilter(affiliates, filters.affiliateId, (id) => setFilter("affiliateId", id));
  const applied: AppliedFilterInterface[] = [];
  if (byAffiliate.applied) applied.push(byAffiliate.applied);
  if (filters.origin) {
    applied.push({
      key: "origin",
      label: `Origin: ${ORIGIN_LABELS[filters.origin]}`,
      onRemove: () => setFilter("origin", null),
    });
  }
  if (filters.expiry) {
    applied.push({
      key: "expiry",
      label: EXPIRY_LABELS[filters.expiry],
      onRemove: () => setFilter("expiry", null),
    });
  }
  const listFilters = [
    byAffiliate.filter,
    {
      key: "origin",
      label: "Origin",
      shortcut: true,
      pinned: true,
      filter: (
        <ChoiceList
          title="How the connection was made"
          titleHidden
          choices={CONNECTION_ORIGINS.map((origin) => ({ label: ORIGIN_LABELS[origin], value: origin }))}
          selected={filters.origin ? [filters.origin] : []}
          onChange={([value]) => setFilter("origin", value ?? null)}
        />
      ),
    },
    {
      key: "expiry",
      label: "Expiry",
      shortcut: true,
      pinned: true,
      filter: (
        <ChoiceList
          title="Expiry"
          titleHidden
          choices={CONNECTION_EXPIRIES.map((expiry) => ({ label: EXPIRY_LABELS[expiry], value: expiry }))}
          selected={filters.expiry ? [filters.expiry] : []}
          onChange={([value]) => setFilter("expiry", value ?? null)}
        />
      ),
    },
  ];

  const isEmpty = connections.total === 0 && !query && applied.length === 0;

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
              <ListSearch
                placeholder="Search by customer name, email or affiliate"
                filters={listFilters}
                appliedFilters={applied}
                onClearFilters={clearFilters}
              />
              <IndexTable
                resourceName={{ singular: "connection", plural: "connections" }}
                itemCount={connections.items.length}
                hasMoreItems={connections.total > connections.items.length}
                selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                onSelectionChange={handleSelectionChange}
                promotedBulkActions={[{ content: "Disconnect", onAction: askBulk }]}
                loading={fetcher.state !== "idle"}
                {...sorting}
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
                    <p>Try another customer name, email, or affiliate, or clear the filters.</p>
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
                        {/* A click on the link must not also toggle the row's selection. */}
                        <div onClick={(event) => event.stopPropagation()} role="presentation">
                          <BlockStack gap="050" inlineAlign="start">
                            <Link url={adminUrl("customers", connection.customerId)} removeUnderline>
                              <Text as="span" fontWeight="semibold">
                                {connection.customerName ?? label}
                              </Text>
                            </Link>
                            {connection.customerName && connection.customerEmail && (
                              <Text as="span" tone="subdued">
                                {connection.customerEmail}
                              </Text>
                            )}
                          </BlockStack>
                        </div>
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
                        <div onClick={(event) => event.stopPropagation()} role="presentation">
                          <BlockStack gap="050" inlineAlign="start">
                            <Badge tone={connection.origin === "manual" ? "info" : undefined}>
                              {ORIGIN_LABELS[connection.origin] ?? connection.origin}
                            </Badge>
                            {connection.orderId && (
                              <Link url={adminUrl("orders", connection.orderId)}>
                                {connection.orderName ? `Order ${connection.orderName}` : "The order"}
                              </Link>
                            )}
                          </BlockStack>
                        </div>
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
