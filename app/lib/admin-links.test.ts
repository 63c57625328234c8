import { describe, expect, it } from "vitest";
import { adminUrl } from "./admin-links";

describe("links to the Shopify admin", () => {
  it("uses App Bridge's shopify:// protocol with the numeric id", () => {
    expect(adminUrl("customers", "7001")).toBe("shopify://admin/customers/7001");
    expect(adminUrl("orders", "450789469")).toBe("shopify://admin/orders/450789469");
    expect(adminUrl("products", "8001")).toBe("shopify://admin/products/8001");
    expect(adminUrl("discounts", "1057371164")).toBe("shopify://admin/discounts/1057371164");
  });
});
