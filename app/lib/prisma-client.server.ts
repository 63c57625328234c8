// The app's Prisma client on a database, with no other side effect: the app's own (db.server) and any
// script's that writes beside a running app (the demo's review), so every writer takes SQLite's write lock
// the same way.
import { PrismaClient } from "@prisma/client";
import { LockedWritesPrismaLibSQL } from "./sqlite.server";

/**
 * A Prisma client whose writes take the process's write lock, and whose interactive transactions begin
 * IMMEDIATE (holding SQLite's write lock from their first statement, waiting out other processes' writers
 * before they start, not inside their timeout).
 */
export function createPrismaClient(url: string): PrismaClient {
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
