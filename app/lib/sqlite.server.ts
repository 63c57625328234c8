import { setTimeout as sleep } from "node:timers/promises";
import { workerData } from "node:worker_threads";
import {
  createClient,
  type Client,
  type Config,
  type InStatement,
  type InValue,
  type Transaction,
  type TransactionMode,
} from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

/**
 * SQLite lets one connection write at a time, and this app has several: the request thread stores
 * webhooks on one, the inbox worker thread records orders on another, and Prisma opens one per
 * transaction. Left to SQLite, writers that meet get SQLITE_BUSY at once (libsql sets no busy timeout;
 * SQLite's own busy handler would block the event loop), and a COMMIT can even answer SQLITE_BUSY while
 * another connection is trying to begin. So every write in the process, on every thread, first takes
 * one process-wide write lock (shared memory + Atomics, waited for asynchronously); SQLite then never
 * sees two writers at once. Reads take no lock: WAL lets them run beside the writer.
 */
const inheritedLocks =
  (workerData as { sqliteLocks?: Record<string, SharedArrayBuffer> } | null)?.sqliteLocks ?? {};
const lockBuffers: Record<string, SharedArrayBuffer> = { ...inheritedLocks };

/**
 * The shared cell of a named write lock, one per database file: created by the main thread, handed to
 * worker threads (sqliteWorkerData), so that every thread of the process takes the same lock.
 */
export function sharedLockBuffer(name: string): SharedArrayBuffer {
  return (lockBuffers[name] ??= new SharedArrayBuffer(4));
}

/** What a worker thread's workerData carries so its connections share this process's write locks. */
export function sqliteWorkerData(): Record<string, unknown> {
  return { sqliteLocks: lockBuffers };
}

const DATABASE_LOCK = sharedLockBuffer("database");

// Atomics.waitAsync is in Node since 16, but in TypeScript's lib only from ES2024.
const waitAsync = (
  Atomics as unknown as {
    waitAsync(cell: Int32Array, index: number, value: number): { async: boolean; value: unknown };
  }
).waitAsync;

const UNLOCKED = 0;
const LOCKED = 1;

/** A mutex over a shared Int32 cell: usable across threads, never blocking the event loop. */
export class WriteLock {
  private readonly cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = DATABASE_LOCK) {
    this.cell = new Int32Array(buffer, 0, 1);
  }

  async acquire(): Promise<() => void> {
    while (Atomics.compareExchange(this.cell, 0, UNLOCKED, LOCKED) !== UNLOCKED) {
      const waiting = waitAsync(this.cell, 0, LOCKED);
      if (waiting.async) await waiting.value;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      Atomics.store(this.cell, 0, UNLOCKED);
      Atomics.notify(this.cell, 0, 1);
    };
  }

  async with<T>(run: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await run();
    } finally {
      release();
    }
  }
}

const BUSY_WAIT_LIMIT_MS = 30_000;

export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/**
 * Runs `attempt` until it does not fail with SQLITE_BUSY, waiting 1, 2, 4 … 16 ms between tries: the
 * lock above keeps this process's writers apart, this covers other processes (scripts, a second instance).
 */
export async function whileBusy<T>(attempt: () => Promise<T>, limitMs = BUSY_WAIT_LIMIT_MS): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (let delay = 1; ; delay = Math.min(delay * 2, 16)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusyError(error) || Date.now() >= deadline) throw error;
      await sleep(delay);
    }
  }
}

/** Statements that run beside a writer: reads, and a passive checkpoint (it never blocks a writer). */
const LOCK_FREE =
  /^\s*(SELECT|EXPLAIN|PRAGMA\s+\w+\s*$|PRAGMA\s+wal_checkpoint\(PASSIVE\)|WITH\s(?![\s\S]*\b(INSERT|UPDATE|DELETE)\b))/i;

function needsNoLock(statement: InStatement): boolean {
  return LOCK_FREE.test(typeof statement === "string" ? statement : statement.sql);
}

/**
 * Set on every connection: what is deleted or overwritten is overwritten with zeros in the file, not merely
 * marked free, so personal data erased at Shopify's request (customers/redact) is gone from the bytes too.
 * It is a setting of the connection, not of the file, and the driver opens a new connection after each
 * transaction: lockedWrites sets it on each one before its first statement.
 */
const SECURE_DELETE = "PRAGMA secure_delete = ON";

/**
 * The app database's connections copy the write-ahead log into the file (an automatic checkpoint, run by the
 * connection whose commit takes the log past this many pages) every 4,000 pages (16 MB) rather than SQLite's
 * 1,000: a checkpoint waits for the disk twice (the log, then the file), and moving a burst into the inbox
 * and crediting it writes thousands of pages (payloads, orders with their input and trace, four ledger
 * lines an order and their indexes), so the default checkpointed every round or two; a page written again
 * within the window (an inbox row marked processed after it was moved in, an index's last page) is copied
 * once. Readers find a page in a longer log by its hash index, as before (decision 0009, fifth pass).
 */
