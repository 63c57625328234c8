import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  EmptyState,
  Filters,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
  Thumbnail,
} from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { adminUrl } from "~/lib/admin-links";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import {
  PRODUCT_SORTS,
  listProductConnections,
  removeProductConnections,
  shopifyProducts,
  type ProductSort,
} from "~/models/products/products.server";
import { parseSort } from "~/lib/sorting";
import { useListSort } from "~/components/ui/useListSort";
import { listAffiliateOptions } from "~/models/affiliates/options.server";
import { formList, idsForm } from "~/lib/forms";
import { useAnswerToast } from "~/components/ui/toast";
import { describeRate } from "~/format/rates";
import { knownShopCurrency } from "~/models/shop/currency.server";
import { BulkAnswerBanners } from "~/components/ui/SkippedBanner";
import { ConfirmActionModal } from "~/components/ui/ConfirmActionModal";
import { EMPTY_STATE_IMAGE } from "~/components/ui/empty-state-image";
import { useListPagination } from "~/components/ui/useListPagination";
import { useListSelection } from "~/components/ui/useListSelection";
import { affiliateFilter } from "~/components/affiliates/affiliateFilter";
import { AddAffiliateFirst } from "~/components/affiliates/AddAffiliateFirst";
import { parsePage, withFilter } from "~/lib/pagination";
import { formatDate } from "~/format/dates";
import { countOf } from "~/format/counts";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const affiliateId = params.get("affiliateId")?.trim() || null;
  const sort = parseSort(params, PRODUCT_SORTS, { key: "createdAt", direction: "desc" });
  const [{ connections, pageInfo }, affiliates, currency] = await Promise.all([
    listProductConnections(prisma, session.shop, { affiliateId }, parsePage(params.get("page")), sort),
    listAffiliateOptions(prisma, session.shop, affiliateId),
    knownShopCurrency(prisma, session.shop),
  ]);
  // Titles and images as the store has them now; null when Shopify cannot be reached (stored titles shown).
  const products = await shopifyProducts(
    admin.graphql,
    connections.map((connection) => connection.productId),
  );
  return {
    connections: connections.map((connection) => ({
      ...connection,
      shopify: products ? (products.get(connection.productId) ?? { found: false as const }) : null,
    })),
    pageInfo,
    affiliateId,
    affiliates,
    currency,
    sort,
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  if (form.get("intent") !== "remove") {
    return json({ error: "Unknown action" }, { status: 400 });
  }
  const ids = formList(form, "ids");
  if (ids.length === 0) {
    return json({ error: "Select at least one product connection" }, { status: 400 });
  }
  return json(await removeProductConnections(prisma, session.shop, ids));
};

