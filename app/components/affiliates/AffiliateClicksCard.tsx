import { BlockStack, Card, InlineGrid, InlineStack, Select, Text } from "@shopify/polaris";
import { formatDate } from "~/format/dates";
import { CLICK_RANGE_DAYS, type ClickSummary } from "~/models/clicks/views";

const RANGE_OPTIONS = CLICK_RANGE_DAYS.map((days) => ({ label: `Last ${days} days`, value: String(days) }));

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {value}
      </Text>
    </BlockStack>
  );
}

/** Clicks on the affiliate's links, the orders they referred and the conversion between, for a range. */
export function AffiliateClicksCard({
  summary,
  days,
  onDaysChange,
}: {
  summary: ClickSummary;
  days: number;
  onDaysChange: (days: number) => void;
}) {
  const { range } = summary;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Clicks and conversion
          </Text>
          <Select
            label="Range"
            labelInline
            options={RANGE_OPTIONS}
            value={String(days)}
            onChange={(value) => onDaysChange(Number(value))}
          />
        </InlineStack>
        <InlineGrid columns={3} gap="400">
          <Figure label="Clicks" value={summary.clicks.toLocaleString("en-US")} />
          <Figure label="Referred orders" value={summary.referredOrders.toLocaleString("en-US")} />
          <Figure
            label="Conversion"
            value={summary.conversionPercent === null ? "—" : `${summary.conversionPercent}%`}
          />
        </InlineGrid>
        <Text as="p" tone="subdued">
          {formatDate(`${range.from}T00:00:00Z`, { timeZone: "UTC" })} to{" "}
          {formatDate(`${range.to}T00:00:00Z`, { timeZone: "UTC" })}. Clicks are visits through the
          affiliate&apos;s link reported by the storefront embed, once per visitor and link, bots left out.
          Conversion is referred orders ÷ clicks.
        </Text>
      </BlockStack>
    </Card>
  );
}
