// @vitest-environment happy-dom
// Home's charts as the screen hands them to Polaris Viz: which props and data each LineChart gets (Polaris Viz
// itself measures the window to draw, so it is replaced here by a recorder; the browser test checks the
// drawing), and which steps the x axis names.
import { act } from "react";
import { createRoot } from "react-dom/client";
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import type { LineChartProps } from "@shopify/polaris-viz";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { axisLabelIndexes, LABEL_GAP, labelBox } from "~/components/home/chart-axis";
import type { ChartPoint } from "~/models/home/views";

const drawn = vi.hoisted(() => ({
  charts: [] as LineChartProps[],
  themes: [] as unknown[],
}));

vi.mock("@shopify/polaris-viz", async (original) => ({
  ...(await original<typeof import("@shopify/polaris-viz")>()),
  LineChart: (props: LineChartProps) => {
    drawn.charts.push(props);
    return null;
  },
  PolarisVizProvider: ({ themes, children }: { themes?: unknown; children: ReactElement }) => {
    drawn.themes.push(themes);
    return children;
  },
}));

const { SalesChart } = await import("~/components/home/SalesChart");

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A week of a yen shop: sales in tens of thousands, commissions a few percent of them. */
const WEEK: ChartPoint[] = [
  ["2026-03-01", "12800", "700", 1],
  ["2026-03-02", "0", "0", 0],
  ["2026-03-03", "0", "0", 0],
  ["2026-03-04", "10000", "1250", 1],
  ["2026-03-05", "0", "0", 0],
  ["2026-03-06", "-2000", "-250", 0],
  ["2026-03-07", "31000", "1800", 2],
].map(([start, referredSales, commissions, referredOrders]) => ({
  start: start as string,
  referredSales: referredSales as string,
  commissions: commissions as string,
  referredOrders: referredOrders as number,
}));

let container: HTMLElement;

beforeEach(() => {
  drawn.charts.length = 0;
  drawn.themes.length = 0;
  container = document.createElement("div");
  document.body.appendChild(container);
});

afterEach(() => {
  container.remove();
});

async function renderChart(points: ChartPoint[]) {
  const root = createRoot(container);
  await act(async () => {
    root.render(<SalesChart points={points} grain="day" currency="JPY" />);
  });
  return { unmount: () => act(() => root.unmount()) };
}

/** The x-axis labels a chart's slot draws for a plotting area of `width` px, as [text, anchor] pairs. */
function axisLabels(chart: LineChartProps, width: number): Array<[string, string]> {
  const slot = chart.slots?.chart;
  expect(slot).toBeTypeOf("function");
  const xScale = Object.assign((index: number) => index * (width / 6), {}) as never;
  const markup = renderToStaticMarkup(
    <svg>{slot!({ drawableWidth: width, drawableHeight: 150, xScale, yScale: xScale, theme: "Light" })}</svg>,
  );
  return [...markup.matchAll(/<text[^>]*text-anchor="([a-z]+)"[^>]*>([^<]*)<\/text>/g)].map(
    ([, anchor, text]) => [text, anchor],
  );
}

describe("Home's charts", () => {
  it("draw straight lines between the days: Polaris Viz's curve is turned off in the theme the charts use", async () => {
    const { unmount } = await renderChart(WEEK);
    expect(drawn.charts).toHaveLength(2);
    for (const chart of drawn.charts) expect(chart.theme ?? "Light").toBe("Light");
    expect(drawn.themes).toEqual([
      expect.objectContaining({ Light: expect.objectContaining({ line: { hasSpline: false } }) }),
    ]);
    await unmount();
  });

  it("show sales and commissions on their own scales: two charts of one series each, every day's figure", async () => {
    const { unmount } = await renderChart(WEEK);
    const [sales, commissions] = drawn.charts;
    expect(sales.data).toEqual([
      {
        name: "Referred sales",
        data: WEEK.map((point, index) => ({
          key: `Mar ${index + 1}`,
          value: Number(point.referredSales),
        })),
      },
    ]);
    expect(commissions.data).toEqual([
      {
        name: "Commissions",
        data: WEEK.map((point, index) => ({ key: `Mar ${index + 1}`, value: Number(point.commissions) })),
      },
    ]);
    // Each its own y axis (no shared maximum), in the shop's money.
    for (const chart of drawn.charts) {
      expect(chart.yAxisOptions?.maxYOverride ?? null).toBeNull();
      expect(chart.yAxisOptions?.labelFormatter?.(12800)).toBe("¥12,800");
    }
    await unmount();
  });

  it("name the range's first and last day on the x axis, at any width, with the ends inside the chart", async () => {
    const { unmount } = await renderChart(WEEK);
    for (const chart of drawn.charts) {
      for (const width of [120, 300, 900]) {
        const labels = axisLabels(chart, width);
        expect(labels[0], `${width} px`).toEqual(["Mar 1", "middle"]);
        expect(labels.at(-1), `${width} px`).toEqual(["Mar 7", "end"]);
      }
      // Wide enough, every day is named.
      expect(axisLabels(chart, 900).map(([text]) => text)).toEqual(WEEK.map((_, i) => `Mar ${i + 1}`));
    }
    // Polaris Viz's own labels (which never draw the last step) are not painted.
    expect(drawn.themes[0]).toMatchObject({ Light: { xAxis: { labelColor: "transparent" } } });
    await unmount();
  });
});

describe("axisLabelIndexes", () => {
  it("keeps both ends, labels every nth step between them, and no two labels touch", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 400 }),
        fc.integer({ min: 80, max: 1400 }),
        fc.integer({ min: 20, max: 60 }),
        (count, chartWidth, width) => {
          const indexes = axisLabelIndexes(count, chartWidth, width);
          expect(indexes[0]).toBe(0);
          expect(indexes.at(-1)).toBe(count - 1);
          const middle = indexes.slice(0, -1);
          const gaps = middle.slice(1).map((index, i) => index - middle[i]);
          expect(new Set(gaps).size).toBeLessThanOrEqual(1);
          if (chartWidth < 1.5 * width + LABEL_GAP) return; // Too narrow for two labels: the ends are still named.
          const boxes = indexes.map((index) => labelBox(index, count, chartWidth, width));
          for (let i = 1; i < boxes.length; i++) {
            expect(boxes[i][0] - boxes[i - 1][1]).toBeGreaterThanOrEqual(LABEL_GAP - 1e-9);
          }
          // The last label ends at the chart's right edge, inside it.
          expect(boxes.at(-1)![1]).toBeCloseTo(chartWidth);
        },
      ),
    );
  });

  it("names a single step, every step when all fit, and every nth step of a month", () => {
    expect(axisLabelIndexes(1, 300, 33)).toEqual([0]);
    expect(axisLabelIndexes(0, 300, 33)).toEqual([]);
    expect(axisLabelIndexes(7, 900, 33)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // A week in 254 px (a phone): every other day, and the last one.
    expect(axisLabelIndexes(7, 254, 33)).toEqual([0, 2, 4, 6]);
    // 29 days in 600 px: every third day; day 27 would touch the last label's.
    expect(axisLabelIndexes(29, 600, 33)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 28]);
  });
});
