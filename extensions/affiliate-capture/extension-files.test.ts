/**
 * Offline stand-in for what Shopify CLI and theme-check verify in a theme app extension:
 * - shopify.extension.toml: the CLI's schema for `type = "theme"` (name, type, optional handle/uid/description);
 * - layout: the CLI uploads `<dir>/<file>` only, from assets/ (.js .css .json .svg ...), blocks/ and snippets/
 *   (.liquid) and locales/ (.json), within 10 MB in all and 500 kB of Liquid;
 * - Liquid: parses (Shopify's raw tags registered), no tag theme-check forbids in app blocks
 *   (AppBlockValidTags), a valid {% schema %} (name, target, settings), deferred local scripts
 *   (ParserBlockingScript, RemoteAsset) and app block JavaScript under 10 kB (AssetSizeAppBlockJavaScript);
 * - the embed renders the app-data metafield affiliate.cookie_window_days, or 30 when it is blank.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { ASSET_CDN, createShopifyLiquid, EXTENSION_DIR, renderEmbed, SCRIPT_SOURCE } from "./test-support";

const BUCKETS: Record<string, RegExp> = {
  assets: /\.(jpg|jpeg|json|js|css|png|svg|wasm)$/,
  blocks: /\.liquid$/,
  locales: /\.json$/,
  snippets: /\.liquid$/,
};
const FORBIDDEN_TAGS = ["javascript", "stylesheet", "include", "layout", "section", "sections"];
const SETTING_TYPES = new Set([
  "checkbox",
  "number",
  "radio",
  "range",
  "select",
  "text",
  "textarea",
  "color",
  "color_background",
  "font_picker",
  "html",
  "image_picker",
  "link_list",
  "liquid",
  "page",
  "product",
  "product_list",
  "collection",
  "collection_list",
  "blog",
  "article",
  "url",
  "video",
  "video_url",
  "richtext",
  "inline_richtext",
  "metaobject",
  "metaobject_list",
  "header",
  "paragraph",
]);

function read(relative: string): string {
  return readFileSync(new URL(relative, EXTENSION_DIR), "utf8");
}

/** Files the CLI would upload: `<bucket>/<name>` at depth one (it ignores the extension's root files). */
function uploadedFiles(): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(EXTENSION_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    for (const name of readdirSync(new URL(`${entry.name}/`, EXTENSION_DIR))) {
      if (!name.startsWith(".")) files.push(`${entry.name}/${name}`);
    }
  }
  return files.sort();
}

interface BlockSchema {
  name?: unknown;
  target?: unknown;
  javascript?: unknown;
  stylesheet?: unknown;
  settings?: unknown;
  [key: string]: unknown;
}

function schemaOf(source: string): BlockSchema {
  const match = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/.exec(source);
  expect(match, "a {% schema %} tag").not.toBeNull();
  return JSON.parse(match?.[1] ?? "") as BlockSchema;
}

function configOf(html: string): unknown {
  const match = /<script type="application\/json" id="affiliate-capture-config">([\s\S]*?)<\/script>/.exec(
    html,
  );
  expect(match, "the config element").not.toBeNull();
  return JSON.parse(match?.[1] ?? "");
}

describe("shopify.extension.toml", () => {
  const toml = parseToml(read("shopify.extension.toml"));

  it("is a theme app extension with the keys Shopify CLI requires", () => {
    expect(toml.type).toBe("theme");
    expect(typeof toml.name).toBe("string");
    expect(String(toml.name).trim()).not.toBe("");
    expect(String(toml.name).length).toBeLessThanOrEqual(50);
  });

  it("has only keys the CLI's base schema knows, with a valid handle", () => {
    const known = new Set(["name", "type", "handle", "uid", "description", "api_version"]);
    expect(Object.keys(toml).filter((key) => !known.has(key))).toEqual([]);
    if (toml.handle !== undefined) {
      expect(String(toml.handle)).toMatch(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,28}[a-zA-Z0-9])?$/);
    }
    if (toml.uid !== undefined) expect(typeof toml.uid).toBe("string");
  });
});

