import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { BlockStack, Button, Card, EmptyState, InlineStack, Layout, Page, Select } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import { parsePage } from "~/lib/pagination";
import { getShopProfile } from "~/models/shop/profile.server";
import { payoutsPage } from "~/models/payouts/views.server";
import {
  PAYOUT_METHODS,
  PAYOUT_METHOD_WORDS,
  PAYOUT_STATUSES,
  PAYOUT_STATUS_WORDS,
  isPayoutMethod,
  isPayoutStatus,
} from "~/models/payouts/codes";
import { PayoutsTable } from "~/components/payouts/PayoutsTable";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { useListPagination } from "~/components/ui/useListPagination";
import { useDownload } from "~/components/ui/useDownload";
import { EMPTY_STATE_IMAGE } from "~/components/ui/empty-state-image";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const status = params.get("status");
  const method = params.get("method");
  const filters = {
    status: isPayoutStatus(status) ? status : null,
    method: isPayoutMethod(method) ? method : null,
  };
  const payouts = await payoutsPage(prisma, session.shop, {
    ...filters,
    page: parsePage(params.get("page")),
  });
  const { timeZone } = await getShopProfile(prisma, session.shop);
  const exportParams = new URLSearchParams();
  if (filters.status) exportParams.set("status", filters.status);
  if (filters.method) exportParams.set("method", filters.method);
  return { payouts, filters, timeZone, exportUrl: `/app/payouts/export?${exportParams}` };
};

export default function PayoutHistoryPage() {
  const { payouts, filters, timeZone, exportUrl } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [, setSearchParams] = useSearchParams();
  const pagination = useListPagination(payouts.pageInfo);
  const { download, downloading } = useDownload();
  const filtered = Boolean(filters.status || filters.method);
  const clearFilters = () => setSearchParams(new URLSearchParams());
  const setFilter = (key: string, value: string) =>
    setSearchParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      next.delete("page");
      return next;
    });

  return (
    <Page fullWidth>
      <TitleBar title="Payout history">
        <TitleBarButton variant="breadcrumb" onClick={() => navigate("/app/payouts")}>
          Payouts
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <InlineStack gap="400" blockAlign="end">
                <Select
                  label="Status"
                  options={[
                    { label: "Any status", value: "" },
                    ...PAYOUT_STATUSES.map((s) => ({ label: PAYOUT_STATUS_WORDS[s], value: s })),
                  ]}
                  value={filters.status ?? ""}
                  onChange={(value) => setFilter("status", value)}
                />
                <Select
                  label="Method"
                  options={[
                    { label: "Any method", value: "" },
                    ...PAYOUT_METHODS.map((m) => ({ label: PAYOUT_METHOD_WORDS[m], value: m })),
                  ]}
                  value={filters.method ?? ""}
                  onChange={(value) => setFilter("method", value)}
                />
                <Button
                  loading={downloading}
                  disabled={payouts.items.length === 0}
                  onClick={() => download(exportUrl, `payouts-${new Date().toISOString().slice(0, 10)}.csv`)}
                >
                  Export CSV
                </Button>
              </InlineStack>
            </Card>
            <Card padding="0">
              {payouts.items.length === 0 ? (
                filtered ? (
                  <EmptyState
                    heading="No payouts match these filters"
                    image={EMPTY_STATE_IMAGE}
                    action={{ content: "Clear filters", onAction: clearFilters }}
                  >
                    <p>Choose another status or method to see more of the history.</p>
                  </EmptyState>
                ) : (
                  <EmptyState
                    heading="No payouts yet"
                    image={EMPTY_STATE_IMAGE}
                    action={{ content: "See who can be paid", url: "/app/payouts" }}
                  >
                    <p>
                      A payout pays an affiliate the approved commissions they are owed, by PayPal, store
                      credit, gift card or by hand. Once their holding period is over, pay them from the
                      balances on Payouts; every payout is then listed here.
                    </p>
                  </EmptyState>
                )
              ) : (
                <PayoutsTable payouts={payouts.items} timeZone={timeZone} pagination={pagination} />
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
