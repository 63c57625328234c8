// Runs `node --import ./emulator/preload.mjs` in a child process, as the app's server is started.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { STORE } from "./test-support";

const PRELOAD = fileURLToPath(new URL("./preload.mjs", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "shopify-emulator-"));

function writeJson(name: string, value: unknown) {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

const SCRIPT = `
import { createServer } from "node:http";
const app = createServer((_req, res) => res.end("app says hi"));
await new Promise((resolve) => app.listen(0, "127.0.0.1", resolve));
const loopback = await (await fetch("http://127.0.0.1:" + app.address().port + "/")).text();
app.close();
const control = globalThis.__shopifyEmulator.controlUrl;
if (control) {
  await fetch(control + "/fail", { method: "POST", body: JSON.stringify({ count: 1, status: 503 }) });
}
const response = await fetch("https://demo-shop.myshopify.com/admin/api/2025-10/graphql.json", {
  method: "POST",
  headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_x" },
  body: JSON.stringify({
    query: "query CustomersForAttribution($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { id numberOfOrders } } }",
    variables: { ids: ["gid://shopify/Customer/7001"] },
  }),
});
console.log(JSON.stringify({ loopback, control, status: response.status, body: await response.json() }));
`;

function run(env: Record<string, string | undefined>) {
  const result = spawnSync(process.execPath, ["--import", PRELOAD, "--input-type=module", "-e", SCRIPT], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    // A safety net for a child that hangs; on a loaded machine a slow start is not a failure.
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("emulator/preload.mjs", () => {
  it("answers Shopify from a scenario file and lets loopback traffic through", () => {
    const path = writeJson("scenario.json", { shop: "demo-shop.myshopify.com", store: STORE, events: [] });
    const { code, stdout, stderr } = run({ SHOPIFY_EMULATOR_STORE: path, NODE_ENV: "development" });
    expect(stderr).toMatch(
      /\[shopify-emulator\] active: answering https:\/\/\*\.myshopify\.com from .*scenario\.json/,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      loopback: "app says hi",
      status: 200,
      body: { data: { nodes: [{ id: "gid://shopify/Customer/7001", numberOfOrders: "1" }] } },
    });
  });

  it("accepts a bare store file and exposes the control server on a port the system chose", () => {
    const path = writeJson("store.json", STORE);
    const { code, stdout, stderr } = run({
      SHOPIFY_EMULATOR_STORE: path,
      SHOPIFY_EMULATOR_CONTROL_PORT: "0",
    });
    expect(code, stderr).toBe(0);
    const { control, status } = JSON.parse(stdout);
    expect(control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(control).not.toBe("http://127.0.0.1:0");
    expect(stderr).toContain(`control on ${control})`);
    // The fault the script asked for through the control server answered its Shopify call.
    expect(status).toBe(503);
  });

  it("refuses to run with NODE_ENV=production", () => {
    const path = writeJson("prod.json", STORE);
    const { code, stderr, stdout } = run({ SHOPIFY_EMULATOR_STORE: path, NODE_ENV: "production" });
    expect(code).not.toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toContain("Shopify emulator: refusing to run with NODE_ENV=production");
  });

  it("needs SHOPIFY_EMULATOR_STORE, and a valid store", () => {
    expect(run({}).stderr).toContain("set SHOPIFY_EMULATOR_STORE");
    const bad = run({
      SHOPIFY_EMULATOR_STORE: writeJson("bad.json", { store: { customers: [{ id: "x" }] } }),
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('store.customers[0].id: expected a numeric id string like "7001", got "x"');
    const noStore = run({
      SHOPIFY_EMULATOR_STORE: writeJson("no-store.json", { shop: "x.myshopify.com", events: [] }),
    });
    expect(noStore.stderr).toContain('looks like a scenario file (it has shop, events) but has no "store"');
    // A bare store's `shop` is the shop's profile, not a scenario's domain.
    const profile = run({
      SHOPIFY_EMULATOR_STORE: writeJson("profile.json", {
        shop: { name: "Yen Outfitters", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY" },
      }),
    });
    expect(profile.stderr).not.toContain("scenario file");
    expect(profile.code).toBe(0);
  });
});
