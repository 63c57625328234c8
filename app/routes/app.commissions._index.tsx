import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import {
  BlockStack,
  Card,
  ChoiceList,
  EmptyState,
  Filters,
  Layout,
  Page,
  Text,
  type AppliedFilterInterface,
} from "@shopify/polaris";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import prisma, { sqlite } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { ensureShopProfile } from "~/models/ledger/time-zone.server";
import {
  exportUrl as ledgerExportUrl,
  listLedgerLines,
  parseLedgerFilters,
  parseLedgerSort,
} from "~/models/ledger/lines.server";
import { isScreenReviewIntent, type ReviewIntent } from "~/models/ledger/review-steps";
import { reviewLines } from "~/models/ledger/review.server";
import { listAffiliateOptions } from "~/models/affiliates/options.server";
import { getShopProfile } from "~/models/shop/profile.server";
import { formList, idsForm } from "~/lib/forms";
import { parsePage } from "~/lib/pagination";
import { useUrlFilters } from "~/components/ui/useUrlFilters";
import { useListPagination } from "~/components/ui/useListPagination";
import { affiliateFilter } from "~/components/affiliates/affiliateFilter";
import { useAnswerToast } from "~/components/ui/toast";
import { LEDGER_TABLE_SORTS, LedgerTable, reviewSkippedTitle } from "~/components/ledger/LedgerTable";
import { useListSort } from "~/components/ui/useListSort";
import type { LedgerSort } from "~/models/ledger/lines.server";
import { BulkAnswerBanners } from "~/components/ui/SkippedBanner";
import { DateRange } from "~/components/ui/DateRange";
import { EMPTY_STATE_IMAGE } from "~/components/ui/empty-state-image";
import { describeStatus, describeType } from "~/format/ledger";
import { formatDay } from "~/format/dates";
import { LEDGER_LINE_TYPES, LEDGER_STATUSES } from "~/models/ledger/status";
import { countOf } from "~/format/counts";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // The first time, the shop's days wait for its profile (fetched by the layout's loader, beside this one).
  await ensureShopProfile(prisma, sqlite, admin.graphql, session.shop, new Date());
  const url = new URL(request.url);
  const filters = parseLedgerFilters(url.searchParams);
  const sort = parseLedgerSort(url.searchParams);
  const { timeZone } = await getShopProfile(prisma, session.shop);
  const [{ lines, pageInfo }, affiliates] = await Promise.all([
    listLedgerLines(prisma, session.shop, filters, parsePage(url.searchParams.get("page")), timeZone, sort),
    listAffiliateOptions(prisma, session.shop, filters.affiliateId),
  ]);
  return {
    lines,
    pageInfo,
    filters,
    // The list's own order (newest recorded, or newest ordered when filtered by order date) until sorted.
    sort: sort ?? {
      key: filters.orderFrom || filters.orderTo ? ("orderDate" as const) : ("recorded" as const),
      direction: "desc" as const,
    },
    affiliates,
    timeZone,
    exportUrl: ledgerExportUrl(filters, timeZone),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  const ids = formList(form, "ids");
  if (!isScreenReviewIntent(intent)) {
    return json({ error: "Choose approve or deny (commissions are paid through Payouts)" }, { status: 400 });
  }
  if (ids.length === 0) {
    return json({ error: "Select at least one ledger line" }, { status: 400 });
  }
  return json(await reviewLines(prisma, session.shop, intent, ids));
};

const FILTER_KEYS = ["status", "type", "affiliateId", "from", "to", "orderFrom", "orderTo"] as const;

