/**
 * Throughput of the attribution engine on one core: `npx vite-node bench/engine.ts`.
 *
 * Headline: a realistic order as the order pipeline passes it (`buildAttributionInput` passes only
 * what the order can touch): 5 lines, 2 discount codes of which 1 is an affiliate's coupon, a ref,
 * 3 product connections to 3 other affiliates, a customer; 6 affiliates (the ref's, the coupon's,
 * the products' 3 and the coupon code's former, inactive owner) and the 2 coupons with that code.
 * Then the same order with the engine bundled as the production build bundles it, and the same
 * order given a large program (50 affiliates, 50 coupons), as a caller that does not narrow the
 * input would pass it.
 *
 * For each: warm-up, then rounds alternating the engine and a baseline for the machine,
 * `JSON.parse(JSON.stringify(input))` of the same input; prints the medians per CPU-second of this
 * process (what one core does, whatever else the shared machine is running) and per wall-clock
 * second, the median engine/baseline ratio, and the load average. Target: 100,000 orders/s on one
 * core. Runs in about 20 s.
 */
import os from "node:os";
import { fileURLToPath } from "node:url";
import { build, type Rollup } from "vite";
import { attributeOrder } from "../app/attribution/index";
import type { Affiliate, AttributionInput, AttributionResult, Coupon } from "../app/attribution/index";

type Engine = typeof attributeOrder;

const ROUNDS = 7;
const ROUND_MS = 300;
const BATCH = 500;
const WARM_UP_MS = 800;
const TARGET = 100_000;

const affiliateId = (n: number) => `gid://shopify/Affiliate/${1000 + n}`;

function affiliate(n: number, active = true): Affiliate {
  return {
    id: affiliateId(n),
    refCode: `partner${n}`,
    email: `partner${n}@example.com`,
    customerId: n % 3 === 0 ? `${7000 + n}` : null,
    active,
    rate:
      n % 4 === 0
        ? { kind: "percent", value: "12.5" }
        : n % 4 === 1
          ? { kind: "flat_per_order", value: "5.00" }
          : null,
  };
}

/** The order: ref partner3, codes WELCOME5 (not a coupon) and partner17-15 (partner17's coupon). */
function order(): AttributionInput["order"] {
  const lineItems: AttributionInput["order"]["lineItems"] = [];
  for (let i = 0; i < 5; i++) {
    lineItems.push({
      id: `${990001 + i}`,
      productId: `${880001 + (i % 4)}`,
      quantity: 1 + (i % 3),
      unitPrice: ["49.90", "12.00", "129.99", "7.45", "25.00"][i],
      discount: ["4.99", "0.00", "13.00", "0.75", "2.50"][i],
      tax: ["8.98", "2.16", "23.40", "1.34", "4.50"][i],
      giftCard: false,
    });
  }
  return {
    id: "5551234567",
    createdAt: "2026-03-01T12:34:56-05:00",
    currency: "EUR",
    taxesIncluded: true,
    customer: { id: "7777", email: "Carol.Ng@Example.com ", isNew: false, referredOrdersBefore: 2 },
    lineItems,
    shipping: "4.90",
    discountCodes: ["WELCOME5", "partner17-15"],
    ref: "Partner3",
    renewalOf: null,
  };
}

function program(): AttributionInput["program"] {
  return {
    defaultRate: { kind: "percent", value: "10" },
    newCustomer: { enabled: false, rate: { kind: "percent", value: "20" } },
    couponCommission: {
      enabled: true,
      rate: { kind: "percent", value: "15" },
      appliesTo: "affiliate_coupons",
    },
    firstCommission: { enabled: true, rate: { kind: "percent", value: "30" } },
    lifetime: { enabled: true, expiresAfterDays: 365 },
    recurring: { enabled: true },
    base: { includeShipping: true, includeTax: false },
    excludeSelfReferrals: true,
  };
}

/** Products 880001–880003 connected to partner20, partner22 and partner31. */
function productConnections(): AttributionInput["productConnections"] {
  return [
    { productId: "880001", affiliateId: affiliateId(20), rate: null },
    { productId: "880002", affiliateId: affiliateId(22), rate: { kind: "flat_per_item", value: "1.50" } },
    { productId: "880003", affiliateId: affiliateId(31), rate: { kind: "percent", value: "5" } },
  ];
}

/** What the order pipeline passes the engine for this order. */
function pipelineInput(): AttributionInput {
  const formerOwner = 49; // the code was reassigned from partner49, now inactive
  return {
    order: order(),
    program: program(),
    affiliates: [3, 17, 20, 22, 31].map((n) => affiliate(n)).concat(affiliate(formerOwner, false)),
    connection: null,
    productConnections: productConnections(),
    coupons: [
      { code: "PARTNER17-15", affiliateId: affiliateId(formerOwner) },
      { code: "PARTNER17-15", affiliateId: affiliateId(17) },
    ],
  };
}

