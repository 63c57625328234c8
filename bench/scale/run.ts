/**
 * The scale benchmark: `npm run bench:scale [-- --size 25k|250k|1m] [--sizes 25k,250k,1m]`.
 *
 * For each size: seeds a migrated database with a store's history (./seed.ts: the big shop and a small
 * one), starts the production server through the app's launcher (scripts/lib/app-server.mjs), and, with
 * session tokens as App Bridge sends them, times every admin screen's loader (`?_data=` requests, as
 * Remix's client navigation makes them) and the full CSV export of the ledger. Each screen is asked once to
 * warm up, then 7 times in rounds over all screens; the report gives each screen's median in ms and as a
 * ratio to a trivial authenticated loader (the app's layout) measured in the same rounds, the export's first
 * byte and whole, and the server's resident memory: peak (VmHWM) and its growth during the export. The
 * export is timed twice, each time on a freshly started server: as a browser asks it (`Accept-Encoding: gzip,
 * deflate, br`, answered with br: what merchants download) and uncompressed, with the server's CPU time.
 *
 * Options: `--database <file>[,<file>…]` (one per size, in the order of `--sizes`) keeps the seeded
 * database there and reuses it when it exists (a size seeded into it before, e.g. by `npm run bench:seed`);
 * `--flatness <a.json>[,<b.json>…]` prints the flatness table of reports written before by `--out`;
 * `--out <file.json>` writes the report as JSON too; `--screenshot` also photographs Home on the big shop in Chromium (the browser tests' helpers, the App Bridge stand-in) to
 * artifacts/screenshots/scale-home-<size>.png; `--baseline <dir>` also times another version of the app
 * (a checkout with its dependencies installed, e.g. `git archive main | tar -x -C <dir> && npm ci`) in the
 * same rounds, screen by screen, alternating which is asked first, on a copy of the same database without
 * the indexes its own migrations do not make, and reports both side by side. `--screens <regex>` times only
 * the screens whose names match (and not the export); `--cpu-prof <dir>` writes this checkout's server's CPU
 * profile there (node --cpu-prof) when it stops, to see where a whole request's time goes; `--export-only` times
 * only the trivial screen and the export; `--exports-per-server <n>` has one server answer n exports of each
 * kind in turn (else each export has a freshly started server) and reports the range of each figure and the
 * export that grew the server most; `--node-args "<options>"` starts this checkout's server with those
 * Node options (e.g. `--trace-gc`).
 */
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import { loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import { createClient } from "@libsql/client";
import { signSessionToken } from "~/dev/app-bridge-standin/standin.server";
import * as thisApp from "~root/scripts/lib/app-server.mjs";
import { ensureBuild, migrateDatabase, startAppServer, tempDir } from "~root/scripts/lib/app-server.mjs";
import { hostParam } from "~test/browser/helpers/app-server";
import { launchBrowser, wholePageScreenshot } from "~test/browser/helpers/browser";
import { cursorOf, type KeyTerm } from "~/lib/keyset";
import { ORDERS_ORDER } from "~/models/orders/orders.server";
import { BIG_SHOP, SIZES, bigShopPlan, seedDatabase } from "./seed";

const API_KEY = "scale-api-key";
const API_SECRET = "scale-api-secret";
const ROUNDS = 7;
const USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

interface Screen {
  name: string;
  /** Path and query, without `_data`. */
  path: string;
  /** The Remix route whose loader answers. */
  route: string;
}

interface ScreenResult {
  name: string;
  /** Null when it gave no answer in TIMEOUT_MS. */
  medianMs: number | null;
  ratio: number | null;
  status: number;
  bytes: number;
}

/** A version of the app: this checkout, or a baseline's. */
interface App {
  label: string;
  launcher: typeof thisApp;
  databaseUrl: string;
  /** The emulator's store: the baseline's emulator may not know the shop's profile. */
  storeFile: string;
}

interface AppReport {
  label: string;
  trivialMs: number;
  screens: ScreenResult[];
  /** The export as a browser asks it (compressed); null when only some screens were timed (`--screens`). */
  export: ExportResult | null;
  /** The export without compression. */
  uncompressedExport?: ExportResult | null;
  peakRssMb: number;
}

interface SizeReport {
  size: string;
  orders: number;
  ledgerLines: number;
  databaseMb: number;
  seedSeconds: number | null;
  /** The baseline first when there is one, this checkout last. */
  apps: AppReport[];
  loadAverage: number[];
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

function headers(): Record<string, string> {
  const { token } = signSessionToken({ shop: BIG_SHOP, apiKey: API_KEY, apiSecret: API_SECRET });
  return { Authorization: `Bearer ${token}`, "User-Agent": USER_AGENT };
}

/** Memory of a process as Linux reports it, in MB: resident now (VmRSS) and its peak (VmHWM). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** A screen gets this long to answer (the issue's measure of "no answer"). */
const TIMEOUT_MS = 60_000;

async function timeLoader(
  baseUrl: string,
  screen: Screen,
): Promise<{ ms: number; status: number; bytes: number } | null> {
  const separator = screen.path.includes("?") ? "&" : "?";
  const url = `${baseUrl}${screen.path}${separator}_data=${encodeURIComponent(screen.route)}`;
  const started = performance.now();
  try {
    const response = await fetch(url, { headers: headers(), signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = await response.arrayBuffer();
    return { ms: performance.now() - started, status: response.status, bytes: body.byteLength };
  } catch (error) {
    if (error instanceof DOMException && error.name === "TimeoutError") return null;
    throw error;
  }
}

/**
 * Home's other ranges (plain Home is its default, the last 30 days): the presets, and a custom year ending
 * today (UTC's today: the shop's differs by a day at most, which changes nothing measured).
 */
function homeRanges(): Array<[string, string]> {
  const today = new Date();
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const yearAgo = new Date(today.getTime() - 364 * 86_400_000);
  return [
    ["last 7 days", "range=7d"],
    ["last 90 days", "range=90d"],
    ["this month", "range=month"],
    ["custom year", `range=custom&from=${day(yearAgo)}&to=${day(today)}`],
  ];
}

/** The screens, with ids of the seeded rows they open: the busiest affiliate, a recent order. */
async function screensOf(databaseUrl: string): Promise<Screen[]> {
  const sqlite = createClient({ url: databaseUrl });
  try {
    const top = await sqlite.execute({
      sql: `SELECT "affiliateId", COUNT(*) AS "lines" FROM "LedgerLine" WHERE "shop" = ?
        GROUP BY "affiliateId" ORDER BY "lines" DESC LIMIT 1`,
      args: [BIG_SHOP],
    });
    const order = await sqlite.execute({
      sql: `SELECT "id" FROM "AttributedOrder" WHERE "shop" = ? AND "referrerAffiliateId" IS NOT NULL
        ORDER BY "orderCreatedAt" DESC LIMIT 1 OFFSET 100`,
      args: [BIG_SHOP],
    });
    // Deep pages by cursor: the row before page 400 of Connections and page 40 of Orders, not credited (newest
    // first); `page=` too, for a baseline that pages by number (each version ignores the other's parameter).
    const connectionCursor = await cursorAt(
      sqlite,
      `SELECT "createdAt", "id" FROM "CustomerConnection" WHERE "shop" = ? ORDER BY "createdAt" DESC, "id" DESC`,
      399 * 25,
      [
        { field: "createdAt", direction: "desc", type: "date" },
        { field: "id", direction: "desc", type: "string" },
      ],
    );
    const orderCursor = await cursorAt(
      sqlite,
      `SELECT "orderCreatedAt", "id" FROM "AttributedOrder" WHERE "shop" = ? AND "credited" = 0
        ORDER BY "orderCreatedAt" DESC, "id" DESC`,
      39 * 25,
      ORDERS_ORDER,
    );
    // An empty shop has no affiliate or order to open: their pages are left out.
    const affiliateId = top.rows.length > 0 ? String(top.rows[0].affiliateId) : null;
    const orderId = order.rows.length > 0 ? String(order.rows[0].id) : null;
    const screens: Array<Screen | false> = [
      { name: "Home", path: "/app", route: "routes/app._index" },
      ...homeRanges().map(([label, query]) => ({
        name: `Home, ${label}`,
        path: `/app?${query}`,
        route: "routes/app._index",
      })),
      { name: "Affiliates", path: "/app/affiliates", route: "routes/app.affiliates._index" },
      {
        name: "Affiliates, searched",
        path: "/app/affiliates?q=tanaka",
        route: "routes/app.affiliates._index",
      },
      {
        name: "Affiliates, page 200",
        path: "/app/affiliates?page=200",
        route: "routes/app.affiliates._index",
      },
      affiliateId !== null && {
        name: "Affiliate page (busiest)",
        path: `/app/affiliates/${affiliateId}`,
        route: "routes/app.affiliates.$id._index",
      },
      affiliateId !== null && {
        name: "Affiliate edit",
        path: `/app/affiliates/${affiliateId}/edit`,
        route: "routes/app.affiliates.$id.edit",
      },
      { name: "New affiliate", path: "/app/affiliates/new", route: "routes/app.affiliates.new" },
      {
        name: "Affiliate picker search",
        path: "/app/connections/affiliate-options?q=ada",
        route: "routes/app.connections.affiliate-options",
      },
      { name: "Connections", path: "/app/connections", route: "routes/app.connections._index" },
      {
        name: "Connections, page 400",
        path: `/app/connections?page=400${connectionCursor}`,
        route: "routes/app.connections._index",
      },
      { name: "New connection", path: "/app/connections/new", route: "routes/app.connections.new" },
      { name: "Products", path: "/app/products", route: "routes/app.products._index" },
      { name: "New product connection", path: "/app/products/new", route: "routes/app.products.new" },
      { name: "Coupons", path: "/app/coupons", route: "routes/app.coupons._index" },
      {
        name: "Coupons by sales",
        path: "/app/coupons?sort=sales&direction=desc",
        route: "routes/app.coupons._index",
      },
      { name: "New coupon", path: "/app/coupons/new", route: "routes/app.coupons.new" },
      { name: "Commissions", path: "/app/commissions", route: "routes/app.commissions._index" },
      {
        name: "Commissions, approved",
        path: "/app/commissions?status=approved",
        route: "routes/app.commissions._index",
      },
      affiliateId !== null && {
        name: "Commissions, busiest affiliate",
        path: `/app/commissions?affiliateId=${affiliateId}`,
        route: "routes/app.commissions._index",
      },
      {
        name: "Commissions, page 400",
        path: "/app/commissions?page=400",
        route: "routes/app.commissions._index",
      },
      orderId !== null && {
        name: "Commission detail",
        path: `/app/commissions/${orderId}`,
        route: "routes/app.commissions.$id",
      },
      { name: "Orders", path: "/app/orders", route: "routes/app.orders._index" },
      {
        name: "Orders, not credited",
        path: "/app/orders?show=not_credited",
        route: "routes/app.orders._index",
      },
      {
        name: "Orders, not credited, page 40",
        path: `/app/orders?show=not_credited&page=40${orderCursor}`,
        route: "routes/app.orders._index",
      },
      { name: "Deliveries", path: "/app/deliveries", route: "routes/app.deliveries" },
      { name: "Settings", path: "/app/settings", route: "routes/app.settings" },
      // Every affiliate's balance is summed for this screen, payable or held.
      { name: "Payouts (balances)", path: "/app/payouts", route: "routes/app.payouts._index" },
      { name: "Payouts, every balance", path: "/app/payouts?show=all", route: "routes/app.payouts._index" },
    ];
    const only = argument("screens");
    return screens.filter(
      (screen): screen is Screen => screen !== false && (!only || new RegExp(only).test(screen.name)),
    );
  } finally {
    sqlite.close();
  }
}

/** `&after=<cursor>` for the `index`th row (0-based) of `sql`'s order, or "" when there are not that many. */
async function cursorAt(
  sqlite: ReturnType<typeof createClient>,
  sql: string,
  index: number,
  terms: KeyTerm[],
): Promise<string> {
  const { rows } = await sqlite.execute({ sql: `${sql} LIMIT 1 OFFSET ${index - 1}`, args: [BIG_SHOP] });
  if (rows.length === 0) return "";
  const row = Object.fromEntries(
    terms.map(({ field, type }) => [
      field,
      type === "date" ? new Date(String(rows[0][field])) : rows[0][field],
    ]),
  );
  return `&after=${encodeURIComponent(cursorOf(row, terms))}`;
}

const TRIVIAL: Screen = { name: "Trivial (app layout)", path: "/app", route: "routes/app" };

/** What a browser sends (Chrome, Firefox, Safari); compression() answers it with br. */
const BROWSER_ENCODINGS = "gzip, deflate, br";

/** The export asked as a browser asks it (compressed), and without compression. */
const EXPORT_ENCODINGS = [
  { name: "as a browser asks", acceptEncoding: BROWSER_ENCODINGS },
  { name: "uncompressed", acceptEncoding: null },
] as const;

interface ExportResult {
  /** The Accept-Encoding sent (null: none) and the Content-Encoding answered. */
  acceptEncoding: string | null;
  contentEncoding: string | null;
  firstByteMs: number;
  wholeMs: number;
  lines: number;
  /** The CSV's size, and what crossed the wire. */
  mb: number;
  wireMb: number;
  rssGrowthMb: number;
  /** The server's CPU time (user + system) during the export. */
  serverCpuMs: number;
}

/** Waits (up to 60 s) until the process uses under 10 % of a core, e.g. a server done with its start. */
async function idle(pid: number): Promise<void> {
  const until = performance.now() + 60_000;
  for (let before = cpuMsOf(pid); performance.now() < until; ) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = cpuMsOf(pid);
    if (now - before < 50) return;
    before = now;
  }
}

/** A process's CPU time so far (user + system), in ms. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  // utime and stime, fields 14 and 15 of stat (12 and 13 after the command), in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The whole ledger as CSV: time to the first byte, to the last, the server's CPU and its memory growth
 * meanwhile. Asked with node:http, which waits as long as it takes (fetch gives up on headers after 5
 * minutes); a compressed answer is decompressed here to count its lines.
 */
async function timeExport(
  baseUrl: string,
  pid: number,
  acceptEncoding: string | null,
): Promise<ExportResult> {
  const before = memoryOf(pid).rss;
  let highest = before;
  const sampler = setInterval(() => {
    highest = Math.max(highest, memoryOf(pid).rss);
  }, 25);
  const cpuBefore = cpuMsOf(pid);
  const started = performance.now();
  let firstByteMs = 0;
  let bytes = 0;
  let wireBytes = 0;
  let lines = 0;
  let contentEncoding: string | null = null;
  const requestHeaders: Record<string, string> = { ...headers() };
  if (acceptEncoding) requestHeaders["Accept-Encoding"] = acceptEncoding;
  await new Promise<void>((resolve, reject) => {
    const request = http.get(`${baseUrl}/app/commissions/export`, { headers: requestHeaders }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`The export answered HTTP ${response.statusCode}`));
        return;
      }
      contentEncoding = response.headers["content-encoding"] ?? null;
      response.on("data", (chunk: Buffer) => {
        if (wireBytes === 0) firstByteMs = performance.now() - started;
        wireBytes += chunk.byteLength;
      });
      const decoded = decoder(contentEncoding);
      const csv = decoded ? response.pipe(decoded) : response;
      csv.on("data", (chunk: Buffer) => {
        bytes += chunk.byteLength;
        for (const byte of chunk) if (byte === 10) lines += 1;
      });
      csv.on("end", resolve);
      csv.on("error", reject);
      response.on("error", reject);
    });
    request.on("error", reject);
  });
  const wholeMs = performance.now() - started;
  const serverCpuMs = cpuMsOf(pid) - cpuBefore;
  clearInterval(sampler);
  highest = Math.max(highest, memoryOf(pid).rss);
  return {
    acceptEncoding,
    contentEncoding,
    firstByteMs,
    wholeMs,
    lines: lines - 1,
    mb: bytes / 1e6,
    wireMb: wireBytes / 1e6,
    rssGrowthMb: highest - before,
    serverCpuMs,
  };
}

