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
import { CreditByHandCard, type CreditAnswer } from "~/components/orders/CreditByHandCard";
import { listActiveAffiliateOptions } from "~/models/affiliates/options.server";
import { creditByHand, planCreditByHand, type CreditOutcome } from "~/models/orders/credit-by-hand.server";
import { staffName } from "~/models/payouts/staff.server";
import { getProgramSettings } from "~/models/program/program.server";

const notFound = () => new Response("No such order or commission in this shop", { status: 404 });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // The first time, the shop's days wait for its profile (fetched by the layout's loader, beside this one).
  await ensureShopProfile(prisma, sqlite, admin.graphql, session.shop, new Date());
  const profile = await getShopProfile(prisma, session.shop);
  const page = await getOrderPage(prisma, session.shop, params.id ?? "", profile.timeZone);
  if (!page) throw notFound();
  // A test order is credited by hand only while Settings credit test orders (as the pipeline would).
  const creditable =
    page.creditable &&
    (!page.order.test || (await getProgramSettings(prisma, session.shop)).creditTestOrders);
  const affiliates = creditable ? await listActiveAffiliateOptions(prisma, session.shop, { take: 25 }) : [];
  return { ...page, creditable, affiliates, timeZone: profile.timeZone };
};

/** A credit by hand's answer: refused or not found as the model says; 404 for another shop's. */
function creditAnswer(
  intent: "preview_credit" | "credit",
  outcome: Exclude<CreditOutcome, { status: "credited" }>,
) {
  if (outcome.status === "not_found") throw notFound();
  return json<CreditAnswer>({ intent, errors: { [outcome.field]: outcome.message } }, { status: 400 });
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const detail = await getOrderDetail(prisma, session.shop, params.id ?? "");
  if (!detail) throw notFound();
  const form = await request.formData();
  const intent = form.get("intent");
  const affiliateId = String(form.get("affiliateId") ?? "");
  if (intent === "preview_credit") {
    const planned = await planCreditByHand(prisma, session.shop, { orderId: detail.order.id, affiliateId });
    if (planned.status !== "planned") return creditAnswer(intent, planned);
    const names = await affiliateNames(
      session.shop,
      planned.plan.commissions.map((c) => c.affiliateId),
    );
    return json<CreditAnswer>({
      intent,
      preview: planned.plan.commissions.map((c) => ({
        affiliate: names.get(c.affiliateId) ?? c.affiliateId,
        rule: c.rule,
        amount: c.amount,
      })),
    });
  }
  if (intent === "credit") {
    const outcome = await creditByHand(
      prisma,
      sqlite,
      session.shop,
      {
        orderId: detail.order.id,
        affiliateId,
        note: String(form.get("note") ?? ""),
        creditedBy: staffName(session),
      },
      new Date(),
    );
    if (outcome.status !== "credited") return creditAnswer(intent, outcome);
    return json<CreditAnswer>({
      intent,
      credited: true,
      toast: { message: `Order ${detail.order.orderName} credited by hand` },
    });
  }
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

async function affiliateNames(shop: string, ids: string[]): Promise<Map<string, string>> {
  const rows = await prisma.affiliate.findMany({
    where: { shop, id: { in: ids } },
    select: { id: true, name: true },
  });
  return new Map(rows.map((row) => [row.id, row.name]));
}

export default function CommissionDetailPage() {
  const { order, trace, lines, focusLineId, timeZone, creditable, affiliates } =
    useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  // This fetcher reviews lines; the credit by hand's card has fetchers of its own.
  const reviewed = fetcher.data && !("intent" in fetcher.data) ? fetcher.data : undefined;
  useAnswerToast(reviewed);

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
            <BulkAnswerBanners answer={reviewed} skippedTitle={reviewSkippedTitle} dismissible />
            <OrderTraceCard trace={trace} />
            {creditable && <CreditByHandCard affiliates={affiliates} currency={order.currency} />}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <OrderSummaryCard order={order} timeZone={timeZone} />
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
              reviewKey={reviewed}
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
