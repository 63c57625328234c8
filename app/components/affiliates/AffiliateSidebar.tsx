import { BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { LedgerStatusBadge } from "~/components/ledger/LedgerStatusBadge";
import { DetailLine } from "~/components/ui/DetailLine";
import { formatDate } from "~/format/dates";
import { formatMinor } from "~/format/money";
import { describeRate } from "~/format/rates";
import type { AffiliateDetail } from "~/models/affiliates/views";

const EARNING_STATUSES = ["pending", "approved", "paid"] as const;

/**
 * The affiliate's earnings by status in each currency it earned in (the shop's when none yet): pending,
 * approved and paid always, denied only when there is some.
 */
function earnings(totals: AffiliateDetail["commissions"]["totals"], shopCurrency: string | null) {
  const currencies = [...new Set(totals.map((total) => total.currency))];
  if (currencies.length === 0 && shopCurrency) currencies.push(shopCurrency);
  return currencies.flatMap((currency) => {
    const sum = (status: string) =>
      totals
        .filter((total) => total.currency === currency && total.status === status)
        .reduce((amount, total) => amount + total.amountMinor, 0);
    const denied = sum("denied");
    return [...EARNING_STATUSES, ...(denied !== 0 ? (["denied"] as const) : [])].map((status) => ({
      status,
      currency,
      amountMinor: sum(status),
    }));
  });
}

/** The side of an affiliate's page: its details, earnings, coupons and connected products. */
export function AffiliateSidebar({ detail }: { detail: AffiliateDetail }) {
  const { affiliate, coupons, products, commissions, connectedCustomerCount, currency } = detail;
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Details
          </Text>
          <DetailLine label="Ref code" value={affiliate.refCode} />
          <DetailLine label="Email" value={affiliate.email ?? "—"} />
          <DetailLine
            label="Rate"
            value={describeRate(affiliate.rateKind, affiliate.rateValue, { currency })}
          />
          <DetailLine label="Connected customers" value={String(connectedCustomerCount)} />
          <DetailLine label="Added" value={formatDate(affiliate.createdAt)} />
          {connectedCustomerCount > 0 && (
            <Link url={`/app/connections?q=${encodeURIComponent(affiliate.refCode)}`}>View connections</Link>
          )}
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Earnings
          </Text>
          {earnings(commissions.totals, currency).map((total) => (
            <InlineStack key={`${total.status}-${total.currency}`} align="space-between">
              <LedgerStatusBadge status={total.status} />
              <Text as="span" numeric>
                {formatMinor(total.amountMinor, total.currency)}
              </Text>
            </InlineStack>
          ))}
        </BlockStack>
      </Card>
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
                  {product.rateKind && (
                    <Text as="span" tone="subdued">
                      {describeRate(product.rateKind, product.rateValue, { currency })}
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
  );
}
