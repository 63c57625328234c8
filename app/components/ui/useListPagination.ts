import { useLocation } from "@remix-run/react";
import type { CursorPageInfo } from "~/lib/keyset";
import type { PageInfo } from "~/lib/pagination";
import { PAGE_PARAMS, searchWithPage } from "~/lib/pagination";

/**
 * Pagination props for Polaris `IndexTable` (or `Pagination`): links to the previous and next page of the
 * current URL, keeping its other parameters (the search). `param` names the page parameter. Undefined
 * (no pagination bar) when everything fits on one page.
 */
export function useListPagination(pageInfo: PageInfo, param = "page") {
  const { pathname, search } = useLocation();
  const href = (page: number) => `${pathname}${searchWithPage(search, page, param)}`;
  if (pageInfo.pageCount <= 1) return undefined;
  return {
    hasPrevious: pageInfo.hasPrevious,
    hasNext: pageInfo.hasNext,
    previousURL: pageInfo.hasPrevious ? href(pageInfo.page - 1) : undefined,
    nextURL: pageInfo.hasNext ? href(pageInfo.page + 1) : undefined,
    label: `Page ${pageInfo.page} of ${pageInfo.pageCount} (${pageInfo.total} in all)`,
  };
}

/**
 * Pagination props for a list paged by cursor (~/lib/keyset), as Shopify's admin pages: Previous and Next
 * link to the current URL with `before` / `after` the page's first / last row, keeping its other parameters.
 * Undefined when there is no other page.
 */
export function useCursorPagination(pageInfo: CursorPageInfo, label?: string) {
  const { pathname, search } = useLocation();
  if (!pageInfo.hasPrevious && !pageInfo.hasNext) return undefined;
  const href = (param: "after" | "before", cursor: string | null) => {
    const params = new URLSearchParams(search);
    for (const key of PAGE_PARAMS) params.delete(key);
    if (cursor) params.set(param, cursor);
    return `${pathname}?${params}`;
  };
  return {
    hasPrevious: pageInfo.hasPrevious,
    hasNext: pageInfo.hasNext,
    previousURL: pageInfo.hasPrevious ? href("before", pageInfo.startCursor) : undefined,
    nextURL: pageInfo.hasNext ? href("after", pageInfo.endCursor) : undefined,
    label,
  };
}