describe("extension layout", () => {
  it("only has files the CLI accepts, in the directories it accepts", () => {
    const files = uploadedFiles();
    expect(files).toEqual([
      "assets/affiliate-capture.js",
      "blocks/affiliate-capture.liquid",
      "locales/en.default.json",
    ]);
    for (const file of files) {
      const [bucket = "", name = ""] = file.split("/");
      expect(Object.keys(BUCKETS), file).toContain(bucket);
      expect(name, file).toMatch(BUCKETS[bucket] ?? /^$/);
      expect(statSync(new URL(file, EXTENSION_DIR)).isFile(), file).toBe(true);
    }
  });

  it("stays within the CLI's size limits", () => {
    const sizes = uploadedFiles().map((file) => ({
      file,
      bytes: statSync(new URL(file, EXTENSION_DIR)).size,
    }));
    const total = sizes.reduce((sum, { bytes }) => sum + bytes, 0);
    const liquid = sizes
      .filter(({ file }) => /^(blocks|snippets)\//.test(file))
      .reduce((s, { bytes }) => s + bytes, 0);
    expect(total).toBeLessThan(10 * 1024 * 1024);
    expect(liquid).toBeLessThan(100 * 1024);
  });
});

describe("Liquid", () => {
  const liquidFiles = uploadedFiles().filter((file) => file.endsWith(".liquid"));

  it.each(liquidFiles)("%s parses", (file) => {
    expect(() => createShopifyLiquid().parse(read(file))).not.toThrow();
  });

  it.each(liquidFiles)("%s uses no tag theme-check forbids in app blocks", (file) => {
    const source = read(file);
    for (const tag of FORBIDDEN_TAGS) {
      expect(source, `{% ${tag} %}`).not.toMatch(new RegExp(`{%-?\\s*${tag}\\b`));
      // inside {% liquid %} tags, one tag per line
      expect(source, `${tag} in {% liquid %}`).not.toMatch(
        new RegExp(`{%-?\\s*liquid\\b[^%]*\\n\\s*${tag}\\b`),
      );
    }
  });

  it.each(liquidFiles.filter((file) => file.startsWith("blocks/")))("%s has a valid block schema", (file) => {
    const schema = schemaOf(read(file));
    expect(typeof schema.name).toBe("string");
    expect(String(schema.name).length).toBeGreaterThan(0);
    expect(String(schema.name).length).toBeLessThanOrEqual(25);
    expect(["section", "head", "body", "compliance_head"]).toContain(schema.target);
    for (const key of ["javascript", "stylesheet"] as const) {
      if (schema[key] !== undefined) expect(uploadedFiles()).toContain(`assets/${String(schema[key])}`);
    }
    const settings = (schema.settings ?? []) as Array<Record<string, unknown>>;
    expect(Array.isArray(settings)).toBe(true);
    const ids = new Set<string>();
    for (const setting of settings) {
      expect(SETTING_TYPES.has(String(setting.type)), `setting type ${String(setting.type)}`).toBe(true);
      if (setting.type === "header" || setting.type === "paragraph") continue;
      expect(String(setting.id)).toMatch(/^[a-z0-9_]+$/);
      expect(ids.has(String(setting.id)), `duplicate id ${String(setting.id)}`).toBe(false);
      ids.add(String(setting.id));
      expect(typeof setting.label).toBe("string");
      expect(String(setting.label).length).toBeGreaterThan(0);
      if (setting.type === "checkbox" && setting.default !== undefined)
        expect(typeof setting.default).toBe("boolean");
    }
  });

  it("the capture embed is an app embed block for the body", () => {
    const schema = schemaOf(read("blocks/affiliate-capture.liquid"));
    expect(schema.target).toBe("body");
    expect(schema.settings).toEqual([
      expect.objectContaining({ type: "checkbox", id: "respect_consent", default: true }),
    ]);
  });

  it.each(liquidFiles)("%s loads only local scripts, deferred", (file) => {
    const source = read(file);
    const tags = source.match(/<script\b[^>]*>/g) ?? [];
    for (const tag of tags.filter((t) => /\bsrc=/.test(t))) {
      expect(tag).toMatch(/\b(defer|async)\b/);
      expect(tag).toMatch(/src="{{\s*'[\w.-]+'\s*\|\s*asset_url\s*}}"/);
    }
    for (const [, asset] of source.matchAll(/'([\w.-]+)'\s*\|\s*asset_url/g)) {
      expect(uploadedFiles()).toContain(`assets/${asset}`);
    }
  });
});

describe("the app embed renders", () => {
  const scriptTag = `<script src="${ASSET_CDN}affiliate-capture.js?v=1" defer></script>`;

  it("the cookie window from the app-data metafield and the deferred script", async () => {
    const html = await renderEmbed({ cookieWindowDays: 14 });
    expect(configOf(html)).toEqual({ cookieWindowDays: 14, param: "ref", consent: true });
    expect(html).toContain(scriptTag);
    // nothing visible: only the JSON config and the script, so no layout shift
    expect(html.replace(/<script\b[\s\S]*?<\/script>/g, "").trim()).toBe("");
  });

  it.each<[string, unknown]>([
    ["absent", undefined],
    ["blank", ""],
    ["null", null],
    ["zero", 0],
    ["over a year", 400],
    ["negative", -3],
    ["not a number", "thirty"],
  ])("30 days when the metafield is %s", async (_label, value) => {
    const html = await renderEmbed({ cookieWindowDays: value });
    expect(configOf(html)).toEqual({ cookieWindowDays: 30, param: "ref", consent: true });
    expect(html).toContain(scriptTag);
  });

  it("the consent setting when the merchant turned it off", async () => {
    expect(configOf(await renderEmbed({ cookieWindowDays: 7, respectConsent: false }))).toEqual({
      cookieWindowDays: 7,
      param: "ref",
      consent: false,
    });
  });

  it("no script in the theme editor's preview", async () => {
    const html = await renderEmbed({ cookieWindowDays: 7, designMode: true });
    expect(configOf(html)).toEqual({ cookieWindowDays: 7, param: "ref", consent: true });
    expect(html).not.toContain("<script src=");
  });
});

describe("locales", () => {
  const locales = uploadedFiles().filter((file) => file.startsWith("locales/"));

  it("has exactly one default storefront locale, en.default.json", () => {
    expect(locales.filter((file) => /\.default\.json$/.test(file))).toEqual(["locales/en.default.json"]);
  });

  it.each(locales)("%s is a JSON object", (file) => {
    const parsed: unknown = JSON.parse(read(file));
    expect(parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)).toBe(true);
  });
});

