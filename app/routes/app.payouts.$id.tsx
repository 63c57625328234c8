import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useState } from "react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import { formatDate, formatDateTime } from "~/format/dates";
import { formatMoney } from "~/format/money";
import { describeType } from "~/format/ledger";
import { getShopProfile } from "~/models/shop/profile.server";
import { payoutView } from "~/models/payouts/views.server";
import { payoutAction } from "~/models/payouts/actions.server";
import { batchReference, payoutReference } from "~/models/payouts/codes";
import { methodWords } from "~/components/payouts/PayoutsTable";
import { PayoutStatusBadge } from "~/components/payouts/PayoutStatusBadge";
import { adminUrl, referenceWords, shopifyGidParts } from "~/lib/admin-links";
import { PayoutProblems } from "~/components/payouts/PayoutProblems";
import { LedgerStatusBadge } from "~/components/ledger/LedgerStatusBadge";
import { MoneyCell } from "~/components/ui/MoneyCell";
import { ConfirmActionModal } from "~/components/ui/ConfirmActionModal";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { useAnswerToast } from "~/components/ui/toast";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const view = await payoutView(prisma, session.shop, params.id ?? "");
  if (!view) throw new Response("Payout not found", { status: 404 });
  const { timeZone } = await getShopProfile(prisma, session.shop);
  return { ...view, timeZone, today: new Date().toISOString().slice(0, 10) };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const form = await request.formData();
  form.delete("id");
  form.append("id", params.id ?? "");
  const answer = await payoutAction(prisma, admin.graphql, session.shop, form);
  return json(answer, { status: answer.ok ? 200 : 409 });
};

