import { BlockStack, TextField } from "@shopify/polaris";

/** Two date fields, From and To, for a list's filter (`YYYY-MM-DD`, or null when empty). */
export function DateRange({
  filters,
  onChange,
}: {
  filters: { from: string | null; to: string | null };
  onChange(key: "from" | "to", value: string | null): void;
}) {
  return (
    <BlockStack gap="200">
      <TextField
        label="From"
        type="date"
        autoComplete="off"
        value={filters.from ?? ""}
        onChange={(value) => onChange("from", value || null)}
      />
      <TextField
        label="To"
        type="date"
        autoComplete="off"
        value={filters.to ?? ""}
        onChange={(value) => onChange("to", value || null)}
      />
    </BlockStack>
  );
}
