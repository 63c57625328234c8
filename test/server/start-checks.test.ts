// `npm start` (server.mjs) refuses to start without its build, the Shopify variables or a migrated
// database, and says in one line what to run or set, instead of a stack trace or a server that fails on
// every request.
import { spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  closeSync,
} from "node:fs";
import { createClient } from "@libsql/client";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";

const SERVER = path.resolve("server.mjs");
let dir: string;
let migrated: string;

beforeAll(() => {
  dir = mkdtempSync(path.resolve("test/.tmp/start-checks-"));
  migrated = path.join(dir, "migrated.sqlite");
  copyFileSync(path.join(inject("testDatabaseDir"), "template.sqlite"), migrated);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD_ENV = {
  SHOPIFY_API_KEY: "start-checks-key",
  SHOPIFY_API_SECRET: "start-checks-secret",
  SHOPIFY_APP_URL: "http://localhost:3000",
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs server.mjs until it exits, or until it listens (then stops it). */
function start(env: Record<string, string | undefined>): Promise<Run> {
  const base = { ...process.env };
  for (const name of [
    "SHOPIFY_API_KEY",
    "SHOPIFY_API_SECRET",
    "SHOPIFY_APP_URL",
    "DATABASE_URL",
    "REMIX_BUILD",
  ])
    delete base[name];
  const child = spawn(process.execPath, [SERVER], {
    env: { ...base, PORT: "0", HOST: "127.0.0.1", INBOX_WORKER: "off", LOG_REQUESTS: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk);
    if (stdout.includes("Listening on")) child.kill("SIGTERM");
  });
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

const lines = (text: string) => text.split("\n").filter((line) => line !== "");

/** Runs `npm run check:database`'s script on `file` until it exits. */
function checkDatabase(file: string): Promise<Run> {
  const child = spawn(process.execPath, [path.resolve("scripts/check-database.mjs")], {
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += String(chunk)));
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

/**
 * A migrated database whose ledger spans many pages (3,000 lines of 1 kB, written as SQL without the rows
 * they point at: nothing reads them), with garbage over one of the ledger table's leaf pages, picked by `which`
 * from them in the table's order.
 */
async function ledgerWithDamage(name: string, which: (pages: number[]) => number): Promise<string> {
  const file = path.join(dir, name);
  copyFileSync(migrated, file);
  const client = createClient({ url: `file:${file}` });
  await client.execute("PRAGMA foreign_keys = OFF");
  await client.execute(`INSERT INTO "LedgerLine" ("id", "shop", "attributedOrderId", "orderId", "affiliateId", "type",
      "source", "rule", "base", "amount", "amountMinor", "currency", "lineItemIds", "status", "orderCreatedAt")
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
    SELECT printf('line%05d', i), 'big.myshopify.com', 'order', '1', 'affiliate', 'commission', 'link', 'default',
      '1.00', '0.10', 10, 'USD', printf('%.1000c', 'x'), 'pending', '2026-01-01T00:00:00.000+00:00' FROM n`);
  const { rows } = await client.execute(
    `SELECT "pageno" FROM "dbstat" WHERE "name" = 'LedgerLine' AND "pagetype" = 'leaf' ORDER BY "path"`,
  );
  client.close();
  const pages = rows.map((row) => Number(row.pageno));
  expect(pages.length).toBeGreaterThan(100);
  const fd = openSync(file, "r+");
  writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, (which(pages) - 1) * 4096);
  closeSync(fd);
  return file;
}

describe("npm start", () => {
  it("starts with a build, the Shopify variables and a migrated database", async () => {
    const run = await start({ ...GOOD_ENV, DATABASE_URL: `file:${migrated}` });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("Listening on");
  });

  it("without a build, says to run npm run build", async () => {
    const run = await start({
      ...GOOD_ENV,
      DATABASE_URL: `file:${migrated}`,
      REMIX_BUILD: path.join(dir, "no-build/index.js"),
    });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `Cannot start: there is no build (${path.relative(process.cwd(), path.join(dir, "no-build/index.js"))}): run \`npm run build\`.`,
    ]);
    expect(run.stdout).toBe("");
  });

  it("without the Shopify variables, names the ones to set", async () => {
    const none = await start({ DATABASE_URL: `file:${migrated}` });
    expect(none.code).toBe(1);
    expect(lines(none.stderr)).toEqual([
      'Cannot start: set SHOPIFY_API_KEY (the app\'s client id), SHOPIFY_API_SECRET (its client secret), SHOPIFY_APP_URL (its public URL): see "Configuration" in README.md.',
    ]);

    const noUrl = await start({ ...GOOD_ENV, SHOPIFY_APP_URL: "", DATABASE_URL: `file:${migrated}` });
    expect(noUrl.code).toBe(1);
    expect(lines(noUrl.stderr)).toEqual([
      'Cannot start: set SHOPIFY_APP_URL (its public URL): see "Configuration" in README.md.',
    ]);
  });

  it("on a database that does not exist, says to run npm run setup, and creates nothing", async () => {
    const file = path.join(dir, "missing.sqlite");
    const run = await start({ ...GOOD_ENV, DATABASE_URL: `file:${file}` });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `Cannot start: the database ${file} does not exist: run \`npm run setup\` (with the same DATABASE_URL).`,
    ]);
    expect(existsSync(file)).toBe(false);
  });

  it("on a database that was never migrated, says to run npm run setup", async () => {
    const file = path.join(dir, "empty.sqlite");
    writeFileSync(file, "");
    const run = await start({ ...GOOD_ENV, DATABASE_URL: `file:${file}` });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `Cannot start: the database ${file} was never migrated: run \`npm run setup\` (with the same DATABASE_URL).`,
    ]);
  });

  it("on a database that is not a SQLite file: URL, says what DATABASE_URL takes", async () => {
    const run = await start({ ...GOOD_ENV, DATABASE_URL: "postgresql://localhost/app" });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      "Cannot start: DATABASE_URL must be a SQLite file: URL such as file:./prisma/dev.sqlite, got postgresql://localhost/app.",
    ]);
  });

  it("on a database that lost a table, says so in one line and does not start", async () => {
    const file = path.join(dir, "no-session.sqlite");
    copyFileSync(migrated, file);
    const client = createClient({ url: `file:${file}` });
    await client.execute(`DROP TABLE "Session"`);
    client.close();
    const run = await start({ ...GOOD_ENV, DATABASE_URL: `file:${file}` });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `Cannot start: the database ${file} cannot be read (SQLITE_ERROR: no such table: Session): restore it from a backup, or check that DATABASE_URL names the app's database.`,
    ]);
    expect(run.stdout).not.toContain("Listening on");
  });

  it("on a damaged database file, says so in one line and does not start", async () => {
    const file = path.join(dir, "damaged.sqlite");
    copyFileSync(migrated, file);
    // Garbage over every page but the first (the header and the schema's root stay readable).
    const fd = openSync(file, "r+");
    const size = statSync(file).size;
    for (let offset = 4096; offset < size; offset += 4096)
      writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, offset);
    closeSync(fd);
    const run = await start({ ...GOOD_ENV, DATABASE_URL: `file:${file}` });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^Cannot start: the database .*damaged\.sqlite (is damaged|cannot be read) \(.+\): restore it from a backup/,
    );
    expect(run.stdout).not.toContain("Listening on");
  });

  it("reads a big table at its ends only: damage at its last page is refused, deep inside it is left to check:database", async () => {
    const deep = await ledgerWithDamage("deep.sqlite", (pages) => pages[Math.floor(pages.length / 2)]);
    const started = await start({ ...GOOD_ENV, DATABASE_URL: `file:${deep}` });
    expect(started.stderr).toBe("");
    expect(started.stdout).toContain("Listening on");
    const check = await checkDatabase(deep);
    expect(check.code).toBe(1);
    expect(lines(check.stderr)).toHaveLength(1);
    expect(check.stderr).toMatch(
      /^The database .*deep\.sqlite is damaged \(.+\): restore it from a backup\./,
    );

    const edge = await ledgerWithDamage("edge.sqlite", (pages) => pages[pages.length - 1]);
    const refused = await start({ ...GOOD_ENV, DATABASE_URL: `file:${edge}` });
    expect(refused.code).toBe(1);
    expect(lines(refused.stderr)).toHaveLength(1);
    expect(refused.stderr).toMatch(
      /^Cannot start: the database .*edge\.sqlite (is damaged|cannot be read) \(.+\): restore it from a backup/,
    );
  });

  it("check:database says a sound database is sound", async () => {
    const check = await checkDatabase(migrated);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(
      /^The database .*migrated\.sqlite is sound: SQLite's quick check read all of it/,
    );
  });

  it("on a spool that is not a database, says what it holds and does not start", async () => {
    const file = path.join(dir, "with-bad-spool.sqlite");
    copyFileSync(migrated, file);
    const spoolFile = path.join(dir, "with-bad-spool.spool.sqlite");
    writeFileSync(spoolFile, Buffer.alloc(8192, 0x5a));
    const run = await start({ ...GOOD_ENV, DATABASE_URL: `file:${file}` });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `Cannot start: the spool ${spoolFile} cannot be read (SQLITE_NOTADB: file is not a database): it holds webhooks acknowledged but not yet processed; restore it from a backup, or move it aside to start without them.`,
    ]);
  });

  it("lists every problem at once, one line each", async () => {
    const run = await start({
      REMIX_BUILD: path.join(dir, "no-build/index.js"),
      DATABASE_URL: `file:${path.join(dir, "none.sqlite")}`,
    });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toHaveLength(3);
    expect(lines(run.stderr).every((line) => line.startsWith("Cannot start: "))).toBe(true);
    expect(run.stderr).toContain("run `npm run build`");
    expect(run.stderr).toContain("set SHOPIFY_API_KEY");
    expect(run.stderr).toContain("run `npm run setup`");
  });
});
