import { Select, type AppliedFilterInterface, type FilterInterface } from "@shopify/polaris";

/**
 * The "Affiliate" filter of a list's Polaris `Filters`: the picker (with "All affiliates"), and the applied
 * filter to show while one is chosen (null when none is).
 */
export function affiliateFilter(
  affiliates: Array<{ id: string; label: string }>,
  affiliateId: string | null,
  onChange: (affiliateId: string | null) => void,
): { filter: FilterInterface; applied: AppliedFilterInterface | null } {
  const name = affiliates.find((a) => a.id === affiliateId)?.label ?? "Unknown affiliate";
  return {
    filter: {
      key: "affiliateId",
      label: "Affiliate",
      shortcut: true,
      pinned: true,
      filter: (
        <Select
          label="Affiliate"
          labelHidden
          options={[
            { label: "All affiliates", value: "" },
            ...affiliates.map((a) => ({ label: a.label, value: a.id })),
          ]}
          value={affiliateId ?? ""}
          onChange={(value) => onChange(value || null)}
        />
      ),
    },
    applied: affiliateId
      ? { key: "affiliateId", label: `Affiliate: ${name}`, onRemove: () => onChange(null) }
      : null,
  };
}