export default function ProductsPage() {
  const { connections, pageInfo, affiliateId, affiliates, currency, sort } = useLoaderData<typeof loader>();
  const sorting = useListSort<ProductSort>(["product", null, null, "createdAt", null], sort);
  const fetcher = useFetcher<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const [, setSearchParams] = useSearchParams();
  const pagination = useListPagination(pageInfo);
  const [confirm, setConfirm] = useState<string[] | null>(null);
  useAnswerToast(fetcher.data);
  // A new page of rows, or a finished removal, starts with nothing selected.
  const { selected, selectedResources, tableSelection } = useListSelection(connections, fetcher.data);

  const remove = (ids: string[]) => fetcher.submit(idsForm("remove", ids), { method: "post" });
  const setAffiliate = (value: string | null) =>
    setSearchParams((prev) => withFilter(prev, "affiliateId", value));
  const newUrl = `/app/products/new${affiliateId ? `?affiliateId=${encodeURIComponent(affiliateId)}` : ""}`;
  const byAffiliate = affiliateFilter(affiliates, affiliateId, setAffiliate);
  const n = (count: number) => countOf(count, "product connection");

  return (
    <Page>
      <TitleBar title="Products">
        <TitleBarButton variant="primary" onClick={() => navigate(newUrl)} disabled={affiliates.length === 0}>
          Connect products
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              A product connected to an affiliate earns that affiliate a commission on the product in every
              order, whoever referred the order, at the connection&apos;s rate, else the affiliate&apos;s own
              rate, else the program&apos;s default rate.
            </Text>
            <BulkAnswerBanners
              answer={fetcher.data}
              skippedTitle="Some product connections were not removed"
            />
            {affiliates.length === 0 ? (
              <AddAffiliateFirst>
                Products are connected to an affiliate. Add your first affiliate, then come back here.
              </AddAffiliateFirst>
            ) : (
              <Card padding="0">
                <Filters
                  hideQueryField
                  queryValue=""
                  onQueryChange={() => undefined}
                  onQueryClear={() => undefined}
                  onClearAll={() => setAffiliate(null)}
                  appliedFilters={byAffiliate.applied ? [byAffiliate.applied] : []}
                  filters={[byAffiliate.filter]}
                />
                <IndexTable
                  resourceName={{ singular: "product connection", plural: "product connections" }}
                  itemCount={connections.length}
                  {...tableSelection}
                  loading={fetcher.state !== "idle" || navigation.state === "loading"}
                  pagination={pagination}
                  {...sorting}
                  promotedBulkActions={[
                    {
                      content: "Remove",
                      onAction: () => setConfirm(selected),
                    },
                  ]}
                  emptyState={
                    <EmptyState
                      heading={
                        affiliateId ? "This affiliate has no connected products" : "No products connected yet"
                      }
                      image={EMPTY_STATE_IMAGE}
                      action={{ content: "Connect products", url: newUrl }}
                    >
                      <p>
                        Connect products to an affiliate to pay it on every sale of those products, for
                        example the creator of a collaboration.
                      </p>
                    </EmptyState>
                  }
                  headings={[
                    { title: "Product" },
                    { title: "Affiliate" },
                    { title: "Rate" },
                    { title: "Connected" },
                    { title: "Actions", hidden: true },
                  ]}
                >
                  {connections.map((connection, index) => (
                    <IndexTable.Row
                      id={connection.id}
                      key={connection.id}
                      position={index}
                      selected={selectedResources.includes(connection.id)}
                    >
                      <IndexTable.Cell>
                        <ProductCell connection={connection} />
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <div onClick={(event) => event.stopPropagation()} role="presentation">
                          <InlineStack gap="100" blockAlign="center">
                            <Link url={`/app/affiliates/${connection.affiliateId}`}>
                              {connection.affiliateName}
                            </Link>
                            {!connection.affiliateActive && <Badge>Inactive</Badge>}
                          </InlineStack>
                        </div>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        {connection.rate ? (
                          describeRate(connection.rate.kind, connection.rate.value, { currency })
                        ) : (
                          <Text as="span" tone="subdued">
                            {describeRate(null, null, { fallback: connection.fallback })}
                          </Text>
                        )}
                      </IndexTable.Cell>
                      <IndexTable.Cell>{formatDate(connection.createdAt)}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <div onClick={(event) => event.stopPropagation()}>
                          <Button
                            variant="plain"
                            tone="critical"
                            onClick={() => setConfirm([connection.id])}
                            accessibilityLabel={`Remove ${connection.productTitle} from ${connection.affiliateName}`}
                          >
                            Remove
                          </Button>
                        </div>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              </Card>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
      <ConfirmActionModal
        id="products-confirm-remove"
        open={confirm !== null}
        title="Remove product connections"
        message={`Remove ${n(confirm?.length ?? 0)}? Future orders of these products no longer earn the affiliate a product commission. Commissions already recorded stay.`}
        confirmLabel="Remove"
        destructive
        busy={fetcher.state !== "idle"}
        onConfirm={() => {
          if (confirm) remove(confirm);
          setConfirm(null);
        }}
        onClose={() => setConfirm(null)}
      />
    </Page>
  );
}

type ListedProduct = ReturnType<typeof useLoaderData<typeof loader>>["connections"][number];

/** The product as the store has it: its image and title (a link to it in Shopify), or words when it is gone. */
function ProductCell({ connection }: { connection: ListedProduct }) {
  const shopify = connection.shopify;
  const title = shopify?.found ? shopify.title : connection.productTitle;
  return (
    <InlineStack gap="300" blockAlign="center" wrap={false}>
      <Thumbnail
        size="small"
        source={shopify?.found && shopify.image ? shopify.image.url : ImageIcon}
        alt={shopify?.found && shopify.image ? (shopify.image.altText ?? title) : ""}
      />
      <BlockStack gap="050">
        {shopify?.found === false ? (
          <Text as="span" fontWeight="semibold">
            {title}
          </Text>
        ) : (
          // A click on the link must not also toggle the row's selection.
          <div onClick={(event) => event.stopPropagation()} role="presentation">
            <Link url={adminUrl("products", connection.productId)} removeUnderline>
              <Text as="span" fontWeight="semibold">
                {title}
              </Text>
            </Link>
          </div>
        )}
        {shopify?.found === false && (
          <Text as="span" tone="caution" variant="bodySm">
            No longer in your Shopify store: deleted, or never there
          </Text>
        )}
        {shopify === null && (
          <Text as="span" tone="subdued" variant="bodySm">
            Title as connected: Shopify could not be reached
          </Text>
        )}
        {connection.ownedBy && (
          <Text as="span" tone="caution" variant="bodySm">
            Earns nothing while {connection.ownedBy}&apos;s earlier connection owns this product
          </Text>
        )}
      </BlockStack>
    </InlineStack>
  );
}
