import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { BlockStack, Card, InlineStack, Layout, Page } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma, { sqlite } from "~/db.server";
import { getAffiliate, getAffiliateDetail, setAffiliatesActive } from "~/models/affiliates/affiliates.server";
import { clickSummary, lastDays } from "~/models/clicks/clicks.server";
import { parseClickRangeDays } from "~/models/clicks/views";
import { customerLabel } from "~/models/connections/customers";
import { connectReferredCustomer, listReferredCustomers } from "~/models/connections/referred.server";
import { authenticate } from "~/shopify.server";
import { ensureShopProfile } from "~/models/ledger/time-zone.server";
import { formFlag } from "~/lib/forms";
import { isDay } from "~/lib/days";
import { getShopProfile } from "~/models/shop/profile.server";
import { parsePage } from "~/lib/pagination";
import { AffiliateClicksCard } from "~/components/affiliates/AffiliateClicksCard";
import { AffiliateCommissionsCard } from "~/components/affiliates/AffiliateCommissionsCard";
import { AffiliateSidebar } from "~/components/affiliates/AffiliateSidebar";
import {
  ReferredCustomersCard,
  type ConnectCustomerAnswer,
} from "~/components/affiliates/ReferredCustomersCard";
import { CopyLinkField } from "~/components/ui/CopyLinkField";
import { useAnswerToast, useRedirectToast, type ToastMessage } from "~/components/ui/toast";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { ApplicationCard } from "~/components/affiliates/ApplicationCard";
import { ApplicationStatusBadge } from "~/components/affiliates/ApplicationStatusBadge";
import { decideApplications } from "~/models/portal/decisions.server";
import { affiliatePayoutSummary } from "~/models/payouts/views.server";
import { AffiliatePayoutsCard } from "~/components/payouts/AffiliatePayoutsCard";

const notFound = () => new Response("Affiliate not found", { status: 404 });

const SAVED_MESSAGES: Record<string, string> = {
  created: "Affiliate created",
  updated: "Affiliate saved",
};
const SAVED_PARAMS = ["saved"];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // The first time, the shop's days wait for its profile (fetched by the layout's loader, beside this one).
  await ensureShopProfile(prisma, sqlite, admin.graphql, session.shop, new Date());
  const url = new URL(request.url);
  const day = (name: string) => {
    const value = url.searchParams.get(name);
    return isDay(value) ? value : null;
  };
  const { timeZone } = await getShopProfile(prisma, session.shop);
  const detail = await getAffiliateDetail(prisma, session.shop, params.id ?? "", {
    timeZone,
    orderFrom: day("orderFrom"),
    orderTo: day("orderTo"),
    commissionsPage: parsePage(url.searchParams.get("commissionsPage")),
  });
  if (!detail) throw notFound();
  const customers = await listReferredCustomers(prisma, session.shop, detail.affiliate.id, {
    page: parsePage(url.searchParams.get("customersPage")),
  });
  const clickDays = parseClickRangeDays(url.searchParams.get("clicksDays"));
  const clicks = await clickSummary(
    prisma,
    session.shop,
    detail.affiliate.id,
    lastDays(clickDays, new Date(), timeZone),
    timeZone,
  );
  const saved = SAVED_MESSAGES[url.searchParams.get("saved") ?? ""];
  const payouts = await affiliatePayoutSummary(prisma, session.shop, detail.affiliate.id);
  return {
    ...detail,
    payouts,
    customers,
    clicks,
    clickDays,
    savedToast: saved ? ({ message: saved } as ToastMessage) : null,
  };
};

type ActionAnswer = ConnectCustomerAnswer & { customerId?: string };

