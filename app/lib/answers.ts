// What an action answers the screen that posted it: a toast to show, and for a bulk action the rows it
// left as they were, and why. Shared by the models that answer and the components that show the answer.

/** A message the page shows as an App Bridge toast. */
export interface ToastMessage {
  message: string;
  isError?: boolean;
}

/** A row a bulk action left as it was: what the merchant knows it as, and why. */
export interface SkippedRow {
  id: string;
  label: string;
  reason: string;
}

/** A bulk action's answer. */
export interface BulkAnswer {
  skipped: SkippedRow[];
  toast: ToastMessage;
}

/** The requested ids that are not among `found` (another shop's, or none at all), each skipped for `reason`. */
export function skippedMissing(
  requested: readonly string[],
  found: { has(id: string): boolean },
  reason: string,
): SkippedRow[] {
  return requested.filter((id) => !found.has(id)).map((id) => ({ id, label: id, reason }));
}