export default function CommissionsPage() {
  const { lines, pageInfo, filters, affiliates, timeZone, exportUrl, sort } = useLoaderData<typeof loader>();
  const sorting = useListSort<LedgerSort>(LEDGER_TABLE_SORTS, sort);
  const fetcher = useFetcher<typeof action>();
  const navigation = useNavigation();
  const { setFilter, clearFilters: clearAll, update: updateFilters } = useUrlFilters(FILTER_KEYS);
  const shopify = useAppBridge();
  const pagination = useListPagination(pageInfo);
  const [exporting, setExporting] = useState(false);
  useAnswerToast(fetcher.data);

  const review = (intent: ReviewIntent, ids: string[]) =>
    fetcher.submit(idsForm(intent, ids), { method: "post" });

  // App Bridge adds the session token to the app's own fetch requests: the download is authenticated.
  const download = async () => {
    setExporting(true);
    try {
      const response = await fetch(exportUrl);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      const href = URL.createObjectURL(blob);
      const anchor = document.createElement("a");
      anchor.href = href;
      anchor.download = `commissions-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      URL.revokeObjectURL(href);
    } catch (error) {
      shopify.toast.show(`The export failed: ${error instanceof Error ? error.message : String(error)}`, {
        isError: true,
      });
    } finally {
      setExporting(false);
    }
  };

  const byAffiliate = affiliateFilter(affiliates, filters.affiliateId, (id) => setFilter("affiliateId", id));
  const applied: AppliedFilterInterface[] = [];
  if (filters.status)
    applied.push({
      key: "status",
      label: `Status: ${describeStatus(filters.status)}`,
      onRemove: () => setFilter("status", null),
    });
  if (filters.type)
    applied.push({
      key: "type",
      label: `Type: ${describeType(filters.type)}`,
      onRemove: () => setFilter("type", null),
    });
  if (byAffiliate.applied) applied.push(byAffiliate.applied);
  const dateFilter = (key: string, label: string, from: "from" | "orderFrom", to: "to" | "orderTo") => {
    if (!filters[from] && !filters[to]) return;
    applied.push({
      key,
      label:
        `${label} ${filters[from] ? `from ${formatDay(filters[from])}` : ""} ${filters[to] ? `to ${formatDay(filters[to])}` : ""}`.trim(),
      onRemove: () =>
        updateFilters((params) => {
          params.delete(from);
          params.delete(to);
          return params;
        }),
    });
  };
  dateFilter("orderDate", "Ordered", "orderFrom", "orderTo");
  dateFilter("date", "Recorded", "from", "to");

  const filtered = applied.length > 0;

  return (
    <Page fullWidth>
      <TitleBar title="Commissions">
        {/* The page's one Export, a secondary action as in the admin's own lists: the lines the filters show. */}
        <TitleBarButton onClick={download} disabled={exporting || pageInfo.total === 0}>
          Export
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <BulkAnswerBanners answer={fetcher.data} skippedTitle={reviewSkippedTitle} dismissible />
            <Text as="p" tone="subdued">
              {countOf(pageInfo.total, "ledger line")}
              {filtered ? " match the filters" : ""} · dates in {timeZone}
            </Text>
            <Card padding="0">
              <Filters
                hideQueryField
                queryValue=""
                onQueryChange={() => undefined}
                onQueryClear={() => undefined}
                onClearAll={clearAll}
                appliedFilters={applied}
                filters={[
                  {
                    key: "status",
                    label: "Status",
                    shortcut: true,
                    pinned: true,
                    filter: (
                      <ChoiceList
                        title="Status"
                        titleHidden
                        choices={LEDGER_STATUSES.map((s) => ({ label: describeStatus(s), value: s }))}
                        selected={filters.status ? [filters.status] : []}
                        onChange={([value]) => setFilter("status", value ?? null)}
                      />
                    ),
                  },
                  // Under "Add filter" here (its pill shows once applied): four pinned pills are wider than a
                  // phone, and the Order date pill was cut.
                  { ...byAffiliate.filter, pinned: false },
                  {
                    key: "type",
                    label: "Type",
                    pinned: true,
                    filter: (
                      <ChoiceList
                        title="Type"
                        titleHidden
                        choices={LEDGER_LINE_TYPES.map((type) => ({
                          // "Commissions", "Reversals"
                          label: `${describeType(type)}s`,
                          value: type,
                        }))}
                        selected={filters.type ? [filters.type] : []}
                        onChange={([value]) => setFilter("type", value ?? null)}
                      />
                    ),
                  },
                  {
                    key: "orderDate",
                    label: "Order date",
                    shortcut: true,
                    pinned: true,
                    filter: (
                      <DateRange
                        filters={{ from: filters.orderFrom, to: filters.orderTo }}
                        onChange={(key, value) => setFilter(key === "from" ? "orderFrom" : "orderTo", value)}
                      />
                    ),
                  },
                  {
                    key: "date",
                    label: "Recorded",
                    shortcut: true,
                    filter: <DateRange filters={filters} onChange={setFilter} />,
                  },
                ]}
              />
              <LedgerTable
                sorting={sorting}
                timeZone={timeZone}
                lines={lines}
                onReview={review}
                reviewKey={fetcher.data}
                busy={fetcher.state !== "idle" || navigation.state === "loading"}
                pagination={pagination}
                emptyState={
                  <EmptyState
                    heading={filtered ? "No ledger lines match these filters" : "No commissions yet"}
                    image={EMPTY_STATE_IMAGE}
                    action={filtered ? { content: "Clear filters", onAction: clearAll } : undefined}
                  >
                    <p>
                      {filtered
                        ? "Change or clear the filters to see more of the ledger."
                        : "Commissions appear here when a referred order arrives. Share your affiliates' links and coupons to get the first one."}
                    </p>
                  </EmptyState>
                }
              />
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
