import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Badge,
  BlockStack,
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
import { useEffect } from "react";
import prisma from "~/db.server";
import { listAffiliates, setAffiliatesActive } from "~/models/affiliates/affiliates.server";
import { countOf } from "~/format/counts";
import { describeRate } from "~/format/rates";
import { knownShopCurrency } from "~/models/ledger/shop-currency.server";
import { authenticate } from "~/shopify.server";
import { bulkSelection } from "~/lib/forms";
import { formatDate } from "~/format/dates";
import { parsePage } from "~/lib/pagination";
import { parseSearchTerm } from "~/lib/search";
import { ListSearch } from "~/components/ui/ListSearch";
import { useListPagination } from "~/components/ui/useListPagination";
import { useAnswerToast, type ToastMessage } from "~/components/ui/toast";
import { EMPTY_STATE_IMAGE } from "~/components/ui/empty-state-image";
import { TitleBarButton } from "~/components/ui/TitleBarButton";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const query = parseSearchTerm(url.searchParams.get("q"));
  const [affiliates, currency] = await Promise.all([
    listAffiliates(prisma, session.shop, { query, page: parsePage(url.searchParams.get("page")) }),
    knownShopCurrency(prisma, session.shop),
  ]);
  return { affiliates, query, currency };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent !== "activate" && intent !== "deactivate") {
    return json({ toast: { message: "Unknown action", isError: true } as ToastMessage }, { status: 400 });
  }
  const selection = bulkSelection(form);
  if (!selection) {
    return json(
      { toast: { message: "Select at least one affiliate", isError: true } as ToastMessage },
      { status: 400 },
    );
  }
  const active = intent === "activate";
  const count = await setAffiliatesActive(prisma, session.shop, selection, active);
  return json({
    toast: {
      message: `${countOf(count, "affiliate")} ${active ? "activated" : "deactivated"}`,
    } as ToastMessage,
  });
};

export default function AffiliatesIndex() {
  const { affiliates, query, currency } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const pagination = useListPagination(affiliates.pageInfo);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(affiliates.items);
  useAnswerToast(fetcher.data);

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && !fetcher.data.toast?.isError) clearSelection();
  }, [fetcher.state, fetcher.data, clearSelection]);

  const submitBulk = (intent: "activate" | "deactivate") => {
    const form = new FormData();
    form.set("intent", intent);
    if (allResourcesSelected && affiliates.pageInfo.total > affiliates.items.length) {
      form.set("all", "true");
      form.set("q", query);
    } else {
      for (const id of selectedResources) form.append("ids", id);
    }
    fetcher.submit(form, { method: "post" });
  };

  const isEmptyProgram = affiliates.pageInfo.total === 0 && !query;

  return (
    <Page>
      <TitleBar title="Affiliates">
        <TitleBarButton variant="primary" onClick={() => navigate("/app/affiliates/new")}>
          Add affiliate
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          {isEmptyProgram ? (
            <Card>
              <EmptyState
                heading="Add your first affiliate"
                action={{ content: "Add affiliate", url: "/app/affiliates/new" }}
                image={EMPTY_STATE_IMAGE}
              >
                <p>
                  Affiliates share their link or coupon; the orders they bring are credited to them. Give each
                  one a name and a ref code to get its link.
                </p>
              </EmptyState>
            </Card>
          ) : (
            <Card padding="0">
              <ListSearch placeholder="Search by name, email or ref code" />
              <IndexTable
                resourceName={{ singular: "affiliate", plural: "affiliates" }}
                itemCount={affiliates.items.length}
                hasMoreItems={affiliates.pageInfo.total > affiliates.items.length}
                selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                onSelectionChange={handleSelectionChange}
                promotedBulkActions={[
                  { content: "Activate", onAction: () => submitBulk("activate") },
                  { content: "Deactivate", onAction: () => submitBulk("deactivate") },
                ]}
                loading={fetcher.state !== "idle"}
                headings={[
                  { title: "Name" },
                  { title: "Ref code" },
                  { title: "Email" },
                  { title: "Rate" },
                  { title: "Connected customers", alignment: "end" },
                  { title: "Status" },
                  { title: "Created" },
                ]}
                pagination={pagination}
                emptyState={
                  <EmptyState heading="No affiliates match this search" image={EMPTY_STATE_IMAGE}>
                    <p>Try another name, email or ref code.</p>
                  </EmptyState>
                }
              >
                {affiliates.items.map((affiliate, index) => (
                  <IndexTable.Row
                    id={affiliate.id}
                    key={affiliate.id}
                    position={index}
                    selected={selectedResources.includes(affiliate.id)}
                  >
                    <IndexTable.Cell>
                      <Link
                        url={`/app/affiliates/${affiliate.id}`}
                        dataPrimaryLink
                        monochrome
                        removeUnderline
                      >
                        <Text as="span" fontWeight="semibold">
                          {affiliate.name}
                        </Text>
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{affiliate.refCode}</IndexTable.Cell>
                    <IndexTable.Cell>{affiliate.email ?? "—"}</IndexTable.Cell>
                    <IndexTable.Cell>
                      {describeRate(affiliate.rateKind, affiliate.rateValue, { currency })}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {affiliate.customerCount}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {affiliate.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>}
                    </IndexTable.Cell>
                    <IndexTable.Cell>{formatDate(affiliate.createdAt)}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          )}
        </Layout.Section>
        {!isEmptyProgram && (
          <Layout.Section>
            <BlockStack>
              <Text as="p" tone="subdued">
                Select affiliates to activate or deactivate them together. Open one to see its link, customers
                and commissions.
              </Text>
            </BlockStack>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
