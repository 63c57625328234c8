import { useSearchParams } from "@remix-run/react";
import type { IndexTableProps } from "@shopify/polaris";
import type { ListSort } from "~/lib/sorting";
import { PAGE_PARAMS } from "~/lib/pagination";

/**
 * IndexTable's sorting props for a list sorted on the server: `columns` names the sort key of each heading
 * (null for a heading that cannot be sorted); clicking a heading puts its key and direction in the URL
 * (`sort`, `direction`) and goes back to the first page, so the loader sorts.
 */
export function useListSort<Key extends string>(
  columns: ReadonlyArray<Key | null>,
  sort: ListSort<Key>,
  pageParam = "page",
): Pick<
  IndexTableProps,
  "sortable" | "sortColumnIndex" | "sortDirection" | "onSort" | "defaultSortDirection"
> {
  const [, setSearchParams] = useSearchParams();
  const index = columns.indexOf(sort.key);
  return {
    sortable: columns.map((column) => column !== null),
    sortColumnIndex: index >= 0 ? index : undefined,
    sortDirection: sort.direction === "asc" ? "ascending" : "descending",
    defaultSortDirection: "descending",
    onSort: (headingIndex, direction) => {
      const key = columns[headingIndex];
      if (!key) return;
      setSearchParams(
        (params) => {
          const next = new URLSearchParams(params);
          next.set("sort", key);
          next.set("direction", direction === "ascending" ? "asc" : "desc");
          next.delete(pageParam);
          for (const param of PAGE_PARAMS) next.delete(param);
          return next;
        },
        { preventScrollReset: true },
      );
    },
  };
}
