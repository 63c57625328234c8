#!/usr/bin/env node
// `npm run demo`: the whole app, offline, in one command (docs/demo.md).
//
//   npm run demo                                        the bundled scenario, then keeps serving the admin
//   npm run demo -- --scenario FILE --out LEDGER.csv    headless: exits once every event is processed
//
// A fresh SQLite database, the production build (built when needed) with the Shopify emulator preloaded
// and the App Bridge stand-in on, the scenario's program, affiliates, coupons and connections seeded, and
// its events sent as real webhooks signed with the demo's own secret. Development tooling only.
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import {
  ROOT,
  ensureBuild,
  migrateDatabase,
  sendWebhook,
  startAppServer,
  tempDir,
} from "./lib/app-server.mjs";
import { formatLedgerTable, ledgerRows, readLedger } from "./lib/demo-ledger.mjs";
import { startMailbox } from "./lib/mailbox.mjs";
import { ScenarioError, loadScenario } from "./lib/demo-scenario.mjs";
import { seedScenario } from "./lib/demo-seed.mjs";
import { settleDemoReview } from "./lib/demo-payouts.mjs";

const DEMO_API_KEY = "demo-api-key";
/** The demo's own secret: the only one it accepts in the environment. Never a real app's. */
export const DEMO_API_SECRET = "demo-api-secret-not-for-production";
const BUNDLED_SCENARIO = path.join(ROOT, "demo/scenario.json");
const DEFAULT_PORT = 3000;
/** The address the demo's emails to affiliates come from (SMTP_FROM). */
const DEMO_FROM_ADDRESS = "affiliates@demo.invalid";
/**
 * How long one event may take to be processed before the demo gives up on it (a failed attempt is retried
 * after 2 s, then 10 s). Generous: on a busy machine an event takes longer, and that is not a failure.
 */
const EVENT_TIMEOUT_MS = 60_000;
const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

const USAGE = `Usage: npm run demo [-- options]

Runs the whole app offline: a fresh database, the production server with a Shopify emulator, a scenario's
webhooks sent as real signed HTTP requests, and the resulting commission ledger printed as a table.

  (no options)         the bundled scenario (demo/scenario.json); then keeps serving and prints the URL
                       where the admin screens open in a browser. Ctrl-C stops it.
  --scenario FILE      play FILE instead, headless: exit once every event is processed
  --out FILE           write the ledger as CSV (the format of /app/commissions/export) to FILE; headless
  --serve              keep serving after a --scenario or --out run, as with no options
  --port N             the port to serve on (also PORT); default ${DEFAULT_PORT}, or a free one when headless
  --help               this text

Exit status: 0 done (an event the app keeps as needing attention, as it would in production, is listed, not a
failure); 1 a step failed; 2 a bad scenario file, bad options or a refused environment.
The scenario format and the CSV columns are in docs/demo.md.`;

class UsageError extends Error {}

/** A step that failed after the server started: reported, then the demo stops (exit status 1). */
class StepError extends Error {}

function parseArgs(argv) {
  const options = { scenario: null, out: null, port: null, serve: false, help: false };
  const base = process.env.INIT_CWD ?? process.cwd(); // npm runs scripts from the package root
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === "") throw new UsageError(`${name} needs a value`);
      return next;
    };
    if (name === "--help" || name === "-h") options.help = true;
    else if (name === "--scenario") options.scenario = path.resolve(base, value());
    else if (name === "--out") options.out = path.resolve(base, value());
    else if (name === "--serve") options.serve = true;
    else if (name === "--port") options.port = portNumber(value(), "--port");
    else throw new UsageError(`unknown option ${arg}`);
  }
  if (options.out && !existsSync(path.dirname(options.out)))
    throw new UsageError(`--out: the folder ${path.dirname(options.out)} does not exist`);
  if (options.port === null && process.env.PORT) options.port = portNumber(process.env.PORT, "PORT");
  options.headless = (options.scenario !== null || options.out !== null) && !options.serve;
  options.scenario ??= BUNDLED_SCENARIO;
  return options;
}