export default function PayoutPage() {
  const { payout, lines, released, timeZone, today } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  useAnswerToast(fetcher.data);
  const [reference, setReference] = useState("");
  const [paidAt, setPaidAt] = useState(today);
  const [reason, setReason] = useState("");
  const [confirm, setConfirm] = useState<null | "pay" | "paid" | "fail" | "cancel">(null);
  const busy = fetcher.state !== "idle";
  const open = payout.status === "draft" || payout.status === "sent";
  const title = `Payout ${payoutReference(payout.number)}`;
  const amount = formatMoney(payout.amount, payout.currency);

  const submit = (intent: string, fields: Record<string, string> = {}) => {
    fetcher.submit({ intent, ...fields }, { method: "post" });
    setConfirm(null);
  };

  return (
    <Page>
      <TitleBar title={title}>
        <TitleBarButton variant="breadcrumb" onClick={() => navigate("/app/payouts/history")}>
          Payout history
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {fetcher.data && <PayoutProblems problems={fetcher.data.problems} />}
            {payout.failureReason && (
              <Banner tone={payout.status === "failed" ? "critical" : "warning"}>
                {payout.failureReason}
              </Banner>
            )}
            <Card>
              <BlockStack gap="300">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingLg">
                    {amount} to {payout.affiliate.name}
                  </Text>
                  <PayoutStatusBadge status={payout.status} />
                </InlineStack>
                <Text as="p">
                  {methodWords(payout.method)}
                  <PayoutRecipient recipient={payout.recipient} />
                  {payout.reference ? ` · reference ${referenceWords(payout.reference)}` : ""}
                </Text>
                <Text as="p" tone="subdued">
                  Created {formatDateTime(payout.createdAt, { timeZone })} by {payout.createdBy}
                  {payout.batch && (
                    <>
                      {" in batch "}
                      <Link url={`/app/payouts/batches/${payout.batch.id}`}>
                        {batchReference(payout.batch.number)}
                      </Link>
                    </>
                  )}
                  {payout.paidAt ? ` · paid ${formatDate(payout.paidAt, { timeZone })}` : ""}
                  {payout.closedAt ? ` · ${payout.status} ${formatDate(payout.closedAt, { timeZone })}` : ""}
                </Text>
                {open && (
                  <InlineStack gap="200">
                    {payout.method === "store_credit" || payout.method === "gift_card" ? (
                      <Button variant="primary" loading={busy} onClick={() => setConfirm("pay")}>
                        {payout.status === "sent"
                          ? "Try again (checks Shopify first)"
                          : payout.method === "gift_card"
                            ? "Pay with a gift card"
                            : "Pay in store credit"}
                      </Button>
                    ) : (
                      <Button variant="primary" onClick={() => setConfirm("paid")}>
                        Mark paid
                      </Button>
                    )}
                    <Button tone="critical" onClick={() => setConfirm("fail")}>
                      Mark failed
                    </Button>
                    <Button onClick={() => setConfirm("cancel")}>Cancel payout</Button>
                  </InlineStack>
                )}
                {confirm === "paid" && (
                  <Card background="bg-surface-secondary">
                    <FormLayout>
                      <TextField
                        label="Reference"
                        helpText="PayPal's transaction id, or the bank transfer's reference"
                        value={reference}
                        onChange={setReference}
                        autoComplete="off"
                      />
                      <TextField
                        label="Paid on"
                        type="date"
                        value={paidAt}
                        onChange={setPaidAt}
                        autoComplete="off"
                      />
                      <InlineStack gap="200">
                        <Button
                          variant="primary"
                          loading={busy}
                          disabled={reference.trim() === ""}
                          onClick={() => submit("mark-paid", { reference, paidAt })}
                        >
                          {`Record ${amount} paid`}
                        </Button>
                        <Button onClick={() => setConfirm(null)}>Cancel</Button>
                      </InlineStack>
                    </FormLayout>
                  </Card>
                )}
                {(confirm === "fail" || confirm === "cancel") && (
                  <Card background="bg-surface-secondary">
                    <FormLayout>
                      <TextField
                        label={confirm === "fail" ? "What went wrong" : "Why (optional)"}
                        value={reason}
                        onChange={setReason}
                        autoComplete="off"
                      />
                      <Text as="p" tone="subdued">
                        Its commissions become payable again, in a new payout.
                      </Text>
                      <InlineStack gap="200">
                        <Button
                          variant="primary"
                          tone="critical"
                          loading={busy}
                          onClick={() => submit(confirm, { reason })}
                        >
                          {confirm === "fail" ? "Mark failed" : "Cancel payout"}
                        </Button>
                        <Button onClick={() => setConfirm(null)}>Back</Button>
                      </InlineStack>
                    </FormLayout>
                  </Card>
                )}
              </BlockStack>
            </Card>
            <Card padding="0">
              <BlockStack>
                <div style={{ padding: "16px" }}>
                  <Text as="h2" variant="headingMd">
                    {released ? "Commissions it held (released)" : "Commissions it settles"}
                  </Text>
                </div>
                <IndexTable
                  resourceName={{ singular: "ledger line", plural: "ledger lines" }}
                  itemCount={lines.length}
                  selectable={false}
                  headings={[
                    { title: "Order" },
                    { title: "Ordered" },
                    { title: "Kind" },
                    { title: "Amount", alignment: "end" },
                    { title: "Status" },
                  ]}
                >
                  {lines.map((line, index) => (
                    <IndexTable.Row id={line.id} key={line.id} position={index}>
                      <IndexTable.Cell>
                        <Link url={`/app/commissions/${line.id}`} removeUnderline>
                          {line.attributedOrder.orderName ?? `#${line.orderId}`}
                        </Link>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{formatDate(line.orderCreatedAt, { timeZone })}</IndexTable.Cell>
                      <IndexTable.Cell>{describeType(line.type)}</IndexTable.Cell>
                      <MoneyCell amount={line.amount} currency={line.currency} />
                      <IndexTable.Cell>
                        <LedgerStatusBadge status={line.status} />
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <ConfirmActionModal
        id="pay-payout-store-credit"
        open={confirm === "pay"}
        title={payout.method === "gift_card" ? "Pay with a gift card" : "Pay in store credit"}
        message={
          payout.method === "gift_card"
            ? `Issue a Shopify gift card of ${amount} to ${payout.affiliate.name}? Shopify sends it to them.`
            : `Credit ${amount} to ${payout.affiliate.name}'s store credit account in Shopify?`
        }
        confirmLabel="Pay now"
        busy={busy}
        onConfirm={() => submit(payout.method === "gift_card" ? "pay-gift-card" : "pay-store-credit")}
        onClose={() => setConfirm(null)}
      />
    </Page>
  );
}

/** Who a payout went to: a Shopify customer as a link to their admin page, a PayPal email as it is. */
function PayoutRecipient({ recipient }: { recipient: string | null }) {
  if (!recipient) return null;
  const customer = shopifyGidParts(recipient);
  if (customer?.type !== "Customer") return <>{` · ${recipient}`}</>;
  return (
    <>
      {" · "}
      <Link url={adminUrl("customers", customer.id)}>their customer account in Shopify</Link>
    </>
  );
}
