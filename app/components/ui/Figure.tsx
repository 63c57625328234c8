import type { CSSProperties } from "react";
import { Link, Text } from "@shopify/polaris";

/** A character's width at most, in ems of a bold heading's tabular figures (digits, "$", "CA", "¥"). */
const EM_PER_CHARACTER = 0.64;

/**
 * A headline figure (a sum of money, a count) that never breaks inside itself: it stays on one line at the
 * heading's size and, where its column is narrower than that (eight-digit sums in a quarter of a card), its
 * font shrinks to the column's width (CSS container units, so the server's first paint is already right).
 */
export function Figure({ value, url }: { value: string; url?: string }) {
  const fitted: CSSProperties = {
    whiteSpace: "nowrap",
    fontSize: `min(1em, calc(100cqi / ${(value.length * EM_PER_CHARACTER).toFixed(2)}))`,
  };
  const text = (
    <span data-figure style={fitted}>
      {value}
    </span>
  );
  return (
    <div style={{ containerType: "inline-size" }}>
      <Text as="p" variant="headingLg" numeric>
        {url ? (
          <Link url={url} monochrome removeUnderline>
            {text}
          </Link>
        ) : (
          text
        )}
      </Text>
    </div>
  );
}
