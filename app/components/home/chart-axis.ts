// Which steps of Home's charts get a label on the x axis. Polaris Viz picks every nth step from the first and
// never draws the last one (so it cannot spill past the chart), which leaves a range's last day unnamed; the
// charts draw their own labels instead: both ends always, and evenly spaced steps between them.

/** Room a label needs, in pixels: its estimated width (11 px text) and a gap to the next one. */
export function labelRoom(labels: string[]): number {
  const longest = labels.reduce((most, label) => Math.max(most, label.length), 0);
  return Math.ceil(longest * 6.5) + 16;
}

/**
 * The indexes of `count` steps to label when at most `fit` labels fit side by side: the first and the last,
 * and between them the largest number of evenly spaced steps that fit (rounded to the nearest step).
 */
export function axisLabelIndexes(count: number, fit: number): number[] {
  if (count <= 0) return [];
  if (count === 1) return [0];
  const labels = Math.max(2, Math.min(count, Math.floor(fit)));
  const indexes = new Set<number>();
  for (let label = 0; label < labels; label++) {
    indexes.add(Math.round((label * (count - 1)) / (labels - 1)));
  }
  return [...indexes].sort((a, b) => a - b);
}
