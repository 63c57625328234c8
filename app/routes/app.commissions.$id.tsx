import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, InlineStack, Layout, Link, List, Page, Text } from "@shopify/polaris";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import type { TraceEntry } from "~/attribution";
import { getOrderDetail } from "~/models/ledger/order-detail.server";
import { isReviewIntent } from "~/models/ledger/review-steps";
import { reviewLines } from "~/models/ledger/review.server";
import { formList, idsForm } from "~/lib/forms";
import { useAnswerToast } from "~/components/ui/toast";
import { LedgerTable, reviewSkippedTitle } from "~/components/ledger/LedgerTable";
import type { ReviewIntent } from "~/models/ledger/review-steps";
import { BulkAnswerBanners } from "~/components/ui/SkippedBanner";
import { formatDateTime } from "~/format/dates";
import { describeSource } from "~/format/ledger";

const notFound = () => new Response("No such order or commission in this shop", { status: 404 });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const detail = await getOrderDetail(prisma, session.shop, params.id ?? "");
  if (!detail) throw notFound();
  return { ...detail, shop: session.shop };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const detail = await getOrderDetail(prisma, session.shop, params.id ?? "");
  if (!detail) throw notFound();
  const form = await request.formData();
  const intent = form.get("intent");
  if (!isReviewIntent(intent)) {
    return json({ error: "Choose approve, deny or mark paid" }, { status: 400 });
  }
  const ids = formList(form, "ids");
  if (ids.length === 0) {
    return json({ error: "Select at least one ledger line" }, { status: 400 });
  }
  // Only this order's lines are reviewed from its page.
  return json(await reviewLines(prisma, session.shop, intent, ids, { within: detail.lines }));
};

export default function CommissionDetailPage() {
  const { order, trace, lines, focusLineId, affiliates, shop } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  useAnswerToast(fetcher.data);

  const review = (intent: ReviewIntent, ids: string[]) =>
    fetcher.submit(idsForm(intent, ids), { method: "post" });

  const entry = (item: TraceEntry, index: number) => (
    <List.Item key={`${item.code}-${index}`}>
      {item.message}
      {item.affiliateId && affiliates[item.affiliateId] && (
        <>
          {" "}
          <RemixLink to={`/app/affiliates/${item.affiliateId}`}>
            ({affiliates[item.affiliateId].refCode})
          </RemixLink>
        </>
      )}
    </List.Item>
  );
  const section = (title: string, items: TraceEntry[], empty?: string) =>
    items.length > 0 || empty ? (
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {title}
        </Text>
        {items.length > 0 ? (
          <List type="bullet">{items.map(entry)}</List>
        ) : (
          <Text as="p" tone="subdued">
            {empty}
          </Text>
        )}
      </BlockStack>
    ) : null;

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
            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  Why this order earned what it did
                </Text>
                {section("Credited", trace.credited, "No affiliate was credited for this order.")}
                {section("Not credited", trace.notCredited)}
                {section("Commission base", trace.base)}
                {section("Other notes", trace.other)}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Order
                </Text>
                {order.test && <Badge tone="info">Test order</Badge>}
                {order.cancelledAt && <Badge tone="critical">Cancelled</Badge>}
              </InlineStack>
              <BlockStack gap="100">
                <Text as="p">
                  <Link url={`https://${shop}/admin/orders/${order.orderId}`} target="_top">
                    {order.orderName} in Shopify
                  </Link>
                </Text>
                <Text as="p" tone="subdued">
                  Placed {formatDateTime(order.orderCreatedAt)}
                </Text>
                {order.cancelledAt && (
                  <Text as="p" tone="subdued">
                    Cancelled {formatDateTime(order.cancelledAt)}
                  </Text>
                )}
                <Text as="p">Customer: {order.customerEmail ?? "no email (or erased)"}</Text>
                <Text as="p">
                  Referrer:{" "}
                  {order.referrer ? (
                    <>
                      <RemixLink to={`/app/affiliates/${order.referrer.id}`}>{order.referrer.name}</RemixLink>
                      {order.referrerSource
                        ? ` through ${describeSource(order.referrerSource).toLowerCase()}`
                        : ""}
                    </>
                  ) : (
                    "none"
                  )}
                </Text>
                <Text as="p">Currency: {order.currency}</Text>
              </BlockStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="fullWidth">
          <Card padding="0">
            <Box padding="400">
              <Text as="h2" variant="headingMd">
                Ledger lines
              </Text>
            </Box>
            <LedgerTable
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
