// Browser tests: `npx vitest run --config test/browser/vitest.config.ts` (or `npm run test:browser`).
// They build the app when needed, start the production server with the Shopify emulator on a free
// loopback port, and drive Debian's Chromium (scripts/install-browser.sh) with playwright-core.
// No database setup file: the tests migrate their own SQLite file for the server they start.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/browser/**/*.browser.test.ts"],
    pool: "forks",
    fileParallelism: false,
    allowOnly: false,
    testTimeout: 180_000,
    hookTimeout: 900_000,
  },
});
