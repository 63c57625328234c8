import { useEffect, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Autocomplete, Box, Text } from "@shopify/polaris";
import { affiliateLabel, type AffiliateOption } from "~/models/affiliates/option";

export interface AffiliatePickerProps {
  /** Options shown before the merchant types (the loader's first active affiliates). */
  initialOptions: AffiliateOption[];
  selected: AffiliateOption | null;
  onChange(affiliate: AffiliateOption | null): void;
  error?: string;
  /** Posted as this hidden input. */
  name?: string;
}

interface AffiliateOptionsData {
  query: string;
  affiliates: AffiliateOption[];
}

/** A searchable select of the shop's active affiliates (searched on the server as the merchant types). */
export function AffiliatePicker({
  initialOptions,
  selected,
  onChange,
  error,
  name = "affiliateId",
}: AffiliatePickerProps) {
  const fetcher = useFetcher<AffiliateOptionsData>();
  const [text, setText] = useState(selected ? affiliateLabel(selected) : "");
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  const options = fetcher.data?.affiliates ?? initialOptions;
  const known = new Map([...initialOptions, ...options].map((affiliate) => [affiliate.id, affiliate]));

  const search = (value: string) => {
    setText(value);
    if (selected && value !== affiliateLabel(selected)) onChange(null);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      fetcher.load(`/app/connections/affiliate-options?q=${encodeURIComponent(value.trim())}`);
    }, 250);
  };

  return (
    <>
      <input type="hidden" name={name} value={selected?.id ?? ""} />
      <Autocomplete
        options={options.map((affiliate) => ({
          value: affiliate.id,
          label: affiliateLabel(affiliate),
        }))}
        selected={selected ? [selected.id] : []}
        onSelect={([id]) => {
          const affiliate = known.get(id) ?? null;
          onChange(affiliate);
          setText(affiliate ? affiliateLabel(affiliate) : "");
        }}
        loading={fetcher.state === "loading"}
        emptyState={
          <Box padding="300">
            <Text as="p" tone="subdued">
              No active affiliate matches &ldquo;{text}&rdquo;.
            </Text>
          </Box>
        }
        textField={
          <Autocomplete.TextField
            label="Affiliate"
            value={text}
            onChange={search}
            placeholder="Search by name, email or ref code"
            autoComplete="off"
            error={error}
          />
        }
      />
    </>
  );
}