function portNumber(text, what) {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`${what} must be a port number, got "${text}"`);
  return port;
}

/** Demo mode runs fake Shopify with a public secret: never next to production settings. */
function refusal(env) {
  if (env.NODE_ENV === "production")
    return "NODE_ENV is production. The demo answers Shopify's API with fake data and signs with a public secret; it never runs in production. Unset NODE_ENV.";
  if (env.SHOPIFY_API_SECRET && env.SHOPIFY_API_SECRET !== DEMO_API_SECRET)
    return "SHOPIFY_API_SECRET is set to a real app's secret. The demo uses its own secret and will not run next to a real one; unset SHOPIFY_API_SECRET (e.g. `env -u SHOPIFY_API_SECRET npm run demo`).";
  return null;
}

const count = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
const describeSeed = (s) =>
  [
    count(s.affiliates.length, "affiliate"),
    count(s.coupons.length, "coupon"),
    count(s.connections.length, "customer connection"),
    count(s.productConnections.length, "product connection"),
  ].join(", ");

/** A path as the user would type it: relative to where they ran the command when it is below it. */
function displayPath(file) {
  const relative = path.relative(process.env.INIT_CWD ?? process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** One updating line on a terminal, plain lines otherwise (logs, CI). Written to stderr. */
function createProgress(stream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  let shown = false;
  return {
    update(text) {
      if (tty) {
        const width = (stream.columns || 100) - 1;
        stream.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
        shown = true;
      } else stream.write(`${text}\n`);
    },
    /** A passing state, worth showing only on the updating line of a terminal. */
    transient(text) {
      if (tty) this.update(text);
    },
    /** Ends the updating line (keeps its last text on a terminal). */
    done(text) {
      if (text !== undefined) this.update(text);
      if (tty && shown) stream.write("\n");
      shown = false;
    },
    clear() {
      if (tty && shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}

/** After a signal: the handler cleans up and exits; the steps in flight just stop here. */
const forever = () => new Promise(() => {});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** "orders/create #1001": a recorded payload may be anything, so only what is there is used. */
function eventLabel(event) {
  const p = typeof event.payload === "object" && event.payload !== null ? event.payload : {};
  const scalar = (value) => (typeof value === "string" || typeof value === "number" ? String(value) : null);
  if (event.topic === "orders/create" || event.topic === "orders/cancelled")
    return `${event.topic} ${scalar(p.name) ?? scalar(p.id) ?? "(no name or id)"}`;
  if (event.topic === "refunds/create")
    return `refunds/create ${scalar(p.id) ?? "(no id)"} (order ${scalar(p.order_id) ?? "?"})`;
  return event.topic;
}

/**
 * Waits until the event's delivery has reached the inbox (webhooks are spooled first) and the inbox holds
 * nothing pending for the shop: every stored delivery processed, waiting or failed.
 */
async function settle(db, shop, event) {
  const deadline = Date.now() + EVENT_TIMEOUT_MS;
  for (;;) {
    const delivery = await db.webhookDelivery.findUnique({
      where: { shop_webhookId: { shop, webhookId: event.webhookId } },
      select: { state: true },
    });
    const pending = await db.webhookDelivery.findFirst({
      where: { shop, state: "pending" },
      orderBy: { receivedAt: "asc" },
      select: { topic: true, webhookId: true, attempts: true, lastError: true },
    });
    if (delivery && !pending) return;
    if (Date.now() > deadline) {
      throw new StepError(
        `${eventLabel(event)} was not processed within ${EVENT_TIMEOUT_MS / 1000} s` +
          (pending?.lastError ? ` (${pending.attempts} failed attempt(s): ${pending.lastError})` : ""),
      );
    }
    await sleep(15);
  }
}

function adminUrl(baseUrl, shop, range) {
  const host = Buffer.from(`admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`).toString(
    "base64url",
  );
  const days = range ? `&range=custom&from=${range.from}&to=${range.to}` : "";
  return `${baseUrl}/app?shop=${shop}&host=${host}&embedded=1${days}`;
}

/**
 * The days the scenario's orders were placed on, in the shop's time zone: Home opens on them (its own
 * default, the last 30 days, may hold none of a scenario's orders).
 */
function ordersRange(scenario) {
  const timeZone = scenario.store.shop?.ianaTimezone ?? "UTC";
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  const days = scenario.events
    .filter((event) => event.topic === "orders/create" && typeof event.payload?.created_at === "string")
    .map((event) => format.format(new Date(event.payload.created_at)))
    .sort();
  return days.length > 0 ? { from: days[0], to: days[days.length - 1] } : null;
}

/** The ledger CSV from the app's own export route, authenticated with a session token like the admin's. */
async function fetchLedgerCsv(baseUrl, shop) {
  const tokenResponse = await fetch(`${baseUrl}/app-bridge-standin/token?shop=${encodeURIComponent(shop)}`);
  if (!tokenResponse.ok) throw new StepError(`could not get a session token (HTTP ${tokenResponse.status})`);
  const { token } = await tokenResponse.json();
  const response = await fetch(`${baseUrl}/app/commissions/export`, {
    headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_USER_AGENT },
  });
  if (!response.ok) throw new StepError(`the ledger export answered HTTP ${response.status}`);
  return response.text();
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`demo: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const refused = refusal(process.env);
  if (refused) {
    console.error(`demo: refusing to run: ${refused}`);
    return 2;
  }

  const progress = createProgress();
  const started = Date.now();
  const shown = displayPath(options.scenario);

  // 1. The scenario, checked in full before anything starts.
  progress.update(`Checking ${shown}…`);
  let scenario;
  try {
    scenario = await loadScenario(options.scenario);
  } catch (error) {
    progress.clear();
    if (!(error instanceof ScenarioError)) throw error;
    console.error(
      `demo: ${shown} is not a valid scenario:\n${error.problems.map((p) => `  - ${p}`).join("\n")}\nNothing was started.`,
    );
    return 2;
  }
  // Headless, the launcher picks a free port (and another, should one be taken before the app binds it).
  const port = options.port ?? (options.headless ? undefined : DEFAULT_PORT);
  if (port !== undefined && !(await portIsFree(port))) {
    progress.clear();
    console.error(
      `demo: port ${port} is in use. Stop what uses it, or choose another: PORT=3001 npm run demo`,
    );
    return 2;
  }

  // Everything from here on is undone on the way out, Ctrl-C included.
  let dir = null;
  let db = null;
  let server = null;
  let serverStarting = null;
  let mailbox = null;
  /** Emails to affiliates are printed as they arrive once the demo serves; the earlier ones wait here. */
  let showMail = null;
  const earlyMail = [];
  let stopping = null;
  const cleanup = () =>
    (stopping ??= (async () => {
      const running = server ?? (await serverStarting?.catch(() => null));
      if (running) await running.stop("SIGTERM", { killAfterMs: 5_000 });
      await mailbox?.close().catch(() => {});
      await db?.$disconnect().catch(() => {});
      if (dir) rmSync(dir, { recursive: true, force: true });
    })());
  let interrupted = false;
  const onSignal = (signal) => {
    if (interrupted) process.exit(130); // a second Ctrl-C: do not wait
    interrupted = true;
    progress.clear();
    console.error(`\n${signal === "SIGINT" ? "Ctrl-C" : signal}: stopping the app…`);
    void cleanup().then(() => {
      console.error("Stopped.");
      process.exit(0);
    });
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const needingAttention = [];
  try {
    // 2. The build, a fresh database, the seed.
    progress.update("Checking the build…");
    try {
      ensureBuild({ log: (message) => progress.update(`${message} (first run only; under a minute)`) });
    } catch (error) {
      throw new StepError(`the build failed:\n${String(error.stderr ?? error.message).slice(-3000)}`);
    }
    progress.update("Creating a fresh database…");
    dir = tempDir("affiliate-demo-");
    const databaseUrl = `file:${path.join(dir, "demo.sqlite")}`;
    migrateDatabase(databaseUrl);
    db = new PrismaClient({ adapter: new PrismaLibSQL({ url: databaseUrl }) });
    progress.update(`Seeding ${describeSeed(scenario)}…`);
    await seedScenario(db, scenario);

    // 3. A mail server on loopback for the app's emails to affiliates (the demo prints what it receives),
    // then the production server with the emulator (answering from the scenario's store) and the stand-in.
    mailbox = await startMailbox({
      onMessage: (email) => (showMail ? showMail(email) : earlyMail.push(email)),
    });
    progress.update(port === undefined ? "Starting the app…" : `Starting the app on port ${port}…`);
    serverStarting = startAppServer({
      databaseUrl,
      storeFile: options.scenario,
      apiKey: DEMO_API_KEY,
      apiSecret: DEMO_API_SECRET,
      port,
      env: {
        SHOPIFY_APP_BRIDGE_STANDIN: "1",
        SHOPIFY_APP_BRIDGE_STANDIN_SHOP: scenario.shop,
        APP_BRIDGE_URL: "/app-bridge-standin.js",
        SHOPIFY_STOREFRONT_STANDIN: "1",
        SHOPIFY_STOREFRONT_STANDIN_SHOP: scenario.shop,
        LOG_REQUESTS: "off",
        SMTP_URL: mailbox.url,
        SMTP_FROM: DEMO_FROM_ADDRESS,
        // Affiliates due a commission digest (at most one a day each) are looked for every 5 s, not 15 min,
        // so the digests of the scenario's commissions arrive while the newcomer watches.
        EMAIL_DIGEST_CHECK_MS: "5000",
      },
    });
    server = await serverStarting;
    if (interrupted) return await forever();

    // 4. The events, in order, as signed webhooks, each body exactly as the scenario file has it; each is
    // processed before the next is sent, so the ledger is the same on every run.
    const total = scenario.events.length;
    const sent = new Set();
    for (const [index, event] of scenario.events.entries()) {
      const label = `[${index + 1}/${total}] ${eventLabel(event)}`;
      progress.transient(`${label}: sending…`);
      const status = await sendWebhook(server.url, {
        topic: event.topic,
        shop: scenario.shop,
        payload: event.body,
        secret: DEMO_API_SECRET,
        webhookId: event.webhookId,
      });
      if (status !== 200) throw new StepError(`${label}: the app answered HTTP ${status}`);
      await settle(db, scenario.shop, event);
      const delivery = await db.webhookDelivery.findUnique({
        where: { shop_webhookId: { shop: scenario.shop, webhookId: event.webhookId } },
        select: { state: true, lastError: true },
      });
      let outcome = delivery?.state ?? "processed";
      if (sent.has(event.webhookId)) outcome = "duplicate delivery, ignored";
      else if (delivery?.state === "needs_attention") {
        needingAttention.push(`events[${index}] ${eventLabel(event)}: ${delivery.lastError}`);
        outcome = `needs attention: ${delivery.lastError}`;
      } else if (delivery?.state === "waiting") outcome = "waiting for its order";
      sent.add(event.webhookId);
      progress.update(`${label}: ${outcome}`);
    }
    const waiting = await db.webhookDelivery.findMany({
      where: { shop: scenario.shop, state: "waiting" },
      select: { topic: true, webhookId: true, orderId: true },
    });
    progress.done(
      `All ${total} events processed, ${((Date.now() - started) / 1000).toFixed(1)} s after the start.`,
    );

    // 5. The ledger.
    const orders = await readLedger(db, scenario.shop);
    const rows = ledgerRows(orders, (id) => scenario.store.getProduct(id)?.title ?? null);
    const width = process.stdout.isTTY ? process.stdout.columns : undefined;
    console.log(`\nCommission ledger of ${scenario.shop}: ${orders.length} orders\n`);
    console.log(formatLedgerTable(rows, { width }));
    for (const delivery of waiting) {
      console.log(
        `\nNote: ${delivery.topic} ${delivery.webhookId} waits for order ${delivery.orderId}, which never arrived ` +
          "(the app keeps it and applies it if the order comes).",
      );
    }
    if (needingAttention.length > 0) {
      console.log(
        `\n${needingAttention.length} event(s) need attention: the app kept them, as it does in production, ` +
          `and shows them on the Deliveries screen:\n${needingAttention.map((f) => `  - ${f}`).join("\n")}`,
      );
    }

    if (options.out) {
      const csv = await fetchLedgerCsv(server.url, scenario.shop);
      writeFileSync(options.out, csv);
      console.log(`\nLedger CSV written to ${displayPath(options.out)}`);
    }
    // The merchant's review: commissions approved, payable at once (the CSV above is the ledger as recorded).
    const owed = await settleDemoReview(databaseUrl, scenario.shop);
    console.log(
      `\nCommissions approved; owed now (Payouts screen): ${owed.map((o) => `${o.affiliate} ${o.amount}`).join(", ") || "nothing"}`,
    );
    if (options.headless) {
      await cleanup();
      return 0;
    }

    // 6. Keep serving.
    const url = adminUrl(server.appUrl, scenario.shop, ordersRange(scenario));
    console.log(`\nOpen the admin screens in your browser:\n\n  ${url}\n`);
    console.log(
      "That is the app's embedded admin as a merchant sees it inside Shopify, served locally with a stand-in for Shopify's App Bridge (no Shopify account needed).",
    );
    console.log(
      `\nThe affiliate portal on the shop's domain (a stand-in plays Shopify's storefront and app proxy):\n\n  http://localhost:${port}/apps/affiliates\n\n` +
        'Apply there as a new affiliate, or use "Log in" to pick a customer (Bob Okafor is the affiliate bob); approve applications on the Affiliates screen.',
    );
    console.log(
      `Emails the app sends to affiliates go to the demo's own mail server (${mailbox.url.replace(/\/\/[^@]*@/, "//")}) and are printed here as they arrive.`,
    );
    console.log("Press Ctrl-C to stop.");
    showMail = (email) => console.log(describeEmail(email));
    for (const email of earlyMail.splice(0)) showMail(email);
    // The server's own errors, if any, while the merchant clicks around.
    server.child.stderr?.on("data", (chunk) => process.stderr.write(`[app] ${chunk}`));
    const code = await new Promise((resolve) => server.child.once("exit", resolve));
    // Ctrl-C in a terminal reaches the app too, and it may exit before this process hears the signal.
    await sleep(500);
    if (interrupted) return await forever();
    console.error(`demo: the app stopped unexpectedly (exit code ${code}).`);
    await cleanup();
    return 1;
  } catch (error) {
    progress.clear();
    if (interrupted) return await forever();
    console.error(`demo: ${error instanceof StepError ? error.message : (error.stack ?? error)}`);
    if (server && !(error instanceof StepError)) console.error(server.output.join("").slice(-3000));
    await cleanup();
    return 1;
  }
}

/** An email the demo's mail server received, as the newcomer reads it in the terminal. */
function describeEmail(email) {
  const body = email.text.trimEnd().replace(/^/gm, "  │ ");
  return `\n✉ Email to ${email.to.join(", ")}: "${email.subject}"\n  │ From: ${email.from}\n${body}\n`;
}

process.exitCode = await main();
