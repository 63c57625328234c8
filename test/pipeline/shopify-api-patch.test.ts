// patches/@shopify+shopify-api+13.1.0.patch (applied by patch-package on install): authenticate.webhook
// signs with Node's HMAC instead of importing a WebCrypto key per webhook, and header names are
// canonicalised once each. The answers must be exactly the library's own: each is compared with the
// library's unpatched code (the installed module with the patch reversed), so these fail if the patch is
// missing (WebCrypto used again) or changes a result.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { canonicalizeHeaderName, createSHA256HMAC, HashFormat } from "@shopify/shopify-api/runtime";
import { authenticate } from "~/shopify.server";
import { webhookRequest } from "~test/helpers/shopify";

const LIBRARY = path.resolve("node_modules/@shopify/shopify-api");
const PATCH = readFileSync(path.resolve("patches/@shopify+shopify-api+13.1.0.patch"), "utf8");
const scratch = mkdtempSync(path.join(tmpdir(), "unpatched-shopify-api-"));

afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * One of the library's ES modules as Shopify published it: the installed file with the patch's hunks
 * reversed, its relative imports pointed back at the library, loaded from a scratch folder.
 */
async function unpatched<T>(file: string): Promise<T> {
  const installed = path.join(LIBRARY, file);
  const section = PATCH.split(/^diff --git /m).find((part) =>
    part.startsWith(`a/node_modules/@shopify/shopify-api/${file} `),
  );
  if (!section) throw new Error(`The patch does not touch ${file}`);
  let source = readFileSync(installed, "utf8");
  for (const hunk of section.split(/^@@[^\n]*@@[^\n]*\n/m).slice(1)) {
    const lines = hunk.split("\n").filter((line) => /^[ +-]/.test(line));
    const side = (skip: string) =>
      lines
        .filter((line) => !line.startsWith(skip))
        .map((line) => line.slice(1))
        .join("\n");
    const patched = side("-");
    expect(source, `${file} as installed carries the patch`).toContain(patched);
    source = source.replace(patched, side("+"));
  }
  source = source
    .replace(/^\/\/# sourceMappingURL=.*$/m, "")
    .replace(
      /from '(\.{1,2}\/[^']+)'/g,
      (_match, specifier: string) => `from '${path.resolve(path.dirname(installed), specifier)}'`,
    );
  const copy = path.join(
    scratch,
    `${path.basename(file, ".mjs")}-${Math.random().toString(36).slice(2)}.mjs`,
  );
  writeFileSync(copy, source);
  return import(/* @vite-ignore */ copy);
}

describe("the shopify-api patch", () => {
  it("signs exactly as the library's own WebCrypto path does, and imports no WebCrypto key", async () => {
    const original = await unpatched<{ createSHA256HMAC: typeof createSHA256HMAC }>(
      "dist/esm/runtime/crypto/utils.mjs",
    );
    const importKey = vi.spyOn(globalThis.crypto.subtle, "importKey");
    const sign = vi.spyOn(globalThis.crypto.subtle, "sign");
    const payloads = ["", "{}", "héllo ✓ wörld", "emoji 🧾 and a lone surrogate \ud800", "x".repeat(100_000)];
    // Not the empty secret: WebCrypto refuses a zero-length key where Node's HMAC takes it, but
    // shopifyApp refuses to start without a secret, so no request is ever signed with one.
    const secrets = ["the-secret", "sécret ✓", "k".repeat(200)];
    const patched: string[] = [];
    for (const secret of secrets) {
      for (const payload of payloads) {
        patched.push(await createSHA256HMAC(secret, payload));
        patched.push(await createSHA256HMAC(secret, payload, HashFormat.Hex));
      }
    }
    const signed = webhookRequest({ topic: "orders/create", body: { id: 1 } });
    expect((await authenticate.webhook(signed)).topic).toBe("ORDERS_CREATE");
    expect(importKey).not.toHaveBeenCalled();
    expect(sign).not.toHaveBeenCalled();

    const published: string[] = [];
    for (const secret of secrets) {
      for (const payload of payloads) {
        published.push(await original.createSHA256HMAC(secret, payload));
        published.push(await original.createSHA256HMAC(secret, payload, HashFormat.Hex));
      }
    }
    // The unpatched module really took the WebCrypto path.
    expect(sign).toHaveBeenCalledTimes(published.length);
    expect(patched).toEqual(published);
  });

  it("canonicalises header names as the library's own code does, also past the bound of its cache", async () => {
    const original = await unpatched<{ canonicalizeHeaderName: typeof canonicalizeHeaderName }>(
      "dist/esm/runtime/http/headers.mjs",
    );
    const names = [
      "x-shopify-hmac-sha256",
      "X-SHOPIFY-TOPIC",
      "content-type",
      "shopify-event-id",
      "",
      "-",
      "--double--dash",
      "under_score-name",
      "1password-x",
      "ünïcode-näme",
    ];
    for (let i = 0; i < 1_500; i++) names.push(`x-custom-${i}-NAME`);
    const published = names.map((name) => original.canonicalizeHeaderName(name));
    expect(published.slice(0, 4)).toEqual([
      "X-Shopify-Hmac-Sha256",
      "X-Shopify-Topic",
      "Content-Type",
      "Shopify-Event-Id",
    ]);
    expect(names.map((name) => canonicalizeHeaderName(name))).toEqual(published);
    // Asked again (now from the cache, or computed again beyond its bound): the same answers.
    expect(names.map((name) => canonicalizeHeaderName(name))).toEqual(published);
  });

  it("still refuses a forged signature", async () => {
    const forged = webhookRequest({ topic: "orders/create", body: { id: 1 }, secret: "not-the-secret" });
    const thrown = await authenticate.webhook(forged).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(401);
  });
});
