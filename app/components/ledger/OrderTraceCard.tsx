import { BlockStack, Card, Link, List, Text } from "@shopify/polaris";
import type { Sentence } from "~/format/trace-words";
import type { TraceInWords } from "~/models/orders/views";

/** One sentence of the trace: affiliates' names link to their pages. */
export function TraceSentence({ sentence }: { sentence: Sentence }) {
  return (
    <>
      {sentence.segments.map((segment, index) =>
        segment.affiliateId ? (
          <Link key={index} url={`/app/affiliates/${segment.affiliateId}`}>
            {segment.text}
          </Link>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}

/** Why an order earned what it did: its trace in the merchant's words, credited first. */
export function OrderTraceCard({ trace }: { trace: TraceInWords }) {
  const section = (title: string, items: Sentence[], empty?: string) =>
    items.length > 0 || empty ? (
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {title}
        </Text>
        {items.length > 0 ? (
          <List type="bullet">
            {items.map((sentence, index) => (
              <List.Item key={`${sentence.code}-${index}`}>
                <TraceSentence sentence={sentence} />
              </List.Item>
            ))}
          </List>
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
