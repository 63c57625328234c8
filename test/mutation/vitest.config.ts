// The engine's own tests, alone: what `npm run test:mutation` (StrykerJS) runs against each mutant of
// app/attribution/. The engine is pure, so no database, no MSW and no build are set up for it. Property
// tests make a tenth of their runs (FC_RUNS_SCALE): thousands of mutants each run them.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/attribution/**/*.test.ts"],
    setupFiles: ["test/helpers/fast-check.ts"],
    env: { FC_RUNS_SCALE: "0.1" },
    allowOnly: false,
    pool: "forks",
    testTimeout: 60_000,
  },
});
