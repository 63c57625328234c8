import { BlockStack, Card, List, Text } from "@shopify/polaris";
import { Link as RemixLink } from "@remix-run/react";
import type { TraceEntry } from "~/attribution/types";
import type { OrderDetail } from "~/models/ledger/views";

/** Why an order earned what it did: its trace in the merchant's words, credited first. */
export function OrderTraceCard({ trace, affiliates }: Pick<OrderDetail, "trace" | "affiliates">) {
  const entry = (item: TraceEntry, index: number) => (
    <List.Item key={`${item.code}-${index}`}>
      {item.message}
      {item.affiliateId && affiliates[item.affiliateId] && (
        <>
          {" "}
          <RemixLink to={`/app/affiliates/${item.affiliateId}`}>
            ({affiliates[item.affiliateId].refCode})
          </RemixLink>
        </>
      )}
    </List.Item>
  );
  const section = (title: string, items: TraceEntry[], empty?: string) =>
    items.length > 0 || empty ? (
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {title}
        </Text>
        {items.length > 0 ? (
          <List type="bullet">{items.map(entry)}</List>
        ) : (
          <Text as="p" tone="subdued">
            {empty}
          </Text>
        )}
      </BlockStack>
    ) : null;

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Why this order earned what it did
        </Text>
        {section("Credited", trace.credited, "No affiliate was credited for this order.")}
        {section("Not credited", trace.notCredited)}
        {section("Commission base", trace.base)}
        {section("Other notes", trace.other)}
      </BlockStack>
    </Card>
  );
}
