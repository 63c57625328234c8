import { FormLayout, Select, TextField } from "@shopify/polaris";
import { RATE_KINDS, type RateKind } from "~/attribution/types";
import { describeRateKind, RATE_FALLBACK_WORDS } from "~/format/rates";

/** The rate kinds as a select's options: "Percent of the base", "Flat amount per order", … */
export const RATE_KIND_OPTIONS: Array<{ label: string; value: RateKind }> = RATE_KINDS.map((kind) => ({
  label: describeRateKind(kind),
  value: kind,
}));

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
    ? [{ label: props.programRateLabel ?? RATE_FALLBACK_WORDS.program, value: "" }, ...RATE_KIND_OPTIONS]
    : RATE_KIND_OPTIONS;
  // Polaris's group of related fields: side by side, each as wide as half the card (the select shows its
  // choice whole, clear of its chevron), one above the other when the card is too narrow for both.
  return (
    <FormLayout>
      <FormLayout.Group>
        <Select
          label={label}
          options={options}
          value={kind}
          onChange={(next) => onChange({ kind: next as RateKind | "", value })}
          error={kindError}
          disabled={disabled}
        />
        {kind !== "" && (
          <TextField
            label={kind === "percent" ? "Percent" : "Amount"}
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
      </FormLayout.Group>
    </FormLayout>
  );
}
