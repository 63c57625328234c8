// How an affiliate's own rate reads on screen (shared by the server and the browser: no server code here).

/** "10%", "5.00 per order", "1.50 per item", or "Program default" when the affiliate has no own rate. */
export function describeRate(kind: string | null, value: string | null): string {
  if (!kind || value === null) return "Program default";
  if (kind === "percent") return `${value}%`;
  if (kind === "flat_per_order") return `${value} per order`;
  if (kind === "flat_per_item") return `${value} per item`;
  return `${value} (${kind})`;
}