const refused = (message: string, status: number, customerId?: string) =>
  json<ActionAnswer>({ ok: false, customerId, message, toast: { message, isError: true } }, { status });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  const affiliateId = params.id ?? "";

  if (intent === "connect-customer") {
    const customerId = String(form.get("customerId") ?? "").trim();
    if (!/^[1-9]\d{0,19}$/.test(customerId)) return refused("Choose a customer to connect", 400);
    const result = await connectReferredCustomer(prisma, session.shop, affiliateId, customerId);
    if (!result) throw notFound();
    if (!result.ok) return refused(result.message, 409, customerId);
    return json<ActionAnswer>({
      ok: true,
      customerId,
      toast: { message: `${customerLabel(result.connection)} connected` },
    });
  }

  if (intent === "set-active") {
    const active = formFlag(form.get("active"));
    const affiliate = await getAffiliate(prisma, session.shop, affiliateId);
    if (!affiliate) throw notFound();
    await setAffiliatesActive(prisma, session.shop, { ids: [affiliate.id] }, active);
    return json<ActionAnswer>({
      ok: true,
      toast: { message: active ? "Affiliate activated" : "Affiliate deactivated" },
    });
  }

  if (intent === "approve" || intent === "decline") {
    const affiliate = await getAffiliate(prisma, session.shop, affiliateId);
    if (!affiliate) throw notFound();
    const result = await decideApplications(
      prisma,
      session.shop,
      { ids: [affiliate.id] },
      intent === "approve"
        ? { kind: "approve" }
        : { kind: "decline", reason: String(form.get("reason") ?? "") },
    );
    if (!result.ok) return refused(result.message, 400);
    if (result.count === 0) return refused("This application was already decided", 409);
    return json<ActionAnswer>({
      ok: true,
      toast: { message: intent === "approve" ? "Application approved" : "Application declined" },
    });
  }

  return refused("Unknown action", 400);
};

export default function AffiliateDetailPage() {
  const data = useLoaderData<typeof loader>();
  const { affiliate, commissions, customers } = data;
  const navigate = useNavigate();
  const [, setSearchParams] = useSearchParams();
  const activeFetcher = useFetcher<typeof action>();
  const decisionFetcher = useFetcher<typeof action>();
  useAnswerToast(activeFetcher.data);
  useAnswerToast(decisionFetcher.data);
  useRedirectToast(data.savedToast, SAVED_PARAMS);

  const toggleActive = () =>
    activeFetcher.submit(
      { intent: "set-active", active: affiliate.active ? "false" : "true" },
      { method: "post" },
    );

  return (
    <Page>
      <TitleBar title={affiliate.name}>
        <TitleBarButton variant="breadcrumb" onClick={() => navigate("/app/affiliates")}>
          Affiliates
        </TitleBarButton>
        <TitleBarButton variant="primary" onClick={() => navigate(`/app/affiliates/${affiliate.id}/edit`)}>
          Edit
        </TitleBarButton>
        {affiliate.active && (
          <TitleBarButton onClick={() => navigate(`/app/connections/new?affiliateId=${affiliate.id}`)}>
            Link a customer
          </TitleBarButton>
        )}
        <TitleBarButton onClick={toggleActive}>{affiliate.active ? "Deactivate" : "Activate"}</TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                {/* The name is the page's title: said once. */}
                <InlineStack gap="200" blockAlign="center">
                  <ApplicationStatusBadge status={affiliate.applicationStatus} active={affiliate.active} />
                </InlineStack>
                <CopyLinkField
                  label="Affiliate link"
                  value={affiliate.link}
                  helpText="Orders from visitors who land on the store through this link are credited to this affiliate."
                />
              </BlockStack>
            </Card>
            {data.application.appliedAt && (
              <ApplicationCard
                application={data.application}
                busy={decisionFetcher.state !== "idle"}
                reasonError={
                  decisionFetcher.data && !decisionFetcher.data.ok && decisionFetcher.state === "idle"
                    ? decisionFetcher.data.message
                    : undefined
                }
                onApprove={() => decisionFetcher.submit({ intent: "approve" }, { method: "post" })}
                onDecline={(reason) =>
                  decisionFetcher.submit({ intent: "decline", reason }, { method: "post" })
                }
              />
            )}
            <AffiliateClicksCard
              summary={data.clicks}
              days={data.clickDays}
              onDaysChange={(days) =>
                setSearchParams(
                  (params) => {
                    params.set("clicksDays", String(days));
                    return params;
                  },
                  { preventScrollReset: true },
                )
              }
            />
            <AffiliatePayoutsCard
              affiliateId={affiliate.id}
              affiliateName={affiliate.name}
              balances={data.payouts.balances}
              payouts={data.payouts.payouts}
              methods={data.payouts.methods}
              paypal={data.payouts.paypal}
              timeZone={data.timeZone}
            />
            <ReferredCustomersCard affiliateName={affiliate.name} customers={customers} />
            <AffiliateCommissionsCard
              affiliateId={affiliate.id}
              affiliateName={affiliate.name}
              commissions={commissions}
              timeZone={data.timeZone}
            />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <AffiliateSidebar detail={data} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
