/**
 * Test-only helpers for the affiliate-capture theme app extension: a liquidjs engine that knows the
 * Shopify-specific tags and filters the extension's Liquid may use, and a renderer for the app embed.
 * Files at the extension's root are not part of what Shopify CLI uploads (it takes `<dir>/<file>` only).
 */
import { readFileSync } from "node:fs";
import { Liquid, Tag, TypeGuards, type TagToken, type TopLevelToken } from "liquidjs";

export const EXTENSION_DIR = new URL("./", import.meta.url);
export const SCRIPT_SOURCE = readFileSync(new URL("assets/affiliate-capture.js", EXTENSION_DIR), "utf8");
export const EMBED_SOURCE = readFileSync(new URL("blocks/affiliate-capture.liquid", EXTENSION_DIR), "utf8");
export const ASSET_CDN = "https://cdn.shopify.com/extensions/0000/affiliate-capture/assets/";

/** Shopify tags whose body is not Liquid. Theme-check forbids `javascript`/`stylesheet` in app blocks. */
export const SHOPIFY_RAW_TAGS = ["schema", "javascript", "stylesheet", "style"] as const;

type TagClass = Parameters<Liquid["registerTag"]>[1];

function rawBlockTag(name: string): TagClass {
  const end = `end${name}`;
  return class RawBlock extends Tag {
    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
      super(token, remainTokens, liquid);
      while (remainTokens.length > 0) {
        const next = remainTokens.shift();
        if (TypeGuards.isTagToken(next) && next.name === end) return;
      }
      throw new Error(`{% ${name} %} is not closed by {% ${end} %}`);
    }

    *render(): Generator<unknown, void, unknown> {
      // Rendered by Shopify's platform (schema) or hoisted into a bundle: never inline output.
    }
  };
}

export function createShopifyLiquid(): Liquid {
  const engine = new Liquid({ strictFilters: true });
  for (const name of SHOPIFY_RAW_TAGS) engine.registerTag(name, rawBlockTag(name));
  engine.registerFilter("asset_url", (file: unknown) => `${ASSET_CDN}${String(file)}?v=1`);
  engine.registerFilter("asset_img_url", (file: unknown) => `${ASSET_CDN}${String(file)}?v=1`);
  engine.registerFilter("t", (key: unknown) => String(key));
  return engine;
}

export interface EmbedContext {
  /** `app.metafields.affiliate.cookie_window_days.value`; `undefined` when the metafield does not exist. */
  cookieWindowDays?: unknown;
  respectConsent?: boolean;
  designMode?: boolean;
}

/** Renders `blocks/affiliate-capture.liquid` as Shopify would, with a fake `app`, `block` and `request`. */
export async function renderEmbed(context: EmbedContext = {}): Promise<string> {
  const affiliate: Record<string, unknown> = {};
  if (context.cookieWindowDays !== undefined) {
    affiliate.cookie_window_days = { value: context.cookieWindowDays, type: "number_integer" };
  }
  const settings: Record<string, unknown> = {};
  if (context.respectConsent !== undefined) settings.respect_consent = context.respectConsent;
  const html: unknown = await createShopifyLiquid().parseAndRender(EMBED_SOURCE, {
    app: { metafields: { affiliate } },
    block: { id: "affiliate-capture-1", settings },
    request: { design_mode: context.designMode ?? false },
  });
  return String(html);
}