const DATABASE_AUTOCHECKPOINT = "PRAGMA wal_autocheckpoint = 4000";

/**
 * A libsql client whose writes take the process's write lock (and wait out other processes' locks),
 * and whose transactions write: BEGIN IMMEDIATE, holding the lock until they end. Every connection it
 * opens overwrites deleted content (SECURE_DELETE), and runs `setup` (connection settings) before its first
 * statement.
 */
export function lockedWrites(client: Client, lock = new WriteLock(), setup: string[] = []): Client {
  const write = <T>(run: () => Promise<T>) => lock.with(() => whileBusy(run));
  // The local driver keeps one connection until a transaction takes it away, then opens another on the next
  // statement; its calls run synchronously up to their result. So the setup, called just before a statement
  // with nothing in between, runs on the very connection the statement gets.
  let freshConnection = true;
  const onConnection = <T>(call: () => Promise<T>): Promise<T> => {
    if (freshConnection) {
      freshConnection = false;
      for (const pragma of [SECURE_DELETE, ...setup])
        client.execute(pragma).catch(() => (freshConnection = true));
    }
    return call();
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      switch (property) {
        case "execute":
          return (statement: InStatement) =>
            needsNoLock(statement)
              ? whileBusy(() => onConnection(() => target.execute(statement)))
              : write(() => onConnection(() => target.execute(statement)));
        case "batch":
          return (...args: Parameters<Client["batch"]>) =>
            write(() => onConnection(() => target.batch(...args)));
        case "executeMultiple":
          return (sql: string) => write(() => onConnection(() => target.executeMultiple(sql)));
        case "transaction":
          return async (mode?: TransactionMode) => {
            const begin = (transactionMode: TransactionMode) => {
              const transaction = onConnection(() => target.transaction(transactionMode));
              freshConnection = true;
              return transaction;
            };
            if (mode === "read") return whileBusy(() => begin("read"));
            // A BEGIN that SQLite answers busy (another process writes) stays active on its connection until
            // the garbage collector finalizes it, and SQLite refuses to COMMIT while any statement of the
            // connection is active ("SQL statements in progress"): so each try after a busy one begins on a
            // fresh connection. A deferred BEGIN takes no lock: it takes the stale connection away, and is
            // rolled back at once.
            const beginWrite = async () => {
              try {
                return await begin("write");
              } catch (error) {
                if (isBusyError(error)) await dropConnection(target);
                throw error;
              }
            };
            const release = await lock.acquire();
            try {
              return holdingLock(await whileBusy(beginWrite), release);
            } catch (error) {
              release();
              throw error;
            }
          };
        default: {
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        }
      }
    },
  });
}

/** Hands the client's current connection to a deferred transaction and rolls it back: the next statement opens another. */
async function dropConnection(client: Client): Promise<void> {
  try {
    (await client.transaction("deferred")).close();
  } catch {
    // Nothing to drop: the next try reuses the connection, as before.
  }
}

/** A write transaction that gives the process's write lock back when it commits, rolls back or closes. */
function holdingLock(transaction: Transaction, release: () => void): Transaction {
  const ending = (end: () => Promise<void> | void) => async () => {
    try {
      await end();
    } finally {
      if (transaction.closed) release();
    }
  };
  return new Proxy(transaction, {
    get(target, property, receiver) {
      switch (property) {
        case "commit":
          return ending(() => whileBusy(() => target.commit()));
        case "rollback":
          return ending(() => target.rollback());
        case "close":
          return () => {
            try {
              target.close();
            } finally {
              release();
            }
          };
        default: {
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        }
      }
    },
  });
}

/**
 * Copies a file's write-ahead log into it and truncates the log to nothing (a TRUNCATE checkpoint), so that
 * no old frame of the log still holds bytes the file has since overwritten. Readers on another thread can
 * hold the log for a moment: it tries again until `limitMs`, and says whether it got there.
 */
export async function truncateLog(client: Client, limitMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    const { rows } = await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    if (Number(rows[0]?.busy) === 0) return true;
    if (Date.now() >= deadline) return false;
    await sleep(delay);
  }
}

/** A client of the app database: writes under the process's lock (lockedWrites), checkpointing less often. */
export function createSqliteClient(config: Config): Client {
  return lockedWrites(createClient(config), new WriteLock(), [DATABASE_AUTOCHECKPOINT]);
}

