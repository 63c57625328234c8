import { useEffect, useMemo, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  Collapsible,
  EmptyState,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Text,
  useBreakpoints,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import {
  DELIVERY_SORTS,
  listDeliveriesNeedingAttention,
  type DeliveryRow,
  type DeliverySort,
} from "~/models/deliveries/deliveries.server";
import { DeliveryState } from "~/models/deliveries/state";
import { processDeps } from "~/pipeline/runtime.server";
import { retryDeliveriesNow } from "~/pipeline/retry-now.server";
import type { ListSort } from "~/lib/sorting";
import { parseSort } from "~/lib/sorting";
import { useListSort } from "~/components/ui/useListSort";
import { formList, idsForm } from "~/lib/forms";
import { useAnswerToast } from "~/components/ui/toast";
import { BulkAnswerBanners } from "~/components/ui/SkippedBanner";
import { useListPagination } from "~/components/ui/useListPagination";
import { useListSelection } from "~/components/ui/useListSelection";
import { EMPTY_STATE_IMAGE } from "~/components/ui/empty-state-image";
import { parsePage } from "~/lib/pagination";
import { formatDateTime } from "~/format/dates";
import { getShopProfile } from "~/models/shop/profile.server";
import { deliveryProblem, describeDeliveryState, describeDeliveryTopic } from "~/format/deliveries";
import { NumericCell } from "~/components/ui/NumericCell";
import { CondensedLine, CondensedRow } from "~/components/ui/CondensedRow";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const sort = parseSort(params, DELIVERY_SORTS, { key: "receivedAt", direction: "desc" });
  const [list, { timeZone }] = await Promise.all([
    listDeliveriesNeedingAttention(prisma, session.shop, parsePage(params.get("page")), sort),
    getShopProfile(prisma, session.shop),
  ]);
  return { ...list, sort, timeZone };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  if (form.get("intent") !== "retry") {
    return json({ error: "Unknown action" }, { status: 400 });
  }
  const ids = formList(form, "ids");
  if (ids.length === 0) {
    return json({ error: "Select at least one delivery" }, { status: 400 });
  }
  // Tried again now, on this request: the answer says what came of it, and carries the rows as they are.
  return json(await retryDeliveriesNow(processDeps(), session.shop, ids));
};

/**
 * The loader's rows with the ones retried on this page kept in view as they are now (a retried delivery
 * that no longer needs attention leaves the loader's list), in the list's order.
 */
function withRetried(
  rows: DeliveryRow[],
  retried: Record<string, DeliveryRow>,
  sort: ListSort<DeliverySort>,
) {
  const listed = new Set(rows.map((row) => row.id));
  const kept = Object.values(retried).filter((row) => !listed.has(row.id));
  if (kept.length === 0) return rows;
  const sign = sort.direction === "asc" ? 1 : -1;
  const key = (row: DeliveryRow) => (sort.key === "attempts" ? row.attempts : Date.parse(row.receivedAt));
  return [...rows, ...kept].sort((a, b) => sign * (key(a) - key(b)));
}

