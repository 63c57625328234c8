import { describe, expect, it } from "vitest";
import {
  ensureGid,
  fromGid,
  InvalidShopifyIdError,
  isGid,
  legacyId,
  toCustomerGid,
  toDiscountCodeNodeGid,
  toGid,
  toProductGid,
} from "./ids";

describe("Shopify global ids", () => {
  it("builds gids from numeric ids", () => {
    expect(toCustomerGid("7001")).toBe("gid://shopify/Customer/7001");
    expect(toProductGid(8001)).toBe("gid://shopify/Product/8001");
    expect(toDiscountCodeNodeGid("9001")).toBe("gid://shopify/DiscountCodeNode/9001");
    expect(toGid("Order", 5_123_456_789_012n)).toBe("gid://shopify/Order/5123456789012");
  });

  it("rejects what is not a positive integer id", () => {
    for (const bad of ["", "abc", "0", "-1", "12.5", "gid://shopify/Customer/7001"]) {
      expect(() => toCustomerGid(bad)).toThrow(InvalidShopifyIdError);
    }
    expect(() => toCustomerGid(2 ** 60)).toThrow("not a safe integer");
  });

  it("reads the numeric id back, checking the type when asked", () => {
    expect(fromGid("gid://shopify/Customer/7001")).toBe("7001");
    expect(legacyId("gid://shopify/Product/8001", "Product")).toBe("8001");
    expect(legacyId("gid://shopify/Customer/7001?foo=bar")).toBe("7001");
    expect(() => legacyId("gid://shopify/Product/8001", "Customer")).toThrow("Expected a Customer id");
    expect(() => fromGid("7001")).toThrow(InvalidShopifyIdError);
  });

  it("recognises and normalises gids", () => {
    expect(isGid("gid://shopify/Customer/7001", "Customer")).toBe(true);
    expect(isGid("gid://shopify/Customer/7001", "Product")).toBe(false);
    expect(isGid(7001)).toBe(false);
    expect(ensureGid("Customer", "7001")).toBe("gid://shopify/Customer/7001");
    expect(ensureGid("Customer", "gid://shopify/Customer/7001")).toBe("gid://shopify/Customer/7001");
    expect(() => ensureGid("Customer", "gid://shopify/Product/1")).toThrow(InvalidShopifyIdError);
  });
});
