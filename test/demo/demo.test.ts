// `npm run demo` end to end: the real script, the production build, the Shopify emulator and signed webhooks.
// - scenario files are refused up front, naming what is wrong, with nothing started;
// - a small scenario of this file's own gives exactly the CSV it should, a malformed payload in it is kept as
//   needing attention, and Shopify's own example payloads keep their 18-digit ids;
// - the bundled scenario's ledger matches demo/scenario.expected.json (worked out by hand), order by order.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringifyJsonExact } from "~/lib/exact-json";
import { ensureBuild } from "~root/scripts/lib/app-server.mjs";
import { orderPayload, refundPayload } from "~test/helpers/orders";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SMALL_SCENARIO = fileURLToPath(new URL("./small-scenario.json", import.meta.url));
// A safety net for a run that hangs, not a speed limit: on a loaded machine the demo is slower, not wrong.
const RUN_TIMEOUT_MS = 600_000;

let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "demo-test-"));
  // Build once here (minutes on a cold CI machine), not inside a timed test.
  ensureBuild();
}, 900_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The TMPDIR the demo ran with: whatever it created there. */
  leftovers: string[];
}

/** Runs `node scripts/demo.mjs ...args` with its own TMPDIR, outside the test's environment. */
function runDemo(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const tmp = mkdtempSync(path.join(work, "tmp-"));
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // The test setup sets the Shopify test credentials and a database: the demo brings its own.
    if (value !== undefined && !/^(SHOPIFY_|DATABASE_URL$|NODE_ENV$|PORT$|VITEST)/.test(key))
      clean[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/demo.mjs", ...args], {
      cwd: ROOT,
      env: { ...clean, NODE_ENV: "development", TMPDIR: tmp, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr, leftovers: readdirSync(tmp) }));
  });
}

