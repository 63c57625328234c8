import type { ReactNode } from "react";
import { Card, EmptyState } from "@shopify/polaris";
import { EMPTY_STATE_IMAGE } from "~/components/ui/empty-state-image";

/** What a screen that needs an affiliate shows while the shop has none: why, and a link to add one. */
export function AddAffiliateFirst({ children }: { children: ReactNode }) {
  return (
    <Card>
      <EmptyState
        heading="Add an affiliate first"
        image={EMPTY_STATE_IMAGE}
        action={{ content: "Add affiliate", url: "/app/affiliates/new" }}
      >
        <p>{children}</p>
      </EmptyState>
    </Card>
  );
}
