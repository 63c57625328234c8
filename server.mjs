// The production server: the Remix build behind Express, as remix-serve runs it, plus a clean shutdown
// that lets the inbox worker finish the delivery in hand. `npm start` runs it.
import { accessSync, constants, existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/node";
import express from "express";
import { answerCompression } from "./app/lib/answer-compression.js";
import { quickCheckProblem, startupIntegrityProblem } from "./app/lib/database-integrity.js";
import { writeBody } from "./app/lib/write-body.js";
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
 * variables, the database (its migrations, its tables, its integrity) and the spool next to it. Checked
 * once, before anything is loaded.
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
  if (env.WEBHOOK_MAX_BYTES && !/^[1-9]\d*$/.test(env.WEBHOOK_MAX_BYTES.trim())) {
    problems.push(`WEBHOOK_MAX_BYTES must be a whole number of bytes, got ${env.WEBHOOK_MAX_BYTES}.`);
  }
  const databaseUrl = env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
  const databaseProblem = await migrationProblem(databaseUrl);
  if (databaseProblem) problems.push(databaseProblem);
  else {
    const spool = await spoolProblem(databaseUrl);
    if (spool) problems.push(spool);
  }
  return problems;
}

const MIGRATIONS_DIR = path.join(path.dirname(url.fileURLToPath(import.meta.url)), "prisma/migrations");

/** The migrations in prisma/migrations, oldest first, and the tables they leave (Prisma's new_* are renamed). */
function migrations() {
  const names = existsSync(MIGRATIONS_DIR)
    ? readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const tables = new Set();
  for (const name of names) {
    const sql = readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");
    for (const [, table] of sql.matchAll(/CREATE TABLE "(\w+)"/g))
      if (!table.startsWith("new_")) tables.add(table);
    for (const [, table] of sql.matchAll(/DROP TABLE "(\w+)"/g))
      if (!sql.includes(`RENAME TO "${table}"`)) tables.delete(table);
  }
  return { names, tables: [...tables] };
}

