// The CSV export's thread (app/models/ledger/export-worker.server.ts) as a module of its own, beside the server
// bundle: a thread loads the export's code alone, not the whole server (`npm run build` runs this after Remix's
// build).
import { defineConfig, type UserConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  build: {
    ssr: "app/models/ledger/export-worker.server.ts",
    outDir: "build/export-worker",
    emptyOutDir: true,
    target: "node20",
    // Packages are imported for what they export only: a type-only import leaves no import behind.
    rollupOptions: {
      output: { entryFileNames: "index.js" },
      treeshake: { moduleSideEffects: "no-external" },
    },
  },
}) satisfies UserConfig;
