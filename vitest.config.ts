import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Vitest runs on its own config, not the Remix Vite plugin: tests import route modules directly.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: [
      "app/**/*.test.{ts,tsx}",
      "test/**/*.test.{ts,tsx}",
      "emulator/**/*.test.ts",
      "extensions/**/*.test.ts",
    ],
    exclude: ["test/browser/**/*.browser.test.ts", "**/node_modules/**"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts", "test/helpers/fast-check.ts"],
    // A committed it.only / describe.only fails the run (locally too), rather than silently skipping the rest.
    allowOnly: false,
    pool: "forks",
    // Safety nets, not measurements: a test waits for conditions, and on a shared, loaded machine a slow
    // test is slow, not wrong. Only a test that hangs reaches these.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