export default function DeliveriesPage() {
  const { deliveries: listed, pageInfo, sort, timeZone } = useLoaderData<typeof loader>();
  const sorting = useListSort<DeliverySort>(
    [null, null, "receivedAt", null, "attempts", null, null, null],
    sort,
  );
  const fetcher = useFetcher<typeof action>();
  const navigation = useNavigation();
  const location = useLocation();
  const pagination = useListPagination(pageInfo);
  const condensed = useBreakpoints().smDown;
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [retried, setRetried] = useState<Record<string, DeliveryRow>>({});
  useAnswerToast(fetcher.data);
  useEffect(() => {
    const answer = fetcher.data;
    if (answer && "deliveries" in answer)
      setRetried((prev) => ({
        ...prev,
        ...Object.fromEntries(answer.deliveries.map((row) => [row.id, row])),
      }));
  }, [fetcher.data]);
  // Another page or order of the list starts from what the server lists.
  useEffect(() => setRetried({}), [location.search]);
  const deliveries = useMemo(() => withRetried(listed, retried, sort), [listed, retried, sort]);
  // A new page of rows, or a finished retry, starts with nothing selected.
  const { selected, selectedResources, tableSelection } = useListSelection(deliveries, fetcher.data);

  const retry = (ids: string[]) => fetcher.submit(idsForm("retry", ids), { method: "post" });
  const busy = fetcher.state !== "idle";

  const details = (delivery: DeliveryRow) => (
    // The details toggle acts on its own: keep the click from selecting the row.
    <div onClick={(event) => event.stopPropagation()}>
      <BlockStack gap="100">
        <InlineStack>
          <Button
            variant="plain"
            disclosure={open[delivery.id] ? "up" : "down"}
            ariaExpanded={open[delivery.id] ?? false}
            ariaControls={`details-${delivery.id}`}
            onClick={() => setOpen((prev) => ({ ...prev, [delivery.id]: !prev[delivery.id] }))}
          >
            {open[delivery.id] ? "Hide the details for support" : "Details for support"}
          </Button>
        </InlineStack>
        <Collapsible id={`details-${delivery.id}`} open={open[delivery.id] ?? false}>
          <Box
            background="bg-surface-secondary"
            padding="200"
            borderRadius="200"
            maxWidth="560px"
            overflowX="scroll"
          >
            <Text as="p" variant="bodySm" tone="subdued" breakWord>
              Topic {delivery.topic} · webhook {delivery.webhookId}
              {delivery.orderId ? ` · order id ${delivery.orderId}` : ""}
            </Text>
            {delivery.lastError && (
              <Text as="p" variant="bodySm" tone="subdued" breakWord>
                Last error: {delivery.lastError}
              </Text>
            )}
            <pre style={{ margin: 0, maxHeight: 320, overflow: "auto", fontSize: 12 }}>
              {delivery.payloadPreview}
            </pre>
            {delivery.truncated && (
              <Text as="p" tone="subdued" variant="bodySm">
                Showing the first {delivery.payloadPreview.length.toLocaleString("en-US")} characters of{" "}
                {delivery.payloadBytes.toLocaleString("en-US")} bytes.
              </Text>
            )}
          </Box>
        </Collapsible>
      </BlockStack>
    </div>
  );

  return (
    <Page fullWidth>
      <TitleBar title="Deliveries that need attention" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              Shopify told the app about these orders, refunds and requests, and the app kept what it was
              sent, but could not act on it (what was sent could not be read, or every automatic try failed).
              Until then their commissions may be missing. Fix the cause if the problem names one, then retry:
              the app tries again right away and says what came of it.
            </Text>
            <BulkAnswerBanners
              answer={fetcher.data}
              skippedTitle="Some deliveries were not retried"
              dismissible
            />
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "delivery", plural: "deliveries" }}
                itemCount={deliveries.length}
                {...tableSelection}
                loading={busy || navigation.state === "loading"}
                condensed={condensed}
                pagination={pagination}
                {...sorting}
                promotedBulkActions={[
                  {
                    content: "Retry",
                    onAction: () => retry(selected),
                  },
                ]}
                emptyState={
                  <EmptyState heading="No deliveries need attention" image={EMPTY_STATE_IMAGE}>
                    <p>
                      Every webhook Shopify sent has been processed. Deliveries that fail for good show up
                      here, to retry.
                    </p>
                  </EmptyState>
                }
                headings={[
                  { title: "What happened" },
                  { title: "Order" },
                  { title: "Received" },
                  { title: "Status" },
                  { title: "Tries", alignment: "end" },
                  { title: "Last tried" },
                  { title: "Problem" },
                  { title: "Actions", hidden: true },
                ]}
              >
                {deliveries.map((delivery, index) => {
                  const what = describeDeliveryTopic(delivery.topic);
                  const order = delivery.orderName ?? (delivery.orderId ? "Not recorded yet" : "—");
                  const state = describeDeliveryState(delivery.state);
                  const failing =
                    delivery.state === DeliveryState.needsAttention ||
                    delivery.state === DeliveryState.pending;
                  const lastTried = delivery.lastAttemptAt
                    ? formatDateTime(delivery.lastAttemptAt, { timeZone })
                    : "—";
                  const status = <Badge tone={state.tone}>{state.label}</Badge>;
                  const problem = failing ? (
                    <Text as="p" tone="critical" breakWord>
                      {deliveryProblem(delivery.lastError)}
                    </Text>
                  ) : (
                    <Text as="p" tone="subdued">
                      —
                    </Text>
                  );
                  const retryButton =
                    delivery.state === DeliveryState.needsAttention ? (
                      <div onClick={(event) => event.stopPropagation()}>
                        <Button
                          size="slim"
                          disabled={busy}
                          accessibilityLabel={`Retry ${what.toLowerCase()}${delivery.orderName ? ` ${delivery.orderName}` : ""} received ${formatDateTime(delivery.receivedAt, { timeZone })}`}
                          onClick={() => retry([delivery.id])}
                        >
                          Retry
                        </Button>
                      </div>
                    ) : null;
                  return (
                    <IndexTable.Row
                      id={delivery.id}
                      key={delivery.id}
                      position={index}
                      selected={selectedResources.includes(delivery.id)}
                      accessibilityLabel={`Select ${what.toLowerCase()}${delivery.orderName ? ` ${delivery.orderName}` : ""} received ${formatDateTime(delivery.receivedAt, { timeZone })}`}
                    >
                      {condensed ? (
                        <CondensedRow gap="200">
                          <CondensedLine>
                            <Text as="span" fontWeight="semibold">
                              {what} {order !== "—" ? order : ""}
                            </Text>
                            {status}
                          </CondensedLine>
                          <Text as="p" tone="subdued" variant="bodySm">
                            Received {formatDateTime(delivery.receivedAt, { timeZone })} · {delivery.attempts}{" "}
                            {delivery.attempts === 1 ? "try" : "tries"} · last tried {lastTried}
                          </Text>
                          {failing && problem}
                          <CondensedLine>
                            {details(delivery)}
                            {retryButton}
                          </CondensedLine>
                        </CondensedRow>
                      ) : (
                        <>
                          <IndexTable.Cell>
                            <Text as="span" fontWeight="semibold">
                              {what}
                            </Text>
                          </IndexTable.Cell>
                          <IndexTable.Cell>{order}</IndexTable.Cell>
                          <IndexTable.Cell>
                            {formatDateTime(delivery.receivedAt, { timeZone })}
                          </IndexTable.Cell>
                          <IndexTable.Cell>{status}</IndexTable.Cell>
                          <NumericCell>{delivery.attempts}</NumericCell>
                          <IndexTable.Cell>{lastTried}</IndexTable.Cell>
                          <IndexTable.Cell>
                            <div style={{ maxWidth: 480, whiteSpace: "normal" }}>
                              <BlockStack gap="100">
                                {problem}
                                {details(delivery)}
                              </BlockStack>
                            </div>
                          </IndexTable.Cell>
                          <IndexTable.Cell>{retryButton}</IndexTable.Cell>
                        </>
                      )}
                    </IndexTable.Row>
                  );
                })}
              </IndexTable>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
