// Markup for the portal's Liquid pages, safe by default: every value put into `html\`…\`` is escaped for
// Liquid (app/lib/liquid.ts: HTML and Liquid delimiters alike) unless it is markup made here already. The
// Liquid the pages use themselves (`{{ shop.url }}`, `{% if customer %}`) is written in the templates' text.
import { escapeForLiquid } from "~/lib/liquid";

/** Markup that is safe as it is: made by `html`, or trusted text wrapped by `trusted`. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = Markup | string | number | null | undefined | false | ReadonlyArray<Value>;

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeForLiquid(value as string | number);
}

/** A template whose values are escaped (arrays joined, null/undefined/false left out). */
export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let text = strings[0];
  for (let i = 0; i < values.length; i++) text += render(values[i]) + strings[i + 1];
  return new Markup(text);
}

/** Text written by the app itself (never by a person), used as markup. */
export function trusted(text: string): Markup {
  return new Markup(text);
}
