import { Select, type AppliedFilterInterface, type FilterInterface } from "@shopify/polaris";
import { affiliateLabel, type AffiliateOption } from "~/models/affiliates/option";

/**
 * The "Affiliate" filter of a list's Polaris `Filters`: the picker (with "All affiliates"), and the applied
 * filter to show while one is chosen (null when none is).
 */
export function affiliateFilter(
  affiliates: AffiliateOption[],
  affiliateId: string | null,
  onChange: (affiliateId: string | null) => void,
): { filter: FilterInterface; applied: AppliedFilterInterface | null } {
  const chosen = affiliates.find((a) => a.id === affiliateId);
  const name = chosen ? affiliateLabel(chosen) : "Unknown affiliate";
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
            ...affiliates.map((a) => ({ label: affiliateLabel(a), value: a.id })),
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
