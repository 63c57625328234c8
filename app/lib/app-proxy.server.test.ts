import { describe, expect, it } from "vitest";
import { appProxyContext, appProxySignature, signProxyQuery } from "./app-proxy.server";

// Shopify's published example (shopify.dev, "Authenticate app proxies"), signed with the secret "hush".
const EXAMPLE =
  "extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555";

describe("appProxySignature", () => {
  it("reproduces Shopify's published signatures", () => {
    expect(appProxySignature(EXAMPLE, "hush")).toBe(
      "4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb",
    );
    expect(
      appProxySignature(EXAMPLE.replace("logged_in_customer_id=1", "logged_in_customer_id="), "hush"),
    ).toBe("e072b6d7e6622d85912a5214b860d3100dc1e73d9bc29f43796ac8c9ff8093cb");
  });

  it("leaves the signature itself out and depends on the secret", () => {
    const signed = `${EXAMPLE}&signature=anything`;
    expect(appProxySignature(signed, "hush")).toBe(appProxySignature(EXAMPLE, "hush"));
    expect(appProxySignature(EXAMPLE, "other")).not.toBe(appProxySignature(EXAMPLE, "hush"));
  });
});

describe("signProxyQuery", () => {
  it("adds Shopify's parameters after the shopper's, replacing any the shopper sent", () => {
    const query = new URLSearchParams(
      signProxyQuery("from=2026-01-01&shop=evil.myshopify.com&logged_in_customer_id=9", {
        shop: "test-shop.myshopify.com",
        customerId: "42",
        secret: "s",
        timestamp: 1_700_000_000,
      }),
    );
    expect([...query.keys()]).toEqual([
      "from",
      "shop",
      "logged_in_customer_id",
      "path_prefix",
      "timestamp",
      "signature",
    ]);
    expect(query.get("shop")).toBe("test-shop.myshopify.com");
    expect(query.get("logged_in_customer_id")).toBe("42");
    expect(query.get("path_prefix")).toBe("/apps/affiliates");
    expect(query.get("signature")).toBe(appProxySignature(query, "s"));
  });
});

describe("appProxyContext", () => {
  const params = (overrides: Record<string, string>) =>
    new URLSearchParams({
      shop: "test-shop.myshopify.com",
      logged_in_customer_id: "",
      path_prefix: "/apps/affiliates",
      ...overrides,
    });

  it("reads a visitor, a logged-in customer and a customised proxy path", () => {
    expect(appProxyContext(params({}))).toEqual({
      shop: "test-shop.myshopify.com",
      customerId: null,
      pathPrefix: "/apps/affiliates",
    });
    expect(
      appProxyContext(params({ logged_in_customer_id: "7001", path_prefix: "/tools/partners" })),
    ).toEqual({ shop: "test-shop.myshopify.com", customerId: "7001", pathPrefix: "/tools/partners" });
  });

  it("refuses what Shopify never sends", () => {
    expect(appProxyContext(params({ shop: "evil.example.com" }))).toBeNull();
    expect(appProxyContext(params({ logged_in_customer_id: "gid://shopify/Customer/1" }))).toBeNull();
    expect(appProxyContext(params({ path_prefix: "https://evil.example/x" }))).toBeNull();
    expect(appProxyContext(params({ path_prefix: '/apps/a"><script>' }))).toBeNull();
  });
});
