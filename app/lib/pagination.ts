// Page-number pagination for admin lists: `?page=N`, 25 rows a page, clamped to the pages that exist.

/** Every admin list shows this many rows per page. */
export const PAGE_SIZE = 25;

/** The URL parameters that say where a page of a list starts (a page number, or a cursor: ./keyset); a change
 * of search, filter or sort drops them. */
export const PAGE_PARAMS = ["page", "after", "before"];

export interface PageInfo {
  /** 1-based, clamped to the last page. */
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

export interface Page<T> {
  items: T[];
  pageInfo: PageInfo;
}

/** A page query parameter as a positive integer: 1 when absent or malformed. */
export function parsePage(value: string | null | undefined): number {
  if (!value || !/^\d{1,6}$/.test(value)) return 1;
  return Math.max(1, Number(value));
}

/** Clamps the requested page to the pages that exist and says which rows it holds. */
export function paginate(
  total: number,
  requestedPage: number,
  pageSize = PAGE_SIZE,
): { pageInfo: PageInfo; skip: number; take: number } {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(requestedPage) || 1), pageCount);
  return {
    pageInfo: { page, pageSize, total, pageCount, hasPrevious: page > 1, hasNext: page < pageCount },
    skip: (page - 1) * pageSize,
    take: pageSize,
  };
}

/** The same search string with another page (page 1 drops the parameter). */
export function searchWithPage(search: string, page: number, param = "page"): string {
  const params = new URLSearchParams(search);
  if (page <= 1) params.delete(param);
  else params.set(param, String(page));
  const query = params.toString();
  return query ? `?${query}` : "?";
}

/** The same search parameters with `key` set to `value` (removed when empty), back on the first page. */
export function withFilter(params: URLSearchParams, key: string, value: string | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  for (const param of PAGE_PARAMS) next.delete(param);
  return next;
}
