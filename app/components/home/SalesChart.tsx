import { useEffect, useState } from "react";
import {
  LineChart,
  PolarisVizLightTheme,
  PolarisVizProvider,
  type DataSeries,
  type LineChartProps,
} from "@shopify/polaris-viz";
import { BlockStack, Box, InlineGrid, Text } from "@shopify/polaris";
import { formatShortDay } from "~/format/dates";
import { formatMoney } from "~/format/money";
import type { ChartGrain, ChartPoint } from "~/models/home/views";
import { axisLabelIndexes, labelAnchor, labelWidth } from "./chart-axis";

const HEIGHT = 220;

/**
 * Polaris Viz's light theme, with straight lines between the steps: its default rounded-step curve draws
 * values between two days that no day had. Its own x-axis labels keep their room but are not painted: the
 * charts draw theirs (`AxisLabels`), so the range's last step is named too.
 */
export const CHART_THEMES = {
  Light: {
    line: { hasSpline: false },
    xAxis: { labelColor: "transparent" },
  },
};

/** An amount the chart plots as a number, shown back in money of its currency. */
function moneyLabel(value: string | number | null, currency: string): string {
  if (value === null || value === "") return "";
  return formatMoney(typeof value === "number" ? String(Math.round(value * 100) / 100) : value, currency);
}

const GRAIN_WORDS: Record<ChartGrain, string> = { day: "", week: "Week of ", month: "" };

/** A step's name on the axis: "Mar 7", "Mar 2026"; weeks are named by their first day. */
function axisLabel(start: string, grain: ChartGrain): string {
  if (grain === "month") {
    return new Date(`${start}T00:00:00Z`).toLocaleString("en-US", {
      month: "short",
      year: "numeric",
      timeZone: "UTC",
    });
  }
  return formatShortDay(start);
}

/** A step's name in the tooltip and the screen reader's table: "Week of Mar 2". */
function stepLabel(start: string, grain: ChartGrain): string {
  return grain === "month" ? axisLabel(start, grain) : `${GRAIN_WORDS[grain]}${formatShortDay(start)}`;
}

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

/**
 * Referred sales and commissions over the range, with Shopify's Polaris Viz: two small charts side by side
 * (one above the other on a phone), each on its own scale — commissions are a few percent of sales, and on
 * one shared axis their line lies flat along zero. Polaris Viz measures the browser's window to draw, so it
 * cannot render on the server: the server sends a placeholder of the charts' size, and they are drawn once
 * the page is hydrated.
 */
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
  if (!mounted) return <div style={{ minHeight: HEIGHT + 28 }} aria-busy="true" />;
  const charts = <Charts points={points} grain={grain} currency={currency} />;
  if (note === null) return charts;
  return (
    <BlockStack gap="200">
      {charts}
      {note}
    </BlockStack>
  );
}

/** One figure of every step, as Polaris Viz reads a series. */
export function chartSeries(
  name: string,
  points: ChartPoint[],
  grain: ChartGrain,
  figure: (point: ChartPoint) => string,
): DataSeries[] {
  return [
    {
      name,
      data: points.map((point) => ({ key: stepLabel(point.start, grain), value: Number(figure(point)) })),
    },
  ];
}

function Charts({ points, grain, currency }: { points: ChartPoint[]; grain: ChartGrain; currency: string }) {
  if (points.every((point) => Number(point.referredSales) === 0 && Number(point.commissions) === 0)) {
    return (
      <Box minHeight={`${HEIGHT}px`} padding="400">
        <Text as="p" tone="subdued">
          No referred sales in this range.
        </Text>
      </Box>
    );
  }
  const labels = points.map((point) => axisLabel(point.start, grain));
  return (
    <PolarisVizProvider themes={CHART_THEMES}>
      <div data-testid="sales-chart">
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <SmallChart
            title="Referred sales"
            data={chartSeries("Referred sales", points, grain, (point) => point.referredSales)}
            labels={labels}
            currency={currency}
          />
          <SmallChart
            title="Commissions"
            data={chartSeries("Commissions", points, grain, (point) => point.commissions)}
            labels={labels}
            currency={currency}
          />
        </InlineGrid>
      </div>
    </PolarisVizProvider>
  );
}

/** The x axis's labels, drawn in the chart's own coordinates under its plotting area. */
export function AxisLabels({
  labels,
  drawableWidth,
  drawableHeight,
  xScale,
}: {
  labels: string[];
  drawableWidth: number;
  drawableHeight: number;
  xScale: (index: number) => number;
}) {
  const indexes = axisLabelIndexes(labels.length, drawableWidth, labelWidth(labels));
  return (
    <g aria-hidden="true">
      {indexes.map((index) => (
        <text
          key={index}
          x={xScale(index)}
          // Where Polaris Viz puts its own labels: 16 px below the plotting area, hanging from that line.
          y={drawableHeight + 16}
          dominantBaseline="hanging"
          textAnchor={labelAnchor(index, labels.length)}
          fontSize={11}
          fill={PolarisVizLightTheme.yAxis.labelColor}
        >
          {labels[index]}
        </text>
      ))}
    </g>
  );
}

function SmallChart({
  title,
  data,
  labels,
  currency,
}: {
  title: string;
  data: DataSeries[];
  labels: string[];
  currency: string;
}) {
  const props: LineChartProps = {
    data,
    theme: "Light",
    isAnimated: false,
    showLegend: false,
    yAxisOptions: { labelFormatter: (value) => moneyLabel(value, currency) },
    tooltipOptions: { valueFormatter: (value) => moneyLabel(value, currency) },
    slots: {
      chart: ({ drawableWidth, drawableHeight, xScale }) => (
        <AxisLabels
          labels={labels}
          drawableWidth={drawableWidth}
          drawableHeight={drawableHeight}
          xScale={xScale}
        />
      ),
    },
  };
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      <div style={{ height: HEIGHT }}>
        <LineChart {...props} />
      </div>
    </BlockStack>
  );
}
