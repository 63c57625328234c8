// Which steps of Home's charts get a label on the x axis. Polaris Viz labels every nth step from the first and
// never draws the last one (so it cannot spill past the chart), which leaves a range's last day unnamed; the
// charts draw their own labels instead: the first step's centred under it (as Polaris Viz does, it may reach
// under the y axis), every nth step's after it, and the last step's ending at the chart's right edge.

/** Space kept between two labels, in pixels. */
export const LABEL_GAP = 12;

/** A label's estimated width in pixels, in Polaris Viz's 11 px axis text. */
export function labelWidth(labels: string[]): number {
  const longest = labels.reduce((most, label) => Math.max(most, label.length), 0);
  return Math.ceil(longest * 6.5);
}

/** How a label sits against its step: the last one ends there (inside the chart), the others are centred. */
export function labelAnchor(index: number, count: number): "middle" | "end" {
  return count > 1 && index === count - 1 ? "end" : "middle";
}

/** The horizontal extent of a label of `width` px at step `index` of `count`, across `chartWidth` px. */
export function labelBox(index: number, count: number, chartWidth: number, width: number): [number, number] {
  const x = count > 1 ? (index * chartWidth) / (count - 1) : chartWidth / 2;
  return labelAnchor(index, count) === "end" ? [x - width, x] : [x - width / 2, x + width / 2];
}

/**
 * The indexes of `count` steps to label across `chartWidth` px, each label `width` px wide: the first and the
 * last always, and between them every nth step (n the smallest that keeps labels apart), except those that
 * would touch the last label.
 */
export function axisLabelIndexes(count: number, chartWidth: number, width: number): number[] {
  if (count <= 0) return [];
  if (count === 1) return [0];
  const last = count - 1;
  const stepWidth = chartWidth / last;
  const every = Math.max(1, Math.ceil((width + LABEL_GAP) / stepWidth));
  const lastStart = labelBox(last, count, chartWidth, width)[0];
  const indexes = [0];
  for (let index = every; index < last; index += every) {
    if (labelBox(index, count, chartWidth, width)[1] + LABEL_GAP <= lastStart) indexes.push(index);
  }
  indexes.push(last);
  return indexes;
}
