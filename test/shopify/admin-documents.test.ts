// The app's GraphQL documents against Shopify's real Admin API 2025-10 schema. (The variables the app builds
// are checked too, on every request a test makes: see test/setup.ts.)
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appScopes } from "~root/scripts/lib/app-server.mjs";
import { APP_DOCUMENTS } from "./app-documents";
import { documentProblems, grants, requiredScopes } from "./admin-schema";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP_SCOPES = appScopes().split(",");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("the app's Admin GraphQL documents", () => {
  it("are all in app/graphql, one named operation each", () => {
    expect(APP_DOCUMENTS.length).toBeGreaterThan(5);
    const elsewhere = sourceFiles(path.join(ROOT, "app"))
      .filter((file) => !file.startsWith(path.join(ROOT, "app/graphql") + path.sep))
      .filter((file) => /#graphql|`\s*(query|mutation)\s+[A-Z]\w*\s*[({]/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(ROOT, file));
    expect(elsewhere).toEqual([]);
    const names = APP_DOCUMENTS.map((document) => document.operationName);
    expect(names.every((name) => /^[A-Z]\w+$/.test(name))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(APP_DOCUMENTS.map((document) => [document.where, document] as const))(
    "%s is valid against the 2025-10 schema, without deprecated fields",
    (_where, document) => {
      expect(documentProblems(document.source)).toEqual([]);
    },
  );

  it.each(APP_DOCUMENTS.map((document) => [document.where, document] as const))(
    "%s needs no access scope beyond shopify.app.toml's",
    (_where, document) => {
      const missing = requiredScopes(document.source).filter(({ anyOf }) => !grants(APP_SCOPES, anyOf));
      expect(missing).toEqual([]);
    },
  );
});

describe("the schema file", () => {
  it("is the one its README names", () => {
    const readme = readFileSync(path.join(import.meta.dirname, "README.md"), "utf8");
    const recorded = /SHA-256\s*\|\s*`([0-9a-f]{64})`/.exec(readme)?.[1];
    const actual = createHash("sha256")
      .update(readFileSync(path.join(import.meta.dirname, "admin_2025-10.json.gz")))
      .digest("hex");
    expect(actual).toBe(recorded);
  });
});
