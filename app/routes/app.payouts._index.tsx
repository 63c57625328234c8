import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { Modal, TitleBar } from "@shopify/app-bridge-react";
import { useState } from "react";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import { formatMinor } from "~/format/money";
import { countOf } from "~/format/counts";
import { parsePage } from "~/lib/pagination";
import { balancesPage } from "~/models/payouts/views.server";
import { createPayoutBatch, PayoutError } from "~/models/payouts/payouts.server";
import { getShopProfile } from "~/models/shop/profile.server";
import { describeBalanceMethod } from "~/models/payouts/balance-methods";
import { PAYOUT_METHOD_WORDS, isPayoutMethod, type PayoutMethod } from "~/models/payouts/codes";
import { staffName } from "~/models/payouts/staff.server";
import { useListPagination } from "~/components/ui/useListPagination";
import { useAnswerToast } from "~/components/ui/toast";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { EMPTY_STATE_IMAGE } from "~/components/ui/empty-state-image";
import type { SkippedRow, ToastMessage } from "~/lib/answers";
import { NumericCell } from "~/components/ui/NumericCell";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const method = params.get("method");
  const all = params.get("show") === "all";
  const { currency: shopCurrency } = await getShopProfile(prisma, session.shop);
  const data = await balancesPage(prisma, session.shop, shopCurrency, {
    method: isPayoutMethod(method) ? method : null,
    payableOnly: !all,
    page: parsePage(params.get("page")),
  });
  return {
    ...data,
    filters: { method: isPayoutMethod(method) ? method : null, all },
  };
};

type Answer = { ok: boolean; toast: ToastMessage; skipped?: SkippedRow[] };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const method = form.get("method");
  if (!isPayoutMethod(method)) {
    return json<Answer>(
      { ok: false, toast: { message: "Choose how to pay", isError: true } },
      { status: 400 },
    );
  }
  const balances = form
    .getAll("balance")
    .map(String)
    .slice(0, 5_000)
    .map((key) => {
      const [affiliateId, currency] = key.split(":");
      return { affiliateId: affiliateId ?? "", currency: currency ?? "" };
    })
    .filter((b) => b.affiliateId && /^[A-Z]{3}$/.test(b.currency));
  if (balances.length === 0) {
    return json<Answer>(
      { ok: false, toast: { message: "Select the balances to pay", isError: true } },
      { status: 400 },
    );
  }
  try {
    const outcome = await createPayoutBatch(prisma, session.shop, {
      balances,
      method,
      createdBy: staffName(session),
      shopCurrency: (await getShopProfile(prisma, session.shop)).currency,
    });
    if (!outcome.batchId) {
      return json<Answer>(
        { ok: false, skipped: outcome.skipped, toast: { message: "No payout was created", isError: true } },
        { status: 409 },
      );
    }
    const skipped = outcome.skipped.length > 0 ? `&skipped=${outcome.skipped.length}` : "";
    return redirect(`/app/payouts/batches/${outcome.batchId}?created=1${skipped}`);
  } catch (error) {
    if (error instanceof PayoutError) {
      return json<Answer>({ ok: false, toast: { message: error.message, isError: true } }, { status: 409 });
    }
    throw error;
  }
};

const keyOf = (row: { affiliateId: string; currency: string }) => `${row.affiliateId}:${row.currency}`;

