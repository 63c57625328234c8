// The repository stands on its own: no file may point at something a fresh clone does not have (a
// specification kept elsewhere on the machine, someone's home directory).
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { repositoryFiles } from "./repository-files";

const OUTSIDE_PATHS: Array<[RegExp, string]> = [
  [/\/work\//, "an absolute path on the machine the app was written on"],
  [/\bshared\/(spec|reference|hooks|seeds)\b/, "the specifications kept outside the repository"],
  [/\.\.\/shared\b/, "a folder beside the repository"],
  [/(^|[\s"'`(=])\/(home|Users|root)\/[^\s"'`)]/m, "someone's home directory"],
];

/** The lock file lists registry URLs and package paths only, none of them ours. */
const SKIPPED = new Set(["package-lock.json"]);

/** A path from its parts: the samples below are built so that this file holds none of what it looks for. */
const joined = (...parts: string[]) => parts.join("/");

function outsidePaths(file: string): string[] {
  const text = readFileSync(file, "utf8");
  if (text.includes("\0")) return []; // binary
  const found: string[] = [];
  text.split("\n").forEach((line, index) => {
    for (const [pattern, what] of OUTSIDE_PATHS) {
      if (pattern.test(line)) found.push(`${file}:${index + 1}: ${what}: ${line.trim()}`);
    }
  });
  return found;
}

it("no file of the repository refers to a path outside it", () => {
  const files = repositoryFiles().filter((file) => !SKIPPED.has(file));
  expect(files.length).toBeGreaterThan(100);
  expect(files.flatMap(outsidePaths)).toEqual([]);
});

it("recognises each kind of outside path", () => {
  const samples = [
    `see ${joined("", "work", "shared", "spec", "attribution.md")}`,
    `the format is in ${joined("shared", "spec", "demo.md")}`,
    `import data from '${joined("..", "shared", "reference", "seeds", "x.json")}'`,
    `open('${joined("", "home", "alice", "notes.txt")}')`,
  ];
  for (const sample of samples) {
    expect(
      OUTSIDE_PATHS.some(([pattern]) => pattern.test(sample)),
      sample,
    ).toBe(true);
  }
  for (const fine of ["docs/attribution.md", "app/lib/shared.ts", "https://example.com/home/x", "~/models"]) {
    expect(
      OUTSIDE_PATHS.some(([pattern]) => pattern.test(fine)),
      fine,
    ).toBe(false);
  }
});
