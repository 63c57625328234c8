import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import { COUPON_SORTS, listCoupons, unassignCoupons, type CouponSort } from "~/models/coupons/coupons.server";
import { parseSort } from "~/lib/sorting";
import { useListSort } from "~/components/ui/useListSort";
import { listAffiliateOptions } from "~/models/affiliates/options.server";
import { formList, idsForm } from "~/lib/forms";
import { useAnswerToast } from "~/components/ui/toast";
import { BulkAnswerBanners } from "~/components/ui/SkippedBanner";
import { ConfirmActionModal } from "~/components/ui/ConfirmActionModal";
import { EMPTY_STATE_IMAGE } from "~/components/ui/empty-state-image";
import { useListPagination } from "~/components/ui/useListPagination";
import { useListSelection } from "~/components/ui/useListSelection";
import { affiliateFilter } from "~/components/affiliates/affiliateFilter";
import { AddAffiliateFirst } from "~/components/affiliates/AddAffiliateFirst";
import { parsePage } from "~/lib/pagination";
import { ListSearch } from "~/components/ui/ListSearch";
import { useUrlFilters } from "~/components/ui/useUrlFilters";
import { parseSearchTerm } from "~/lib/search";
import { formatDate } from "~/format/dates";
import { countOf } from "~/format/counts";
import { adminUrl } from "~/lib/admin-links";
import { formatMinor } from "~/format/money";
import { NumericCell } from "~/components/ui/NumericCell";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const affiliateId = params.get("affiliateId")?.trim() || null;
  const query = parseSearchTerm(params.get("q"));
  const sort = parseSort(params, COUPON_SORTS, { key: "createdAt", direction: "desc" });
  const [{ coupons, pageInfo, currency }, affiliates] = await Promise.all([
    listCoupons(prisma, session.shop, { affiliateId, query }, parsePage(params.get("page")), sort),
    listAffiliateOptions(prisma, session.shop, affiliateId),
  ]);
  return {
    coupons,
    pageInfo,
    currency,
    affiliateId,
    query,
    shop: session.shop,
    affiliates,
    sort,
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  if (form.get("intent") !== "unassign") {
    return json({ error: "Unknown action" }, { status: 400 });
  }
  const ids = formList(form, "ids");
  if (ids.length === 0) {
    return json({ error: "Select at least one coupon" }, { status: 400 });
  }
  return json(await unassignCoupons(prisma, session.shop, ids));
};

