import { InlineStack, Text } from "@shopify/polaris";

/** One "label … value" line of a details card. */
export function DetailLine({ label, value }: { label: string; value: string }) {
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
