import { describe, expect, it } from "vitest";
import { adminUrl, referenceWords, shopifyGidParts } from "~/lib/admin-links";

describe("Shopify's ids as a merchant reads them", () => {
  it("splits a global id into its type and numeric id, and nothing else", () => {
    expect(shopifyGidParts("gid://shopify/Customer/7101")).toEqual({ type: "Customer", id: "7101" });
    expect(shopifyGidParts("alice@trailblog.example")).toBeNull();
    expect(shopifyGidParts("gid://shopify/Customer/")).toBeNull();
    expect(shopifyGidParts("xgid://shopify/Customer/1")).toBeNull();
    expect(shopifyGidParts("gid://shopify/Customer/1 ")).toBeNull();
  });

  it("words a payout's reference: Shopify's transactions and gift cards by number, anything else as given", () => {
    expect(referenceWords("gid://shopify/StoreCreditAccountCreditTransaction/16010000010291")).toBe(
      "store credit transaction 16010000010291",
    );
    expect(referenceWords("gid://shopify/GiftCard/42")).toBe("gift card 42");
    expect(referenceWords("gid://shopify/Refund/9")).toBe("Refund 9");
    expect(referenceWords("5TY05013RG002845M")).toBe("5TY05013RG002845M");
  });

  it("links to the admin's page of a resource by its numeric id", () => {
    expect(adminUrl("customers", "7101")).toBe("shopify://admin/customers/7101");
  });
});
