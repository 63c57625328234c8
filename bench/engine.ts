/**
 * Throughput of the attribution engine on one core: `npx vite-node bench/engine.ts`.
 *
 * A realistic order: 5 lines, 2 discount codes, a ref, 3 product connections, 50 affiliates and
 * 50 coupons (about 13 KB of JSON). Warm-up, then rounds alternating the engine and a baseline for
 * the machine, `JSON.parse(JSON.stringify(input))` of the same input; prints the medians per
 * CPU-second of this process (what one core does, whatever else the machine is running) and per
 * wall-clock second, and the engine/baseline ratio. Target: 100,000 orders/s on one core.
 * Runs in about 8 s.
 */
import { attributeOrder } from "../app/attribution/index";
import type { AttributionInput, AttributionResult } from "../app/attribution/index";

const AFFILIATES = 50;
const ROUNDS = 7;
const ROUND_MS = 300;
const BATCH = 500;
const WARM_UP_MS = 1500;
const TARGET = 100_000;

function realisticInput(): AttributionInput {
  const affiliates: AttributionInput["affiliates"] = [];
  const coupons: AttributionInput["coupons"] = [];
  for (let i = 0; i < AFFILIATES; i++) {
    affiliates.push({
      id: `gid://shopify/Affiliate/${1000 + i}`,
      refCode: `partner${i}`,
      email: `partner${i}@example.com`,
      customerId: i % 3 === 0 ? `${7000 + i}` : null,
      active: i % 10 !== 9,
      rate:
        i % 4 === 0
          ? { kind: "percent", value: "12.5" }
          : i % 4 === 1
            ? { kind: "flat_per_order", value: "5.00" }
            : null,
    });
    coupons.push({ code: `PARTNER${i}-15`, affiliateId: `gid://shopify/Affiliate/${1000 + i}` });
  }
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
    order: {
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
    },
    program: {
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
    },
    affiliates,
    connection: null,
    productConnections: [
      { productId: "880001", affiliateId: "gid://shopify/Affiliate/1020", rate: null },
      {
        productId: "880002",
        affiliateId: "gid://shopify/Affiliate/1017",
        rate: { kind: "flat_per_item", value: "1.50" },
      },
      {
        productId: "880003",
        affiliateId: "gid://shopify/Affiliate/1031",
        rate: { kind: "percent", value: "5" },
      },
    ],
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

const input = realisticInput();
// Results are kept so that no call can be optimized away.
let sink: AttributionResult | AttributionInput | null = null;
const engine = () => (sink = attributeOrder(input));
const baseline = () => (sink = JSON.parse(JSON.stringify(input)) as AttributionInput);

const started = performance.now();
const sample = attributeOrder(input);
console.log(
  `sample: ${sample.commissions.map((c) => `${c.source}/${c.rule} ${c.affiliateId} ${c.amount}`).join("; ")}; ` +
    `${sample.trace.length} trace entries`,
);
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
const fmt = (n: number) => Math.round(n).toLocaleString("en");
const engineCpu = median(engineRounds.map((r) => r.cpu));
console.log(
  `engine:   ${fmt(engineCpu)} orders/s per CPU-second (wall clock: ${fmt(median(engineRounds.map((r) => r.wall)))}/s), median of ${ROUNDS} rounds`,
);
console.log(
  `baseline: ${fmt(median(baselineRounds.map((r) => r.cpu)))} JSON.parse(JSON.stringify(input))/s per CPU-second (wall clock: ${fmt(median(baselineRounds.map((r) => r.wall)))}/s)`,
);
console.log(`ratio engine/baseline: ${median(ratios).toFixed(2)} (median of per-round ratios)`);
console.log(`target ${fmt(TARGET)} orders/s on one core: ${engineCpu >= TARGET ? "met" : "NOT met"}`);
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (sink === null) throw new Error("the benchmark ran nothing");
