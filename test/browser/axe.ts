// axe-core, Deque's accessibility rules, run inside the page the browser test has open.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * The page's accessibility violations, one line each (rule, what it asks, where): [] when there are none.
 * `exclude` leaves parts of the page out (CSS selectors).
 */
export async function axeViolations(page: Page, exclude: string[] = []): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async (excluded) => {
    const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
    const context = excluded.length ? { exclude: excluded.map((selector) => [selector]) } : document;
    const results = await axe.run(context, { resultTypes: ["violations"] });
    return results.violations.map((violation) => ({
      id: violation.id,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
  }, exclude);
  return violations.map(
    ({ id, help, targets }) =>
      `${id}: ${help} — ${targets.slice(0, 5).join(" | ")}${targets.length > 5 ? " …" : ""}`,
  );
}
