// Keyset (cursor) pagination for admin lists, as Shopify's admin pages: Previous and Next carry an opaque
// cursor in the URL (`?after=…` or `?before=…`), the position of the row the page starts after (or ends
// before) in the list's order. A page far down the list is read as the first one is: the index is sought at
// the cursor and read for one page, where `OFFSET` read (and threw away) every row before it. A cursor holds
// the row's sort values, not its id, so it still works when that row has been deleted since.

import type { SortDirection } from "./sorting";

/** One term of a list's order: a column, its direction, and where rows without a value come. */
export interface KeyTerm<Field extends string = string> {
  field: Field;
  direction: SortDirection;
  /** The column's values: dates travel in the cursor as ISO strings. */
  type: "string" | "date" | "number";
  /** Only for a nullable column: where its nulls come in this order. */
  nulls?: "first" | "last";
}

/** A request for one page: the first, or the one after or before a cursor. */
export type PageRequest = { after: string } | { before: string } | Record<string, never>;

export interface CursorPageInfo {
  hasPrevious: boolean;
  hasNext: boolean;
  /** The cursors of the page's first and last rows (null on an empty page). */
  startCursor: string | null;
  endCursor: string | null;
}

type Value = string | number | Date | null;

/** The page a URL asks for: `after` or `before` a cursor, or the first page. */
export function pageRequestFrom(params: URLSearchParams): PageRequest {
  const after = params.get("after");
  if (after) return { after };
  const before = params.get("before");
  if (before) return { before };
  return {};
}

/** The opaque cursor of `row` in the order `terms`. */
export function cursorOf(row: Record<string, unknown>, terms: readonly KeyTerm[]): string {
  const values = terms.map(({ field }) => {
    const value = row[field];
    return value instanceof Date ? value.toISOString() : (value ?? null);
  });
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** The values a cursor holds, typed as `terms` says; null when it is not one of this order's cursors. */
export function decodeCursor(cursor: string, terms: readonly KeyTerm[]): Value[] | null {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(values) || values.length !== terms.length) return null;
  const typed: Value[] = [];
  for (const [index, term] of terms.entries()) {
    const value: unknown = values[index];
    if (value === null) {
      if (!term.nulls) return null;
      typed.push(null);
    } else if (term.type === "date") {
      if (typeof value !== "string") return null;
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) return null;
      typed.push(date);
    } else if (term.type === "number") {
      if (typeof value !== "number" || !Number.isFinite(value)) return null;
      typed.push(value);
    } else {
      if (typeof value !== "string") return null;
      typed.push(value);
    }
  }
  return typed;
}

/** The same order read backwards (for the page before a cursor). */
function reversed(terms: readonly KeyTerm[]): KeyTerm[] {
  return terms.map((term) => ({
    ...term,
    direction: term.direction === "asc" ? "desc" : "asc",
    nulls: term.nulls && (term.nulls === "first" ? "last" : "first"),
  }));
}

type Where = Record<string, unknown>;

/** Rows whose `term` comes strictly after `value` in the order; null when none can. */
function beyond(term: KeyTerm, value: Value): Where | null {
  if (value === null) return term.nulls === "first" ? { [term.field]: { not: null } } : null;
  const past: Where = { [term.field]: { [term.direction === "asc" ? "gt" : "lt"]: value } };
  return term.nulls === "last" ? { OR: [past, { [term.field]: null }] } : past;
}

/** Rows whose `term` is `value` or comes after it (the bound that lets the index seek straight there). */
function atOrBeyond(term: KeyTerm, value: Value): Where | null {
  if (value === null) return term.nulls === "first" ? null : { [term.field]: null };
  const from: Where = { [term.field]: { [term.direction === "asc" ? "gte" : "lte"]: value } };
  return term.nulls === "last" ? { OR: [from, { [term.field]: null }] } : from;
}

/**
 * Prisma's `where` for the rows after `values` in the order `terms` (lexicographic: the first term past
 * the cursor's, or equal to it and the next term past, and so on), with the first term's own range beside
 * it so that SQLite seeks the index there rather than testing the OR on every row. `inclusive`: the
 * cursor's own row too.
 */
export function afterWhere(
  terms: readonly KeyTerm[],
  values: readonly Value[],
  { inclusive = false }: { inclusive?: boolean } = {},
): Where {
  const branches: Where[] = [];
  for (let index = 0; index < terms.length; index += 1) {
    const last = index === terms.length - 1;
    const past = (inclusive && last ? atOrBeyond : beyond)(terms[index], values[index]);
    if (!past) continue;
    const equal = terms.slice(0, index).map((term, j) => ({ [term.field]: values[j] }));
    branches.push(equal.length ? { AND: [...equal, past] } : past);
  }
  if (branches.length === 0) return { id: { in: [] } };
  const range = atOrBeyond(terms[0], values[0]);
  return { AND: [...(range ? [range] : []), { OR: branches }] };
}

