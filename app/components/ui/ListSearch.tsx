import { useEffect, useRef, useState } from "react";
import { useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { Filters, type AppliedFilterInterface, type FilterInterface } from "@shopify/polaris";
import { PAGE_PARAMS } from "~/lib/pagination";

export interface ListSearchProps {
  placeholder: string;
  /** The query parameter holding the search; `q` by default. */
  param?: string;
  /** Page parameters to reset when the search changes. */
  pageParams?: string[];
  /** The list's filters beside the search (Polaris `Filters`), with those applied and how to clear them. */
  filters?: FilterInterface[];
  appliedFilters?: AppliedFilterInterface[];
  onClearFilters?: () => void;
}

/**
 * The search field above a list: what the merchant types goes to the URL (`?q=`) after a short pause, so the
 * loader searches, the page resets to 1, and the URL can be shared or reloaded.
 */
export function ListSearch({
  placeholder,
  param = "q",
  pageParams = PAGE_PARAMS,
  filters,
  appliedFilters,
  onClearFilters,
}: ListSearchProps) {
  const [searchParams, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const { pathname } = useLocation();
  const current = searchParams.get(param) ?? "";
  const [value, setValue] = useState(current);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  // Back/forward navigation changes the URL under the field: follow it (but keep what is being typed).
  useEffect(() => setValue((typed) => (typed.trim() === current ? typed : current)), [current]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = (next: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setSearchParams(
        (params) => {
          const updated = new URLSearchParams(params);
          if (next.trim()) updated.set(param, next.trim());
          else updated.delete(param);
          for (const pageParam of pageParams) updated.delete(pageParam);
          return updated;
        },
        { replace: true, preventScrollReset: true },
      );
    }, 300);
  };

  return (
    <Filters
      queryValue={value}
      queryPlaceholder={placeholder}
      filters={filters ?? []}
      appliedFilters={appliedFilters}
      hideFilters={!filters}
      loading={navigation.state === "loading" && navigation.location.pathname === pathname}
      onQueryChange={(next) => {
        setValue(next);
        apply(next);
      }}
      onQueryClear={() => {
        setValue("");
        apply("");
      }}
      onClearAll={() => {
        setValue("");
        apply("");
        onClearFilters?.();
      }}
    />
  );
}
