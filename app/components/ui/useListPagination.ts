import { useLocation } from "@remix-run/react";
import type { PageInfo } from "~/lib/pagination";
import { searchWithPage } from "~/lib/pagination";

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
