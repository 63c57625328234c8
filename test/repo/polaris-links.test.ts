// Links in the admin screens are Polaris `Link`s (or Polaris components that take a `url`): a plain `<a>` or
// Remix `Link` has no style of its own, so the browser draws it in its default blue, purple once visited.
// This reads every admin route and component file, so it sees links in every branch (empty states, errors,
// rows no test seeds), which a check of rendered colours sees only on the screens and states it opens.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { repositoryFiles } from "./repository-files";

/** Where an unstyled link is right: App Bridge draws the `<NavMenu>` links into the admin's own navigation. */
const ALLOWED: Record<string, string> = {
  "app/routes/app.tsx": "the NavMenu's links, which App Bridge renders in the Shopify admin's navigation",
};

const ADMIN_FILE = /^app\/(routes\/app\.[^/]*|components\/.*)\.tsx$/;

/** Each unstyled link of a file's source: a JSX `<a>`, or Remix's `Link`/`NavLink` imported. */
function unstyledLinks(file: string, source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
  const found: string[] = [];
  code.split("\n").forEach((line, index) => {
    if (/<a[\s>]/.test(line)) found.push(`${file}:${index + 1}: a plain <a>: ${line.trim()}`);
  });
  for (const match of code.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*["']@remix-run\/react["']/g)) {
    const names = match[1].split(",").map((name) => name.trim().split(/\s+as\s+/)[0]);
    for (const name of names.filter((name) => name === "Link" || name === "NavLink")) {
      found.push(`${file}: Remix's ${name} (use Polaris's Link with \`url\`)`);
    }
  }
  return found;
}

it("draws every link of the admin screens with Polaris, not in the browser's default colours", () => {
  const files = repositoryFiles().filter((file) => ADMIN_FILE.test(file) && !(file in ALLOWED));
  expect(files.length).toBeGreaterThan(30);
  expect(files.flatMap((file) => unstyledLinks(file, readFileSync(file, "utf8")))).toEqual([]);
});

it("recognises a plain anchor and Remix's Link, however imported, and nothing else", () => {
  const sample = [
    'import { Link as RemixLink, useLoaderData } from "@remix-run/react";',
    'import { NavLink } from "@remix-run/react";',
    'import { Link } from "@shopify/polaris";',
    "// <a href> in a comment is no link",
    'const x = <a href="/app">Home</a>;',
    "const y = <abbr>JPY</abbr>;",
  ].join("\n");
  expect(unstyledLinks("sample.tsx", sample)).toEqual([
    'sample.tsx:5: a plain <a>: const x = <a href="/app">Home</a>;',
    "sample.tsx: Remix's Link (use Polaris's Link with `url`)",
    "sample.tsx: Remix's NavLink (use Polaris's Link with `url`)",
  ]);
});
