import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";

export const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";

export function createPrismaClient(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): PrismaClient {
  const client = new PrismaClient({ adapter: new PrismaLibSQL({ url }) });
  if (url.startsWith("file:")) {
    // Write-ahead logging lets readers in other processes (exports, scripts) work while the app writes.
    // It is a property of the file: set once, it stays. The first query in the queue, so it runs first.
    client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch((error: unknown) => {
      console.error("Could not switch the database to WAL mode:", error);
    });
  }
  return client;
}

declare global {
  // Kept across Vite's dev-server reloads so development does not open a client per edit.
  var prismaGlobal: PrismaClient | undefined;
}

const prisma: PrismaClient = global.prismaGlobal ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") {
  global.prismaGlobal = prisma;
}

export default prisma;
