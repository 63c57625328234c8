import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import {
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
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import {
  DELIVERY_SORTS,
  listDeliveriesNeedingAttention,
  retryDeliveries,
  type DeliverySort,
} from "~/models/deliveries/deliveries.server";
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
import { describeDeliveryTopic } from "~/format/deliveries";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const sort = parseSort(params, DELIVERY_SORTS, { key: "receivedAt", direction: "desc" });
  const list = await listDeliveriesNeedingAttention(
    prisma,
    session.shop,
    parsePage(params.get("page")),
    sort,
  );
  return { ...list, sort };
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
  return json(await retryDeliveries(prisma, session.shop, ids));
};

export default function DeliveriesPage() {
  const { deliveries, pageInfo, sort } = useLoaderData<typeof loader>();
  const sorting = useListSort<DeliverySort>([null, null, "receivedAt", "attempts", null, null], sort);
  const fetcher = useFetcher<typeof action>();
  const navigation = useNavigation();
  const pagination = useListPagination(pageInfo);
  const [open, setOpen] = useState<Record<string, boolean>>({});
  useAnswerToast(fetcher.data);
  // A new page of rows, or a finished retry, starts with nothing selected.
  const { selected, selectedResources, allResourcesSelected, handleSelectionChange } = useListSelection(
    deliveries,
    fetcher.data,
  );

  const retry = (ids: string[]) => fetcher.submit(idsForm("retry", ids), { method: "post" });
  const busy = fetcher.state !== "idle";

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
              the app acts on what it kept.
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
                selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                onSelectionChange={handleSelectionChange}
                loading={busy || navigation.state === "loading"}
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
                  { title: "Tries", alignment: "end" },
                  { title: "Problem" },
                  { title: "Actions", hidden: true },
                ]}
              >
                {deliveries.map((delivery, index) => (
                  <IndexTable.Row
                    id={delivery.id}
                    key={delivery.id}
                    position={index}
                    selected={selectedResources.includes(delivery.id)}
                    accessibilityLabel={`Select ${describeDeliveryTopic(delivery.topic).toLowerCase()} received ${formatDateTime(delivery.receivedAt)}`}
                  >
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="semibold">
                        {describeDeliveryTopic(delivery.topic)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {delivery.orderName ?? (delivery.orderId ? "Not recorded yet" : "—")}
                    </IndexTable.Cell>
                    <IndexTable.Cell>{formatDateTime(delivery.receivedAt)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {delivery.attempts}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {/* The details toggle acts on its own: keep the click from selecting the row. */}
                      <div
                        onClick={(event) => event.stopPropagation()}
                        style={{ maxWidth: 560, whiteSpace: "normal" }}
                      >
                        <BlockStack gap="100">
                          <Text as="p" tone="critical" breakWord>
                            {delivery.lastError ?? "No error recorded"}
                          </Text>
                          <InlineStack>
                            <Button
                              variant="plain"
                              disclosure={open[delivery.id] ? "up" : "down"}
                              ariaExpanded={open[delivery.id] ?? false}
                              ariaControls={`payload-${delivery.id}`}
                              onClick={() =>
                                setOpen((prev) => ({ ...prev, [delivery.id]: !prev[delivery.id] }))
                              }
                            >
                              {open[delivery.id] ? "Hide details for developers" : "Details for developers"}
                            </Button>
                          </InlineStack>
                          <Collapsible id={`payload-${delivery.id}`} open={open[delivery.id] ?? false}>
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
                              <pre style={{ margin: 0, maxHeight: 320, overflow: "auto", fontSize: 12 }}>
                                {delivery.payloadPreview}
                              </pre>
                              {delivery.truncated && (
                                <Text as="p" tone="subdued" variant="bodySm">
                                  Showing the first {delivery.payloadPreview.length.toLocaleString("en-US")}{" "}
                                  characters of {delivery.payloadBytes.toLocaleString("en-US")} bytes.
                                </Text>
                              )}
                            </Box>
                          </Collapsible>
                        </BlockStack>
                      </div>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <div onClick={(event) => event.stopPropagation()}>
                        <Button size="slim" disabled={busy} onClick={() => retry([delivery.id])}>
                          Retry
                        </Button>
                      </div>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
