import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  BlockStack,
  Card,
  EmptyState,
  IndexTable,
  Layout,
  Link,
  Page,
  Tabs,
  Text,
  useIndexResourceState,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import prisma from "~/db.server";
import { listAffiliates, setAffiliatesActive } from "~/models/affiliates/affiliates.server";
import { countOf } from "~/format/counts";
import { describeRate } from "~/format/rates";
import { knownShopCurrency } from "~/models/shop/currency.server";
import { authenticate } from "~/shopify.server";
import { bulkSelection } from "~/lib/forms";
import { formatDate } from "~/format/dates";
import { parsePage } from "~/lib/pagination";
import { parseSearchTerm } from "~/lib/search";
import { ListSearch } from "~/components/ui/ListSearch";
import { useListPagination } from "~/components/ui/useListPagination";
import { useAnswerToast, type ToastMessage } from "~/components/ui/toast";
import { EMPTY_STATE_IMAGE } from "~/components/ui/empty-state-image";
import { TitleBarButton } from "~/components/ui/TitleBarButton";
import { ConfirmActionModal } from "~/components/ui/ConfirmActionModal";
import { ApplicationStatusBadge } from "~/components/affiliates/ApplicationStatusBadge";
import { isApplicationStatus } from "~/models/affiliates/application";
import { DeclineReasonField } from "~/components/affiliates/DeclineReasonField";
import { countApplications } from "~/models/affiliates/affiliates.server";
import { AFFILIATE_SORTS, type AffiliateSort } from "~/models/affiliates/views";
import { parseSort } from "~/lib/sorting";
import { useListSort } from "~/components/ui/useListSort";
import { formatMinor } from "~/format/money";
import { decideApplications } from "~/models/portal/decisions.server";
import { NumericCell } from "~/components/ui/NumericCell";

/** The list's tabs: every affiliate, or the applications in one status. */
const TABS = [
  { id: "all", label: "All" },
  { id: "pending", label: "Pending applications" },
  { id: "declined", label: "Declined" },
] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const query = parseSearchTerm(url.searchParams.get("q"));
  const requested = url.searchParams.get("status");
  const status = requested === "pending" || requested === "declined" ? requested : undefined;
  const sort = parseSort(url.searchParams, AFFILIATE_SORTS, { key: "createdAt", direction: "desc" });
  const currency = await knownShopCurrency(prisma, session.shop);
  const [affiliates, pendingCount] = await Promise.all([
    listAffiliates(prisma, session.shop, {
      query,
      status,
      sort,
      currency,
      page: parsePage(url.searchParams.get("page")),
    }),
    countApplications(prisma, session.shop, "pending"),
  ]);
  return { affiliates, query, currency, sort, status: status ?? "all", pendingCount };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent !== "activate" && intent !== "deactivate" && intent !== "approve" && intent !== "decline") {
    return json({ toast: { message: "Unknown action", isError: true } as ToastMessage }, { status: 400 });
  }
  const selection = bulkSelection(form);
  if (!selection) {
    return json(
      { toast: { message: "Select at least one affiliate", isError: true } as ToastMessage },
      { status: 400 },
    );
  }
  if (intent === "approve" || intent === "decline") {
    const status = String(form.get("status") ?? "");
    const scoped =
      "allMatching" in selection && isApplicationStatus(status) ? { ...selection, status } : selection;
    const result = await decideApplications(
      prisma,
      session.shop,
      scoped,
      intent === "approve"
        ? { kind: "approve" }
        : { kind: "decline", reason: String(form.get("reason") ?? "") },
    );
    if (!result.ok) {
      return json(
        { toast: { message: `Reason: ${result.message}`, isError: true } as ToastMessage },
        { status: 400 },
      );
    }
    return json({
      toast: {
        message: `${countOf(result.count, "application")} ${intent === "approve" ? "approved" : "declined"}`,
      } as ToastMessage,
    });
  }
  const active = intent === "activate";
  const count = await setAffiliatesActive(prisma, session.shop, selection, active);
  return json({
    toast: {
      message: `${countOf(count, "affiliate")} ${active ? "activated" : "deactivated"}`,
    } as ToastMessage,
  });
};

