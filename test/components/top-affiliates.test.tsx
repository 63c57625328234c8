// Home's Top affiliates card: every figure column reads right-aligned, "—" included (an affiliate with no
// orders has no average order value).
import { renderToStaticMarkup } from "react-dom/server";
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { describe, expect, it } from "vitest";
import { TopAffiliatesCard } from "~/components/home/TopAffiliatesCard";

describe("Top affiliates", () => {
  it("right-aligns an affiliate's missing average order value like the figures beside it", () => {
    const html = renderToStaticMarkup(
      <AppProvider i18n={en}>
        <TopAffiliatesCard
          affiliates={[
            {
              id: "a1",
              name: "Aiko",
              currency: "JPY",
              referredOrders: 0,
              referredSales: "0",
              averageOrderValue: null,
              commissions: "500",
            },
          ]}
        />
      </AppProvider>,
    );
    const cells = [...html.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((match) => match[1]);
    const dash = cells.find((cell) => cell.replace(/<[^>]+>/g, "") === "—");
    expect(dash).toBeDefined();
    expect(dash).toMatch(/Polaris-Text--end/);
    // The same alignment as the orders' count beside it.
    expect(cells.find((cell) => cell.replace(/<[^>]+>/g, "") === "0")).toMatch(/Polaris-Text--end/);
  });
});
