// Starts and stops the built app as a child process: a fresh migrated SQLite file, the Shopify
// emulator preloaded, signed webhooks. Used by the benchmark, the demo and the server tests.
import { execFileSync, spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Newest modification time under a folder (ms). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** Builds the app when there is no build, or the sources changed since it was made. */
export function ensureBuild({ log = () => {} } = {}) {
  const built = path.join(ROOT, "build/server/index.js");
  if (existsSync(built) && statSync(built).mtimeMs >= newest(path.join(ROOT, "app"))) return false;
  log("Building the app (npm run build)…");
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "pipe" });
  return true;
}

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

/** Creates and migrates a SQLite database with Prisma. */
export function migrateDatabase(databaseUrl) {
  execFileSync(
    process.execPath,
    [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: "pipe",
    },
  );
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
 * Starts the production server (server.mjs) on loopback with the emulator preloaded.
 * Returns { url, port, child, stop, output }.
 * @param {{ databaseUrl: string, storeFile: string, apiKey: string, apiSecret: string, port?: number,
 *   env?: Record<string, string>, inheritOutput?: boolean, nodeArgs?: string[] }} options
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
}) {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, "--import", "./emulator/preload.mjs", "server.mjs"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      SHOPIFY_API_KEY: apiKey,
      SHOPIFY_API_SECRET: apiSecret,
      SHOPIFY_APP_URL: `http://localhost:${port}`,
      SCOPES:
        "read_customers,write_customers,read_orders,read_products,read_discounts,write_discounts,read_own_subscription_contracts",
      SHOPIFY_EMULATOR_STORE: storeFile,
      ...env,
    },
    stdio: ["ignore", inheritOutput ? "inherit" : "pipe", inheritOutput ? "inherit" : "pipe"],
  });
  // A server must not outlive the script that started it (a crash of the benchmark, say).
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  const output = [];
  child.stdout?.on("data", (chunk) => output.push(String(chunk)));
  child.stderr?.on("data", (chunk) => output.push(String(chunk)));
  try {
    await waitForHttp(`${url}/`, { child });
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${error.message}\n${output.join("")}`);
  }
  const stop = (signal = "SIGTERM") =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once("exit", (code) => resolve(code));
      child.kill(signal);
    });
  return { url, port, child, stop, output };
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