function scenarioFile(name: string, content: unknown): string {
  const file = path.join(work, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}

const small = () => JSON.parse(readFileSync(SMALL_SCENARIO, "utf8"));

/** RFC 4180 rows (quoted fields with "" escapes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted) {
      if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else {
      field += c;
    }
  }
  if (field !== "" || row.length > 0) throw new Error("The CSV does not end with CRLF");
  return rows;
}

describe("the scenario file is checked before anything starts", () => {
  async function refused(file: string, ...messages: Array<string | RegExp>) {
    const run = await runDemo(["--scenario", file, "--out", path.join(work, "never.csv")]);
    expect(run.code).toBe(2);
    for (const message of messages) expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("Nothing was started.");
    expect(run.stderr).not.toMatch(/Starting the app|Creating a fresh database/);
    expect(run.leftovers).toEqual([]); // no database, no server files
    expect(run.stdout).toBe("");
    return run;
  }

  it("refuses a file that is not JSON, saying where", async () => {
    const text = '{\n  "shop": "small-demo.myshopify.com"\n  "store": {}\n}\n';
    await refused(scenarioFile("bad.json", text), /not valid JSON at line 3, column 3/);
  });

  it("refuses missing fields, naming each with its path", async () => {
    const scenario = small();
    delete scenario.program;
    delete scenario.events[1].webhookId;
    delete scenario.affiliates[1].name;
    await refused(
      scenarioFile("missing.json", scenario),
      "program: is required",
      "events[1].webhookId: is required",
      "affiliates[1].name: is required",
    );
  });

  it("refuses a reference to an unknown affiliate", async () => {
    const scenario = small();
    scenario.coupons.push({ code: "ZED10", affiliate: "zed" });
    scenario.connections = [{ customerId: "7001", affiliate: "nobody", expiresAt: null }];
    await refused(
      scenarioFile("unknown.json", scenario),
      'coupons[1].affiliate: "zed" is not the refCode of any affiliate',
      'connections[0].affiliate: "nobody" is not the refCode of any affiliate',
    );
  });

  it("checks the program as the Settings screen does, and the store as the emulator does", async () => {
    const scenario = small();
    scenario.program.newCustomer.enabled = true;
    scenario.program.firstCommission.enabled = true;
    scenario.program.defaultRate.value = "ten";
    scenario.store.customers[0].email = "not-an-email";
    scenario.events[0].topic = "orders/updated";
    await refused(
      scenarioFile("rules.json", scenario),
      "program.firstCommission.enabled: First commission cannot be used while new customer commission is on",
      "program.defaultRate.value: Enter a number such as 10 or 7.5",
      'store.customers[0].email: "not-an-email" is not an email address',
      /events\[0\]\.topic: expected one of orders\/create, .*, got string "orders\/updated"/,
    );
  });

  it("refuses to run in production or next to a real API secret", async () => {
    const production = await runDemo(["--scenario", SMALL_SCENARIO], { NODE_ENV: "production" });
    expect(production.code).toBe(2);
    expect(production.stderr).toContain("refusing to run: NODE_ENV is production");
    const secret = await runDemo(["--scenario", SMALL_SCENARIO], {
      SHOPIFY_API_SECRET: "shpss_0123456789abcdef",
    });
    expect(secret.code).toBe(2);
    expect(secret.stderr).toContain("refusing to run: SHOPIFY_API_SECRET is set to a real app's secret");
    expect([...production.leftovers, ...secret.leftovers]).toEqual([]);
  });
});

describe("a headless run", () => {
  it(
    "plays a small scenario through the real stack and writes exactly its ledger",
    async () => {
      const out = path.join(work, "small.csv");
      const run = await runDemo(["--scenario", SMALL_SCENARIO, "--out", out]);
      expect(run.code, run.stderr).toBe(0);
      const csv = readFileSync(out, "utf8");
      const stamps: string[] = [];
      const withoutStamps = csv.replace(/,(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z),/g, (_, stamp) => {
        stamps.push(stamp);
        return ",<created_at>,";
      });
      expect(withoutStamps).toBe(
        [
          "order_id,order_name,affiliate_ref,affiliate_email,source,rule,type,base,amount,currency,status,created_at," +
            "affiliate_name,order_date,reason",
          // 10 % of 2 × 25.00 (shipping is not in the base)
          "101,#101,alice,alice@example.com,link,default,commission,50.00,5.00,USD,pending,<created_at>," +
            `Alice,2026-03-01,"Alice referred this order through their link. Alice earns $5.00 through a link, at the program's default rate: 10% of $50.00."`,
          // bob's own 2.50 per order on 40.00 − 2.00; the second delivery of the same webhook changes nothing
          "102,#102,bob,bob@example.com,coupon,affiliate_rate,commission,38.00,2.50,USD,pending,<created_at>," +
            `Bob,2026-03-02,"Bob referred this order through their coupon BOB5. Bob earns $2.50 through a coupon, at their own rate: $2.50 per order."`,
          // one of the two shoes refunded: 5.00 × 25.00 ÷ 50.00
          "101,#101,alice,alice@example.com,link,default,reversal,-25.00,-2.50,USD,pending,<created_at>," +
            "Alice,2026-03-01,A refund took back the commission on $25.00 of what it was paid on.",
          "",
        ].join("\r\n"),
      );
      expect([...stamps].sort()).toEqual(stamps);
      // The printed table reads as the admin screens do: the same words and the same money.
      expect(run.stdout).toMatch(/#101 +alice +Link +Default rate +\$5\.00 +Pending/);
      expect(run.stdout).toMatch(/bob +Coupon +Affiliate's rate +\$2\.50 +Pending/);
      expect(run.stdout).toMatch(/alice +Link +Default rate +-\$2\.50 +Pending/);
      // The refund of an order that never came is reported, not counted as a failure.
      expect(run.stdout).toContain("refunds/create small-4 waits for order 999, which never arrived");
      expect(run.stderr).toContain("[4/5] orders/create #102: duplicate delivery, ignored");
      expect(run.leftovers).toEqual([]); // the database and the server are gone
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "replays a malformed payload as recorded: the app keeps it as needing attention, credits the rest, exit 0",
    async () => {
      const scenario = small();
      // A recorded webhook whose line_items is not a list (and its duplicate delivery, events[3]): the demo
      // sends it as it is, as Shopify would.
      scenario.events[1].payload.line_items = { id: 1021 };
      scenario.events[3].payload = scenario.events[1].payload;
      const out = path.join(work, "malformed.csv");
      const run = await runDemo(["--scenario", scenarioFile("malformed.json", scenario), "--out", out]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(
        /\[2\/5\] orders\/create #102: needs attention: Order payload: line_items: /,
      );
      expect(run.stdout).toMatch(
        /1 event\(s\) need attention: .*\n {2}- events\[1\] orders\/create #102: Order payload: line_items: /,
      );
      const csv = readFileSync(out, "utf8");
      expect(csv).toContain(
        "101,#101,alice,alice@example.com,link,default,commission,50.00,5.00,USD,pending,",
      );
      expect(csv).toContain(
        "101,#101,alice,alice@example.com,link,default,reversal,-25.00,-2.50,USD,pending,",
      );
      expect(csv).not.toContain("#102");
      expect(run.leftovers).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "replays Shopify's own example payloads with their 18-digit ids exact",
    async () => {
      const scenario = small();
      const order = orderPayload({
        id: 820982911946154508n,
        name: "#9999",
        landingSite: "/?ref=alice",
        customer: { id: 115310627314723954n, email: "john@example.com" },
        lines: [
          { id: 487817672276298554n, productId: 8001, quantity: 1, price: "89.99" },
          { id: 976318377106520349n, productId: 8001, quantity: 1, price: "159.99" },
        ],
      });
      scenario.store.customers.push({ id: "115310627314723954", email: "john@example.com" });
      scenario.events = [
        { topic: "orders/create", webhookId: "example-order", payload: order },
        {
          topic: "refunds/create",
          webhookId: "example-refund",
          payload: refundPayload({
            id: 890088186047892319n,
            orderId: 820982911946154508n,
            lines: [{ lineItemId: 487817672276298554n, quantity: 1 }],
          }),
        },
      ];
      const file = path.join(work, "examples.json");
      writeFileSync(file, stringifyJsonExact(scenario, "  "));
      expect(readFileSync(file, "utf8")).toContain('"id": 820982911946154508,');
      const out = path.join(work, "examples.csv");
      const run = await runDemo(["--scenario", file, "--out", out]);
      expect(run.code, run.stderr).toBe(0);
      expect(readFileSync(out, "utf8").split("\r\n").slice(1, 3)).toEqual([
        // 10 % of 89.99 + 159.99; then the sunglasses refunded: 24.998 × 89.99 ÷ 249.98
        expect.stringMatching(
          /^820982911946154508,#9999,alice,alice@example.com,link,default,commission,249.98,25.00,USD,/,
        ),
        expect.stringMatching(
          /^820982911946154508,#9999,alice,alice@example.com,link,default,reversal,-89.99,-9.00,USD,/,
        ),
      ]);
      expect(run.stderr).toContain("refunds/create 890088186047892319 (order 820982911946154508): processed");
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "gives the bundled scenario's ledger exactly as demo/scenario.expected.json works it out",
    async () => {
      const out = path.join(work, "bundled.csv");
      const run = await runDemo(["--scenario", "demo/scenario.json", "--out", out]);
      expect(run.code, run.stderr).toBe(0);
      const [header, ...rows] = parseCsv(readFileSync(out, "utf8"));
      expect(header).toEqual([
        "order_id",
        "order_name",
        "affiliate_ref",
        "affiliate_email",
        "source",
        "rule",
        "type",
        "base",
        "amount",
        "currency",
        "status",
        "created_at",
        "affiliate_name",
        "order_date",
        "reason",
      ]);
      const csv = rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
      const expected = JSON.parse(readFileSync(path.join(ROOT, "demo/scenario.expected.json"), "utf8")) as {
        orders: Array<{ order: string; rows: Array<Record<string, string>> }>;
      };
      const key = (row: Record<string, string>) =>
        [row.affiliate, row.source, row.rule, row.type, row.base, row.amount].join(" ");

      const actualByOrder = new Map<string, string[]>();
      for (const row of csv) {
        expect(row.currency).toBe("USD");
        expect(row.status).toBe("pending");
        expect(row.order_id).toBe(String(6_010_000_000_000 + Number(row.order_name.slice(1))));
        const list = actualByOrder.get(row.order_name) ?? [];
        list.push(key({ ...row, affiliate: row.affiliate_ref }));
        actualByOrder.set(row.order_name, list);
      }
      for (const order of expected.orders) {
        expect((actualByOrder.get(order.order) ?? []).sort(), `ledger rows of ${order.order}`).toEqual(
          order.rows.map(key).sort(),
        );
        // Every order, credited or not, is in the printed table.
        expect(run.stdout).toContain(order.order);
      }
      const expectedOrders = new Set(expected.orders.map((order) => order.order));
      expect([...actualByOrder.keys()].filter((name) => !expectedOrders.has(name))).toEqual([]);
      expect(csv.length).toBe(expected.orders.reduce((sum, order) => sum + order.rows.length, 0));
      expect(run.stdout).toContain(
        `Commission ledger of northwind-trail.myshopify.com: ${expected.orders.length} orders`,
      );
      expect(run.leftovers).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );
});
