// Every link between the repository's Markdown pages leads somewhere: the file exists, and a `#section`
// names a heading of it (as GitHub makes anchors of headings).
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { repositoryFiles } from "./repository-files";

/** The page without its code blocks. */
function withoutCodeBlocks(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

/** The page's text without code blocks and code spans, where brackets are not links. */
function prose(markdown: string): string {
  return withoutCodeBlocks(markdown).replace(/`[^`\n]*`/g, "");
}

/** `[text](target)` and `[text](target "title")`: the targets. */
export function linkTargets(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\[[^\]]*\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)/g)].map(
    (match) => match[1],
  );
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(markdown: string): Set<string> {
  const headings = [...withoutCodeBlocks(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map(
    (match) => match[1],
  );
  return new Set(headings.map(anchorOf));
}

function brokenLinks(file: string): string[] {
  const markdown = readFileSync(file, "utf8");
  const broken: string[] = [];
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
    const [pathPart, anchor] = target.split("#", 2);
    const resolved = pathPart === "" ? file : path.normalize(path.join(path.dirname(file), pathPart));
    if (resolved.startsWith("..") || !existsSync(resolved)) {
      broken.push(`${file}: ${target}: no such file`);
      continue;
    }
    if (anchor === undefined || statSync(resolved).isDirectory()) continue;
    if (!resolved.endsWith(".md")) continue;
    if (!anchorsOf(readFileSync(resolved, "utf8")).has(anchor)) {
      broken.push(`${file}: ${target}: no heading for #${anchor}`);
    }
  }
  return broken;
}

it("every link between the repository's Markdown pages leads to a file and a heading that exist", () => {
  const pages = repositoryFiles().filter((file) => file.endsWith(".md"));
  expect(pages).toContain("docs/architecture.md");
  expect(pages.flatMap(brokenLinks)).toEqual([]);
});

it("reads links and anchors as GitHub does", () => {
  expect(
    linkTargets(
      'See [a](docs/a.md), [c](x.md "title") and [d](#here).\n```\n[not](a-link)\n```\n`[nor](this)`',
    ),
  ).toEqual(["docs/a.md", "x.md", "#here"]);
  expect(anchorOf("Input: `AttributionInput`")).toBe("input-attributioninput");
  expect(anchorOf("The webhook path")).toBe("the-webhook-path");
  expect(anchorOf("0001 — The spool")).toBe("0001--the-spool");
});
