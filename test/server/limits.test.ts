// The production server attacked on loopback as an outsider would: bodies far past any limit (declared and
// chunked, several at once), an oversized login form, oversized headers, forged and malformed webhooks. It
// answers each at once, its memory stays put, it keeps answering everyone else, and its log says what it
// refused without carrying tokens, searches or unbounded values. The largest real order still gets in whole.
import http from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "@libsql/client";
import { stringifyJsonExact } from "~/lib/exact-json";
import { DEFAULT_WEBHOOK_MAX_BYTES, FORM_MAX_BYTES } from "~/lib/request-body.server";
import { spoolUrl } from "~/pipeline/spool.server";
import {
  migrateDatabase,
  sendWebhook,
  startAppServer,
  tempDir,
  webhookHeaders,
} from "~root/scripts/lib/app-server.mjs";
import { largestCancelledOrder } from "~test/helpers/large-order";
import { mswServer } from "~test/helpers/msw";
import { orderPayload } from "~test/helpers/orders";

const SHOP = "limits-shop.myshopify.com";
const SECRET = "limits-test-secret";
const MB = 1024 * 1024;

let server: Awaited<ReturnType<typeof startAppServer>>;
let databaseUrl: string;

beforeAll(async () => {
  // MSW (listening for every test file) holds a request's whole body before passing it on: these requests
  // must reach the server as a client sends them, so this file talks to the network directly.
  mswServer.close();
  const dir = tempDir("limits-test-");
  databaseUrl = `file:${path.join(dir, "app.sqlite")}`;
  const storeFile = path.join(dir, "store.json");
  writeFileSync(storeFile, JSON.stringify({ customers: [], products: [] }));
  migrateDatabase(databaseUrl);
  server = await startAppServer({
    databaseUrl,
    storeFile,
    apiKey: "limits-test-key",
    apiSecret: SECRET,
    env: { INBOX_WORKER: "off" },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** Resident and peak memory of the server process, in MB (Linux). */
function memory(): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${server.child.pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** Starts the peak over from the current resident size. */
function resetPeak(): void {
  writeFileSync(`/proc/${server.child.pid}/clear_refs`, "5");
}

interface Sent {
  status: number;
  ms: number;
  /** How much of the body was written before the answer came. */
  written: number;
  body: string;
}

/**
 * POSTs up to `bytes` of body in 64 KB chunks, stopping as soon as the server answers: with a
 * Content-Length (`declared`) or chunked. Resolves with the answer and how long it took.
 */
function postFlood(
  pathname: string,
  bytes: number,
  headers: Record<string, string | number> = {},
  declared = true,
) {
  return new Promise<Sent>((resolve, reject) => {
    const started = performance.now();
    let written = 0;
    let answered = false;
    const url = new URL(server.url);
    const request = http.request({
      host: url.hostname,
      port: url.port,
      method: "POST",
      path: pathname,
      headers: { ...headers, ...(declared ? { "Content-Length": bytes } : {}) },
    });
    request.on("response", (response) => {
      answered = true;
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode!, ms: performance.now() - started, written, body });
        request.destroy();
      });
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && written < bytes) {
        written += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (!answered) request.end();
    };
    pump();
  });
}

/** GETs / again and again until `until` settles; every answer's status. */
async function keepAsking(until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const statuses: number[] = [];
  while (!done) {
    statuses.push((await fetch(`${server.url}/`)).status);
  }
  return statuses;
}

/** The server's output once it holds `text` (lines are written when a response finishes). */
async function logWith(text: string): Promise<string> {
  // Generous: a safety net for a log line that never comes, not a speed limit.
  const deadline = Date.now() + 60_000;
  while (!server.output.join("").includes(text)) {
    if (Date.now() > deadline) throw new Error(`The log never said ${text}:\n${server.logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return server.output.join("");
}

const webhookAttack = {
  "X-Shopify-Topic": "orders/create",
  "X-Shopify-Shop-Domain": SHOP,
  "X-Shopify-Hmac-Sha256": "Zm9yZ2Vk",
};

describe("bodies past the limit", () => {
  it("answers a forged 100 MB webhook 413 within a second, declared or chunked", async () => {
    for (const declared of [true, false]) {
      const answer = await postFlood("/webhooks/orders/create", 100 * MB, webhookAttack, declared);
      expect(answer.status).toBe(413);
      expect(answer.ms).toBeLessThan(1_000);
    }
  });

  it("answers forged 100 MB webhooks 413, four declared and four chunked at once, with memory flat and others answered", async () => {
    resetPeak();
    const before = memory();
    const attacks = Promise.all([
      ...[1, 2, 3, 4].map(() => postFlood("/webhooks/orders/create", 100 * MB, webhookAttack, true)),
      ...[1, 2, 3, 4].map(() => postFlood("/webhooks/orders/create", 100 * MB, webhookAttack, false)),
    ]);
    const [answers, others] = await Promise.all([attacks, keepAsking(attacks)]);
    const after = memory();

    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(413));
    // Declared lengths are refused before a byte is read; chunked ones at the limit, not at 100 MB (what
    // the client sent beyond that sits in the two kernels' buffers).
    for (const answer of answers) expect(answer.written).toBeLessThan(DEFAULT_WEBHOOK_MAX_BYTES + 24 * MB);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((status) => status === 200)).toBe(true);
    // Four chunked bodies held at most to the limit each, and nothing more.
    expect(after.peak - before.rss).toBeLessThan((4 * DEFAULT_WEBHOOK_MAX_BYTES) / MB + 48);
    expect(answers[0].body).toContain(`at most ${DEFAULT_WEBHOOK_MAX_BYTES} bytes`);
  }, 300_000);

  it("answers a 100 MB login form 413 at once, logging no giant line and redirecting nowhere", async () => {
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const declared = await postFlood("/auth/login", 100 * MB, form, true);
    const chunked = await postFlood("/auth/login", 100 * MB, form, false);
    expect([declared.status, chunked.status]).toEqual([413, 413]);
    expect(declared.ms).toBeLessThan(1_000);
    expect(chunked.ms).toBeLessThan(1_000);
    // What the client could send before the answer: the limit, and what the two kernels buffer.
    expect(chunked.written).toBeLessThan(FORM_MAX_BYTES + 24 * MB);
    for (const line of server.output.join("").split("\n")) expect(line.length).toBeLessThan(1_000);
  }, 300_000);

  it("refuses a shop value longer than any domain without logging or redirecting to it", async () => {
    const shop = `${"a".repeat(60_000)}.myshopify.com`;
    const response = await fetch(`${server.url}/auth/login`, {
      method: "POST",
      body: new URLSearchParams({ shop }),
      redirect: "manual",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("location")).toBeNull();
    expect(server.output.join("")).not.toContain("a".repeat(1_000));
  });

  it("answers headers and URLs past 16 KB with 431", async () => {
    const longHeader = await fetch(`${server.url}/`, { headers: { "X-Padding": "x".repeat(32 * 1024) } });
    expect(longHeader.status).toBe(431);
    const longUrl = await fetch(`${server.url}/app?q=${"x".repeat(32 * 1024)}`);
    expect(longUrl.status).toBe(431);
  });

  it("takes the largest order a shop can send, whole", async () => {
    const payload = stringifyJsonExact(largestCancelledOrder());
    expect(payload.length).toBeGreaterThan(3 * MB);
    const webhookId = "largest-order";
    const status = await sendWebhook(server.url, {
      topic: "orders/cancelled",
      shop: SHOP,
      secret: SECRET,
      payload,
      webhookId,
    });
    expect(status).toBe(200);
    const spool = createClient({ url: spoolUrl(databaseUrl) });
    const { rows } = await spool.execute({
      sql: `SELECT "payload" FROM "SpooledDelivery" WHERE "webhookId" = ?`,
      args: [webhookId],
    });
    spool.close();
    expect(Buffer.from(rows[0].payload as ArrayBuffer).equals(Buffer.from(payload))).toBe(true);
  });
});

describe("what the log says", () => {
  it("gives each refused webhook a line, counted, and a webhook with a shop domain that is none a clear 400", async () => {
    const body = stringifyJsonExact(orderPayload({ id: 1 }));
    const forged = await fetch(`${server.url}/webhooks/orders/create`, {
      method: "POST",
      body,
      headers: webhookHeaders({ topic: "orders/create", shop: SHOP, body, secret: "not-the-secret" }),
    });
    expect(forged.status).toBe(401);
    const notADomain = await sendWebhook(server.url, {
      topic: "orders/create",
      shop: "evil.example.com",
      secret: SECRET,
      payload: body,
    });
    expect(notADomain).toBe(400);

    const log = await logWith("Refused webhook 400");
    expect(log).toMatch(
      /Refused webhook 401 Unauthorized \(\d+ since start\): POST \/webhooks\/orders\/create \(shop limits-shop\.myshopify\.com, topic orders\/create\)/,
    );
    expect(log).toMatch(/Refused webhook 400 Invalid shop domain \(1 since start\)[^\n]*evil\.example\.com/);
    expect(log).not.toMatch(/^\s+at /m);
  });

  it("logs requests without their query values: no session token, no search term", async () => {
    await fetch(
      `${server.url}/app/connections/customer-search?q=carol%40example.com&id_token=eyJSECRET.TOKEN.VALUE`,
    );
    const log = await logWith("GET /app/connections/customer-search");
    expect(log).toContain("GET /app/connections/customer-search?q=…&id_token=… ");
    expect(log).not.toContain("eyJSECRET");
    expect(log).not.toContain("carol");
  });
});
