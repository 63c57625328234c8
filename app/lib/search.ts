/** Longest search term a list accepts; longer input is cut. */
export const MAX_SEARCH_LENGTH = 100;

/** The `q` query parameter of a list, trimmed (empty when absent). */
export function parseSearchTerm(value: string | null | undefined): string {
  return (value ?? "").trim().slice(0, MAX_SEARCH_LENGTH);
}
