import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useState } from "react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import { formatDateTime } from "~/format/dates";
import { formatMinor } from "~/format/money";
import { countOf } from "~/format/counts";
import { getShopProfile } from "~/models/shop/profile.server";
import { batchView } from "~/models/payouts/views.server";
import { payoutAction } from "~/models/payouts/actions.server";
import { batchReference } from "~/models/payouts/codes";
import { PayoutsTable } from "~/components/payouts/PayoutsTable";
import { PayoutProblems } from "~/components/payouts/PayoutProblems";
import { ConfirmActionModal } from "~/components/ui/ConfirmActionModal";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { useAnswerToast, useRedirectToast } from "~/components/ui/toast";
import { useDownload } from "~/components/ui/useDownload";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const view = await batchView(prisma, session.shop, params.id ?? "");
  if (!view) throw new Response("Payout batch not found", { status: 404 });
  const { timeZone } = await getShopProfile(prisma, session.shop);
  const url = new URL(request.url);
  const skipped = Number(url.searchParams.get("skipped") ?? 0);
  const created = url.searchParams.get("created")
    ? {
        message: `Batch created${skipped > 0 ? `; ${countOf(skipped, "balance")} could not be paid this way` : ""}`,
      }
    : null;
  return { ...view, timeZone, createdToast: created };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const view = await batchView(prisma, session.shop, params.id ?? "");
  if (!view) throw new Response("Payout batch not found", { status: 404 });
  const form = await request.formData();
  // Only this batch's payouts.
  const own = new Set(view.payouts.map((p) => p.id));
  const scoped = new FormData();
  for (const [key, value] of form) if (key !== "id" || own.has(String(value))) scoped.append(key, value);
  const answer = await payoutAction(prisma, admin.graphql, session.shop, scoped);
  return json(answer, { status: answer.ok ? 200 : 409 });
};

const CREATED_PARAMS = ["created", "skipped"];

