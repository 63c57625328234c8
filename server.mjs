// The production server: the Remix build behind Express, as remix-serve runs it, plus a clean shutdown
// that lets the inbox worker finish the delivery in hand. `npm start` runs it.
import { existsSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { readMailSettings } from "./app/models/email/settings.js";

process.env.NODE_ENV ??= "production";
// The inbox worker records orders on a thread of its own, off the thread that answers Shopify.
process.env.INBOX_WORKER ??= "thread";
// No installGlobals: Node 20+ has fetch, Request and Response, and replacing them would also undo what
// a preloaded module (the Shopify emulator in the demo) patched.

const buildPath = path.resolve(process.env.REMIX_BUILD ?? "build/server/index.js");

const REQUIRED_VARIABLES = [
  ["SHOPIFY_API_KEY", "the app's client id"],
  ["SHOPIFY_API_SECRET", "its client secret"],
  ["SHOPIFY_APP_URL", "its public URL"],
];

/**
 * What keeps the app from starting, each as one line saying what to run or set: the build, the Shopify
 * variables, the database and its migrations. Checked once, before anything is loaded.
 */
async function startProblems(env) {
  const problems = [];
  if (!existsSync(buildPath)) {
    problems.push(`there is no build (${path.relative(".", buildPath)}): run \`npm run build\`.`);
  }
  const missing = REQUIRED_VARIABLES.filter(([name]) => !env[name]);
  if (missing.length > 0) {
    const list = missing.map(([name, what]) => `${name} (${what})`).join(", ");
    problems.push(`set ${list}: see "Configuration" in README.md.`);
  }
  const mail = readMailSettings(env);
  if (!mail.ok) problems.push(`${mail.problem}: see "Configuration" in README.md.`);
  const databaseProblem = await migrationProblem(env.DATABASE_URL ?? "file:./prisma/dev.sqlite");
  if (databaseProblem) problems.push(databaseProblem);
  return problems;
}

/** Whether the SQLite database exists and has every migration in prisma/migrations applied. */
async function migrationProblem(databaseUrl) {
  if (!databaseUrl.startsWith("file:"))
    return `DATABASE_URL must be a SQLite file: URL such as file:./prisma/dev.sqlite, got ${databaseUrl}.`;
  const file = databaseUrl.slice("file:".length).replace(/\?.*$/, "");
  const setup = `run \`npm run setup\` (with the same DATABASE_URL)`;
  // Opening a database that is not there would create an empty one.
  if (!existsSync(file)) return `the database ${file} does not exist: ${setup}.`;
  const migrationsDir = path.join(path.dirname(url.fileURLToPath(import.meta.url)), "prisma/migrations");
  const expected = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
    : [];
  const { createClient } = await import("@libsql/client");
  const client = createClient({ url: databaseUrl });
  try {
    const { rows } = await client.execute(
      `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    const pending = expected.filter((name) => !applied.has(name));
    if (pending.length > 0) {
      return `the database ${file} lacks ${pending.length === 1 ? "migration" : "migrations"} ${pending.join(", ")}: ${setup}.`;
    }
    return applied.size > 0 ? null : `the database ${file} was never migrated: ${setup}.`;
  } catch (error) {
    if (/no such table/i.test(error.message)) return `the database ${file} was never migrated: ${setup}.`;
    return `the database ${file} cannot be read (${error.message}).`;
  } finally {
    client.close();
  }
}

const problems = await startProblems(process.env);
if (problems.length > 0) {
  for (const problem of problems) console.error(`Cannot start: ${problem}`);
  process.exit(1);
}

const build = await import(url.pathToFileURL(buildPath).href);
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || undefined;

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
if (process.env.LOG_REQUESTS !== "off") {
  app.use((request, response, next) => {
    const started = process.hrtime.bigint();
    response.on("finish", () => {
      // Webhooks arrive by the hundred: only their failures are worth a line.
      if (request.path.startsWith("/webhooks/") && response.statusCode < 400) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      console.log(`${request.method} ${request.originalUrl} ${response.statusCode} ${ms.toFixed(1)} ms`);
    });
    next();
  });
}
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

// Shopify's webhooks arrive by the hundred and wait on the answer, so they skip Express's middleware and
// Remix's router: each goes straight to its own route's action (authenticate.webhook and all), as a
// ReadRequest (a Request whose body was read already: text(), json(), arrayBuffer() and bytes() serve it;
// `body` is null), and its Response is written back as is. Everything else is served by Remix.
const { ReadRequest } = build.entry.module;
const webhookActions = new Map(
  Object.values(build.routes)
    .filter((route) => route.path?.startsWith("webhooks/") && route.module.action)
    .map((route) => [`/${route.path}`, route.module.action]),
);

async function serveWebhook(action, request, response) {
  try {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const headers = new Headers();
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      headers.append(request.rawHeaders[i], request.rawHeaders[i + 1]);
    }
    const url = new URL(request.url, `http://${request.headers.host ?? "localhost"}`);
    // The body is in hand: a ReadRequest serves it as it is, without a stream to build and read back.
    const webRequest = new ReadRequest(url.href, "POST", headers, Buffer.concat(chunks));
    let answer;
    try {
      answer = await action({ request: webRequest, params: {}, context: {} });
    } catch (thrown) {
      if (!(thrown instanceof Response)) throw thrown;
      answer = thrown;
    }
    const body = answer.body ? Buffer.from(await answer.arrayBuffer()) : undefined;
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(body);
  } catch (error) {
    console.error(`POST ${request.url} failed:`, error);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  }
}

const server = createServer((request, response) => {
  const action = request.method === "POST" && webhookActions.get(request.url.split("?")[0]);
  if (action) void serveWebhook(action, request, response);
  else app(request, response);
});
server.listen(port, host, () => {
  console.log(`Listening on http://${host ?? "localhost"}:${port}`);
});

async function shutdown(signal) {
  console.log(`${signal}: shutting down`);
  server.close();
  await build.entry.module.stopInboxWorker?.();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
