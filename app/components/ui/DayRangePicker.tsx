import { useEffect, useState } from "react";
import { Button, InlineStack, Select, TextField } from "@shopify/polaris";
import { formatDayRange } from "~/format/dates";
import { RANGE_PRESETS, type DayRange, type RangePreset } from "~/lib/day-range";

const PRESET_LABELS: Record<RangePreset, string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  month: "This month",
  custom: "Custom",
};

/**
 * A range of the shop's days: a preset (last 7, 30 or 90 days, this month) or custom days, applied when
 * both are filled in. Says which days the range covers.
 */
export function DayRangePicker({
  range,
  onChange,
}: {
  range: DayRange;
  onChange(range: { preset: RangePreset; from?: string; to?: string }): void;
}) {
  const [preset, setPreset] = useState<RangePreset>(range.preset);
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  useEffect(() => {
    setPreset(range.preset);
    setFrom(range.from);
    setTo(range.to);
  }, [range.preset, range.from, range.to]);

  const choose = (value: string) => {
    const next = value as RangePreset;
    setPreset(next);
    if (next !== "custom") onChange({ preset: next });
  };

  return (
    <InlineStack gap="200" blockAlign="end" wrap>
      <Select
        label="Date range"
        labelHidden
        options={RANGE_PRESETS.map((value) => ({ value, label: PRESET_LABELS[value] }))}
        value={preset}
        onChange={choose}
        helpText={preset === "custom" ? undefined : formatDayRange(range.from, range.to)}
      />
      {preset === "custom" && (
        <>
          <TextField label="From" type="date" autoComplete="off" value={from} onChange={setFrom} />
          <TextField label="To" type="date" autoComplete="off" value={to} onChange={setTo} />
          <Button disabled={!from || !to} onClick={() => onChange({ preset: "custom", from, to })}>
            Apply
          </Button>
        </>
      )}
    </InlineStack>
  );
}
