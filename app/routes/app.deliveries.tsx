import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
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
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import { listDeliveriesNeedingAttention, retryDeliveries } from "~/models/deliveries/deliveries.server";
import { formList, idsForm } from "~/lib/forms";
import { useAnswerToast } from "~/components/ui/toast";
import { BulkAnswerBanners } from "~/components/ui/SkippedBanner";
import { useListPagination } from "~/components/ui/useListPagination";
import { useListSelection } from "~/components/ui/useListSelection";
import { EMPTY_STATE_IMAGE } from "~/components/ui/empty-state-image";
import { parsePage } from "~/lib/pagination";
import { formatDateTime } from "~/format/dates";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const page = parsePage(new URL(request.url).searchParams.get("page"));
  return listDeliveriesNeedingAttention(prisma, session.shop, page);
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
  const { deliveries, pageInfo } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
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
      <TitleBar title="Deliveries that need attention">
        <TitleBarButton variant="breadcrumb" onClick={() => navigate("/app")}>
          Home
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              Shopify sent these webhooks and they were stored, but processing them failed for good (a
              malformed payload, or every automatic retry failed). Fix the cause if the error names one, then
              retry: the delivery is processed again from what was stored.
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
                  { title: "Topic" },
                  { title: "Order" },
                  { title: "Received" },
                  { title: "Attempts", alignment: "end" },
                  { title: "Last error" },
                  { title: "Actions", hidden: true },
                ]}
              >
                {deliveries.map((delivery, index) => (
                  <IndexTable.Row
                    id={delivery.id}
                    key={delivery.id}
                    position={index}
                    selected={selectedResources.includes(delivery.id)}
                  >
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="semibold">
                        {delivery.topic}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{delivery.orderId ?? "—"}</IndexTable.Cell>
                    <IndexTable.Cell>{formatDateTime(delivery.receivedAt)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {delivery.attempts}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {/* The payload toggle acts on its own: keep the click from selecting the row. */}
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
                              {open[delivery.id] ? "Hide payload" : "Show payload"}
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