function decoder(contentEncoding: string | null) {
  if (contentEncoding === "gzip") return zlib.createGunzip();
  if (contentEncoding === "br") return zlib.createBrotliDecompress();
  if (contentEncoding === "deflate") return zlib.createInflate();
  return null;
}

/**
 * The baseline's copy of the database: the same rows, without the indexes the baseline's own migrations do
 * not make (its tables and columns it does not know are never read by it).
 */
async function baselineDatabase(databaseFile: string, baseline: typeof thisApp): Promise<string> {
  const dir = tempDir("affiliate-scale-baseline-");
  const scratchUrl = `file:${path.join(dir, "migrated.sqlite")}`;
  baseline.migrateDatabase(scratchUrl);
  const indexes = async (url: string) => {
    const sqlite = createClient({ url });
    try {
      const rows = await sqlite.execute(
        `SELECT "name", "sql" FROM "sqlite_master" WHERE "type" = 'index' AND "sql" IS NOT NULL`,
      );
      return new Map(rows.rows.map((row) => [String(row.name), String(row.sql)]));
    } finally {
      sqlite.close();
    }
  };
  const own = await indexes(scratchUrl);
  const file = path.join(dir, "scale.sqlite");
  copyFileSync(databaseFile, file);
  const url = `file:${file}`;
  const present = await indexes(url);
  const extra = [...present.keys()].filter((name) => !own.has(name));
  // Indexes this checkout's migrations dropped or replaced, which the baseline reads by.
  const missing = [...own.keys()].filter((name) => !present.has(name));
  const sqlite = createClient({ url });
  try {
    for (const name of extra) await sqlite.execute(`DROP INDEX "${name}"`);
    for (const name of missing) await sqlite.execute(own.get(name)!);
  } finally {
    sqlite.close();
  }
  console.log(
    `Baseline database ${file}: without the indexes ${extra.join(", ") || "(none)"}; ` +
      `with its own ${missing.join(", ") || "(none)"}`,
  );
  return url;
}

