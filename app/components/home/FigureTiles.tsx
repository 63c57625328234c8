import { BlockStack, InlineGrid, Text } from "@shopify/polaris";
import { formatMoney } from "~/format/money";
import type { RangeFigures } from "~/models/home/views";

function Tile({ label, value, help }: { label: string; value: string; help?: string }) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      {/* Eight-digit sums fit a quarter of the page at this size, and wrap rather than overlap. */}
      <Text as="p" variant="headingLg" numeric breakWord>
        {value}
      </Text>
      {help && (
        <Text as="p" variant="bodySm" tone="subdued">
          {help}
        </Text>
      )}
    </BlockStack>
  );
}

/**
 * The range's referred sales, commissions, referred orders and average order value, in the shop's
 * currency (and a line for each other currency the range has money in).
 */
export function FigureTiles({ figures, currency }: { figures: RangeFigures[]; currency: string }) {
  const main = figures.find((figure) => figure.currency === currency) ?? {
    currency,
    referredSales: "0",
    commissions: "0",
    referredOrders: 0,
    averageOrderValue: null,
  };
  const others = figures.filter((figure) => figure.currency !== currency);
  return (
    <BlockStack gap="200">
      <InlineGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="400">
        <Tile label="Referred sales" value={formatMoney(main.referredSales, currency)} />
        <Tile label="Commissions" value={formatMoney(main.commissions, currency)} />
        <Tile label="Referred orders" value={main.referredOrders.toLocaleString("en-US")} />
        <Tile
          label="Average order value"
          value={main.averageOrderValue === null ? "—" : formatMoney(main.averageOrderValue, currency)}
        />
      </InlineGrid>
      {others.map((figure) => (
        <Text key={figure.currency} as="p" variant="bodySm" tone="subdued">
          Also in {figure.currency}: {formatMoney(figure.referredSales, figure.currency)} of referred sales,{" "}
          {formatMoney(figure.commissions, figure.currency)} of commissions, {figure.referredOrders} orders.
        </Text>
      ))}
    </BlockStack>
  );
}
