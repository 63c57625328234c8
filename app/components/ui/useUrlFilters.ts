import { useCallback, useRef } from "react";
import { useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { PAGE_PARAMS, withFilter } from "~/lib/pagination";

/**
 * A list's filters, kept in the URL's search parameters. Polaris `Filters` keeps the filter pickers (and so
 * their callbacks) it rendered first, so every change starts from the URL as it is now, read through a ref,
 * never from the render a callback was made in: two filters applied in a row both stay, and a sort made
 * since is kept. While a change is still loading, the next one starts from it. Every change goes back to
 * the first page.
 */
export function useUrlFilters<Key extends string>(keys: readonly Key[]) {
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const navigation = useNavigation();
  const pending = navigation.location?.pathname === location.pathname ? navigation.location.search : null;
  const current = useRef(searchParams);
  current.current = pending === null ? searchParams : new URLSearchParams(pending);

  /** Changes the search parameters: `change` gets a copy of the current ones and returns the next. */
  const update = useCallback(
    (change: (params: URLSearchParams) => URLSearchParams) => {
      const next = change(new URLSearchParams(current.current));
      for (const param of PAGE_PARAMS) next.delete(param);
      current.current = next;
      setSearchParams(next);
    },
    [setSearchParams],
  );
  const setFilter = useCallback(
    (key: Key, value: string | null) => update((params) => withFilter(params, key, value)),
    [update],
  );
  const clearFilters = useCallback(
    () =>
      update((params) => {
        for (const key of keys) params.delete(key);
        return params;
      }),
    // The keys are a constant list of the screen's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [update],
  );
  return { searchParams, update, setFilter, clearFilters };
}
