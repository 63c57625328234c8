// The one launcher builds the app whenever anything that goes into the build changed, and only then: on a
// small project of its own whose `npm run build` writes a stamp, so no real build runs here.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BUILD_INPUTS, ensureBuild } from "~root/scripts/lib/app-server.mjs";

let root: string;
let builds = 0;

function write(relative: string, content: string) {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** Builds as the launcher would; says whether it did, and checks the build it left is the last one made. */
function build(): boolean {
  const built = ensureBuild({ root });
  if (built) builds += 1;
  expect(readFileSync(path.join(root, "build/server/index.js"), "utf8")).toBe(`build ${builds}\n`);
  return built;
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "build-freshness-"));
  const script = [
    "const fs = require('node:fs');",
    "fs.rmSync('build', { recursive: true, force: true });",
    "fs.mkdirSync('build/server', { recursive: true });",
    "const n = Number(fs.existsSync('count') ? fs.readFileSync('count', 'utf8') : 0) + 1;",
    "fs.writeFileSync('count', String(n));",
    "fs.writeFileSync('build/server/index.js', 'build ' + n + '\\n');",
  ].join(" ");
  write("package.json", JSON.stringify({ private: true, scripts: { build: `node -e "${script}"` } }));
  write("package-lock.json", "{}\n");
  write("app/root.tsx", "export default 1;\n");
  write("app/models/thing.server.ts", "export const thing = 1;\n");
  write("app/models/thing.server.test.ts", "// a test\n");
  write("vite.config.ts", "export default {};\n");
  write("tsconfig.json", "{}\n");
  write("env.d.ts", "\n");
  write("patches/some+lib+1.0.0.patch", "diff\n");
  write("prisma/schema.prisma", "// schema\n");
  write("public/favicon.ico", "icon");
  write("README.md", "# not an input\n");
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("ensureBuild", () => {
  it("builds when there is no build, then not again while nothing changed", () => {
    expect(build()).toBe(true);
    expect(build()).toBe(false);
  });

  it.each([
    ["a module of the app", "app/models/thing.server.ts"],
    ["a new file in the app", "app/routes/new-route.tsx"],
    ["vite.config.ts", "vite.config.ts"],
    ["package.json", "package.json"],
    ["package-lock.json", "package-lock.json"],
    ["a patch", "patches/some+lib+1.0.0.patch"],
    ["tsconfig.json", "tsconfig.json"],
    ["env.d.ts", "env.d.ts"],
    ["the Prisma schema", "prisma/schema.prisma"],
    ["a public file", "public/favicon.ico"],
  ])("rebuilds when %s changes", (_label, relative) => {
    expect(build()).toBe(false);
    const file = path.join(root, relative);
    let content = "";
    try {
      content = readFileSync(file, "utf8");
    } catch {
      // a new file
    }
    if (relative === "package.json") {
      const pkg = JSON.parse(content);
      write(relative, JSON.stringify({ ...pkg, version: `${builds}.0.0` }));
    } else {
      write(relative, `${content}// changed\n`);
    }
    expect(build()).toBe(true);
    expect(build()).toBe(false);
  });

  it("rebuilds a build that looks newer than its changed inputs (npm ci, a checkout or a copy left it)", () => {
    expect(build()).toBe(false);
    write("app/models/thing.server.ts", "export const thing = 2;\n");
    write("package-lock.json", '{ "lockfileVersion": 3 }\n');
    const past = new Date("2020-01-01T00:00:00Z");
    for (const relative of ["app/models/thing.server.ts", "package-lock.json", "app/models", "app"]) {
      utimesSync(path.join(root, relative), past, past);
    }
    expect(build()).toBe(true);
  });

  it("does not rebuild for a test file, or a file that is not an input", () => {
    expect(BUILD_INPUTS).not.toContain("README.md");
    write("app/models/thing.server.test.ts", "// another test\n");
    write("README.md", "# still not an input\n");
    expect(build()).toBe(false);
  });

  it("rebuilds when told to (APP_REBUILD=1), and when the build was removed", () => {
    vi.stubEnv("APP_REBUILD", "1");
    try {
      expect(build()).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
    rmSync(path.join(root, "build"), { recursive: true });
    expect(build()).toBe(true);
    expect(build()).toBe(false);
  });
});
