import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import prisma from "~/db.server";
import { getAffiliate, getAffiliateDetail, setAffiliatesActive } from "~/models/affiliates/affiliates.server";
import { describeRate } from "~/models/affiliates/rates";
import {
  connectReferredCustomer,
  listReferredCustomers,
  type ReferredCustomer,
} from "~/models/connections/connections.server";
import { authenticate } from "~/shopify.server";
import { formFlag } from "~/lib/forms";
import { displayDate } from "~/lib/dates";
import { parsePage } from "~/lib/pagination";
import { CopyLinkField } from "~/components/ui/CopyLinkField";
import { LedgerStatusBadge } from "~/components/ui/LedgerStatusBadge";
import { useListPagination } from "~/components/ui/useListPagination";
import { useAnswerToast, useRedirectToast, type ToastMessage } from "~/components/ui/toast";
import { TitleBarButton } from "~/components/ui/TitleBarButton";

const notFound = () => new Response("Affiliate not found", { status: 404 });

const SAVED_MESSAGES: Record<string, string> = {
  created: "Affiliate created",
  updated: "Affiliate saved",
};

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const detail = await getAffiliateDetail(prisma, session.shop, params.id ?? "");
  if (!detail) throw notFound();
  const url = new URL(request.url);
  const customers = await listReferredCustomers(prisma, session.shop, detail.affiliate.id, {
    page: parsePage(url.searchParams.get("customersPage")),
  });
  const saved = SAVED_MESSAGES[url.searchParams.get("saved") ?? ""];
  return { ...detail, customers, savedToast: saved ? ({ message: saved } as ToastMessage) : null };
};

type ActionAnswer = { ok: boolean; customerId?: string; message?: string; toast: ToastMessage };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  const affiliateId = params.id ?? "";

  if (intent === "connect-customer") {
    const customerId = String(form.get("customerId") ?? "").trim();
    if (!/^[1-9]\d{0,19}$/.test(customerId)) {
      const message = "Choose a customer to connect";
      return json<ActionAnswer>({ ok: false, message, toast: { message, isError: true } }, { status: 400 });
    }
    const result = await connectReferredCustomer(prisma, session.shop, affiliateId, customerId);
    if (!result) throw notFound();
    if (!result.ok) {
      return json<ActionAnswer>(
        { ok: false, customerId, message: result.message, toast: { message: result.message, isError: true } },
        { status: 409 },
      );
    }
    const label = result.connection.customerEmail ?? `Customer ${customerId}`;
    return json<ActionAnswer>({ ok: true, customerId, toast: { message: `${label} connected` } });
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

  const message = "Unknown action";
  return json<ActionAnswer>({ ok: false, message, toast: { message, isError: true } }, { status: 400 });
};

