// The production server: the Remix build behind Express, as remix-serve runs it, plus a clean shutdown
// that lets the inbox worker finish the delivery in hand. `npm start` runs it.
import { createServer } from "node:http";
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

process.env.NODE_ENV ??= "production";
// The inbox worker records orders on a thread of its own, off the thread that answers Shopify.
process.env.INBOX_WORKER ??= "thread";
// No installGlobals: Node 20+ has fetch, Request and Response, and replacing them would also undo what
// a preloaded module (the Shopify emulator in the demo) patched.

const buildPath = path.resolve(process.env.REMIX_BUILD ?? "build/server/index.js");
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
