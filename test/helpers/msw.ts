import { setupServer } from "msw/node";

/** One MSW server per test file; tests add Shopify's answers with `mswServer.use(...)`. */
export const mswServer = setupServer();
