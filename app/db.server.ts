import type { Client } from "@libsql/client";
import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "~/lib/prisma-client.server";
import { createCreditingClient, createSqliteClient } from "~/lib/sqlite.server";

export { createPrismaClient };

export const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

declare global {
  // Kept across Vite's dev-server reloads so development does not open clients per edit.
  var prismaGlobal: PrismaClient | undefined;
  var sqliteGlobal: Client | undefined;
  var creditingSqliteGlobal: Client | undefined;
}

const prisma: PrismaClient = global.prismaGlobal ?? createPrismaClient(databaseUrl());

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
