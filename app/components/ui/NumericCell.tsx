import type { ReactNode } from "react";
import { IndexTable, Text } from "@shopify/polaris";

/** A table cell holding a figure (a count, an amount), right-aligned in digits that line up. */
export function NumericCell({ children }: { children: ReactNode }) {
  return (
    <IndexTable.Cell>
      <Text as="span" alignment="end" numeric>
        {children}
      </Text>
    </IndexTable.Cell>
  );
}