/** Whether the SQLite database exists and has every migration in prisma/migrations applied. */
async function migrationProblem(databaseUrl) {
  if (!databaseUrl.startsWith("file:"))
    return `DATABASE_URL must be a SQLite file: URL such as file:./prisma/dev.sqlite, got ${databaseUrl}.`;
  const file = databaseUrl.slice("file:".length).replace(/\?.*$/, "");
  const setup = `run \`npm run setup\` (with the same DATABASE_URL)`;
  // Opening a database that is not there would create an empty one.
  if (!existsSync(file)) return `the database ${file} does not exist: ${setup}.`;
  if (!writable(file))
    return `the database ${file} cannot be written by this process: check its permissions.`;
  const expected = migrations();
  const { createClient } = await import("@libsql/client");
  let client;
  try {
    client = createClient({ url: databaseUrl });
    const { rows } = await client.execute(
      `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    const pending = expected.names.filter((name) => !applied.has(name));
    if (pending.length > 0) {
      return `the database ${file} lacks ${pending.length === 1 ? "migration" : "migrations"} ${pending.join(", ")}: ${setup}.`;
    }
    if (applied.size === 0) return `the database ${file} was never migrated: ${setup}.`;
    // A check whose cost does not grow with the history; `npm run check:database` reads the whole file.
    const damage = await startupIntegrityProblem(client, expected.tables);
    return damage ? `the database ${file} is damaged (${damage}): ${RESTORE}.` : null;
  } catch (error) {
    if (/no such table: _prisma_migrations/i.test(error.message))
      return `the database ${file} was never migrated: ${setup}.`;
    return `the database ${file} cannot be read (${firstLine(error.message)}): ${RESTORE}.`;
  } finally {
    client?.close();
  }
}

const RESTORE = "restore it from a backup, or check that DATABASE_URL names the app's database";

function writable(file) {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const firstLine = (text) => String(text).split("\n")[0].slice(0, 300);

/**
 * Whether the spool (webhooks acknowledged but not yet processed, in a file next to the database: the
 * rule of spoolUrl in app/pipeline/spool.server.ts) can be opened: a sound file, or a folder to create it in.
 */
async function spoolProblem(databaseUrl) {
  const file = databaseUrl
    .slice("file:".length)
    .replace(/\?.*$/, "")
    .replace(/(\.sqlite|\.db)?$/, (extension) => `.spool${extension || ".sqlite"}`);
  if (!writable(existsSync(file) ? file : path.dirname(path.resolve(file))))
    return `the spool ${file} cannot be ${existsSync(file) ? "written" : "created"}: check its folder's permissions.`;
  if (!existsSync(file)) return null;
  const { createClient } = await import("@libsql/client");
  let client;
  try {
    client = createClient({ url: `file:${file}` });
    // The spool holds only what is not yet processed: small, so checked whole.
    const damage = await quickCheckProblem(client);
    if (damage) throw new Error(damage);
    return null;
  } catch (error) {
    return `the spool ${file} cannot be read (${firstLine(error.message)}): it holds webhooks acknowledged but not yet processed; restore it from a backup, or move it aside to start without them.`;
  } finally {
    client?.close();
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
const {
  ReadRequest,
  RefusalLog,
  FORM_MAX_BYTES,
  MAX_HEADER_BYTES,
  hasBody,
  loggable,
  loggableUrl,
  readBodyWithin,
  refuseTooLarge,
  webhookMaxBytes,
} = build.entry.module;
const WEBHOOK_MAX_BYTES = webhookMaxBytes(process.env.WEBHOOK_MAX_BYTES);
const refusals = new RefusalLog();

const app = express();
app.disable("x-powered-by");
app.use(answerCompression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
if (process.env.LOG_REQUESTS !== "off") {
  app.use((request, response, next) => {
    const started = process.hrtime.bigint();
    response.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The path and the names of the query's parameters, never their values: session tokens, searches.
      console.log(
        `${request.method} ${loggableUrl(request.originalUrl)} ${response.statusCode} ${ms.toFixed(1)} ms`,
      );
    });
    next();
  });
}
const handleRemix = createRequestHandler(build, process.env.NODE_ENV);
app.all("*", async (request, response, next) => {
  try {
    await sendRemixResponse(response, await handleRemix(remixRequest(request, response)));
  } catch (error) {
    next(error);
  }
});

/**
 * The web Request Remix reads, as @remix-run/express builds it, except that the body (read already, within
 * its limit, by `serve` below) is handed over whole instead of as a stream of the connection.
 */
function remixRequest(request, response) {
  const controller = new AbortController();
  response.on("close", () => {
    if (!response.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (const [name, values] of Object.entries(request.headers)) {
    for (const value of Array.isArray(values) ? values : [values]) if (value) headers.append(name, value);
  }
  const body = request.readBody;
  return new Request(`${request.protocol}://${request.get("host") ?? "localhost"}${request.originalUrl}`, {
    method: request.method,
    headers,
    signal: controller.signal,
    ...(body?.length && request.method !== "GET" && request.method !== "HEAD" ? { body } : {}),
  });
}

/**
 * Writes Remix's Response back, as @remix-run/express does, except that a streamed body is written at the pace
 * the client reads it (gzip included) and stops when the client goes away (app/lib/write-body.js).
 */
async function sendRemixResponse(response, answer) {
  response.statusMessage = answer.statusText;
  response.status(answer.status);
  for (const [name, value] of answer.headers.entries()) response.append(name, value);
  if (/text\/event-stream/i.test(answer.headers.get("Content-Type") ?? "")) response.flushHeaders();
  if (answer.body) await writeBody(answer.body, response);
  else response.end();
}

// Shopify's webhooks arrive by the hundred and wait on the answer, so they skip Express's middleware and
// Remix's router: each goes straight to its own route's action (authenticate.webhook and all), as a
// ReadRequest (a Request whose body was read already: text(), json(), arrayBuffer() and bytes() serve it;
// `body` is null), and its Response is written back as is. Everything else is served by Remix.
const webhookActions = new Map(
  Object.values(build.routes)
    .filter((route) => route.path?.startsWith("webhooks/") && route.module.action)
    .map((route) => [`/${route.path}`, route.module.action]),
);

async function serveWebhook(action, request, response, body) {
  try {
    const headers = new Headers();
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      headers.append(request.rawHeaders[i], request.rawHeaders[i + 1]);
    }
    const url = new URL(request.url, `http://${request.headers.host ?? "localhost"}`);
    // The body is in hand: a ReadRequest serves it as it is, without a stream to build and read back.
    const webRequest = new ReadRequest(url.href, "POST", headers, body);
    let answer;
    try {
      answer = await action({ request: webRequest, params: {}, context: {} });
    } catch (thrown) {
      if (!(thrown instanceof Response)) throw thrown;
      answer = thrown;
    }
    if (answer.status >= 400) refuseWebhook(request, `${answer.status} ${answer.statusText}`.trim());
    const answerBody = answer.body ? Buffer.from(await answer.arrayBuffer()) : undefined;
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(answerBody);
  } catch (error) {
    console.error(`POST ${loggableUrl(request.url)} failed: ${loggable(error?.stack ?? error, 2000)}`);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  }
}

/** One line for a webhook the app refused: its path, and the shop and topic it claims (unverified). */
function refuseWebhook(request, reason) {
  const claims = `shop ${loggable(request.headers["x-shopify-shop-domain"] ?? "(none)", 100)}, topic ${loggable(request.headers["x-shopify-topic"] ?? "(none)", 100)}`;
  refusals.record(`webhook ${reason}`, `POST ${loggableUrl(request.url)} (${claims})`);
}

function refuseLargeBody(request, response, limit, reading) {
  const size = reading.declared ? `Content-Length ${reading.bytes}` : `more than ${limit} bytes sent`;
  refusals.record("413 body too large", `${request.method} ${loggableUrl(request.url)} (${size})`);
  refuseTooLarge(request, response, limit);
}

/**
 * Every request's body is read here, before anything else sees it, and never beyond its limit: a webhook's
 * WEBHOOK_MAX_BYTES, any other request's FORM_MAX_BYTES. A declared length above the limit is answered 413
 * at once, without reading; a chunked body is answered 413 the moment it passes the limit.
 */
async function serve(request, response) {
  const action = request.method === "POST" && webhookActions.get(request.url.split("?")[0]);
  const limit = action ? WEBHOOK_MAX_BYTES : FORM_MAX_BYTES;
  let body = EMPTY;
  if (hasBody(request)) {
    const reading = await readBodyWithin(request, limit);
    if (reading.status === "too_large") return refuseLargeBody(request, response, limit, reading);
    if (reading.status === "aborted") return;
    body = reading.body;
  }
  if (action) return serveWebhook(action, request, response, body);
  request.readBody = body;
  app(request, response);
}
const EMPTY = Buffer.alloc(0);

// Headers (with the request line) are bounded too: past MAX_HEADER_BYTES Node answers 431 by itself.
const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (request, response) => {
  void serve(request, response);
});
// What Node refuses before there is a request (headers too large, malformed HTTP, too slow) is counted too.
const CLIENT_ERRORS = {
  HPE_HEADER_OVERFLOW: [431, "Request Header Fields Too Large", "431 headers too large"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "Request Timeout", "408 request too slow"],
};
server.on("clientError", (error, socket) => {
  if (error.code === "ECONNRESET" || !socket.writable) return socket.destroy();
  const [status, text, reason] = CLIENT_ERRORS[error.code] ?? [400, "Bad Request", "400 malformed request"];
  refusals.record(reason, `from ${loggable(socket.remoteAddress ?? "?", 60)} (${loggable(error.code, 40)})`);
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
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