/**
 * The crediting transaction's commits do not wait for the disk: in WAL mode, `synchronous = NORMAL` syncs the
 * log only when it is checkpointed (the app's other connections keep SQLite's FULL, a sync at every commit).
 * A power cut can then lose the last few crediting transactions, whole (the log is replayed up to its last
 * complete commit), and nothing else: each one also marks its deliveries processed, and those deliveries
 * were made durable in the inbox before the spool let them go (moveSpooled commits on a FULL connection), so
 * after the restart they are pending again and credited again. Any later commit on a FULL connection syncs
 * the log with every frame before it, so nothing durable can rest on a lost one (decision 0009, sixth pass).
 */
const CREDITING_SYNCHRONOUS = "PRAGMA synchronous = NORMAL";

/** A client of the app database for the crediting transaction only (CREDITING_SYNCHRONOUS). */
export function createCreditingClient(config: Config): Client {
  return lockedWrites(createClient(config), new WriteLock(), [
    DATABASE_AUTOCHECKPOINT,
    CREDITING_SYNCHRONOUS,
  ]);
}

/** Prisma's libsql adapter, on a client whose writes take the process's write lock. */
export class LockedWritesPrismaLibSQL extends PrismaLibSQL {
  createClient(config: Config): Client {
    return createSqliteClient(config);
  }
}

/** A DateTime as Prisma keeps it in SQLite, so rows written on the driver compare and read back alike. */
export function sqliteDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/** A value of a Prisma model's field as Prisma stores it in SQLite: DateTimes as text, Booleans as 0 or 1. */
export type SqliteValue<T> = T extends Date ? string : T extends boolean ? 0 | 1 : T;

/**
 * A row of a Prisma model (e.g. `SqliteRow<LedgerLine>`) as written on the driver: every one of its scalar
 * fields, so that a column added to the schema fails the typecheck until the writer fills it.
 */
export type SqliteRow<Model> = { [Field in keyof Model]: SqliteValue<Model[Field]> };

/**
 * Multi-row INSERTs of whole rows of a Prisma model into its table: `columns` is the model's
 * ScalarFieldEnum (`Object.values(Prisma.LedgerLineScalarFieldEnum)`), so the column list is the schema's.
 */
export function insertModelRows<Model>(
  table: string,
  columns: ReadonlyArray<keyof Model & string>,
  rows: Array<SqliteRow<Model>>,
  onConflict = "",
): InStatement[] {
  // Each statement's values gathered straight from the rows (no array per row: the seeder writes millions).
  return batchedInserts(table, columns, rows, onConflict, (row, args, at) => {
    for (const column of columns) args[at++] = row[column] as InValue;
    return at;
  });
}

/** Rows per INSERT: one statement prepared for many rows, well below SQLite's 32,766 parameters. */
const ROWS_PER_INSERT = 500;

/** The text of each INSERT shape built so far: a crediting round sends the same few shapes again and again. */
const insertSqlTexts = new Map<string, string>();
const INSERT_SQL_TEXTS_LIMIT = 200;

function insertSql(table: string, columns: readonly string[], rowCount: number, onConflict: string): string {
  const key = `${table}\u0000${columns.join("\u0000")}\u0000${onConflict}\u0000${rowCount}`;
  let sql = insertSqlTexts.get(key);
  if (sql === undefined) {
    const row = `(${columns.map(() => "?").join(", ")})`;
    const into = `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")})`;
    sql = `${into} VALUES ${new Array<string>(rowCount).fill(row).join(", ")} ${onConflict}`.trimEnd();
    if (insertSqlTexts.size >= INSERT_SQL_TEXTS_LIMIT) insertSqlTexts.clear();
    insertSqlTexts.set(key, sql);
  }
  return sql;
}

/**
 * Multi-row INSERTs of `rows` (values in the order of `columns`), 500 rows to a statement;
 * `onConflict` is appended to each (e.g. `ON CONFLICT ("shop", "webhookId") DO NOTHING`).
 */
export function insertRows(
  table: string,
  columns: readonly string[],
  rows: InValue[][],
  onConflict = "",
): InStatement[] {
  return batchedInserts(table, columns, rows, onConflict, (row, args, at) => {
    for (const value of row) args[at++] = value;
    return at;
  });
}

/**
 * `rows` as multi-row INSERTs of up to ROWS_PER_INSERT rows each; `put` writes one row's values into a
 * statement's arguments from `at` and answers where it stopped.
 */
function batchedInserts<Row>(
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  onConflict: string,
  put: (row: Row, args: InValue[], at: number) => number,
): InStatement[] {
  const statements: InStatement[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const end = Math.min(start + ROWS_PER_INSERT, rows.length);
    const args: InValue[] = new Array<InValue>((end - start) * columns.length);
    let at = 0;
    for (let index = start; index < end; index += 1) at = put(rows[index], args, at);
    statements.push({ sql: insertSql(table, columns, end - start, onConflict), args });
  }
  return statements;
}
