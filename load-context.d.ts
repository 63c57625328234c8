// What server.mjs hands every loader and action as `context` (Remix's AppLoadContext).
import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /**
     * Resolves when the HTTP response has room for more, and rejects when the client went away: a streamed
     * body (the ledger's CSV export) waits on it, so a slow download does not pile up in memory. Absent
     * outside the production server.
     */
    responseDrained?: () => Promise<void>;
  }
}
