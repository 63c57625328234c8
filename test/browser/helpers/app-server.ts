// Starts the real app for browser tests: the production build behind remix-serve, with the Shopify emulator preloaded, a freshly migrated SQLite file, test API credentials and
// the App Bridge stand-in turned on. Stops it again.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";

export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const API_KEY = "browser-test-api-key";
export const API_SECRET = "browser-test-api-secret";
export const SCOPES =
  "read_customers,write_customers,read_orders,read_products,read_discounts,write_discounts,read_own_subscription_contracts";

/** Seconds the server gets to answer its first request. */
const START_TIMEOUT_MS = 60_000;

function newestMtime(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Builds the app (`npm run build`) when the build is missing or older than the sources. */
export function ensureBuild(): void {
  const serverBuild = path.join(ROOT, "build/server/index.js");
  const sources = ["app", "vite.config.ts", "package.json", "public"]
    .map((entry) => path.join(ROOT, entry))
    .filter((entry) => existsSync(entry));
  const stale =
    process.env.BROWSER_TESTS_REBUILD === "1" ||
    !existsSync(serverBuild) ||
    Math.max(...sources.map(newestMtime)) > statSync(serverBuild).mtimeMs;
  if (!stale) return;
  const result = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8", env: process.env });
  if (result.status !== 0) {
    throw new Error(
      `npm run build failed:\n${(result.stdout ?? "").slice(-4000)}\n${(result.stderr ?? "").slice(-4000)}`,
    );
  }
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs `prisma migrate deploy` on a new SQLite file. */
export function migrate(databaseUrl: string): void {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: databaseUrl },
    },
  );
  if (result.status !== 0)
    throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
}

export interface AppServer {
  url: string;
  port: number;
  databaseUrl: string;
  /** A Prisma client on the server's database, for seeding and checking. */
  db: PrismaClient;
  logFile: string;
  /** The last lines the server printed. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The emulator's store file (SHOPIFY_EMULATOR_STORE). */
  storeFile: string;
  env?: Record<string, string>;
}

/** Starts the production server on a free loopback port and waits until it answers. */
export async function startAppServer(options: StartOptions): Promise<AppServer> {
  const dir = mkdtempSync(path.join(tmpdir(), "affiliate-browser-"));
  const databaseUrl = `file:${path.join(dir, "app.sqlite")}`;
  migrate(databaseUrl);
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const logFile = path.join(dir, "server.log");
  const log = createWriteStream(logFile);
  // The server runs on a private copy of build/ (others may rebuild the shared one meanwhile), from a
  // directory that links the project's node_modules and public/.
  const appDir = path.join(dir, "app");
  cpSync(path.join(ROOT, "build"), path.join(appDir, "build"), { recursive: true });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(appDir, "node_modules"), "dir");
  if (existsSync(path.join(ROOT, "public")))
    symlinkSync(path.join(ROOT, "public"), path.join(appDir, "public"), "dir");
  // remix-serve: its fetch polyfill goes through node:http, where the emulator's MSW interceptors answer.
  // (server.mjs installs undici's fetch over the one MSW patched, so the emulator would not see the calls.)
  const entry = [path.join(ROOT, "node_modules/@remix-run/serve/dist/cli.js"), "./build/server/index.js"];
  const preload = pathToFileURL(path.join(ROOT, "emulator/preload.mjs")).href;
  const child: ChildProcess = spawn(process.execPath, ["--import", preload, ...entry], {
    cwd: appDir,
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: url,
      SCOPES,
      SHOPIFY_EMULATOR_STORE: options.storeFile,
      SHOPIFY_APP_BRIDGE_STANDIN: "1",
      // The library's bounce page (/auth/session-token) loads App Bridge from APP_BRIDGE_URL.
      APP_BRIDGE_URL: "/app-bridge-standin.js",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited: number | null = null;
  child.once("exit", (code) => {
    exited = code ?? -1;
  });

  const logTail = (lines = 60) => {
    try {
      return readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  };

  const db = new PrismaClient({ adapter: new PrismaLibSQL({ url: databaseUrl }) });
  const stop = async () => {
    await db.$disconnect().catch(() => undefined);
    if (exited === null) {
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await gone;
      clearTimeout(timer);
    }
    log.end();
    if (process.env.BROWSER_TESTS_KEEP !== "1") rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited !== null) {
      const tail = logTail();
      await stop();
      throw new Error(`The app server exited (${exited}) before answering:\n${tail}`);
    }
    try {
      await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual" });
      break;
    } catch {
      if (Date.now() > deadline) {
        const tail = logTail();
        await stop();
        throw new Error(`The app server did not answer within ${START_TIMEOUT_MS} ms:\n${tail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return { url, port, databaseUrl, db, logFile, logTail, stop };
}

/** Stores the shop's offline session, as installing the app through token exchange would. */
export async function installShop(db: PrismaClient, shop: string): Promise<void> {
  await db.session.upsert({
    where: { id: `offline_${shop}` },
    create: {
      id: `offline_${shop}`,
      shop,
      state: "installed",
      isOnline: false,
      scope: SCOPES,
      accessToken: `shpat_${shop.split(".")[0]}`,
    },
    update: {},
  });
}

/** The `host` parameter the admin passes to an embedded app: base64 of "admin.shopify.com/store/<name>". */
export function hostParam(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`).toString(
    "base64url",
  );
}