export default function PayoutBatchPage() {
  const { batch, payouts, totals, timeZone, createdToast } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  useAnswerToast(fetcher.data);
  useRedirectToast(createdToast, CREATED_PARAMS);
  const { download, downloading } = useDownload();
  const [confirm, setConfirm] = useState<null | "store-credit" | "gift-card" | "sent">(null);

  const open = payouts.filter((p) => p.status === "draft" || p.status === "sent");
  const storeCredit = open.filter((p) => p.method === "store_credit");
  const giftCards = open.filter((p) => p.method === "gift_card");
  const paypalDrafts = open.filter((p) => p.method === "paypal" && p.status === "draft");
  const paypalCurrencies = [...new Set(open.filter((p) => p.method === "paypal").map((p) => p.currency))];
  const reference = batchReference(batch.number);

  const submit = (intent: string, ids: string[]) => {
    const form = new FormData();
    form.set("intent", intent);
    for (const id of ids) form.append("id", id);
    fetcher.submit(form, { method: "post" });
    setConfirm(null);
  };

  return (
    <Page>
      <TitleBar title={`Payout batch ${reference}`}>
        <TitleBarButton variant="breadcrumb" onClick={() => navigate("/app/payouts")}>
          Payouts
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {fetcher.data && <PayoutProblems problems={fetcher.data.problems} />}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Batch {reference}
                </Text>
                <Text as="p" tone="subdued">
                  Created {formatDateTime(batch.createdAt, { timeZone })} by {batch.createdBy}
                </Text>
                <InlineStack gap="600">
                  {totals.map((total) => (
                    <BlockStack key={total.currency} gap="100">
                      <Text as="p" variant="headingLg" numeric>
                        {formatMinor(total.amountMinor, total.currency)}
                      </Text>
                      <Text as="p" tone="subdued">
                        {countOf(total.count, "payout")} in {total.currency}
                      </Text>
                    </BlockStack>
                  ))}
                </InlineStack>
                <InlineStack gap="200">
                  {storeCredit.length > 0 && (
                    <Button
                      variant="primary"
                      onClick={() => setConfirm("store-credit")}
                      loading={fetcher.state !== "idle"}
                    >
                      {`Pay ${countOf(storeCredit.length, "payout")} in store credit`}
                    </Button>
                  )}
                  {giftCards.length > 0 && (
                    <Button
                      variant="primary"
                      onClick={() => setConfirm("gift-card")}
                      loading={fetcher.state !== "idle"}
                    >
                      {`Pay ${countOf(giftCards.length, "payout")} with gift cards`}
                    </Button>
                  )}
                  {paypalCurrencies.map((currency) => (
                    <Button
                      key={currency}
                      loading={downloading}
                      onClick={() =>
                        download(
                          `/app/payouts/batches/${batch.id}/paypal?currency=${currency}`,
                          `paypal-payouts-${reference}-${currency}.csv`,
                        )
                      }
                    >
                      {`Download PayPal file (${currency})`}
                    </Button>
                  ))}
                  {paypalDrafts.length > 0 && (
                    <Button onClick={() => setConfirm("sent")}>Mark PayPal payouts sent</Button>
                  )}
                </InlineStack>
                {paypalCurrencies.length > 0 && (
                  <Text as="p" tone="subdued">
                    Upload the file in PayPal (Pay &amp; Get Paid › Payouts), then mark the payouts sent; mark
                    each one paid with PayPal&apos;s transaction id when PayPal has paid it.
                  </Text>
                )}
                {storeCredit.length > 0 && (
                  <Text as="p" tone="subdued">
                    Store credit goes to the affiliate&apos;s customer account in Shopify, in the
                    payout&apos;s currency. Affiliates spend it at checkout when logged in with new customer
                    accounts.
                  </Text>
                )}
                {giftCards.length > 0 && (
                  <Text as="p" tone="subdued">
                    Each gift card goes to the affiliate&apos;s customer account in Shopify, which sends them
                    the card and its code. Gift cards are in the shop&apos;s currency.
                  </Text>
                )}
              </BlockStack>
            </Card>
            <Card padding="0">
              <PayoutsTable payouts={payouts} timeZone={timeZone} />
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <ConfirmActionModal
        id="pay-store-credit"
        open={confirm === "store-credit"}
        title="Pay in store credit"
        message={`Credit ${storeCredit.map((p) => `${p.affiliate.name} ${formatMinor(p.amountMinor, p.currency)}`).join(", ")} to their store credit accounts in Shopify? This cannot be undone from the app.`}
        confirmLabel="Pay now"
        busy={fetcher.state !== "idle"}
        onConfirm={() =>
          submit(
            "pay-store-credit",
            storeCredit.map((p) => p.id),
          )
        }
        onClose={() => setConfirm(null)}
      />
      <ConfirmActionModal
        id="pay-gift-card"
        open={confirm === "gift-card"}
        title="Pay with gift cards"
        message={`Issue Shopify gift cards to ${giftCards.map((p) => `${p.affiliate.name} ${formatMinor(p.amountMinor, p.currency)}`).join(", ")}? Shopify sends each affiliate their card. This cannot be undone from the app.`}
        confirmLabel="Pay now"
        busy={fetcher.state !== "idle"}
        onConfirm={() =>
          submit(
            "pay-gift-card",
            giftCards.map((p) => p.id),
          )
        }
        onClose={() => setConfirm(null)}
      />
      <ConfirmActionModal
        id="mark-paypal-sent"
        open={confirm === "sent"}
        title="Mark PayPal payouts sent"
        message={`Mark ${countOf(paypalDrafts.length, "PayPal payout")} sent? Do this once the file is uploaded in PayPal.`}
        confirmLabel="Mark sent"
        busy={fetcher.state !== "idle"}
        onConfirm={() =>
          submit(
            "mark-sent",
            paypalDrafts.map((p) => p.id),
          )
        }
        onClose={() => setConfirm(null)}
      />
    </Page>
  );
}
