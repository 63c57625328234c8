// The one launcher of the built app: builds it when the sources changed, migrates a fresh SQLite file, and
// starts the production entry (server.mjs) as a child process on loopback with the Shopify emulator
// preloaded; signs webhooks as Shopify does. Used by the demo, the benchmarks, the server tests and the
// browser tests (test/browser/helpers/app-server.ts adds what a browser needs).
import { spawn, spawnSync } from "node:child_process";
import { createHash, createHmac, randomUUID } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse as parseToml } from "smol-toml";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The Node options `npm start` runs the server with (package.json's start script), so that every launch here
 * (tests, demo, benchmarks) runs it as production does (none at present: docs/decisions/0024, 0025, 0027).
 */
export const SERVER_NODE_OPTIONS = String(
  JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.start,
)
  .split(/\s+/)
  .filter((word) => word.startsWith("--"));

/**
 * What goes into the build: a change to any of these makes it stale. Test files under app/ are left out
 * (the build never includes them).
 */
export const BUILD_INPUTS = [
  "app",
  "public",
  "vite.config.ts",
  "vite.export-worker.config.ts",
  "tsconfig.json",
  "env.d.ts",
  "package.json",
  "package-lock.json",
  "patches",
  "prisma/schema.prisma",
];

/** Written next to the build once it is made: the hash of the inputs it was made from. */
const INPUTS_HASH_FILE = "build/inputs.sha256";

/** SHA-256 over the build's inputs under `root`: every file's path and content, in a fixed order. */
export function buildInputsHash(root = ROOT) {
  const hash = createHash("sha256");
  const visit = (relative) => {
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full).sort()) {
        if (entry === "node_modules" || entry.startsWith(".") || /\.test\.tsx?$/.test(entry)) continue;
        visit(path.posix.join(relative, entry));
      }
      return;
    }
    const content = readFileSync(full);
    hash.update(`${relative}\0${content.length}\0`).update(content);
  };
  for (const input of BUILD_INPUTS) visit(input);
  return hash.digest("hex");
}

function builtFromHash(root) {
  const file = path.join(root, INPUTS_HASH_FILE);
  return existsSync(file) && existsSync(path.join(root, "build/server/index.js"))
    ? readFileSync(file, "utf8").trim()
    : null;
}

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** Runs `build` holding the project's build lock, so two runs of the tests never build over each other. */
function withBuildLock(root, build) {
  const lock = path.join(root, ".cache/build.lock");
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const holder = Number(readFileSync(lock, "utf8"));
      // A lock left by a process that died is taken over; an empty one is being written right now.
      if (holder > 0 && !isRunning(holder)) rmSync(lock, { force: true });
      else sleepSync(250);
    }
  }
  try {
    return build();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Builds the app (`npm run build`) unless build/ was made from exactly the inputs there are now (see
 * BUILD_INPUTS; a hash of them is kept in build/inputs.sha256), or when APP_REBUILD=1. Modification times
 * play no part: a build left by `npm ci`, a checkout or a copy is rebuilt when its inputs differ. Returns
 * whether it built; throws with the build's output when the build fails.
 * @param {{ log?: (message: string) => void, root?: string }} [options]
 */
export function ensureBuild({ log = () => {}, root = ROOT } = {}) {
  const forced = process.env.APP_REBUILD === "1";
  if (!forced && builtFromHash(root) === buildInputsHash(root)) return false;
  return withBuildLock(root, () => {
    // Another run may have built it while this one waited for the lock.
    const inputs = buildInputsHash(root);
    if (!forced && builtFromHash(root) === inputs) return false;
    log("Building the app (npm run build)…");
    const result = spawnSync("npm", ["run", "build"], { cwd: root, encoding: "utf8", env: process.env });
    if (result.status !== 0) {
      const error = new Error(
        `npm run build failed:\n${(result.stdout ?? "").slice(-4000)}\n${(result.stderr ?? "").slice(-4000)}`,
      );
      error.stderr = result.stderr;
      throw error;
    }
    writeFileSync(path.join(root, INPUTS_HASH_FILE), `${inputs}\n`);
    return true;
  });
}

/** The access scopes of shopify.app.toml, as the SCOPES variable holds them: what the app runs with. */
export function appScopes(root = ROOT) {
  const config = parseToml(readFileSync(path.join(root, "shopify.app.toml"), "utf8"));
  return String(config.access_scopes.scopes)
    .split(",")
    .map((scope) => scope.trim())
    .join(",");
}

/**
 * Stores a shop's offline session as installing the app would (token exchange): the app's scopes, and
 * `accessToken`, which the local Shopify emulator accepts whatever it is.
 * @param {import("@prisma/client").PrismaClient} db
 * @param {string} shop
 * @param {string} accessToken
 */
export function storeOfflineSession(db, shop, accessToken) {
  return db.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "installed",
      isOnline: false,
      scope: appScopes(),
      accessToken,
    },
  });
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

/** Waits until the child has printed `text` (it exits first: an error). */
async function waitForOutput(output, text, { timeoutMs, child }) {
  const deadline = Date.now() + timeoutMs;
  while (!output.join("").includes(text)) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`The server exited with code ${child.exitCode ?? child.signalCode}`);
    if (Date.now() > deadline) throw new Error(`The server did not say "${text}" after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
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
export async function startAppServer(options) {
  if (options.port !== undefined) return launchAppServer({ ...options, port: options.port });
  // A port the system says is free; should another process bind it before the server does (the machine
  // is shared), the server says so and exits, and another port is tried.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await launchAppServer({ ...options, port: await freePort() });
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= 5) throw error;
    }
  }
}

class PortTakenError extends Error {}

/** @param {Parameters<typeof startAppServer>[0] & { port: number }} options */
async function launchAppServer({
  databaseUrl,
  storeFile,
  apiKey,
  apiSecret,
  port,
  env = {},
  inheritOutput = false,
  nodeArgs = [],
  isolateBuild = false,
  startTimeoutMs = 180_000,
}) {
  const listening = port;
  const url = `http://127.0.0.1:${listening}`;
  const appUrl = `http://localhost:${listening}`;
  const cwd = isolateBuild ? isolatedBuild() : ROOT;
  const preload = pathToFileURL(path.join(ROOT, "emulator/preload.mjs")).href;
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_OPTIONS, ...nodeArgs, "--import", preload, path.join(ROOT, "server.mjs")],
    {
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
        SCOPES: appScopes(),
        SHOPIFY_EMULATOR_STORE: storeFile,
        ...env,
      },
      stdio: ["ignore", inheritOutput ? "inherit" : "pipe", inheritOutput ? "inherit" : "pipe"],
    },
  );
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
    // Its own word that it listens, so that another process answering on the port is never taken for it.
    if (!inheritOutput)
      await waitForOutput(output, `Listening on ${url}`, { child, timeoutMs: startTimeoutMs });
    await waitForHttp(`${url}/`, { child, timeoutMs: startTimeoutMs });
  } catch (error) {
    await stop("SIGKILL");
    if (/EADDRINUSE/.test(logTail())) throw new PortTakenError(`Port ${listening} was taken`);
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
