import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { BlockStack, Box, Card, Layout, Page, Text } from "@shopify/polaris";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma, { sqlite } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { ensureShopProfile } from "~/models/ledger/time-zone.server";
import { getOrderDetail } from "~/models/ledger/order-detail.server";
import { getOrderPage } from "~/models/orders/order-page.server";
import { getShopProfile } from "~/models/shop/profile.server";
import { isScreenReviewIntent } from "~/models/ledger/review-steps";
import { reviewLines } from "~/models/ledger/review.server";
import { formList, idsForm } from "~/lib/forms";
import { useAnswerToast } from "~/components/ui/toast";
import { LedgerTable, reviewSkippedTitle } from "~/components/ledger/LedgerTable";
import type { ReviewIntent } from "~/models/ledger/review-steps";
import { BulkAnswerBanners } from "~/components/ui/SkippedBanner";
import { OrderSummaryCard } from "~/components/ledger/OrderSummaryCard";
import { OrderTraceCard } from "~/components/ledger/OrderTraceCard";

const notFound = () => new Response("No such order or commission in this shop", { status: 404 });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // The first time, the shop's days wait for its profile (fetched by the layout's loader, beside this one).
  await ensureShopProfile(prisma, sqlite, admin.graphql, session.shop, new Date());
  const profile = await getShopProfile(prisma, session.shop);
  const page = await getOrderPage(prisma, session.shop, params.id ?? "", profile.timeZone);
  if (!page) throw notFound();
  return { ...page, shop: session.shop, timeZone: profile.timeZone };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const detail = await getOrderDetail(prisma, session.shop, params.id ?? "");
  if (!detail) throw notFound();
  const form = await request.formData();
  const intent = form.get("intent");
  if (!isScreenReviewIntent(intent)) {
    return json({ error: "Choose approve or deny (commissions are paid through Payouts)" }, { status: 400 });
  }
  const ids = formList(form, "ids");
  if (ids.length === 0) {
    return json({ error: "Select at least one ledger line" }, { status: 400 });
  }
  // Only this order's lines are reviewed from its page.
  return json(await reviewLines(prisma, session.shop, intent, ids, { within: detail.lines }));
};

export default function CommissionDetailPage() {
  const { order, trace, lines, focusLineId, shop, timeZone } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  useAnswerToast(fetcher.data);

  const review = (intent: ReviewIntent, ids: string[]) =>
    fetcher.submit(idsForm(intent, ids), { method: "post" });

  return (
    <Page>
      <TitleBar title={`Order ${order.orderName}`}>
        <TitleBarButton variant="breadcrumb" onClick={() => navigate("/app/commissions")}>
          Commissions
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <BulkAnswerBanners answer={fetcher.data} skippedTitle={reviewSkippedTitle} dismissible />
            <OrderTraceCard trace={trace} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <OrderSummaryCard order={order} shop={shop} timeZone={timeZone} />
        </Layout.Section>
        <Layout.Section variant="fullWidth">
          <Card padding="0">
            <Box padding="400">
              <Text as="h2" variant="headingMd">
                Ledger lines
              </Text>
            </Box>
            <LedgerTable
              timeZone={timeZone}
              lines={lines}
              onReview={review}
              reviewKey={fetcher.data}
              busy={fetcher.state !== "idle" || navigation.state === "loading"}
              focusLineId={focusLineId}
              linkOrders={false}
              rowActions
              emptyState={
                <Box padding="400">
                  <Text as="p" tone="subdued">
                    This order has no commission lines: see above for why.
                  </Text>
                </Box>
              }
            />
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
