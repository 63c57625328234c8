// The order pipeline under load: the production server (with the Shopify emulator) on loopback, fed
// signed orders/create webhooks by autocannon from this process, beside a floor server measured in the
// same run (at full speed both before and after the app). Reports throughput and acknowledgement latency
// as ratios to the floor, the time until every order is credited, and checks that the ledger is exact.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
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

const SHOP = "bench-shop.myshopify.com";
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

async function seed(db) {
  await db.session.create({
    data: {
      id: `offline_${SHOP}`,
      shop: SHOP,
      state: "installed",
      isOnline: false,
      scope: "read_customers",
      accessToken: "shpat_bench",
    },
  });
  await db.programSettings.create({
    data: {
      shop: SHOP,
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
    },
  });
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

async function measureApp() {
  const dir = tempDir("bench-app-");
  const databaseUrl = `file:${dir}/app.sqlite`;
  migrateDatabase(databaseUrl);
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
  const sent = new Set();
  let n = 1;
  const nextOrder = () => {
    sent.add(n);
    return n++;
  };
  try {
    // The same warm-up as the floor's; its orders are checked with the rest.
    await warmUp(server.url, nextOrder);
    await waitUntilCredited(db, sent.size, Date.now());
    const warmUpOrders = sent.size;
    // Steady traffic first: its orders must all be credited within 5 s of the load ending.
    const steady = figures(await load(server.url, { duration: SECONDS, overallRate: RATE, nextOrder }));
    const steadyEnded = Date.now();
    const steadyOrders = sent.size;
    const creditedAfterSteadyMs = await waitUntilCredited(db, steadyOrders, steadyEnded);

    const max = figures(await load(server.url, { duration: SECONDS, nextOrder }));
    const maxEnded = Date.now();
    const creditedAfterMaxMs = await waitUntilCredited(db, sent.size, maxEnded);
    const check = await checkLedger(db, sent);
    return {
      steady,
      max,
      warmUpOrders,
      steadyOrders,
      creditedAfterSteadyMs,
      totalOrders: sent.size,
      creditedAfterMaxMs,
      check,
    };
  } finally {
    await server.stop();
    await db.$disconnect();
    if (process.env.BENCH_SERVER_LOG) writeFileSync(process.env.BENCH_SERVER_LOG, server.output.join(""));
  }
}

async function waitUntilCredited(db, expected, since, timeoutMs = 300_000) {
  for (;;) {
    const credited = await db.attributedOrder.count({ where: { shop: SHOP } });
    if (credited >= expected) return Date.now() - since;
    if (Date.now() - since > timeoutMs) return Number.POSITIVE_INFINITY;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function checkLedger(db, sent) {
  const affiliates = new Map(
    (await db.affiliate.findMany({ where: { shop: SHOP } })).map((a) => [a.id, a.refCode]),
  );
  const lines = await db.ledgerLine.findMany({ where: { shop: SHOP } });
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

async function main() {
  console.log(
    `Pipeline benchmark: ${SECONDS} s per phase, ${CONNECTIONS} connections, steady rate ${RATE}/s`,
  );
  ensureBuild({ log: console.log });
  const floorServer = await startFloor();
  let floor;
  let app;
  try {
    floor = await floorServer.measure();
    app = await measureApp();
    floor.maxAgain = await floorServer.measureMaxAgain();
  } finally {
    floorServer.stop();
  }
  // The floor's full speed: the mean of its two measurements, one before the app's and one after.
  const floorMax = (floor.max.throughput + floor.maxAgain.throughput) / 2;

  console.log("\nAcknowledgement (HTTP 200 after the delivery is stored):");
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
  console.log(
    `(the floor at full speed: ${fmt(floor.max.throughput)} req/s before the app, ${fmt(floor.maxAgain.throughput)} after)`,
  );
  console.log("\nCrediting:");
  console.log(
    `  ${app.steadyOrders - app.warmUpOrders} orders at ${RATE}/s (after ${app.warmUpOrders} of warm-up): all credited ${fmt(app.creditedAfterSteadyMs / 1000, 2)} s after the load ended`,
  );
  console.log(
    `  ${app.totalOrders - app.steadyOrders} more at full speed: all ${app.totalOrders} credited ${fmt(app.creditedAfterMaxMs / 1000, 2)} s after that load ended`,
  );
  const c = app.check;
  console.log(
    `\nLedger: ${c.orders} orders sent, ${c.deliveries} deliveries stored, ${c.ledgerLines} ledger lines; lost ${c.lost}, wrong ${c.wrong}, extra ${c.extra}, unprocessed ${c.notProcessed}`,
  );

  const targets = [
    [`p99 acknowledgement under 50 ms at ${RATE}/s`, app.steady.p99 < 50],
    ["at least half the floor's throughput", app.max.throughput >= floorMax / 2],
    ["every order credited within 5 s of the steady load ending", app.creditedAfterSteadyMs <= 5_000],
    [
      "zero lost, doubled or wrong",
      c.lost === 0 && c.wrong === 0 && c.extra === 0 && c.deliveries === c.orders,
    ],
  ];
  console.log("");
  for (const [name, met] of targets) console.log(`${met ? "met    " : "MISSED "} ${name}`);
  if (c.lost || c.wrong || c.extra) process.exitCode = 1;
}

await main();