export default function AffiliatesIndex() {
  const { affiliates, query, currency, sort, status, pendingCount } = useLoaderData<typeof loader>();
  const [declineReason, setDeclineReason] = useState("");
  const [confirmingDecline, setConfirmingDecline] = useState(false);
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const pagination = useListPagination(affiliates.pageInfo);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(affiliates.items);
  useAnswerToast(fetcher.data);

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && !fetcher.data.toast?.isError) {
      clearSelection();
      setDeclineReason("");
    }
  }, [fetcher.state, fetcher.data, clearSelection]);

  const submitBulk = (intent: "activate" | "deactivate" | "approve" | "decline") => {
    const form = new FormData();
    form.set("intent", intent);
    if (intent === "decline") form.set("reason", declineReason);
    if (allResourcesSelected && affiliates.pageInfo.total > affiliates.items.length) {
      form.set("all", "true");
      form.set("q", query);
      form.set("status", status);
    } else {
      for (const id of selectedResources) form.append("ids", id);
    }
    fetcher.submit(form, { method: "post" });
  };

  const selectedCount = allResourcesSelected ? affiliates.pageInfo.total : selectedResources.length;
  const isEmptyProgram = affiliates.pageInfo.total === 0 && !query && status === "all";
  const applications = status !== "all";
  const sorting = useListSort<AffiliateSort>(
    applications
      ? ["name", "refCode", null, null, null, null]
      : ["name", "refCode", null, "sales", "orders", "owed", "paid", null, null, "createdAt"],
    sort,
  );
  const money = (minor: number) => (currency ? formatMinor(minor, currency) : "—");
  const selectTab = (index: number) => {
    const next = TABS[index].id;
    const params = new URLSearchParams();
    if (next !== "all") params.set("status", next);
    if (query) params.set("q", query);
    clearSelection();
    navigate(`/app/affiliates${params.size ? `?${params}` : ""}`);
  };
  const bulkActions =
    status === "pending"
      ? [
          { content: "Approve", onAction: () => submitBulk("approve") },
          // Declining is destructive and emails the applicants: confirmed in a modal that asks for the reason.
          { content: "Decline", destructive: true, onAction: () => setConfirmingDecline(true) },
        ]
      : status === "declined"
        ? [{ content: "Approve", onAction: () => submitBulk("approve") }]
        : [
            { content: "Activate", onAction: () => submitBulk("activate") },
            { content: "Deactivate", onAction: () => submitBulk("deactivate") },
          ];

  return (
    <Page>
      <TitleBar title="Affiliates">
        <TitleBarButton variant="primary" onClick={() => navigate("/app/affiliates/new")}>
          Add affiliate
        </TitleBarButton>
      </TitleBar>
      <Layout>
        <Layout.Section>
          {isEmptyProgram ? (
            <Card>
              <EmptyState
                heading="Add your first affiliate"
                action={{ content: "Add affiliate", url: "/app/affiliates/new" }}
                image={EMPTY_STATE_IMAGE}
              >
                <p>
                  Affiliates share their link or coupon; the orders they bring are credited to them. Give each
                  one a name and a ref code to get its link, or open sign-up in Settings and let them apply.
                </p>
              </EmptyState>
            </Card>
          ) : (
            <BlockStack gap="400">
              <Card padding="0">
                <Tabs
                  tabs={TABS.map((tab) => ({
                    id: tab.id,
                    content:
                      tab.id === "pending" && pendingCount > 0 ? `${tab.label} (${pendingCount})` : tab.label,
                    panelID: `${tab.id}-panel`,
                  }))}
                  selected={TABS.findIndex((tab) => tab.id === status)}
                  onSelect={selectTab}
                />
                <ListSearch placeholder="Search by name, email or ref code" />
                <IndexTable
                  resourceName={
                    applications
                      ? { singular: "application", plural: "applications" }
                      : { singular: "affiliate", plural: "affiliates" }
                  }
                  itemCount={affiliates.items.length}
                  hasMoreItems={affiliates.pageInfo.total > affiliates.items.length}
                  selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                  onSelectionChange={handleSelectionChange}
                  promotedBulkActions={bulkActions}
                  loading={fetcher.state !== "idle"}
                  {...sorting}
                  headings={
                    applications
                      ? [
                          { title: "Name" },
                          { title: "Ref code" },
                          { title: "Email" },
                          { title: "Where they promote" },
                          { title: "Status" },
                          { title: "Applied" },
                        ]
                      : [
                          { title: "Name" },
                          { title: "Ref code" },
                          { title: "Email" },
                          { title: "Sales", alignment: "end" },
                          { title: "Orders", alignment: "end" },
                          {
                            title: "Owed",
                            alignment: "end",
                            tooltipContent: "Pending and approved commission",
                          },
                          { title: "Paid", alignment: "end" },
                          { title: "Rate" },
                          { title: "Status" },
                          { title: "Added" },
                        ]
                  }
                  pagination={pagination}
                  emptyState={
                    applications && !query ? (
                      <EmptyState
                        heading={
                          status === "pending" ? "No applications to review" : "No declined applications"
                        }
                        image={EMPTY_STATE_IMAGE}
                      >
                        <p>Applications sent through the sign-up form on your shop appear here.</p>
                      </EmptyState>
                    ) : (
                      <EmptyState heading="No affiliates match this search" image={EMPTY_STATE_IMAGE}>
                        <p>Try another name, email or ref code.</p>
                      </EmptyState>
                    )
                  }
                >
                  {affiliates.items.map((affiliate, index) => (
                    <IndexTable.Row
                      id={affiliate.id}
                      key={affiliate.id}
                      position={index}
                      selected={selectedResources.includes(affiliate.id)}
                    >
                      <IndexTable.Cell>
                        <Link
                          url={`/app/affiliates/${affiliate.id}`}
                          dataPrimaryLink
                          monochrome
                          removeUnderline
                        >
                          <Text as="span" fontWeight="semibold">
                            {affiliate.name}
                          </Text>
                        </Link>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{affiliate.refCode}</IndexTable.Cell>
                      <IndexTable.Cell>{affiliate.email ?? "—"}</IndexTable.Cell>
                      {applications ? (
                        <>
                          <IndexTable.Cell>
                            <div style={{ maxWidth: 320, whiteSpace: "normal" }}>
                              <Text as="span" truncate>
                                {affiliate.promotion ?? "—"}
                              </Text>
                            </div>
                          </IndexTable.Cell>
                          <IndexTable.Cell>
                            <ApplicationStatusBadge
                              status={affiliate.applicationStatus}
                              active={affiliate.active}
                            />
                          </IndexTable.Cell>
                          <IndexTable.Cell>
                            {affiliate.appliedAt ? formatDate(affiliate.appliedAt) : "—"}
                          </IndexTable.Cell>
                        </>
                      ) : (
                        <>
                          <NumericCell>{money(affiliate.performance.salesMinor)}</NumericCell>
                          <NumericCell>{affiliate.performance.orders}</NumericCell>
                          <NumericCell>{money(affiliate.performance.owedMinor)}</NumericCell>
                          <NumericCell>{money(affiliate.performance.paidMinor)}</NumericCell>
                          <IndexTable.Cell>
                            {describeRate(affiliate.rateKind, affiliate.rateValue, { currency })}
                          </IndexTable.Cell>
                          <IndexTable.Cell>
                            <ApplicationStatusBadge
                              status={affiliate.applicationStatus}
                              active={affiliate.active}
                            />
                          </IndexTable.Cell>
                          <IndexTable.Cell>{formatDate(affiliate.createdAt)}</IndexTable.Cell>
                        </>
                      )}
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              </Card>
            </BlockStack>
          )}
        </Layout.Section>
        {!isEmptyProgram && (
          <Layout.Section>
            <BlockStack>
              <Text as="p" tone="subdued">
                {status === "pending"
                  ? "Select applications to approve or decline them together; each applicant is emailed the decision. Open one to read the whole application."
                  : "Select affiliates to activate or deactivate them together. Open one to see its link, customers and commissions."}
              </Text>
            </BlockStack>
          </Layout.Section>
        )}
      </Layout>
      <ConfirmActionModal
        id="affiliates-confirm-decline"
        open={confirmingDecline}
        title={`Decline ${countOf(selectedCount, "application")}`}
        message="Each applicant is emailed the decision, with your reason if you give one."
        confirmLabel="Decline"
        destructive
        busy={fetcher.state !== "idle"}
        onConfirm={() => {
          submitBulk("decline");
          setConfirmingDecline(false);
        }}
        onClose={() => setConfirmingDecline(false)}
      >
        <DeclineReasonField value={declineReason} onChange={setDeclineReason} />
      </ConfirmActionModal>
    </Page>
  );
}
