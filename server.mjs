// The production server: the Remix build behind Express, as remix-serve runs it, plus a clean shutdown
// that lets the inbox worker finish the delivery in hand. `npm start` runs it.
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

process.env.NODE_ENV ??= "production";
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

const server = app.listen(port, host, () => {
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
