// Runs before every test file, before it imports any app module.
import { copyFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, inject } from "vitest";
import { API_KEY, API_SECRET_KEY, APP_URL } from "@shopify/shopify-api/test-helpers";
import { mswServer } from "~test/helpers/msw";
import { recordAdminRequests, sentDocumentProblems } from "~test/shopify/sent-documents";

const databaseDir = inject("testDatabaseDir");
const databaseFile = path.join(databaseDir, `${randomUUID()}.sqlite`);
copyFileSync(path.join(databaseDir, "template.sqlite"), databaseFile);

process.env.DATABASE_URL = `file:${databaseFile}`;
process.env.SHOPIFY_API_KEY = API_KEY;
process.env.SHOPIFY_API_SECRET = API_SECRET_KEY;
process.env.SHOPIFY_APP_URL = APP_URL;
process.env.SCOPES =
  "read_customers,write_customers,read_orders,read_products,read_discounts,write_discounts,read_own_subscription_contracts,write_app_proxy";
// Shopify's libraries log every admin request at info; tests show their warnings and errors only.
process.env.SHOPIFY_LOG_LEVEL ??= "warning";
globalThis.prismaGlobal = undefined;
globalThis.sqliteGlobal = undefined;

// @shopify/shopify-api captures fetch when first imported, so MSW listens before any test imports it.
// Unhandled requests pass through: nothing outside loopback is reachable here, so a request no handler
// answers fails loudly with a network error.
mswServer.listen({ onUnhandledRequest: "bypass" });

// The variables the app builds for its documents, as every test sends them to the Admin API, are checked
// against Shopify's real 2025-10 schema once the file's tests are done.
const sentAdminRequests = recordAdminRequests(mswServer);
afterAll(async () => {
  const problems = await sentDocumentProblems(await sentAdminRequests());
  if (problems.length > 0)
    throw new Error(`Variables Shopify's Admin API 2025-10 would refuse:\n  - ${problems.join("\n  - ")}`);
});
