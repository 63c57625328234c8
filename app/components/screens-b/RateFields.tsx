import { InlineStack, Select, TextField } from "@shopify/polaris";

export type RateKind = "percent" | "flat_per_order" | "flat_per_item";

export const RATE_KIND_OPTIONS: Array<{ label: string; value: RateKind }> = [
  { label: "Percent of the base", value: "percent" },
  { label: "Flat amount per order", value: "flat_per_order" },
  { label: "Flat amount per item", value: "flat_per_item" },
];

export interface RateFieldsProps {
  /** The form field prefix (`${name}.kind`, `${name}.value`) the errors belong to; the page submits the values. */
  name: string;
  label: string;
  /** "" = no rate of its own (with `allowProgramRate`). */
  kind: RateKind | "";
  value: string;
  onChange(rate: { kind: RateKind | ""; value: string }): void;
  kindError?: string;
  valueError?: string;
  disabled?: boolean;
  helpText?: string;
  /** Offer "no rate of its own" (kind ""): the value field is then hidden. */
  allowProgramRate?: boolean;
  /** The label of the "no rate of its own" choice. */
  programRateLabel?: string;
}

export function RateFields(props: RateFieldsProps) {
  const { label, kind, value, onChange, kindError, valueError, disabled, helpText } = props;
  const options: Array<{ label: string; value: string }> = props.allowProgramRate
    ? [{ label: props.programRateLabel ?? "Program rate", value: "" }, ...RATE_KIND_OPTIONS]
    : RATE_KIND_OPTIONS;
  return (
    <InlineStack gap="300" wrap={false} blockAlign="start">
      <Select
        label={`${label}: kind`}
        options={options}
        value={kind}
        onChange={(next) => onChange({ kind: next as RateKind | "", value })}
        error={kindError}
        disabled={disabled}
      />
      {kind !== "" && (
        <TextField
          label={kind === "percent" ? `${label}: percent` : `${label}: amount`}
          autoComplete="off"
          inputMode="decimal"
          value={value}
          suffix={kind === "percent" ? "%" : undefined}
          onChange={(next) => onChange({ kind, value: next })}
          error={valueError}
          disabled={disabled}
          helpText={helpText}
        />
      )}
    </InlineStack>
  );
}

/** "10 %", "5.00 per order", "1.50 per item", or "Program rate". */
export function describeRate(kind: string | null | undefined, value: string | null | undefined): string {
  if (!kind || value == null) return "Program rate";
  if (kind === "percent") return `${value} %`;
  if (kind === "flat_per_order") return `${value} per order`;
  if (kind === "flat_per_item") return `${value} per item`;
  return `${value} (${kind})`;
}
