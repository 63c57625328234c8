import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureBuild } from "~root/scripts/lib/app-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseDir: string;
  }
}

// Migrates one template database with Prisma; every test file then works on its own copy of it.
export default function setup(project: TestProject) {
  // Tests that run the production server (the demo, a restart) share one build, made here once.
  ensureBuild();
  mkdirSync(path.resolve("test/.tmp"), { recursive: true });
  const dir = mkdtempSync(path.resolve("test/.tmp/run-"));
  execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.sqlite")}` },
    stdio: "pipe",
  });
  project.provide("testDatabaseDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
