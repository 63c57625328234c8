import { Banner, List } from "@shopify/polaris";

export interface SkippedBannerProps {
  title: string;
  skipped: Array<{ id: string; label: string; reason: string }>;
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