/** An empty store for the baseline's emulator (the loaders timed ask Shopify nothing). */
function baselineStoreFile(databaseFile: string): string {
  const file = path.join(path.dirname(databaseFile), "baseline-store.json");
  writeFileSync(file, "{}");
  return file;
}

async function measure(
  size: string,
  databaseFile: string | undefined,
  photograph: boolean,
  baseline: { label: string; launcher: typeof thisApp } | null,
): Promise<SizeReport> {
  const orders = SIZES[size];
  const file = databaseFile ?? path.join(tempDir("affiliate-scale-"), "scale.sqlite");
  const databaseUrl = `file:${file}`;
  let seedSeconds: number | null = null;
  // A database seeded before a later migration is brought up to date (migrating is idempotent).
  const seeded = existsSync(file);
  migrateDatabase(databaseUrl);
  if (!seeded) {
    console.log(`Seeding ${size} orders into ${file}…`);
    const report = await seedDatabase(databaseUrl, { orders });
    seedSeconds = report.seconds;
    console.log(JSON.stringify(report));
  }
  const screens = exportOnly ? [] : await screensOf(databaseUrl);
  const storeFile = path.join(path.dirname(file), "store.json");
  const plan = bigShopPlan(orders);
  writeFileSync(
    storeFile,
    JSON.stringify({
      store: { shop: { name: plan.name, ianaTimezone: plan.timeZone, currencyCode: plan.currency } },
    }),
  );
  const apps: App[] = [
    ...(baseline
      ? [
          {
            ...baseline,
            databaseUrl: await baselineDatabase(file, baseline.launcher),
            storeFile: baselineStoreFile(file),
          },
        ]
      : []),
    { label: "this checkout", launcher: thisApp, databaseUrl, storeFile },
  ];
  const reports: AppReport[] = [];
  const runs = await Promise.all(apps.map((app) => startRun(app, screens)));
  try {
    // Round by round, screen by screen, each version in turn (the first one alternating), so that the
    // machine's noise falls on all of them alike.
    for (const run of runs) for (const screen of run.all) await run.ask(screen, false);
    for (let round = 0; round < ROUNDS; round++) {
      for (const screen of runs[0].all) {
        const order = round % 2 === 0 ? runs : [...runs].reverse();
        for (const run of order) await run.ask(screen, true);
      }
    }
    for (const run of runs) {
      const trivialMs = median(run.times.get(TRIVIAL.name)!);
      console.log(
        JSON.stringify({
          app: run.app.label,
          trivialMs,
          screens: screens.map((screen) => [
            screen.name,
            run.answers.get(screen.name) ? median(run.times.get(screen.name)!) : null,
          ]),
        }),
      );
    }
    // The exports one after the other, so that none competes with another for the cores; each on a freshly
    // started server (a server's memory after one export is no baseline for the next), versions alternating.
    const timed = argument("screens") === undefined || exportOnly;
    // With --exports-per-server N, one server answers N exports of each kind in turn (what a server that has
    // exported before holds), and the report keeps each kind's export that grew the server most.
    const everyExport = runs.map(() => new Map<string, ExportResult[]>());
    const turns = Array.from({ length: exportsPerServer }, () => EXPORT_ENCODINGS).flat();
    for (const [turn, encoding] of (timed ? turns : []).entries()) {
      for (const run of turn % 2 === 0 ? runs : [...runs].reverse()) {
        if (exportsPerServer === 1 || turn === 0) await run.restart();
        else await idle(run.server.child.pid!);
        const result = await timeExport(run.server.url, run.server.child.pid!, encoding.acceptEncoding);
        console.log(JSON.stringify({ app: run.app.label, export: encoding.name, ...result }));
        const index = runs.indexOf(run);
        everyExport[index].set(encoding.name, [...(everyExport[index].get(encoding.name) ?? []), result]);
      }
    }
    const exports = everyExport.map(
      (byKind) =>
        new Map(
          [...byKind].map(([name, results]) => [
            name,
            results.reduce((worst, result) => (result.rssGrowthMb > worst.rssGrowthMb ? result : worst)),
          ]),
        ),
    );
    if (exportsPerServer > 1) {
      const range = (values: number[], digits: number) =>
        `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
      for (const [index, run] of runs.entries()) {
        for (const [name, results] of everyExport[index]) {
          console.log(
            `${run.app.label}, ${results.length} exports (${name}) on one server: grew ${range(
              results.map((r) => r.rssGrowthMb),
              0,
            )} MB, whole ${range(
              results.map((r) => r.wholeMs / 1000),
              1,
            )} s, server CPU ${range(
              results.map((r) => r.serverCpuMs / 1000),
              1,
            )} s`,
          );
        }
      }
    }
    const sqlite = createClient({ url: databaseUrl });
    const count = await sqlite.execute({
      sql: `SELECT COUNT(*) AS "lines" FROM "LedgerLine" WHERE "shop" = ?`,
      args: [BIG_SHOP],
    });
    sqlite.close();
    const ledgerLines = Number(count.rows[0].lines);
    for (const [index, run] of runs.entries()) {
      for (const exportResult of exports[index].values()) {
        if (exportResult.lines !== ledgerLines) {
          throw new Error(
            `${run.app.label}: the export has ${exportResult.lines} lines, the ledger ${ledgerLines}`,
          );
        }
      }
      const trivialMs = median(run.times.get(TRIVIAL.name)!);
      reports.push({
        label: run.app.label,
        trivialMs,
        screens: screens.map((screen) => {
          const answer = run.answers.get(screen.name);
          if (!answer) return { name: screen.name, medianMs: null, ratio: null, status: 0, bytes: 0 };
          const ms = median(run.times.get(screen.name)!);
          return { name: screen.name, medianMs: ms, ratio: ms / trivialMs, ...answer };
        }),
        export: exports[index].get(EXPORT_ENCODINGS[0].name) ?? null,
        uncompressedExport: exports[index].get(EXPORT_ENCODINGS[1].name) ?? null,
        peakRssMb: run.peak(),
      });
    }
    return {
      size,
      orders,
      ledgerLines,
      databaseMb: statSync(file).size / 1e6,
      seedSeconds,
      apps: reports,
      loadAverage: loadavg(),
    };
  } finally {
    for (const run of runs) await run.stop();
    // An empty shop's Home has no chart to photograph (it shows how to get started).
    if (photograph && orders > 0) await photographHome(databaseUrl, storeFile, size);
  }
}

const profileDir = argument("cpu-prof");
/** Only the trivial screen (the ratios' baseline) and the export. */
const exportOnly = process.argv.includes("--export-only");
/** Exports of each kind one server answers, one after another (1: a freshly started server for each). */
const exportsPerServer = Number(argument("exports-per-server") ?? 1);
if (!Number.isInteger(exportsPerServer) || exportsPerServer < 1) {
  throw new Error("--exports-per-server takes a whole number of exports, 1 or more");
}
/** Node options for this checkout's server, e.g. `--node-args "--trace-gc --max-semi-space-size=32"`. */
const nodeArgs = argument("node-args")?.split(" ").filter(Boolean) ?? [];

/** One version of the app's server, its answers and times, and its peak memory. */
async function startRun(app: App, screens: Screen[]) {
  const start = () =>
    app.launcher.startAppServer({
      databaseUrl: app.databaseUrl,
      storeFile: app.storeFile,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      env: { LOG_REQUESTS: "off", SHOPIFY_LOG_LEVEL: "error" },
      nodeArgs:
        app.launcher === thisApp
          ? [...nodeArgs, ...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [])]
          : [],
    });
  let server = await start();
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, memoryOf(server.child.pid!).peak);
    } catch {
      // Between a server stopped and the next one started.
    }
  }, 100);
  const all = [TRIVIAL, ...screens];
  const times = new Map<string, number[]>(all.map((screen) => [screen.name, []]));
  const answers = new Map<string, { status: number; bytes: number } | null>();
  return {
    app,
    all,
    times,
    answers,
    get server() {
      return server;
    },
    peak: () => Math.max(peak, memoryOf(server.child.pid!).peak),
    /**
     * Asks a screen; a screen that does not answer in time is asked no more, and the server, still busy
     * with it (SQLite queries hold the event loop), is replaced by a new one.
     */
    async ask(screen: Screen, record: boolean) {
      if (answers.has(screen.name) && answers.get(screen.name) === null) return;
      const result = await timeLoader(server.url, screen);
      if (result === null) {
        console.log(
          `${app.label}, ${screen.name}: no answer in ${TIMEOUT_MS / 1000} s; restarting the server`,
        );
        answers.set(screen.name, null);
        await server.stop("SIGKILL");
        server = await start();
        return;
      }
      if (result.status !== 200) {
        throw new Error(`${app.label}, ${screen.name} answered HTTP ${result.status}\n${server.logTail()}`);
      }
      if (record) {
        times.get(screen.name)!.push(result.ms);
        answers.set(screen.name, result);
      }
    },
    async restart() {
      await server.stop();
      server = await start();
      await idle(server.child.pid!);
    },
    async stop() {
      clearInterval(sampler);
      await server.stop();
    },
  };
}

/** Home on the big shop, over the last 90 days, in Chromium through the App Bridge stand-in. */
async function photographHome(databaseUrl: string, storeFile: string, size: string): Promise<void> {
  const server = await startAppServer({
    databaseUrl,
    storeFile,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    env: {
      LOG_REQUESTS: "off",
      SHOPIFY_APP_BRIDGE_STANDIN: "1",
      APP_BRIDGE_URL: "/app-bridge-standin.js",
    },
  });
  const browser = await launchBrowser();
  try {
    const { page } = browser;
    await page.goto(`${server.appUrl}/app?shop=${BIG_SHOP}&host=${hostParam(BIG_SHOP)}&embedded=1&range=90d`);
    await page.waitForURL(/id_token=/);
    await page.getByTestId("sales-chart").locator("svg").first().waitFor({ timeout: 60_000 });
    console.log(`Home photographed: ${await wholePageScreenshot(page, `scale-home-${size}`)}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

function printReport(report: SizeReport): void {
  const f = (n: number, digits = 1) => n.toFixed(digits);
  console.log(
    `\n## ${report.size}: ${report.orders.toLocaleString("en-US")} orders, ${report.ledgerLines.toLocaleString("en-US")} ledger lines, database ${f(report.databaseMb, 0)} MB` +
      (report.seedSeconds === null ? "" : `, seeded in ${f(report.seedSeconds)} s`),
  );
  for (const app of report.apps) {
    console.log(`Trivial authenticated loader (app layout), ${app.label}: ${f(app.trivialMs)} ms median`);
  }
  const first = report.apps[0];
  const compared = report.apps.length > 1;
  const cell = (ms: number | null, trivialMs: number) =>
    ms === null ? `no answer in ${TIMEOUT_MS / 1000} s | —` : `${f(ms)} | ${f(ms / trivialMs)}`;
  const speedUp = (before: number | null, after: number | null) =>
    before === null || after === null
      ? after === null
        ? "—"
        : `> ${f(TIMEOUT_MS / after, 0)}×`
      : `${f(before / after)}×`;
  const rows: Array<{ name: string; values: Array<number | null> }> = [
    ...first.screens.map((screen, index) => ({
      name: screen.name,
      values: report.apps.map((app) => app.screens[index].medianMs),
    })),
    ...exportRows(report),
  ];
  console.log(
    `\n| screen (loader, median of ${ROUNDS}) | ${report.apps.map((app) => `${app.label} ms | × trivial`).join(" | ")}${compared ? " | faster" : ""} |`,
  );
  console.log(`|---|${report.apps.map(() => "---:|---:").join("|")}${compared ? "|---:" : ""}|`);
  for (const row of rows) {
    const cells = row.values.map((ms, index) => cell(ms, report.apps[index].trivialMs));
    const faster = compared ? ` | ${speedUp(row.values[0], row.values[row.values.length - 1])}` : "";
    console.log(`| ${row.name} | ${cells.join(" | ")}${faster} |`);
  }
  console.log("");
  for (const app of report.apps) {
    const growth = [app.export, app.uncompressedExport]
      .filter((result): result is ExportResult => !!result)
      .map(
        (result) =>
          `${f(result.rssGrowthMb, 0)} MB (${result.contentEncoding ?? "uncompressed"}, ${f(result.wireMb)} MB sent)`,
      );
    console.log(
      `Server memory, ${app.label}: peak ${f(app.peakRssMb, 0)} MB (VmHWM)` +
        (growth.length > 0 ? `; grew ${growth.join(", ")} during the export.` : "."),
    );
  }
  console.log(`Load average ${report.loadAverage.map((l) => f(l, 2)).join(" ")}.`);
}

/** The export's rows of the report: first byte, whole, and the server's CPU, as a browser asks and uncompressed. */
function exportRows(report: SizeReport): Array<{ name: string; values: Array<number | null> }> {
  const rows = [];
  for (const pick of [(app: AppReport) => app.export, (app: AppReport) => app.uncompressedExport]) {
    const sample = report.apps.map(pick).find((result) => result);
    if (!sample) continue;
    const how = sample.contentEncoding ? `as a browser asks: ${sample.contentEncoding}` : "uncompressed";
    rows.push(
      {
        name: `CSV export (${how}), first byte`,
        values: report.apps.map((app) => pick(app)?.firstByteMs ?? null),
      },
      {
        name: `CSV export (${how}), whole (${sample.lines.toLocaleString("en-US")} lines, ${sample.mb.toFixed(1)} MB)`,
        values: report.apps.map((app) => pick(app)?.wholeMs ?? null),
      },
      {
        name: `CSV export (${how}), server CPU`,
        values: report.apps.map((app) => pick(app)?.serverCpuMs ?? null),
      },
    );
  }
  return rows;
}

/** This checkout's figures across the sizes. */
function printFlatness(reports: SizeReport[]): void {
  if (reports.length < 2) return;
  const mine = (r: SizeReport) => r.apps[r.apps.length - 1];
  console.log(`\n## Flatness: median ms (× trivial)\n`);
  console.log(`| screen | ${reports.map((r) => r.size).join(" | ")} |`);
  console.log(`|---|${reports.map(() => "---:").join("|")}|`);
  const names = [...new Set(reports.flatMap((r) => mine(r).screens.map((screen) => screen.name)))];
  for (const name of names) {
    const cells = reports.map((r) => {
      const screen = mine(r).screens.find((s) => s.name === name);
      if (!screen) return "—";
      return screen.medianMs === null
        ? "no answer"
        : `${screen.medianMs.toFixed(1)} (${screen.ratio!.toFixed(1)})`;
    });
    console.log(`| ${name} | ${cells.join(" | ")} |`);
  }
  const exportCells = (pick: (r: SizeReport) => number | undefined) =>
    reports.map((r) => pick(r)?.toFixed(0) ?? "—").join(" | ");
  console.log(`| CSV export, first byte | ${exportCells((r) => mine(r).export?.firstByteMs)} |`);
  console.log(`| CSV export, whole | ${exportCells((r) => mine(r).export?.wholeMs)} |`);
  console.log(
    `| CSV export, server memory growth (MB) | ${exportCells((r) => mine(r).export?.rssGrowthMb)} |`,
  );
  console.log(`| Server peak RSS (MB) | ${exportCells((r) => mine(r).peakRssMb)} |`);
  console.log(`| Load average (1 min) | ${reports.map((r) => r.loadAverage[0].toFixed(1)).join(" | ")} |`);
  // Flat: a screen's ratio to the trivial screen at the largest size within 1.5× of its ratio at 25k.
  const FLAT = 1.5;
  const from = reports.find((r) => r.size === "25k");
  const to = reports[reports.length - 1];
  if (!from || from === to) return;
  const notFlat = names.filter((name) => {
    const [a, b] = [from, to].map((r) => mine(r).screens.find((s) => s.name === name)?.ratio ?? null);
    return a === null || b === null || b > a * FLAT;
  });
  console.log(
    `\nNot flat (× trivial at ${to.size} over ${FLAT}× its ratio at 25k): ${notFlat.join("; ") || "none"}.`,
  );
}

const sizes = (argument("sizes") ?? argument("size") ?? "250k").toLowerCase().split(",");
for (const size of sizes) {
  if (!(size in SIZES)) {
    console.error(`Unknown size ${size}: use ${Object.keys(SIZES).join(", ")}`);
    process.exit(1);
  }
}
// One database file per size, in the order of the sizes (`--sizes 25k,1m --database a.sqlite,b.sqlite`).
const databases = argument("database")?.split(",") ?? [];
const photograph = process.argv.includes("--screenshot");
if (databases.length > 0 && databases.length !== sizes.length) {
  console.error("--database takes one file per size, in the order of --sizes");
  process.exit(1);
}
const earlier = argument("flatness");
if (earlier) {
  // The flatness table from reports written before (`--out`), e.g. one run per size.
  printFlatness(earlier.split(",").flatMap((file) => JSON.parse(readFileSync(file, "utf8")) as SizeReport[]));
  process.exit(0);
}
const baselineDir = argument("baseline");
let baseline: { label: string; launcher: typeof thisApp } | null = null;
if (baselineDir) {
  const launcher = (await import(
    pathToFileURL(path.resolve(baselineDir, "scripts/lib/app-server.mjs")).href
  )) as typeof thisApp;
  launcher.ensureBuild({ log: (message: string) => console.log(`Baseline: ${message}`) });
  baseline = { label: "baseline", launcher };
}
ensureBuild({ log: console.log });
const reports: SizeReport[] = [];
for (const [index, size] of sizes.entries()) {
  const database = databases[index];
  const report = await measure(size, database ? path.resolve(database) : undefined, photograph, baseline);
  printReport(report);
  reports.push(report);
}
printFlatness(reports);
const out = argument("out");
if (out) writeFileSync(out, JSON.stringify(reports, null, 2));
