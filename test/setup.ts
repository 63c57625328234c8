// Runs before every test file, before it imports any app module.
import { copyFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, inject } from "vitest";
import { API_KEY, API_SECRET_KEY, APP_URL } from "@shopify/shopify-api/test-helpers";
import { appScopes } from "~root/scripts/lib/app-server.mjs";
import { mswServer } from "~test/helpers/msw";
import { recordAdminRequests, sentDocumentProblems } from "~test/shopify/sent-documents";

const databaseDir = inject("testDatabaseDir");
const databaseFile = path.join(databaseDir, `${randomUUID()}.sqlite`);
copyFileSync(path.join(databaseDir, "template.sqlite"), databaseFile);

process.env.DATABASE_URL = `file:${databaseFile}`;
process.env.SHOPIFY_API_KEY = API_KEY;
process.env.SHOPIFY_API_SECRET = API_SECRET_KEY;
process.env.SHOPIFY_APP_URL = APP_URL;
process.env.SCOPES = appScopes();
// Shopify's libraries log every admin request at info; tests show their warnings and errors only.
process.env.SHOPIFY_LOG_LEVEL ??= "warning";
globalThis.prismaGlobal = undefined;
globalThis.sqliteGlobal = undefined;
globalThis.creditingSqliteGlobal = undefined;

// @shopify/shopify-api captures fetch when first imported, so MSW listens before any test imports it.
// A request no handler answers fails the test at once, naming the request: nothing reaches the network,
// whether or not the machine has one. Only loopback passes: the servers tests start themselves (the app's
// production server, the emulator's control server). Each test starts with no handlers: what one adds
// never leaks into the next.
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
mswServer.listen({
  onUnhandledRequest(request, print) {
    if (!LOOPBACK.has(new URL(request.url).hostname)) print.error();
  },
});
afterEach(() => {
  mswServer.resetHandlers();
});

// The variables the app builds for its documents, as every test sends them to the Admin API, are checked
// against Shopify's real 2025-10 schema once the file's tests are done.
const sentAdminRequests = recordAdminRequests(mswServer);
afterAll(async () => {
  const problems = await sentDocumentProblems(await sentAdminRequests());
  if (problems.length > 0)
    throw new Error(`Variables Shopify's Admin API 2025-10 would refuse:\n  - ${problems.join("\n  - ")}`);
});