describe("assets/affiliate-capture.js", () => {
  it("is small: under theme-check's 10 kB app block limit and our 6 kB budget", () => {
    const bytes = Buffer.byteLength(SCRIPT_SOURCE);
    const gzipped = gzipSync(SCRIPT_SOURCE).length;
    expect(bytes).toBeLessThan(10_000);
    expect(bytes).toBeLessThan(6 * 1024);
    expect(gzipped).toBeLessThan(2.5 * 1024);
  });

  it("is a classic ES2017 script that only reaches the page through its `window` argument", () => {
    expect(() => new Function("window", SCRIPT_SOURCE)).not.toThrow();
    expect(SCRIPT_SOURCE).not.toMatch(/^\s*(import|export)\b/m);
    expect(SCRIPT_SOURCE).not.toMatch(/\?\.|\?\?|\.\.\.|\basync\b|\bawait\b|\bclass\b/);
    expect(SCRIPT_SOURCE).not.toMatch(
      /(^|[^.\w"])(document|location|sessionStorage|localStorage|fetch|Shopify)\b(?!")/m,
    );
    expect(SCRIPT_SOURCE).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|appendChild|\beval\(/,
    );
    expect(SCRIPT_SOURCE.trim()).toMatch(/\}\)\(window\);$/);
  });
});
