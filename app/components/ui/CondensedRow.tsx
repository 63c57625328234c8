import type { ReactNode } from "react";
import { BlockStack, Box, InlineStack, type BlockStackProps, type InlineStackProps } from "@shopify/polaris";

/**
 * A list row's phone layout (IndexTable's `condensed` rows): one padded block, its lines stacked, so what
 * matters (an amount, a status, an action) stays in view instead of falling off a row of columns.
 */
export function CondensedRow({
  gap = "150",
  children,
}: {
  gap?: BlockStackProps["gap"];
  children: ReactNode;
}) {
  return (
    <Box paddingBlock="300" paddingInline="400" width="100%">
      <BlockStack gap={gap}>{children}</BlockStack>
    </Box>
  );
}

/** A line of a condensed row: what it is at the start, its figure, status or action at the end. */
export function CondensedLine({
  wrap = true,
  blockAlign = "center",
  children,
}: {
  /** False keeps both ends on one line (the start wraps inside its half instead). */
  wrap?: boolean;
  blockAlign?: InlineStackProps["blockAlign"];
  children: ReactNode;
}) {
  return (
    <InlineStack align="space-between" blockAlign={blockAlign} wrap={wrap} gap="200">
      {children}
    </InlineStack>
  );
}
