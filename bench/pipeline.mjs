// The order pipeline under load: the production server (with the Shopify emulator) on loopback, fed
// signed orders/create webhooks by autocannon from this process, beside a floor server measured in the
// same run (at full speed both before and after the app). Reports throughput and acknowledgement latency
// as ratios to the floor, the time until every order is credited and the crediting rate once the intake is
// idle, and checks that the ledger is exact.
//
// `npm run bench:pipeline -- --history 250k [--seeded <file>]` runs the app twice in the same run, between
// the floor's two measurements: on a database holding only the shops the scale benchmark's seeder installs
// ("empty"), and on one holding the big shop's history (bench/scale/seed.ts, at that size); the orders go to
// the big shop in both, and the crediting figures are compared as ratios. Seeding 250k orders takes minutes
// on a busy machine: `--seeded <file>` keeps the seeded database there and reuses it (a copy is run on).
import { appendFileSync, copyFileSync, existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import autocannon from "autocannon";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import {
  ROOT,
  ensureBuild,
  freePort,
  migrateDatabase,
  startAppServer,
  tempDir,
  waitForHttp,
  webhookHeaders,
} from "../scripts/lib/app-server.mjs";

function argument(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** The seeder's history size for the big-database mode (bench/scale/seed.ts SIZES), or none. */
const HISTORY = argument("history");
const SEEDED = argument("seeded");
/** The seeder's big shop (bench/scale/seed.ts BIG_SHOP): in the history mode, the orders go to it. */
const BIG_SHOP = "big-shop.myshopify.com";
const SHOP = HISTORY ? BIG_SHOP : "bench-shop.myshopify.com";
const API_KEY = "bench-api-key";
const SECRET = "bench-api-secret";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const CONNECTIONS = 10;
const WARM_UP_SECONDS = 3;
const REFERRERS = 50;
const CUSTOMERS = 1000;

const LINES = [
  { productId: 8001, quantity: 2, price: "10.00", discount: "1.00", baseCents: 1900 },
  { productId: 8002, quantity: 1, price: "20.00", discount: null, baseCents: 2000 },
  { productId: 8003, quantity: 1, price: "30.00", discount: null, baseCents: 3000 },
  { productId: 8004, quantity: 2, price: "40.00", discount: null, baseCents: 8000 },
  { productId: 8005, quantity: 1, price: "50.00", discount: null, baseCents: 5000 },
];
const CONNECTED_PRODUCTS = [8001, 8002, 8003];
const ORDER_TIME = "2026-03-01T12:00:00.000Z";

const money = (value) => ({ shop_money: { amount: value, currency_code: "USD" } });

/** Order n: 5 lines, 2 discount codes (neither an affiliate's), a ref, 3 connected products. */
function orderPayload(n) {
  const customerId = 7000 + (n % CUSTOMERS);
  return {
    id: n,
    name: `#${n}`,
    created_at: ORDER_TIME,
    test: false,
    currency: "USD",
    taxes_included: false,
    source_name: "web",
    landing_site: `/products/x?ref=ref${n % REFERRERS}`,
    note_attributes: [],
    discount_codes: [
      { code: "SUMMER", amount: "1.00", type: "fixed_amount" },
      { code: "FREESHIP", amount: "0.00", type: "shipping" },
    ],
    line_items: LINES.map((line, index) => ({
      id: n * 10 + index,
      product_id: line.productId,
      variant_id: line.productId + 100,
      quantity: line.quantity,
      price: line.price,
      price_set: money(line.price),
      gift_card: false,
      discount_allocations: line.discount
        ? [{ amount: line.discount, amount_set: money(line.discount) }]
        : [],
      tax_lines: [],
    })),
    shipping_lines: [{ price: "5.00", discounted_price: "0.00", discounted_price_set: money("0.00") }],
    customer: { id: customerId, email: `customer${customerId}@example.com` },
  };
}

/** What the ledger must hold for order n, worked out without the engine. */
function expectedLines(n) {
  const isNew = (n % CUSTOMERS) % 2 === 0;
  const total = LINES.reduce((sum, line) => sum + line.baseCents, 0);
  const referrer = {
    affiliate: `ref${n % REFERRERS}`,
    source: "link",
    cents: (total * (isNew ? 20 : 10)) / 100,
  };
  const owners = CONNECTED_PRODUCTS.map((productId, index) => ({
    affiliate: `owner${index}`,
    source: "product",
    cents: LINES.find((line) => line.productId === productId).baseCents / 10,
  }));
  return [referrer, ...owners];
}

function storeJson() {
  const customers = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const isNew = i % 2 === 0;
    customers.push({
      id: String(7000 + i),
      email: `customer${7000 + i}@example.com`,
      createdAt: isNew ? "2026-03-01T11:58:00Z" : "2024-01-01T00:00:00Z",
      numberOfOrders: isNew ? 1 : 6,
    });
  }
  return {
    customers,
    products: LINES.map((line) => ({ id: String(line.productId), title: `Product ${line.productId}` })),
  };
}

/** The bench's program, affiliates, coupons and product connections; the shop may be installed already. */
async function seed(db) {
  const session = {
    id: `offline_${SHOP}`,
    shop: SHOP,
    state: "installed",
    isOnline: false,
    scope: "read_customers",
    accessToken: "shpat_bench",
  };
  await db.session.upsert({ where: { id: session.id }, create: session, update: session });
  const settings = {
    shop: SHOP,
    autoApproveDays: null,
    program: JSON.stringify({
      defaultRate: { kind: "percent", value: "10" },
      newCustomer: { enabled: true, rate: { kind: "percent", value: "20" } },
      couponCommission: {
        enabled: false,
        rate: { kind: "percent", value: "15" },
        appliesTo: "affiliate_coupons",
      },
      firstCommission: { enabled: false, rate: { kind: "percent", value: "30" } },
      lifetime: { enabled: false, expiresAfterDays: null },
      recurring: { enabled: false },
      base: { includeShipping: false, includeTax: false },
      excludeSelfReferrals: true,
    }),
  };
  await db.programSettings.upsert({ where: { shop: SHOP }, create: settings, update: settings });
  const affiliates = [];
  for (let i = 0; i < REFERRERS; i++) affiliates.push({ refCode: `ref${i}`, name: `Referrer ${i}` });
  for (let i = 0; i < CONNECTED_PRODUCTS.length; i++)
    affiliates.push({ refCode: `owner${i}`, name: `Owner ${i}` });
  for (const affiliate of affiliates) {
    const row = await db.affiliate.create({
      data: {
        shop: SHOP,
        ...affiliate,
        refCodeKey: affiliate.refCode,
        email: `${affiliate.refCode}@example.com`,
      },
    });
    await db.coupon.create({
      data: {
        shop: SHOP,
        code: `${affiliate.refCode}-15`,
        codeKey: `${affiliate.refCode}-15`,
        affiliateId: row.id,
      },
    });
    const owner = CONNECTED_PRODUCTS[Number(affiliate.refCode.replace("owner", ""))];
    if (affiliate.refCode.startsWith("owner")) {
      await db.productConnection.create({
        data: { shop: SHOP, productId: String(owner), affiliateId: row.id },
      });
    }
  }
}

/** Fires signed orders/create webhooks; `next()` gives each request its own order. */
function load(url, { duration, overallRate, nextOrder }) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/webhooks/orders/create`,
        connections: CONNECTIONS,
        duration,
        ...(overallRate ? { overallRate } : {}),
        requests: [
          {
            method: "POST",
            setupRequest: (request) => {
              const body = JSON.stringify(orderPayload(nextOrder()));
              request.body = body;
              request.headers = webhookHeaders({ topic: "orders/create", shop: SHOP, body, secret: SECRET });
              return request;
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("error", reject);
  });
}

function figures(result) {
  return {
    requests: result.requests.total,
    non2xx: result.non2xx + result.errors + result.timeouts,
    throughput: result.requests.total / (result.duration || SECONDS),
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/**
 * A few seconds of light traffic before measuring, for the floor and the app alike: a server that has
 * just answered its first request is still starting (the app's background threads load the bundle).
 */
async function warmUp(url, nextOrder) {
  await load(url, { duration: WARM_UP_SECONDS, overallRate: 50, nextOrder });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

/**
 * The floor server, started once: measured before the app, then its full-speed phase once more after the
 * app has finished (stopped, everything credited), so that the app's phases sit between two floor
 * measurements and a machine that changes speed in the meantime shows as a gap between them.
 */
async function startFloor() {
  const dir = tempDir("bench-floor-");
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, "bench/floor-server.mjs")], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `file:${dir}/floor.sqlite`,
      SHOPIFY_API_SECRET: SECRET,
    },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, { child });
  let n = 10_000_000;
  const nextOrder = () => n++;
  return {
    async measure() {
      await warmUp(url, nextOrder);
      const max = figures(await load(url, { duration: SECONDS, nextOrder }));
      const steady = figures(await load(url, { duration: SECONDS, overallRate: RATE, nextOrder }));
      return { max, steady };
    },
    async measureMaxAgain() {
      return figures(await load(url, { duration: SECONDS, nextOrder }));
    },
    stop: () => child.kill("SIGTERM"),
  };
}

/** Seeds the scale benchmark's shops into `file` at `size` (its seeder, through its command). */
function seedHistory(file, size) {
  console.log(`Seeding the big shop's history (${size}) into ${file}…`);
  const started = Date.now();
  const result = spawnSync(
    "npx",
    [
      "vite-node",
      "--config",
      "vitest.config.ts",
      "bench/scale/seed-cli.ts",
      "--",
      "--database",
      file,
      "--size",
      size,
    ],
    { cwd: ROOT, encoding: "utf8", env: process.env },
  );
  if (result.status !== 0) throw new Error(`Seeding failed:\n${result.stdout}\n${result.stderr}`);
  console.log(`  seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** A database for the app: fresh and migrated, or a copy of the seeder's at `history` size. */
function appDatabase(history) {
  const dir = tempDir("bench-app-");
  const file = path.join(dir, "app.sqlite");
  if (history) {
    const seeded = history === SIZE_EMPTY || !SEEDED ? path.join(dir, `seeded-${history}.sqlite`) : SEEDED;
    if (!existsSync(seeded)) seedHistory(seeded, history);
    copyFileSync(seeded, file);
    if (seeded !== SEEDED) rmSync(seeded);
  }
  // A database seeded by an earlier checkout gets this one's newer migrations.
  migrateDatabase(`file:${file}`);
  return `file:${file}`;
}

const SIZE_EMPTY = "empty";

async function measureApp(history) {
  const databaseUrl = appDatabase(history);
  const dir = path.dirname(databaseUrl.slice("file:".length));
  const db = new PrismaClient({ adapter: new PrismaLibSQL({ url: databaseUrl }) });
  await seed(db);
  const storeFile = path.join(dir, "store.json");
  writeFileSync(storeFile, JSON.stringify(storeJson()));
  const server = await startAppServer({
    databaseUrl,
    storeFile,
    apiKey: API_KEY,
    apiSecret: SECRET,
    env: { LOG_REQUESTS: "off" },
    nodeArgs: process.env.BENCH_PROFILE_DIR
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
      : [],
  });
  // In a database with a history, what this run records is told apart by when it was recorded.
  const runStarted = new Date();
  const sent = new Set();
  let n = 1;
  const nextOrder = () => {
    sent.add(n);
    return n++;
  };
  try {
    // The same warm-up as the floor's; its orders are checked with the rest.
    await warmUp(server.url, nextOrder);
    const credited = (expected, since) => waitUntilCredited(db, expected, since);
    await credited(sent.size, Date.now());
    const warmUpOrders = sent.size;
    // Steady traffic first: its orders must all be credited within 5 s of the load ending.
    const steady = figures(await load(server.url, { duration: SECONDS, overallRate: RATE, nextOrder }));
    const steadyEnded = Date.now();
    const steadyOrders = sent.size;
    const creditedAfterSteadyMs = await credited(steadyOrders, steadyEnded);

    const max = figures(await load(server.url, { duration: SECONDS, nextOrder }));
    const maxEnded = Date.now();
    // What was still to credit when the burst ended is credited while the intake is idle: the rate.
    const backlog = sent.size - (await creditedCount(db));
    const creditedAfterMaxMs = await credited(sent.size, maxEnded);
    const check = await checkLedger(db, sent, runStarted);
    return {
      steady,
      max,
      warmUpOrders,
      steadyOrders,
      creditedAfterSteadyMs,
      totalOrders: sent.size,
      creditedAfterMaxMs,
      backlog,
      idleRate: backlog / (creditedAfterMaxMs / 1000),
      history: history ?? null,
      check,
    };
  } finally {
    await server.stop();
    await db.$disconnect();
    // Both apps' output in the history mode, each under a line naming its database.
    if (process.env.BENCH_SERVER_LOG)
      appendFileSync(
        process.env.BENCH_SERVER_LOG,
        `=== the app, database: ${history ?? "fresh"}\n${server.output.join("")}`,
      );
    // A copy of a seeded history is gigabytes: not left behind.
    if (history) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * How many of this run's orders are credited: their deliveries processed, which the app marks in (or right
 * after) the transaction that records the order. Counted on the inbox, which holds only this run's
 * deliveries: counting the shop's orders would count the whole seeded history, every 25 ms.
 */
function creditedCount(db) {
  return db.webhookDelivery.count({ where: { shop: SHOP, state: "processed" } });
}

async function waitUntilCredited(db, expected, since, timeoutMs = 300_000) {
  for (;;) {
    const credited = await creditedCount(db);
    if (credited >= expected) return Date.now() - since;
    if (Date.now() - since > timeoutMs) return Number.POSITIVE_INFINITY;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function checkLedger(db, sent, runStarted) {
  const affiliates = new Map(
    (await db.affiliate.findMany({ where: { shop: SHOP } })).map((a) => [a.id, a.refCode]),
  );
  const lines = await db.ledgerLine.findMany({ where: { shop: SHOP, createdAt: { gte: runStarted } } });
  const byOrder = new Map();
  for (const line of lines) {
    const list = byOrder.get(line.orderId) ?? [];
    list.push({ affiliate: affiliates.get(line.affiliateId), source: line.source, cents: line.amountMinor });
    byOrder.set(line.orderId, list);
  }
  const deliveries = await db.webhookDelivery.count({ where: { shop: SHOP } });
  const notProcessed = await db.webhookDelivery.count({ where: { shop: SHOP, state: { not: "processed" } } });
  let lost = 0;
  let wrong = 0;
  for (const n of sent) {
    const actual = byOrder.get(String(n));
    if (!actual) {
      lost++;
      continue;
    }
    const key = (line) => `${line.affiliate}:${line.source}:${line.cents}`;
    const want = expectedLines(n).map(key).sort().join(",");
    if (actual.map(key).sort().join(",") !== want) wrong++;
  }
  const extra = [...byOrder.keys()].filter((id) => !sent.has(Number(id))).length;
  return { orders: sent.size, deliveries, notProcessed, ledgerLines: lines.length, lost, wrong, extra };
}

const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "never");

function printApp(app, floor, floorMax) {
  const label = app.history
    ? ` — database: ${app.history === SIZE_EMPTY ? "empty" : `the big shop's history (${app.history})`}`
    : "";
  console.log(`\nAcknowledgement (HTTP 200 after the delivery is stored)${label}:`);
  console.log("                        floor        app      app/floor");
  console.log(
    `max throughput (req/s)  ${fmt(floorMax).padStart(8)}  ${fmt(app.max.throughput).padStart(9)}  ${fmt(app.max.throughput / floorMax, 2).padStart(9)}`,
  );
  console.log(
    `p50 at ${RATE}/s (ms)        ${fmt(floor.steady.p50).padStart(8)}  ${fmt(app.steady.p50).padStart(9)}  ${fmt(app.steady.p50 / Math.max(floor.steady.p50, 0.001), 2).padStart(9)}`,
  );
  console.log(
    `p99 at ${RATE}/s (ms)        ${fmt(floor.steady.p99).padStart(8)}  ${fmt(app.steady.p99).padStart(9)}  ${fmt(app.steady.p99 / Math.max(floor.steady.p99, 0.001), 2).padStart(9)}`,
  );
  console.log(
    `failed requests         ${String(floor.max.non2xx + floor.steady.non2xx + floor.maxAgain.non2xx).padStart(8)}  ${String(app.max.non2xx + app.steady.non2xx).padStart(9)}`,
  );
  console.log("Crediting:");
  console.log(
    `  ${app.steadyOrders - app.warmUpOrders} orders at ${RATE}/s (after ${app.warmUpOrders} of warm-up): all credited ${fmt(app.creditedAfterSteadyMs / 1000, 2)} s after the load ended`,
  );
  console.log(
    `  ${app.totalOrders - app.steadyOrders} more at full speed: all ${app.totalOrders} credited ${fmt(app.creditedAfterMaxMs / 1000, 2)} s after that load ended`,
  );
  console.log(
    `  ${app.backlog} still to credit when the burst ended: ${fmt(app.idleRate, 0)} orders/s while the intake is idle`,
  );
  const c = app.check;
  console.log(
    `Ledger: ${c.orders} orders sent, ${c.deliveries} deliveries stored, ${c.ledgerLines} ledger lines; lost ${c.lost}, wrong ${c.wrong}, extra ${c.extra}, unprocessed ${c.notProcessed}`,
  );
}

async function main() {
  console.log(
    `Pipeline benchmark: ${SECONDS} s per phase, ${CONNECTIONS} connections, steady rate ${RATE}/s${HISTORY ? `, empty and ${HISTORY} databases` : ""}`,
  );
  ensureBuild({ log: console.log });
  // Seeded before the floor is measured, so that seeding does not fall between the measurements.
  if (HISTORY && SEEDED && !existsSync(SEEDED)) seedHistory(SEEDED, HISTORY);
  const floorServer = await startFloor();
  let floor;
  const apps = [];
  try {
    floor = await floorServer.measure();
    for (const history of HISTORY ? [SIZE_EMPTY, HISTORY] : [undefined]) apps.push(await measureApp(history));
    floor.maxAgain = await floorServer.measureMaxAgain();
  } finally {
    floorServer.stop();
  }
  // The floor's full speed: the mean of its two measurements, one before the app's and one after.
  const floorMax = (floor.max.throughput + floor.maxAgain.throughput) / 2;
  for (const app of apps) printApp(app, floor, floorMax);
  console.log(
    `(the floor at full speed: ${fmt(floor.max.throughput)} req/s before the app, ${fmt(floor.maxAgain.throughput)} after)`,
  );
  if (apps.length === 2) {
    const [empty, big] = apps;
    console.log("\nCrediting, empty database against the big shop's history (the same run):");
    console.log("                                         empty        big    big/empty");
    console.log(
      `orders/s while the intake is idle      ${fmt(empty.idleRate, 0).padStart(8)}  ${fmt(big.idleRate, 0).padStart(9)}  ${fmt(big.idleRate / empty.idleRate, 2).padStart(10)}`,
    );
    console.log(
      `end of the burst to all credited (s)   ${fmt(empty.creditedAfterMaxMs / 1000, 2).padStart(8)}  ${fmt(big.creditedAfterMaxMs / 1000, 2).padStart(9)}  ${fmt(big.creditedAfterMaxMs / empty.creditedAfterMaxMs, 2).padStart(10)}`,
    );
    console.log(
      `burst (orders at full speed)           ${String(empty.totalOrders - empty.steadyOrders).padStart(8)}  ${String(big.totalOrders - big.steadyOrders).padStart(9)}`,
    );
  }

  const targets = apps.flatMap((app) => {
    const c = app.check;
    const on = app.history ? ` (${app.history})` : "";
    return [
      [`p99 acknowledgement under 50 ms at ${RATE}/s${on}`, app.steady.p99 < 50],
      [`at least half the floor's throughput${on}`, app.max.throughput >= floorMax / 2],
      [`every order credited within 5 s of the steady load ending${on}`, app.creditedAfterSteadyMs <= 5_000],
      [`at least 1,500 orders/s credited while the intake is idle${on}`, app.idleRate >= 1_500],
      [
        `zero lost, doubled or wrong${on}`,
        c.lost === 0 && c.wrong === 0 && c.extra === 0 && c.deliveries === c.orders,
      ],
    ];
  });
  if (apps.length === 2)
    targets.push([
      "crediting within 20 % of the empty database's",
      apps[1].idleRate >= 0.8 * apps[0].idleRate,
    ]);
  console.log("");
  for (const [name, met] of targets) console.log(`${met ? "met    " : "MISSED "} ${name}`);
  if (apps.some(({ check: c }) => c.lost || c.wrong || c.extra)) process.exitCode = 1;
}

await main();
