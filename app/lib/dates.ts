// Dates are shown in UTC so that the server render and the browser agree (no hydration mismatch).

const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

function toDate(value: string | Date | null | undefined): Date | null {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "Mar 1, 2026" (UTC), or "—" when absent. */
export function displayDate(value: string | Date | null | undefined): string {
  const date = toDate(value);
  return date ? dateFormat.format(date) : "—";
}

/** "Mar 1, 2026, 12:00 PM UTC", or "—" when absent. */
export function displayDateTime(value: string | Date | null | undefined): string {
  const date = toDate(value);
  return date ? `${dateTimeFormat.format(date)} UTC` : "—";
}
