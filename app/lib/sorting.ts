// Sorting of admin lists: `?sort=<column>&direction=asc|desc` in the URL, parsed against the columns a list
// can sort by, so the loader sorts on the server and the URL can be shared or reloaded.

export type SortDirection = "asc" | "desc";

export interface ListSort<Key extends string> {
  key: Key;
  direction: SortDirection;
}

/** The list's sort from the URL; an unknown column or direction falls back to the list's default. */
export function parseSort<Key extends string>(
  params: URLSearchParams,
  keys: readonly Key[],
  fallback: ListSort<Key>,
): ListSort<Key> {
  const key = params.get("sort");
  const direction = params.get("direction");
  if (!key || !(keys as readonly string[]).includes(key)) return fallback;
  return { key: key as Key, direction: direction === "asc" || direction === "desc" ? direction : "desc" };
}

/** Prisma's orderBy for a sort on a column, with the id breaking ties so pages never overlap. */
export function orderByColumn<Field extends string>(
  field: Field,
  direction: SortDirection,
): Array<Record<Field | "id", SortDirection>> {
  return [
    { [field]: direction } as Record<Field | "id", SortDirection>,
    { id: direction } as Record<Field | "id", SortDirection>,
  ];
}