export default function PayoutsPage() {
  const { balances, payableTotals, settings, filters, shopCurrency } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [, setSearchParams] = useSearchParams();
  const fetcher = useFetcher<typeof action>();
  useAnswerToast(fetcher.data);
  const pagination = useListPagination(balances.pageInfo);
  const { mode, setMode } = useSetIndexFiltersMode();
  const [selected, setSelected] = useState<string[]>([]);
  const [method, setMethod] = useState<PayoutMethod>(filters.method ?? settings.methods[0] ?? "manual");
  const [confirming, setConfirming] = useState(false);

  const rows = balances.items.map((row) => ({ ...row, id: keyOf(row) }));
  const selectedRows = rows.filter((row) => selected.includes(row.id));
  const selectedTotals = new Map<string, number>();
  for (const row of selectedRows) {
    selectedTotals.set(row.currency, (selectedTotals.get(row.currency) ?? 0) + row.payableMinor);
  }
  const selectedSummary = [...selectedTotals]
    .map(([currency, minor]) => formatMinor(minor, currency))
    .join(" + ");

  const setFilter = (key: string, value: string | null) =>
    setSearchParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      next.delete("page");
      return next;
    });

  const createBatch = () => {
    const form = new FormData();
    form.set("method", method);
    for (const id of selected) form.append("balance", id);
    fetcher.submit(form, { method: "post" });
    setConfirming(false);
  };

  const holding =
    settings.holdingDays === 0
      ? "Approved commissions are payable at once."
      : `Approved commissions are payable ${countOf(settings.holdingDays, "day")} after their ${settings.holdingFrom === "order" ? "order" : "approval"}.`;

  return (
    <Page fullWidth>
      <TitleBar title="Payouts">
        <TitleBarButton onClick={() => navigate("/app/payouts/history")}>Payout history</TitleBarButton>
        <TitleBarButton onClick={() => navigate("/app/payouts/settings")}>Payout settings</TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Owed now
                </Text>
                <InlineStack gap="600">
                  {payableTotals.length === 0 ? (
                    <Text as="p" tone="subdued">
                      Nothing is payable yet.
                    </Text>
                  ) : (
                    payableTotals.map((total) => (
                      <BlockStack key={total.currency} gap="100">
                        <Text as="p" variant="headingLg" numeric>
                          {formatMinor(total.amountMinor, total.currency)}
                        </Text>
                        <Text as="p" tone="subdued">
                          {countOf(total.count, "affiliate")} in {total.currency}
                        </Text>
                      </BlockStack>
                    ))
                  )}
                </InlineStack>
                <Text as="p" tone="subdued">
                  {holding} A reversal of a paid commission is taken off the next payout.
                </Text>
              </BlockStack>
            </Card>
            {fetcher.data &&
              "skipped" in fetcher.data &&
              fetcher.data.skipped &&
              fetcher.data.skipped.length > 0 && (
                <Banner tone="warning" title="Not paid">
                  <ul>
                    {fetcher.data.skipped.map((row) => (
                      <li key={row.id}>
                        {row.label}: {row.reason}
                      </li>
                    ))}
                  </ul>
                </Banner>
              )}
            <Card padding="0">
              <IndexFilters
                tabs={[
                  {
                    id: "payable",
                    content: "At or above the minimum",
                    onAction: () => setFilter("show", null),
                  },
                  { id: "all", content: "All balances", onAction: () => setFilter("show", "all") },
                ]}
                selected={filters.all ? 1 : 0}
                onSelect={() => undefined}
                queryValue=""
                hideQueryField
                onQueryChange={() => undefined}
                onQueryClear={() => undefined}
                mode={mode}
                setMode={setMode}
                filters={[
                  {
                    key: "method",
                    label: "Can be paid by",
                    filter: (
                      <ChoiceList
                        title="Can be paid by"
                        titleHidden
                        choices={settings.methods.map((m) => ({ label: PAYOUT_METHOD_WORDS[m], value: m }))}
                        selected={filters.method ? [filters.method] : []}
                        onChange={(value) => setFilter("method", value[0] ?? null)}
                      />
                    ),
                    shortcut: true,
                  },
                ]}
                appliedFilters={
                  filters.method
                    ? [
                        {
                          key: "method",
                          label: `Can be paid by ${PAYOUT_METHOD_WORDS[filters.method]}`,
                          onRemove: () => setFilter("method", null),
                        },
                      ]
                    : []
                }
                onClearAll={() => setFilter("method", null)}
              />
              {rows.length === 0 ? (
                <EmptyState heading="No balances to pay" image={EMPTY_STATE_IMAGE}>
                  <p>
                    Affiliates appear here once their approved commissions are past the holding period and
                    reach the minimum payout.
                  </p>
                </EmptyState>
              ) : (
                <IndexTable
                  resourceName={{ singular: "balance", plural: "balances" }}
                  itemCount={rows.length}
                  selectedItemsCount={selected.length}
                  onSelectionChange={(selectionType, toggle, id) => {
                    if (selectionType === "page" || selectionType === "all")
                      setSelected(toggle ? rows.filter((r) => r.payable).map((r) => r.id) : []);
                    else if (typeof id === "string")
                      setSelected((prev) => (toggle ? [...prev, id] : prev.filter((x) => x !== id)));
                  }}
                  promotedBulkActions={[
                    { content: "Create payout batch", onAction: () => setConfirming(true) },
                  ]}
                  headings={[
                    { title: "Affiliate" },
                    { title: "Payable now", alignment: "end" },
                    { title: "Lines", alignment: "end" },
                    { title: "Still held", alignment: "end" },
                    { title: "Minimum", alignment: "end" },
                    { title: "Can be paid by" },
                  ]}
                  pagination={pagination}
                >
                  {rows.map((row, index) => (
                    <IndexTable.Row
                      id={row.id}
                      key={row.id}
                      position={index}
                      selected={selected.includes(row.id)}
                      disabled={!row.payable}
                    >
                      <IndexTable.Cell>
                        <BlockStack gap="050">
                          <Text as="span" fontWeight="semibold">
                            {row.affiliateName}
                          </Text>
                          {row.affiliateEmail && (
                            <Text as="span" tone="subdued">
                              {row.affiliateEmail}
                            </Text>
                          )}
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text
                          as="span"
                          alignment="end"
                          numeric
                          tone={row.payableMinor < 0 ? "critical" : undefined}
                        >
                          {formatMinor(row.payableMinor, row.currency)}
                        </Text>
                      </IndexTable.Cell>
                      <NumericCell>{row.payableLines}</NumericCell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric tone="subdued">
                          {formatMinor(row.heldMinor, row.currency)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric tone="subdued">
                          {formatMinor(row.minimumMinor, row.currency)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        {row.methods.length > 0
                          ? row.methods
                              .map((m) => describeBalanceMethod(m, row.currency, shopCurrency))
                              .join(", ")
                          : "No method yet"}
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <Modal id="create-payout-batch" open={confirming} onHide={() => setConfirming(false)}>
        <BlockStack gap="300">
          <div style={{ padding: "16px" }}>
            <BlockStack gap="300">
              <Text as="p">
                Create a batch of {countOf(selectedRows.length, "payout")} for {selectedSummary || "nothing"}?
                Their commissions are set aside for these payouts; nothing is paid until you pay the batch.
              </Text>
              <Select
                label="Pay by"
                options={settings.methods.map((m) => ({ label: PAYOUT_METHOD_WORDS[m], value: m }))}
                value={method}
                onChange={(value) => setMethod(value as PayoutMethod)}
              />
            </BlockStack>
          </div>
        </BlockStack>
        <TitleBar title="Create payout batch">
          <TitleBarButton
            variant="primary"
            disabled={fetcher.state !== "idle" || undefined}
            onClick={createBatch}
          >
            Create batch
          </TitleBarButton>
          <TitleBarButton onClick={() => setConfirming(false)}>Cancel</TitleBarButton>
        </TitleBar>
      </Modal>
    </Page>
  );
}