export default function CouponsPage() {
  const { coupons, pageInfo, currency, affiliateId, query, affiliates, sort } =
    useLoaderData<typeof loader>();
  const sorting = useListSort<CouponSort>(
    ["code", null, "orders", "creditedOrders", "sales", "commission", null, "createdAt", null],
    sort,
  );
  const money = (minor: number) => (currency ? formatMinor(minor, currency) : "—");
  const fetcher = useFetcher<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const { setFilter, clearFilters } = useUrlFilters(["affiliateId"]);
  const pagination = useListPagination(pageInfo);
  const [confirm, setConfirm] = useState<string[] | null>(null);
  useAnswerToast(fetcher.data);
  // A new page of rows, or a finished unassignment, starts with nothing selected.
  const { selected, selectedResources, tableSelection } = useListSelection(coupons, fetcher.data);

  const unassign = (ids: string[]) => fetcher.submit(idsForm("unassign", ids), { method: "post" });
  const newUrl = `/app/coupons/new${affiliateId ? `?affiliateId=${encodeURIComponent(affiliateId)}` : ""}`;
  const byAffiliate = affiliateFilter(affiliates, affiliateId, (id) => setFilter("affiliateId", id));
  const filtered = Boolean(affiliateId || query);
  const n = (count: number) => countOf(count, "coupon");

  return (
    <Page>
      <TitleBar title="Coupons">
        <TitleBarButton
          variant="primary"
          onClick={() => navigate(newUrl)}
          disabled={affiliates.length === 0 || undefined}
        >
          Assign coupon
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              An order using one of these codes is credited to its affiliate, even when the customer came
              through another affiliate&apos;s link. Orders counts every order the app has recorded with the
              code, credited or not; Credited, Sales and Commission count those credited through it.
            </Text>
            <BulkAnswerBanners answer={fetcher.data} skippedTitle="Some coupons were not unassigned" />
            {affiliates.length === 0 ? (
              <AddAffiliateFirst>
                A coupon credits the affiliate it belongs to. Add your first affiliate, then come back here.
              </AddAffiliateFirst>
            ) : (
              <Card padding="0">
                <ListSearch
                  placeholder="Search codes"
                  filters={[byAffiliate.filter]}
                  appliedFilters={byAffiliate.applied ? [byAffiliate.applied] : []}
                  onClearFilters={clearFilters}
                />
                <IndexTable
                  resourceName={{ singular: "coupon", plural: "coupons" }}
                  itemCount={coupons.length}
                  {...tableSelection}
                  loading={fetcher.state !== "idle" || navigation.state === "loading"}
                  pagination={pagination}
                  {...sorting}
                  promotedBulkActions={[
                    {
                      content: "Unassign",
                      onAction: () => setConfirm(selected),
                    },
                  ]}
                  emptyState={
                    <EmptyState
                      heading={filtered ? "No coupons match" : "No coupons assigned yet"}
                      image={EMPTY_STATE_IMAGE}
                      action={{ content: "Assign coupon", url: newUrl }}
                    >
                      <p>
                        {filtered
                          ? "Change or clear the search and filters, or assign a coupon."
                          : "Give an affiliate a discount code to share: assign one from your store, or create a new one in Shopify."}
                      </p>
                    </EmptyState>
                  }
                  headings={[
                    { title: "Code" },
                    { title: "Affiliate" },
                    {
                      title: "Orders",
                      alignment: "end",
                      tooltipContent: "Orders the app recorded with this code, credited or not",
                    },
                    {
                      title: "Credited",
                      alignment: "end",
                      tooltipContent: "Orders credited to the affiliate through this code",
                    },
                    { title: "Sales", alignment: "end", tooltipContent: "Referred sales, net of refunds" },
                    {
                      title: "Commission",
                      alignment: "end",
                      tooltipContent:
                        "Commission earned through this code, net of reversals; denied excluded",
                    },
                    { title: "Shopify discount" },
                    { title: "Assigned" },
                    { title: "Actions", hidden: true },
                  ]}
                >
                  {coupons.map((coupon, index) => (
                    <IndexTable.Row
                      id={coupon.id}
                      key={coupon.id}
                      position={index}
                      selected={selectedResources.includes(coupon.id)}
                    >
                      <IndexTable.Cell>
                        <Text as="span" fontWeight="semibold">
                          {coupon.code}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <div onClick={(event) => event.stopPropagation()} role="presentation">
                          <InlineStack gap="100" blockAlign="center">
                            <Link url={`/app/affiliates/${coupon.affiliateId}`}>{coupon.affiliateName}</Link>
                            {!coupon.affiliateActive && <Badge>Inactive</Badge>}
                          </InlineStack>
                        </div>
                      </IndexTable.Cell>
                      <NumericCell>{coupon.usage.orders}</NumericCell>
                      <NumericCell>{coupon.usage.creditedOrders}</NumericCell>
                      <NumericCell>{money(coupon.usage.salesMinor)}</NumericCell>
                      <NumericCell>{money(coupon.usage.commissionMinor)}</NumericCell>
                      <IndexTable.Cell>
                        {coupon.shopifyDiscountNumericId ? (
                          <div onClick={(event) => event.stopPropagation()}>
                            <Link
                              url={adminUrl("discounts", coupon.shopifyDiscountNumericId)}
                              accessibilityLabel={`Open ${coupon.code}'s discount in Shopify`}
                            >
                              Open in Shopify
                            </Link>
                          </div>
                        ) : (
                          <Text as="span" tone="subdued">
                            Unknown
                          </Text>
                        )}
                      </IndexTable.Cell>
                      <IndexTable.Cell>{formatDate(coupon.createdAt)}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <div onClick={(event) => event.stopPropagation()}>
                          <Button
                            variant="plain"
                            tone="critical"
                            onClick={() => setConfirm([coupon.id])}
                            accessibilityLabel={`Unassign ${coupon.code} from ${coupon.affiliateName}`}
                          >
                            Unassign
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
        id="coupons-confirm-unassign"
        open={confirm !== null}
        title="Unassign coupons"
        message={`Unassign ${n(confirm?.length ?? 0)}? The discounts stay in Shopify and keep working for customers, but orders using them no longer credit the affiliate.`}
        confirmLabel="Unassign"
        destructive
        busy={fetcher.state !== "idle"}
        onConfirm={() => {
          if (confirm) unassign(confirm);
          setConfirm(null);
        }}
        onClose={() => setConfirm(null)}
      />
    </Page>
  );
}
