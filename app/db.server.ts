import type { Client } from "@libsql/client";
import { PrismaClient } from "@prisma/client";
import { createCreditingClient, createSqliteClient, LockedWritesPrismaLibSQL } from "~/lib/sqlite.server";

export const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

export function createPrismaClient(url = databaseUrl()): PrismaClient {
  const client = new PrismaClient({
    adapter: new LockedWritesPrismaLibSQL({ url }),
    // An interactive transaction begins only once it holds the process's write lock (see sqlite.server),
    // so in a burst writers queue for it. Prisma's default lets one wait 2 s before it gives up, which a
    // busy machine exceeds without anything being wrong; the queue drains, so wait for it.
    transactionOptions: { maxWait: 30_000 },
  });
  if (url.startsWith("file:")) {
    // Write-ahead logging lets readers in other processes (exports, scripts) work while the app writes,
    // and the inbox worker thread read while webhooks are stored. It is a property of the file: set once,
    // it stays. The first query in the queue, so it runs first.
    client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch((error: unknown) => {
      console.error("Could not switch the database to WAL mode:", error);
    });
  }
  return client;
}

declare global {
  // Kept across Vite's dev-server reloads so development does not open clients per edit.
  var prismaGlobal: PrismaClient | undefined;
  var sqliteGlobal: Client | undefined;
  var creditingSqliteGlobal: Client | undefined;
}

const prisma: PrismaClient = global.prismaGlobal ?? createPrismaClient();

/**
 * The same database on the driver alone, for the writes too hot for Prisma (its query compiler runs
 * inside the transaction, holding SQLite's one write lock): recording a batch of orders, and moving
 * spooled webhooks into the inbox.
 */
export const sqlite: Client = global.sqliteGlobal ?? createSqliteClient({ url: databaseUrl() });

/**
 * The same database on the driver, for the inbox worker's crediting transaction alone: its commits do not
 * wait for the disk (see createCreditingClient for why nothing is lost). Opened on first use.
 */
export function creditingSqlite(): Client {
  return (global.creditingSqliteGlobal ??= createCreditingClient({ url: databaseUrl() }));
}

if (process.env.NODE_ENV !== "production") {
  global.prismaGlobal = prisma;
  global.sqliteGlobal = sqlite;
}

export default prisma;
