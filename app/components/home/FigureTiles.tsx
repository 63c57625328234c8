import { BlockStack, InlineGrid, Text } from "@shopify/polaris";
import { formatMoney } from "~/format/money";
import { Figure } from "~/components/ui/Figure";
import { countOf } from "~/format/counts";
import type { RangeFigures } from "~/models/home/views";

/** The longest figure (in characters) four tiles in a row show at the heading's size on a laptop. */
const LONG_FIGURE = 14;

function Tile({ label, value, help }: { label: string; value: string; help?: string }) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <Figure value={value} />
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
  const tiles = [
    { label: "Referred sales", value: formatMoney(main.referredSales, currency) },
    { label: "Commissions", value: formatMoney(main.commissions, currency) },
    { label: "Referred orders", value: main.referredOrders.toLocaleString("en-US") },
    {
      label: "Average order value",
      value: main.averageOrderValue === null ? "—" : formatMoney(main.averageOrderValue, currency),
    },
  ];
  // Four in a row on a wide screen while the figures are short; longer ones ("CA$20,944,797.86") take two
  // rows of two, whole, rather than shrinking to a quarter of the card.
  const longest = Math.max(...tiles.map((tile) => tile.value.length));
  return (
    <BlockStack gap="200">
      <InlineGrid columns={{ xs: 1, sm: 2, lg: longest > LONG_FIGURE ? 2 : 4 }} gap="400">
        {tiles.map((tile) => (
          <Tile key={tile.label} label={tile.label} value={tile.value} />
        ))}
      </InlineGrid>
      {others.map((figure) => (
        <Text key={figure.currency} as="p" variant="bodySm" tone="subdued">
          Also in {figure.currency}: {formatMoney(figure.referredSales, figure.currency)} of referred sales,{" "}
          {formatMoney(figure.commissions, figure.currency)} of commissions,{" "}
          {countOf(figure.referredOrders, "order")}.
        </Text>
      ))}
    </BlockStack>
  );
}
