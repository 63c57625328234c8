import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma, { sqlite } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { ensureShopProfile } from "~/models/ledger/time-zone.server";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { getDashboard } from "~/models/home/home.server";
import { formatMoney } from "~/format/money";
import { dayRangeParams } from "~/lib/day-range";
import { LedgerStatusBadge } from "~/components/ledger/LedgerStatusBadge";
import { DayRangePicker } from "~/components/ui/DayRangePicker";
import { SalesChart } from "~/components/home/SalesChart";
import { FigureTiles } from "~/components/home/FigureTiles";
import { Figure } from "~/components/ui/Figure";
import { TopAffiliatesCard } from "~/components/home/TopAffiliatesCard";
import { LatestOrdersCard } from "~/components/home/LatestOrdersCard";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // The first time, the shop's days wait for its profile (fetched by the layout's loader, beside this one).
  await ensureShopProfile(prisma, sqlite, admin.graphql, session.shop, new Date());
  return getDashboard(prisma, session.shop, new URL(request.url).searchParams, new Date());
};

interface Step {
  key: string;
  done: boolean | null;
  title: string;
  description: string;
  action: { content: string; url: string; external?: boolean };
}

export default function Home() {
  const {
    range,
    timeZone,
    currency,
    figures,
    chart,
    topAffiliates,
    totals,
    latestOrders,
    setup,
    deliveriesNeedingAttention,
  } = useLoaderData<typeof loader>();
  const [, setSearchParams] = useSearchParams();

  const steps: Step[] = [
    {
      key: "settings",
      done: setup.settingsSaved,
      title: "Set your commission rules",
      description: "Review the default rate and the special rules, then save the settings.",
      action: { content: "Open settings", url: "/app/settings" },
    },
    {
      key: "affiliate",
      done: setup.hasAffiliate,
      title: "Add your first affiliate",
      description: "Each affiliate gets a referral link to share.",
      action: { content: "Add affiliate", url: "/app/affiliates/new" },
    },
    {
      key: "coupon",
      done: setup.hasCoupon,
      title: "Give an affiliate a coupon",
      description: "Orders using an affiliate's discount code are credited to it, even without its link.",
      action: { content: "Assign coupon", url: "/app/coupons/new" },
    },
    {
      key: "embed",
      done: null,
      title: "Turn on the storefront app embed",
      description:
        "It remembers the affiliate of a visitor who arrived through a link, until checkout. Turn on “Affiliate capture” under App embeds in your theme, and save.",
      action: { content: "Open theme editor", url: setup.themeEditorUrl, external: true },
    },
  ];
  const open = steps.filter((step) => step.done !== true);

  return (
    <Page>
      <TitleBar title="Affiliate program" />
      <BlockStack gap="500">
        {deliveriesNeedingAttention > 0 && (
          <Banner
            tone="warning"
            title={`${deliveriesNeedingAttention} order ${deliveriesNeedingAttention === 1 ? "update needs" : "updates need"} your attention`}
            action={{ content: "Review deliveries", url: "/app/deliveries" }}
          >
            <p>
              Shopify sent them, but they could not be processed. Until they are, their commissions may be
              missing.
            </p>
          </Banner>
        )}
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="400">
                  <InlineStack align="space-between" blockAlign="start" gap="200">
                    <BlockStack gap="100">
                      <Text as="h2" variant="headingMd">
                        Referred sales and commissions
                      </Text>
                      <Text as="p" tone="subdued" variant="bodySm">
                        By the day of the order ({timeZone}), net of refunds; denied commissions left out.
                      </Text>
                    </BlockStack>
                    <DayRangePicker
                      range={range}
                      onChange={(next) =>
                        setSearchParams(
                          dayRangeParams({ preset: next.preset, from: next.from ?? "", to: next.to ?? "" }),
                        )
                      }
                    />
                  </InlineStack>
                  <FigureTiles figures={figures} currency={currency} />
                  <SalesChart
                    points={chart.points}
                    grain={chart.grain}
                    currency={chart.currency}
                    unfinished={chart.unfinished}
                  />
                </BlockStack>
              </Card>
              <TopAffiliatesCard affiliates={topAffiliates} />
              <Card>
                <BlockStack gap="300">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      Commissions owed and paid
                    </Text>
                    <Button variant="plain" url="/app/commissions">
                      Review commissions
                    </Button>
                  </InlineStack>
                  {totals.length === 0 ? (
                    <Text as="p" tone="subdued">
                      No commissions yet. They appear when a referred order arrives.
                    </Text>
                  ) : (
                    totals.map((total) => (
                      // On a phone each status takes the width: an eight-digit sum in a third of it would be tiny.
                      <InlineGrid key={total.currency} columns={{ xs: 1, sm: 3 }} gap="400">
                        {(["pending", "approved", "paid"] as const).map((status) => (
                          <BlockStack key={status} gap="100">
                            <InlineStack gap="100">
                              <LedgerStatusBadge status={status} />
                            </InlineStack>
                            <Figure
                              value={formatMoney(total[status], total.currency)}
                              url={`/app/commissions?status=${status}`}
                            />
                          </BlockStack>
                        ))}
                      </InlineGrid>
                    ))
                  )}
                  {totals.length > 0 && (
                    <Text as="p" tone="subdued" variant="bodySm">
                      Since the program started, net of reversals for refunds and cancellations.
                    </Text>
                  )}
                </BlockStack>
              </Card>
              <LatestOrdersCard orders={latestOrders} timeZone={timeZone} />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="400">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    Setup
                  </Text>
                  <Text as="p" tone="subdued">
                    {open.length === 1 ? "One step left." : `${open.length} steps left.`}
                  </Text>
                </BlockStack>
                {steps.map((step) => (
                  <BlockStack key={step.key} gap="100">
                    <InlineStack gap="200" blockAlign="center" wrap={false}>
                      <Text as="h3" variant="headingSm" tone={step.done ? "subdued" : undefined}>
                        {step.title}
                      </Text>
                      {step.done === true && <Badge tone="success">Done</Badge>}
                      {step.done === false && <Badge tone="attention">To do</Badge>}
                      {step.done === null && <Badge>Check in your theme</Badge>}
                    </InlineStack>
                    {!step.done && (
                      <>
                        <Text as="p" tone="subdued">
                          {step.description}
                        </Text>
                        <InlineStack>
                          <Button
                            url={step.action.url}
                            target={step.action.external ? "_top" : undefined}
                            size="slim"
                          >
                            {step.action.content}
                          </Button>
                        </InlineStack>
                      </>
                    )}
                  </BlockStack>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
