// The one launcher of the built app: builds it when the sources changed, migrates a fresh SQLite file, and
// starts the production entry (server.mjs) as a child process on loopback with the Shopify emulator
// preloaded; signs webhooks as Shopify does. Used by the demo, the benchmarks, the server tests and the
// browser tests (test/browser/helpers/app-server.ts adds what a browser needs).
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** What the build is made from: a change to any of these makes it stale. */
const BUILD_SOURCES = ["app", "vite.config.ts", "package.json", "public"];

/** Newest modification time under a file or folder (ms), dot files and node_modules left out. */
function newestMtime(target) {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/**
 * Builds the app (`npm run build`) when there is no build, or its sources changed since it was made, or
 * APP_REBUILD=1. Returns whether it built; throws with the build's output when the build fails.
 * @param {{ log?: (message: string) => void }} [options]
 */
export function ensureBuild({ log = () => {} } = {}) {
  const built = path.join(ROOT, "build/server/index.js");
  const sources = BUILD_SOURCES.map((entry) => path.join(ROOT, entry)).filter((entry) => existsSync(entry));
  const stale =
    process.env.APP_REBUILD === "1" ||
    !existsSync(built) ||
    Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
  if (!stale) return false;
  log("Building the app (npm run build)…");
  const result = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8", env: process.env });
  if (result.status !== 0) {
    const error = new Error(
      `npm run build failed:\n${(result.stdout ?? "").slice(-4000)}\n${(result.stderr ?? "").slice(-4000)}`,
    );
    error.stderr = result.stderr;
    throw error;
  }
  return true;
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix) {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Creates and migrates a SQLite database with Prisma (`prisma migrate deploy`). */
export function migrateDatabase(databaseUrl) {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  if (result.status !== 0) {
    throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
  }
}

export async function waitForHttp(url, { timeoutMs = 30_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}`);
    try {
      await fetch(url, { redirect: "manual" });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`Nothing answered at ${url} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * A private copy of build/ in a new folder that links the project's node_modules and public/, for a server
 * that must not see the shared build change under it (another run may rebuild it meanwhile).
 */
function isolatedBuild() {
  const dir = tempDir("affiliate-app-");
  cpSync(path.join(ROOT, "build"), path.join(dir, "build"), { recursive: true });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  if (existsSync(path.join(ROOT, "public")))
    symlinkSync(path.join(ROOT, "public"), path.join(dir, "public"), "dir");
  return dir;
}

/**
 * Starts the production server (server.mjs) on loopback with the emulator preloaded, and waits until it
 * answers. `url` is where to send requests (127.0.0.1); `appUrl` is the app's own URL (SHOPIFY_APP_URL, on
 * `localhost`), for a browser. `stop(signal)` resolves with its exit code; with `killAfterMs` it is killed
 * outright when it has not exited by then.
 * @param {{ databaseUrl: string, storeFile: string, apiKey: string, apiSecret: string, port?: number,
 *   env?: Record<string, string>, inheritOutput?: boolean, nodeArgs?: string[], isolateBuild?: boolean,
 *   startTimeoutMs?: number }} options
 */
export async function startAppServer({
  databaseUrl,
  storeFile,
  apiKey,
  apiSecret,
  port,
  env = {},
  inheritOutput = false,
  nodeArgs = [],
  isolateBuild = false,
  startTimeoutMs = 60_000,
}) {
  const listening = port ?? (await freePort());
  const url = `http://127.0.0.1:${listening}`;
  const appUrl = `http://localhost:${listening}`;
  const cwd = isolateBuild ? isolatedBuild() : ROOT;
  const preload = pathToFileURL(path.join(ROOT, "emulator/preload.mjs")).href;
  const child = spawn(process.execPath, [...nodeArgs, "--import", preload, path.join(ROOT, "server.mjs")], {
    cwd,
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(listening),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      SHOPIFY_API_KEY: apiKey,
      SHOPIFY_API_SECRET: apiSecret,
      SHOPIFY_APP_URL: appUrl,
      SCOPES:
        "read_customers,write_customers,read_orders,read_products,read_discounts,write_discounts,read_own_subscription_contracts,write_app_proxy",
      SHOPIFY_EMULATOR_STORE: storeFile,
      ...env,
    },
    stdio: ["ignore", inheritOutput ? "inherit" : "pipe", inheritOutput ? "inherit" : "pipe"],
  });
  // A server must not outlive the script that started it (a crash of the benchmark, say).
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => {
    process.off("exit", killOnExit);
    if (isolateBuild) rmSync(cwd, { recursive: true, force: true });
  });
  const output = [];
  child.stdout?.on("data", (chunk) => output.push(String(chunk)));
  child.stderr?.on("data", (chunk) => output.push(String(chunk)));
  /** The last lines the server printed. */
  const logTail = (lines = 60) => output.join("").split("\n").slice(-lines).join("\n");

  const stop = (signal = "SIGTERM", { killAfterMs } = {}) =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      child.once("exit", (code) => {
        if (timer) clearTimeout(timer);
        resolve(code);
      });
      child.kill(signal);
    });

  try {
    await waitForHttp(`${url}/`, { child, timeoutMs: startTimeoutMs });
  } catch (error) {
    await stop("SIGKILL");
    throw new Error(`${error.message}\n${logTail()}`);
  }
  return { url, appUrl, port: listening, child, stop, output, logTail };
}

/**
 * Headers of a webhook as Shopify signs it.
 * @param {{ topic: string, shop: string, body: string, secret: string, webhookId?: string }} webhook
 */
export function webhookHeaders({ topic, shop, body, secret, webhookId = randomUUID() }) {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(body).digest("base64"),
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": "2025-10",
    "X-Shopify-Webhook-Id": webhookId,
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  };
}

/**
 * @param {string} baseUrl
 * @param {{ topic: string, shop: string, payload: unknown, secret: string, webhookId?: string }} webhook
 */
export async function sendWebhook(baseUrl, { topic, shop, payload, secret, webhookId }) {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const response = await fetch(`${baseUrl}/webhooks/${topic}`, {
    method: "POST",
    body,
    headers: webhookHeaders({ topic, shop, body, secret, webhookId }),
  });
  return response.status;
}
