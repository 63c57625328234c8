import { useEffect, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Autocomplete, BlockStack, Box, InlineError, Text } from "@shopify/polaris";
import { storeCustomerLabel, type StoreCustomerOption } from "~/models/connections/customers";

export interface CustomerPickerProps {
  selected: StoreCustomerOption | null;
  onChange(customer: StoreCustomerOption | null): void;
  error?: string;
  /** Posted as this hidden input (the numeric Shopify customer id). */
  name?: string;
}

interface CustomerSearchData {
  query: string;
  customers: StoreCustomerOption[];
  error: string | null;
}

const SEARCH_URL = "/app/connections/customer-search";

/** Searches the store's customers in Shopify as the merchant types, and picks one. */
export function CustomerPicker({ selected, onChange, error, name = "customerId" }: CustomerPickerProps) {
  const fetcher = useFetcher<CustomerSearchData>();
  const [text, setText] = useState(selected ? storeCustomerLabel(selected) : "");
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const known = useRef(new Map<string, StoreCustomerOption>());
  const { load } = fetcher;

  // The first customers, before anything is typed.
  useEffect(() => {
    load(SEARCH_URL);
  }, [load]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const customers = fetcher.data?.customers ?? [];
  for (const customer of customers) known.current.set(customer.id, customer);

  const search = (value: string) => {
    setText(value);
    if (selected && value !== storeCustomerLabel(selected)) onChange(null);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => load(`${SEARCH_URL}?q=${encodeURIComponent(value.trim())}`), 300);
  };

  const connectedHint =
    selected?.connection && !selected.connection.expired
      ? `${selected.email ?? selected.displayName} is already connected to ${selected.connection.affiliateName}`
      : null;

  return (
    <BlockStack gap="100">
      <input type="hidden" name={name} value={selected?.id ?? ""} />
      <Autocomplete
        options={customers.map((customer) => ({
          value: customer.id,
          label: (
            <BlockStack gap="050">
              <Text as="span" fontWeight="medium">
                {customer.displayName}
              </Text>
              <Text as="span" tone="subdued">
                {[
                  customer.email,
                  customer.connection && !customer.connection.expired
                    ? `connected to ${customer.connection.affiliateName}`
                    : null,
                ]
                  .filter(Boolean)
                  .join(" · ") || "No email"}
              </Text>
            </BlockStack>
          ),
        }))}
        selected={selected ? [selected.id] : []}
        onSelect={([id]) => {
          const customer = known.current.get(id) ?? null;
          onChange(customer);
          setText(customer ? storeCustomerLabel(customer) : "");
        }}
        loading={fetcher.state === "loading"}
        emptyState={
          <Box padding="300">
            <Text as="p" tone={fetcher.data?.error ? "critical" : "subdued"}>
              {fetcher.data?.error ??
                (text ? `No store customer matches “${text}”.` : "The store has no customers yet.")}
            </Text>
          </Box>
        }
        textField={
          <Autocomplete.TextField
            label="Store customer"
            value={text}
            onChange={search}
            placeholder="Search customers by name or email"
            autoComplete="off"
            error={error}
          />
        }
      />
      {connectedHint && !error && <InlineError message={connectedHint} fieldID="customer-connected-hint" />}
    </BlockStack>
  );
}