/** The same order with a whole program of 50 affiliates (every tenth inactive) and their 50 coupons. */
function largeProgramInput(): AttributionInput {
  const affiliates: Affiliate[] = [];
  const coupons: Coupon[] = [];
  for (let n = 0; n < 50; n++) {
    affiliates.push(affiliate(n, n % 10 !== 9));
    coupons.push({ code: `PARTNER${n}-15`, affiliateId: affiliateId(n) });
  }
  return {
    order: order(),
    program: program(),
    affiliates,
    connection: null,
    productConnections: productConnections(),
    coupons,
  };
}

interface Round {
  /** Calls per second of wall-clock time. */
  wall: number;
  /** Calls per second of this process's CPU time: what one core does, whatever else the machine runs. */
  cpu: number;
}

/** One timed round of about ROUND_MS. */
function round(fn: () => unknown): Round {
  let done = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    for (let i = 0; i < BATCH; i++) fn();
    done += BATCH;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { wall: (done * 1000) / elapsed, cpu: (done * 1000) / cpuMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function warmUp(fn: () => unknown): void {
  const end = performance.now() + WARM_UP_MS;
  while (performance.now() < end) for (let i = 0; i < BATCH; i++) fn();
}

const fmt = (n: number) => Math.round(n).toLocaleString("en");
const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

// Results are kept so that no call can be optimized away.
let sink: AttributionResult | AttributionInput | null = null;

interface Measured {
  engineCpu: number;
  engineWall: number;
  baselineCpu: number;
  baselineWall: number;
  ratio: number;
}

function measure(attribute: Engine, input: AttributionInput): Measured {
  const engine = () => (sink = attribute(input));
  const baseline = () => (sink = JSON.parse(JSON.stringify(input)) as AttributionInput);
  warmUp(engine);
  warmUp(baseline);
  // Rounds alternate engine and baseline, so both see the same machine load.
  const engineRounds: Round[] = [];
  const baselineRounds: Round[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const e = round(engine);
    const b = round(baseline);
    engineRounds.push(e);
    baselineRounds.push(b);
    ratios.push(e.cpu / b.cpu);
  }
  return {
    engineCpu: median(engineRounds.map((r) => r.cpu)),
    engineWall: median(engineRounds.map((r) => r.wall)),
    baselineCpu: median(baselineRounds.map((r) => r.cpu)),
    baselineWall: median(baselineRounds.map((r) => r.wall)),
    ratio: median(ratios),
  };
}

function report(title: string, attribute: Engine, input: AttributionInput): Measured {
  const sample = attribute(input);
  const size = JSON.stringify(input).length;
  console.log(
    `\n${title}: ${input.affiliates.length} affiliates, ${input.coupons.length} coupons, ${size} bytes of JSON`,
  );
  console.log(
    `  sample:   ${sample.commissions.map((c) => `${c.source}/${c.rule} ${c.affiliateId} ${c.amount}`).join("; ")}; ` +
      `${sample.trace.length} trace entries`,
  );
  const m = measure(attribute, input);
  console.log(
    `  engine:   ${fmt(m.engineCpu)} orders/s per CPU-second (${(1e6 / m.engineCpu).toFixed(1)} µs/order; wall clock: ${fmt(m.engineWall)}/s), median of ${ROUNDS} rounds`,
  );
  console.log(
    `  baseline: ${fmt(m.baselineCpu)} JSON.parse(JSON.stringify(input))/s per CPU-second (wall clock: ${fmt(m.baselineWall)}/s)`,
  );
  console.log(`  ratio engine/baseline: ${m.ratio.toFixed(2)} (median of per-round ratios)`);
  return m;
}

/**
 * The engine as `remix vite:build` ships it: one bundle (Vite SSR build, default target) with direct
 * calls. vite-node, which runs this file and the tests, wraps each module and turns every call across
 * modules into a getter lookup, which costs the engine about a fifth of its time.
 */
async function productionBundle(): Promise<Engine> {
  const entry = fileURLToPath(new URL("../app/attribution/index.ts", import.meta.url));
  const output = await build({
    configFile: false,
    logLevel: "silent",
    build: { ssr: entry, write: false, minify: false },
  });
  const chunk = (Array.isArray(output) ? output[0] : (output as Rollup.RollupOutput)).output[0];
  const url = `data:text/javascript;base64,${Buffer.from(chunk.code).toString("base64")}`;
  return ((await import(/* @vite-ignore */ url)) as { attributeOrder: Engine }).attributeOrder;
}

const started = performance.now();
console.log(
  `node ${process.version}, ${os.cpus().length} CPUs, load average ${loadAverage()} (1, 5, 15 min)`,
);
const bundled = await productionBundle();
const headline = report("Pipeline-shaped order (headline)", attributeOrder, pipelineInput());
const production = report("Same order, engine as bundled by the production build", bundled, pipelineInput());
report("Same order, large program input", attributeOrder, largeProgramInput());
const verdict = (m: Measured) => (m.engineCpu >= TARGET ? "met" : "NOT met");
console.log(
  `\ntarget ${fmt(TARGET)} orders/s on one core (pipeline-shaped order, per CPU-second): ${verdict(headline)}; ` +
    `with the production bundle: ${verdict(production)}`,
);
console.log(`load average ${loadAverage()}; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (sink === null) throw new Error("the benchmark ran nothing");