export default function AffiliateDetailPage() {
  const data = useLoaderData<typeof loader>();
  const { affiliate, coupons, products, commissions, customers } = data;
  const navigate = useNavigate();
  const activeFetcher = useFetcher<typeof action>();
  useAnswerToast(activeFetcher.data);
  useRedirectToast(data.savedToast, SAVED_PARAMS);
  const customersPagination = useListPagination(customers.pageInfo, "customersPage");

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
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingLg">
                    {affiliate.name}
                  </Text>
                  {affiliate.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>}
                </InlineStack>
                <CopyLinkField
                  label="Affiliate link"
                  value={affiliate.link}
                  helpText="Orders from visitors who land on the store through this link are credited to this affiliate."
                />
              </BlockStack>
            </Card>

            <Card padding="0">
              <Box padding="400" paddingBlockEnd="200">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    Customers
                  </Text>
                  <Text as="p" tone="subdued">
                    Customers who ordered through {affiliate.name}. Connect one to credit all of their future
                    orders to {affiliate.name}.
                  </Text>
                </BlockStack>
              </Box>
              <IndexTable
                resourceName={{ singular: "customer", plural: "customers" }}
                itemCount={customers.items.length}
                selectable={false}
                headings={[
                  { title: "Customer" },
                  { title: "Orders", alignment: "end" },
                  { title: "Last order" },
                  { title: "Connection" },
                ]}
                pagination={customersPagination}
                emptyState={
                  <Box padding="400">
                    <Text as="p" tone="subdued">
                      No referred customers yet. Customers show here once they order through {affiliate.name}
                      &apos;s link or coupon.
                    </Text>
                  </Box>
                }
              >
                {customers.items.map((customer, index) => (
                  <ReferredCustomerRow
                    key={customer.customerId}
                    customer={customer}
                    index={index}
                    affiliateName={affiliate.name}
                  />
                ))}
              </IndexTable>
            </Card>

            <Card padding="0">
              <Box padding="400" paddingBlockEnd="200">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Commissions
                  </Text>
                  <Link url="/app/commissions">View all commissions</Link>
                </InlineStack>
              </Box>
              {commissions.items.length === 0 ? (
                <Box padding="400" paddingBlockStart="0">
                  <Text as="p" tone="subdued">
                    No commissions yet. They appear when an order credited to {affiliate.name} comes in.
                  </Text>
                </Box>
              ) : (
                <IndexTable
                  resourceName={{ singular: "commission", plural: "commissions" }}
                  itemCount={commissions.items.length}
                  selectable={false}
                  headings={[
                    { title: "Order" },
                    { title: "Type" },
                    { title: "Source" },
                    { title: "Amount", alignment: "end" },
                    { title: "Status" },
                    { title: "Date" },
                  ]}
                >
                  {commissions.items.map((line, index) => (
                    <IndexTable.Row id={line.id} key={line.id} position={index}>
                      <IndexTable.Cell>{line.orderName ?? `#${line.orderId}`}</IndexTable.Cell>
                      <IndexTable.Cell>
                        {line.type === "reversal" ? "Reversal" : "Commission"}
                      </IndexTable.Cell>
                      <IndexTable.Cell>{SOURCE_LABELS[line.source] ?? line.source}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {line.amount} {line.currency}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <LedgerStatusBadge status={line.status} />
                      </IndexTable.Cell>
                      <IndexTable.Cell>{displayDate(line.createdAt)}</IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
              {commissions.total > commissions.items.length && (
                <Box padding="400">
                  <Text as="p" tone="subdued">
                    Showing the latest {commissions.items.length} of {commissions.total} ledger lines.
                  </Text>
                </Box>
              )}
            </Card>
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Details
                </Text>
                <DetailLine label="Ref code" value={affiliate.refCode} />
                <DetailLine label="Email" value={affiliate.email ?? "—"} />
                <DetailLine label="Rate" value={describeRate(affiliate.rateKind, affiliate.rateValue)} />
                <DetailLine label="Connected customers" value={String(data.connectedCustomerCount)} />
                <DetailLine label="Added" value={displayDate(affiliate.createdAt)} />
                {data.connectedCustomerCount > 0 && (
                  <Link url={`/app/connections?q=${encodeURIComponent(affiliate.refCode)}`}>
                    View connections
                  </Link>
                )}
              </BlockStack>
            </Card>
            {commissions.totals.length > 0 && (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Earnings
                  </Text>
                  {commissions.totals.map((total) => (
                    <InlineStack key={`${total.status}-${total.currency}`} align="space-between">
                      <LedgerStatusBadge status={total.status} />
                      <Text as="span" numeric>
                        {formatMinor(total.amountMinor)} {total.currency}
                      </Text>
                    </InlineStack>
                  ))}
                </BlockStack>
              </Card>
            )}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Coupons
                </Text>
                {coupons.items.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No coupons. Assign a discount code on the <Link url="/app/coupons">Coupons</Link> page.
                  </Text>
                ) : (
                  <BlockStack gap="100">
                    {coupons.items.map((coupon) => (
                      <Text as="p" key={coupon.id} fontWeight="medium">
                        {coupon.code}
                      </Text>
                    ))}
                    {coupons.total > coupons.items.length && (
                      <Link url="/app/coupons">All {coupons.total} coupons</Link>
                    )}
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Connected products
                </Text>
                {products.items.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No products. Connect products on the <Link url="/app/products">Products</Link> page to pay{" "}
                    {affiliate.name} on every sale of them.
                  </Text>
                ) : (
                  <BlockStack gap="100">
                    {products.items.map((product) => (
                      <InlineStack key={product.id} align="space-between">
                        <Text as="span">{product.productTitle ?? `Product ${product.productId}`}</Text>
                        {product.rate && (
                          <Text as="span" tone="subdued">
                            {product.rate}
                          </Text>
                        )}
                      </InlineStack>
                    ))}
                    {products.total > products.items.length && (
                      <Link url="/app/products">All {products.total} products</Link>
                    )}
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

const SAVED_PARAMS = ["saved"];

const SOURCE_LABELS: Record<string, string> = {
  connection: "Connection",
  coupon: "Coupon",
  link: "Link",
  recurring: "Renewal",
  product: "Product",
};

function DetailLine({ label, value }: { label: string; value: string }) {
  return (
    <InlineStack align="space-between" gap="200" wrap={false}>
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" breakWord>
        {value}
      </Text>
    </InlineStack>
  );
}

/** Integer minor units (2 digits) as a decimal string, without floats: 1050 -> "10.50". */
function formatMinor(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const digits = String(Math.abs(minor)).padStart(3, "0");
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

function ReferredCustomerRow({
  customer,
  index,
  affiliateName,
}: {
  customer: ReferredCustomer;
  index: number;
  affiliateName: string;
}) {
  const fetcher = useFetcher<typeof action>();
  useAnswerToast(fetcher.data);
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data.message : undefined;
  const label = customer.customerEmail ?? customer.customerName ?? `Customer ${customer.customerId}`;
  const { connection } = customer;
  return (
    <IndexTable.Row id={customer.customerId} position={index}>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Text as="span" fontWeight="semibold">
            {label}
          </Text>
          {customer.customerName && customer.customerEmail && (
            <Text as="span" tone="subdued">
              {customer.customerName}
            </Text>
          )}
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {customer.orderCount}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {displayDate(customer.lastOrderAt)}
        {customer.lastOrderName ? ` (${customer.lastOrderName})` : ""}
      </IndexTable.Cell>
      <IndexTable.Cell>
        {connection.state === "this_affiliate" ? (
          <Badge tone="success">Connected</Badge>
        ) : (
          <BlockStack gap="100" inlineAlign="start">
            <fetcher.Form method="post">
              <input type="hidden" name="intent" value="connect-customer" />
              <input type="hidden" name="customerId" value={customer.customerId} />
              <Button
                submit
                size="slim"
                loading={fetcher.state !== "idle"}
                accessibilityLabel={`Connect ${label} to ${affiliateName}`}
              >
                Connect
              </Button>
            </fetcher.Form>
            {connection.state === "other_affiliate" && !failed && (
              <Text as="span" tone="subdued">
                Connected to {connection.affiliateName}
              </Text>
            )}
            {connection.state === "expired" && (
              <Text as="span" tone="subdued">
                Connection to {connection.affiliateName} expired
              </Text>
            )}
            {failed && (
              // Table cells do not wrap: let the message do.
              <div style={{ whiteSpace: "normal", maxWidth: "16rem" }}>
                <Text as="span" tone="critical">
                  {failed}
                </Text>
              </div>
            )}
          </BlockStack>
        )}
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}
