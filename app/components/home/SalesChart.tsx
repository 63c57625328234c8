import { useEffect, useState } from "react";
import { LineChart, PolarisVizProvider, type DataSeries } from "@shopify/polaris-viz";
import { BlockStack, Box, Text } from "@shopify/polaris";
import { formatShortDay } from "~/format/dates";
import { formatMoney } from "~/format/money";
import type { ChartGrain, ChartPoint } from "~/models/home/views";

const HEIGHT = 260;

/** An amount the chart plots as a number, shown back in money of its currency. */
function moneyLabel(value: string | number | null, currency: string): string {
  if (value === null || value === "") return "";
  return formatMoney(typeof value === "number" ? String(Math.round(value * 100) / 100) : value, currency);
}

const GRAIN_WORDS: Record<ChartGrain, string> = { day: "", week: "Week of ", month: "" };

function stepLabel(start: string, grain: ChartGrain): string {
  if (grain === "month") {
    return new Date(`${start}T00:00:00Z`).toLocaleString("en-US", {
      month: "short",
      year: "numeric",
      timeZone: "UTC",
    });
  }
  return `${GRAIN_WORDS[grain]}${formatShortDay(start)}`;
}

/**
 * Referred sales and commissions over the range, with Shopify's Polaris Viz. Polaris Viz measures the
 * browser's window to draw, so it cannot render on the server: the server sends a placeholder of the
 * chart's size, and the chart is drawn once the page is hydrated.
 */
const RUNNING_WORDS: Record<ChartGrain, string> = { day: "Today", week: "This week", month: "This month" };

/** Says which step still running the chart leaves out (or shows, when it is the whole range). */
function UnfinishedNote({ grain, charted }: { grain: ChartGrain; charted: boolean }) {
  return (
    <Text as="p" variant="bodySm" tone="subdued">
      {charted
        ? `${RUNNING_WORDS[grain]} is not over yet: the chart shows it so far.`
        : `${RUNNING_WORDS[grain]} is not over yet: it is counted in the figures above and charted once it ends.`}
    </Text>
  );
}

export function SalesChart({
  points,
  grain,
  currency,
  unfinished = null,
}: {
  points: ChartPoint[];
  grain: ChartGrain;
  currency: string;
  /** The start of the step still running (today's), when the range holds it. */
  unfinished?: string | null;
}) {
  const note = unfinished ? (
    <UnfinishedNote grain={grain} charted={points.some((point) => point.start === unfinished)} />
  ) : null;
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return <div style={{ height: HEIGHT }} aria-busy="true" />;
  const chart = <Chart points={points} grain={grain} currency={currency} />;
  if (note === null) return chart;
  return (
    <BlockStack gap="200">
      {chart}
      {note}
    </BlockStack>
  );
}

function Chart({ points, grain, currency }: { points: ChartPoint[]; grain: ChartGrain; currency: string }) {
  if (points.every((point) => Number(point.referredSales) === 0 && Number(point.commissions) === 0)) {
    return (
      <Box minHeight={`${HEIGHT}px`} padding="400">
        <Text as="p" tone="subdued">
          No referred sales in this range.
        </Text>
      </Box>
    );
  }
  const series: DataSeries[] = [
    {
      name: "Referred sales",
      data: points.map((point) => ({
        key: stepLabel(point.start, grain),
        value: Number(point.referredSales),
      })),
    },
    {
      name: "Commissions",
      data: points.map((point) => ({ key: stepLabel(point.start, grain), value: Number(point.commissions) })),
    },
  ];
  return (
    <PolarisVizProvider>
      <div style={{ height: HEIGHT }} data-testid="sales-chart">
        <LineChart
          data={series}
          theme="Light"
          isAnimated={false}
          yAxisOptions={{ labelFormatter: (value) => moneyLabel(value, currency) }}
          tooltipOptions={{ valueFormatter: (value) => moneyLabel(value, currency) }}
        />
      </div>
    </PolarisVizProvider>
  );
}
