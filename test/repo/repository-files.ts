import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * The repository's files, relative to its root (where the tests run): every tracked file and every new one
 * that is not ignored, so a file is checked before it is committed (and none deleted since).
 */
export function repositoryFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  return [...new Set(listed.split("\0"))].filter((file) => file !== "" && existsSync(file));
}