/**
 * The rows after the cursor as ranges to read one after the other, each one index seek: a first term that
 * can be null splits them into its values and its nulls (an OR of a range and IS NULL is no index range).
 */
function afterSegments(terms: readonly KeyTerm[], values: readonly Value[], inclusive = false): Where[] {
  const [first, ...rest] = terms;
  if (!first.nulls) return [afterWhere(terms, values, { inclusive })];
  const tail = rest.length ? afterWhere(rest, values.slice(1), { inclusive }) : null;
  const nulls: Where = { [first.field]: null };
  if (values[0] === null) {
    const sameNull = tail ? { AND: [nulls, tail] } : inclusive ? nulls : null;
    const valued: Where = { [first.field]: { not: null } };
    return [...(sameNull ? [sameNull] : []), ...(first.nulls === "first" ? [valued] : [])];
  }
  const value = values[0];
  const past: Where = { [first.field]: { [first.direction === "asc" ? "gt" : "lt"]: value } };
  const equal: Where = tail
    ? { AND: [{ [first.field]: value }, tail] }
    : inclusive
      ? { [first.field]: value }
      : past;
  const range: Where = { [first.field]: { [first.direction === "asc" ? "gte" : "lte"]: value } };
  return [{ AND: [range, { OR: [past, equal] }] }, ...(first.nulls === "last" ? [nulls] : [])];
}

/**
 * Prisma's `orderBy` for `terms`. Where nulls come where SQLite puts them anyway (first going up, last going
 * down) the order says nothing of them: SQLite reads an index in order only for its own null placement.
 */
export function orderByOf(terms: readonly KeyTerm[]): Array<Record<string, unknown>> {
  return terms.map(({ field, direction, nulls }) => ({
    [field]:
      nulls && nulls !== (direction === "asc" ? "first" : "last") ? { sort: direction, nulls } : direction,
  }));
}

type Read<Row> = (query: {
  where: Where;
  orderBy: Array<Record<string, unknown>>;
  take: number;
}) => Promise<Row[]>;

/** Up to `take` rows after the cursor in `order`, segment by segment. */
async function readAfter<Row>(
  read: Read<Row> | Read<unknown>,
  order: readonly KeyTerm[],
  values: readonly Value[] | null,
  take: number,
  inclusive = false,
): Promise<Array<Row | unknown>> {
  const orderBy = orderByOf(order);
  if (values === null) return read({ where: {}, orderBy, take });
  const rows: Array<Row | unknown> = [];
  for (const where of afterSegments(order, values, inclusive)) {
    rows.push(...(await read({ where, orderBy, take: take - rows.length })));
    if (rows.length >= take) break;
  }
  return rows;
}

/**
 * One page of a list in the order `terms` (its last term unique, e.g. the id): `read` is the list's
 * `findMany` given the extra `where`, the `orderBy` and how many rows to take. A cursor that is not this
 * order's (edited by hand, or from another sort) gives the first page. `probe`, the same read without
 * what it includes (its id is enough), says whether a row lies on the cursor's other side.
 */
export async function readPage<Row extends Record<string, unknown>>(
  terms: readonly KeyTerm[],
  request: PageRequest,
  pageSize: number,
  read: Read<Row>,
  probe: Read<unknown> = read,
): Promise<{ items: Row[]; pageInfo: CursorPageInfo }> {
  const cursor = "after" in request ? request.after : "before" in request ? request.before : null;
  const values = cursor ? decodeCursor(cursor, terms) : null;
  const backwards = values !== null && "before" in request;
  const order = backwards ? reversed(terms) : terms;
  const found = (await readAfter(read, order, values, pageSize + 1)) as Row[];
  const more = found.length > pageSize;
  const items = found.slice(0, pageSize);
  if (backwards) items.reverse();
  // The other side of the cursor (its own row included): is there a row there? One index seek, one row.
  const behind = values !== null && (await readAfter(probe, reversed(order), values, 1, true)).length > 0;
  const [hasPrevious, hasNext] = backwards ? [more, behind] : [behind, more];
  return {
    items,
    pageInfo: {
      hasPrevious,
      hasNext,
      startCursor: items.length ? cursorOf(items[0], terms) : null,
      endCursor: items.length ? cursorOf(items[items.length - 1], terms) : null,
    },
  };
}
