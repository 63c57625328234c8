import { useState } from "react";
import { Banner, List } from "@shopify/polaris";

import type { SkippedRow } from "~/lib/answers";

export interface SkippedBannerProps {
  title: string;
  skipped: SkippedRow[];
  onDismiss?(): void;
}

/** Lists the rows an action left as they were, and why. Nothing when none was skipped. */
export function SkippedBanner({ title, skipped, onDismiss }: SkippedBannerProps) {
  if (skipped.length === 0) return null;
  const shown = skipped.slice(0, 20);
  return (
    <Banner tone="warning" title={title} onDismiss={onDismiss}>
      <List type="bullet">
        {shown.map((skip) => (
          <List.Item key={skip.id}>
            {skip.label}: {skip.reason}
          </List.Item>
        ))}
        {skipped.length > shown.length && <List.Item>and {skipped.length - shown.length} more</List.Item>}
      </List>
    </Banner>
  );
}

export interface BulkAnswerBannersProps {
  /** A bulk action's answer (a fetcher's data): the rows it skipped, or why it did nothing. */
  answer: { skipped: SkippedRow[] } | { error: string } | null | undefined;
  /** The skipped banner's title, or how to word it for the number of rows skipped. */
  skippedTitle: string | ((skipped: number) => string);
  /** The merchant may close the skipped banner (it shows again for the next answer). */
  dismissible?: boolean;
}

/** The banners after a bulk action: the rows it left as they were, and the error that refused it. */
export function BulkAnswerBanners({ answer, skippedTitle, dismissible }: BulkAnswerBannersProps) {
  const [dismissed, setDismissed] = useState<unknown>(null);
  const skipped = answer && "skipped" in answer ? answer : null;
  const error = answer && "error" in answer ? answer.error : null;
  return (
    <>
      {skipped && skipped !== dismissed && (
        <SkippedBanner
          title={typeof skippedTitle === "string" ? skippedTitle : skippedTitle(skipped.skipped.length)}
          skipped={skipped.skipped}
          onDismiss={dismissible ? () => setDismissed(skipped) : undefined}
        />
      )}
      {error && <Banner tone="critical" title={error} />}
    </>
  );
}
