import { useEffect } from "react";
import { useIndexResourceState } from "@shopify/polaris";

/**
 * `useIndexResourceState` for a list page's rows, starting with nothing selected on a new page of rows and
 * whenever `resetKey` changes (e.g. a finished bulk action's answer). `selected` is the ids the selection
 * stands for (every row's when all are selected); `tableSelection` is IndexTable's selection props.
 */
export function useListSelection<Row extends { id: string }>(rows: Row[], resetKey: unknown) {
  const state = useIndexResourceState(rows);
  const { clearSelection, allResourcesSelected, selectedResources } = state;

  const rowsKey = rows.map((row) => row.id).join(",");
  useEffect(() => {
    clearSelection();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- clearSelection changes identity every render
  }, [resetKey, rowsKey]);

  const selected = allResourcesSelected ? rows.map((row) => row.id) : selectedResources;
  const tableSelection = {
    selectedItemsCount: allResourcesSelected ? ("All" as const) : selectedResources.length,
    onSelectionChange: state.handleSelectionChange,
  };
  return { ...state, selected, tableSelection };
}
