// patches/@shopify+shopify-api+13.1.0.patch (applied by patch-package on install): authenticate.webhook
// signs with Node's HMAC instead of importing a WebCrypto key per webhook, and header names are
// canonicalised once each. The answers must be exactly the library's own; these fail if the patch is
// missing (WebCrypto used again) or changes a result.
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { canonicalizeHeaderName, createSHA256HMAC, HashFormat } from "@shopify/shopify-api/runtime";
import { authenticate } from "~/shopify.server";
import { webhookRequest } from "~test/helpers/shopify";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the shopify-api patch", () => {
  it("signs with Node's HMAC: the same digests, and no WebCrypto key imported", async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, "importKey");
    const sign = vi.spyOn(globalThis.crypto.subtle, "sign");
    for (const payload of ["", "{}", "héllo ✓ wörld", "x".repeat(100_000)]) {
      const expected = createHmac("sha256", "the-secret").update(payload).digest();
      expect(await createSHA256HMAC("the-secret", payload)).toBe(expected.toString("base64"));
      expect(await createSHA256HMAC("the-secret", payload, HashFormat.Hex)).toBe(expected.toString("hex"));
    }
    const signed = webhookRequest({ topic: "orders/create", body: { id: 1 } });
    expect((await authenticate.webhook(signed)).topic).toBe("ORDERS_CREATE");
    expect(importKey).not.toHaveBeenCalled();
    expect(sign).not.toHaveBeenCalled();
  });

  it("canonicalises header names as before, also past the bound of its cache", () => {
    const cases: Array<[string, string]> = [
      ["x-shopify-hmac-sha256", "X-Shopify-Hmac-Sha256"],
      ["X-SHOPIFY-TOPIC", "X-Shopify-Topic"],
      ["content-type", "Content-Type"],
      ["shopify-event-id", "Shopify-Event-Id"],
    ];
    for (let i = 0; i < 1_500; i++) cases.push([`x-custom-${i}-name`, `X-Custom-${i}-Name`]);
    for (const [name, canonical] of cases) expect(canonicalizeHeaderName(name)).toBe(canonical);
    // Asked again (now from the cache, or computed again beyond its bound): the same answers.
    for (const [name, canonical] of cases) expect(canonicalizeHeaderName(name)).toBe(canonical);
  });

  it("still refuses a forged signature", async () => {
    const forged = webhookRequest({ topic: "orders/create", body: { id: 1 }, secret: "not-the-secret" });
    const thrown = await authenticate.webhook(forged).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(401);
  });
});
