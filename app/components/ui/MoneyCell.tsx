import { IndexTable, Text } from "@shopify/polaris";
import { formatMoney } from "~/format/money";

/** A table cell with an exact amount in its currency, right-aligned in figures that line up. */
export function MoneyCell({ amount, currency }: { amount: string; currency: string }) {
  return (
    <IndexTable.Cell>
      <Text as="span" alignment="end" numeric>
        {formatMoney(amount, currency)}
      </Text>
    </IndexTable.Cell>
  );
}
