// The built app as the browser tests need it, started by the one launcher (scripts/lib/app-server.mjs): a
// freshly migrated SQLite file, test API credentials, the App Bridge stand-in turned on, a private copy of
// the build, and a Prisma client on the server's database for seeding and checking.
import path from "node:path";
import { rmSync } from "node:fs";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import {
  ROOT,
  appScopes,
  ensureBuild,
  freePort,
  migrateDatabase,
  startAppServer as launch,
  tempDir,
} from "~root/scripts/lib/app-server.mjs";

export { ROOT, ensureBuild, freePort };

export const API_KEY = "browser-test-api-key";
export const API_SECRET = "browser-test-api-secret";
export const SCOPES = appScopes();

export interface AppServer {
  /** The app's own URL (on localhost), as the browser opens it. */
  url: string;
  port: number;
  databaseUrl: string;
  /** A Prisma client on the server's database, for seeding and checking. */
  db: PrismaClient;
  /** The last lines the server printed. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The emulator's store file (SHOPIFY_EMULATOR_STORE). */
  storeFile: string;
  env?: Record<string, string>;
}

/** Starts the production server on a free loopback port, with a fresh database, and waits until it answers. */
export async function startAppServer(options: StartOptions): Promise<AppServer> {
  const dir = tempDir("affiliate-browser-");
  const databaseUrl = `file:${path.join(dir, "app.sqlite")}`;
  migrateDatabase(databaseUrl);
  const server = await launch({
    databaseUrl,
    storeFile: options.storeFile,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    isolateBuild: true,
    env: {
      NODE_ENV: "test",
      SHOPIFY_APP_BRIDGE_STANDIN: "1",
      // The library's bounce page (/auth/session-token) loads App Bridge from APP_BRIDGE_URL.
      APP_BRIDGE_URL: "/app-bridge-standin.js",
      ...options.env,
    },
  });
  const db = new PrismaClient({ adapter: new PrismaLibSQL({ url: databaseUrl }) });
  return {
    url: server.appUrl,
    port: server.port,
    databaseUrl,
    db,
    logTail: server.logTail,
    stop: async () => {
      await db.$disconnect().catch(() => undefined);
      await server.stop("SIGTERM", { killAfterMs: 5_000 });
      if (process.env.BROWSER_TESTS_KEEP !== "1") rmSync(dir, { recursive: true, force: true });
    },
  };
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
