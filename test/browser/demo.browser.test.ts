// `npm run demo` as a newcomer meets it: the demo in its default mode (bundled scenario, keeps serving) on a
// free port, the URL it prints opened in Chromium, and the screens it leaves behind photographed:
// artifacts/screenshots/demo-home.png, demo-connections.png, demo-commissions.png. Then Ctrl-C (SIGINT)
// stops it cleanly: exit 0, nothing listening, its temporary files gone.
// Run with `npx vitest run --config test/browser/vitest.config.ts test/browser/demo.browser.test.ts`.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ROOT, ensureBuild, freePort } from "~test/browser/helpers/app-server";
import { launchBrowser, screenshot, wholePageScreenshot, type Browser } from "./helpers/browser";

const SHOP = "northwind-trail.myshopify.com";

describe("npm run demo in a real browser", () => {
  let demo: ChildProcessWithoutNullStreams;
  let output = "";
  let tmp: string;
  let port: number;
  let adminUrl: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureBuild();
    port = await freePort();
    tmp = mkdtempSync(path.join(tmpdir(), "demo-browser-"));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !/^(SHOPIFY_|DATABASE_URL$|NODE_ENV$|PORT$|VITEST)/.test(key))
        env[key] = value;
    }
    demo = spawn(process.execPath, ["scripts/demo.mjs", "--port", String(port)], {
      cwd: ROOT,
      env: { ...env, NODE_ENV: "development", TMPDIR: tmp },
      stdio: ["pipe", "pipe", "pipe"],
    });
    demo.stdout.on("data", (chunk) => (output += chunk));
    demo.stderr.on("data", (chunk) => (output += chunk));
    const deadline = Date.now() + 120_000;
    for (;;) {
      const url = /http:\/\/localhost:\d+\/app\?\S+/.exec(output)?.[0];
      if (url) {
        adminUrl = url;
        break;
      }
      if (demo.exitCode !== null || Date.now() > deadline)
        throw new Error(`The demo did not print the admin URL:\n${output.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    browser = await launchBrowser();
    page = browser.page;
    page.on("pageerror", (error) => console.error(`[browser] ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    if (demo && demo.exitCode === null) {
      demo.kill("SIGKILL");
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail" && page) {
      await screenshot(page, `failed-demo-${context.task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 50)}`);
      console.log(output.slice(-4000));
    }
  });

  /** Opens an admin path of the demo's shop as the printed URL does (through the session-token bounce). */
  async function open(path: string) {
    // The printed URL carries Home's range of days; on the ledger, from/to would filter recording days.
    const url = new URL(adminUrl.replace("/app?", `${path}?`));
    if (path !== "/app") for (const key of ["range", "from", "to"]) url.searchParams.delete(key);
    await page.goto(url.toString());
    await page.waitForURL(/id_token=/);
  }

  const wholePage = (name: string) => wholePageScreenshot(page, name);

  it("prints the URL of the admin screens, for the scenario's shop on the chosen port", () => {
    expect(adminUrl).toMatch(
      new RegExp(
        `^http://localhost:${port}/app\\?shop=${SHOP}&host=[\\w-]+&embedded=1&range=custom&from=2026-02-10&to=2026-04-\\d\\d$`,
      ),
    );
    expect(output).toContain("Commission ledger of northwind-trail.myshopify.com: 28 orders");
    expect(output).toContain("Press Ctrl-C to stop.");
  });

  it("opens on the home page with the program at a glance: the scenario's days charted", async () => {
    await open("/app");
    await page.getByText("Referred orders", { exact: true }).waitFor();
    await page.getByText("#1028").first().waitFor();
    await page.getByTestId("sales-chart").locator("svg").first().waitFor();
    await wholePage("demo-home");
  });

  it("lists the connections the demo left: seeded, expired and made by referred orders", async () => {
    await open("/app/connections");
    const noah = page.getByRole("row").filter({ hasText: "Noah Klein" });
    await noah.waitFor();
    // The seeded connection to inactive eve was replaced by alice's coupon order (#1016).
    await expect.poll(() => noah.textContent()).toMatch(/Alice Moreno/);
    await expect
      .poll(() => page.getByRole("row").filter({ hasText: "Kofi Mensah" }).textContent())
      .toMatch(/Carmen Ruiz/);
    await wholePage("demo-connections");
  });

  it("lists the commissions, reversals included", async () => {
    await open("/app/commissions");
    await page.getByText("#1028").first().waitFor();
    // #1010's refund took back 3.75 of alice's link commission (demo/scenario.expected.json).
    const reversal = page
      .getByRole("row")
      .filter({ hasText: "#1010" })
      .filter({ hasText: "Reversal" })
      .filter({ hasText: "-$3.75" });
    await reversal.waitFor();
    expect(await reversal.innerText()).toContain("Alice Moreno");
    await wholePage("demo-commissions");
  });

  it("pays an affiliate in store credit: balances → batch → pay → history → the payout's lines → the affiliate's page", async () => {
    const toast = (text: string) => page.getByText(text, { exact: true });
    await open("/app/payouts");
    const bob = page.getByRole("row").filter({ hasText: "Bob Okafor" });
    await bob.waitFor();
    expect(await bob.innerText()).toContain("$22.29");
    await wholePage("payouts-1-balances");

    await bob.getByRole("cell").first().click();
    await page.getByRole("button", { name: "Create payout batch" }).click();
    const create = page.getByRole("dialog", { name: "Create payout batch" });
    await create.waitFor();
    await page.getByLabel("Pay by").selectOption("store_credit");
    await wholePage("payouts-2-create-batch");
    await create.getByRole("button", { name: "Create batch", exact: true }).click();

    await page.waitForURL(/\/app\/payouts\/batches\//);
    await page.getByRole("button", { name: "Pay 1 payout in store credit" }).waitFor();
    await wholePage("payouts-3-batch");
    await page.getByRole("button", { name: "Pay 1 payout in store credit" }).click();
    const pay = page.getByRole("dialog", { name: "Pay in store credit" });
    await pay.waitFor();
    await pay.getByRole("button", { name: "Pay now", exact: true }).click();
    await toast("1 payout paid in store credit").waitFor();
    await page.getByRole("row").filter({ hasText: "Bob Okafor" }).filter({ hasText: "Paid" }).waitFor();
    await wholePage("payouts-4-batch-paid");

    await open("/app/payouts/history");
    const row = page.getByRole("row").filter({ hasText: "Bob Okafor" });
    await row.filter({ hasText: "Paid" }).waitFor();
    expect(await row.innerText()).toMatch(/\$22\.29[\s\S]*Store credit/);
    await wholePage("payouts-5-history");

    await row.getByRole("link", { name: "P000001" }).click();
    await page.getByText("Commissions it settles").waitFor();
    // Shopify's ids in words: the transaction by its number, the customer as a link to their admin page.
    await page.getByText(/reference store credit transaction \d+/).waitFor();
    expect(await page.locator("body").innerText()).not.toContain("gid://");
    expect(
      await page.getByRole("link", { name: "their customer account in Shopify" }).getAttribute("href"),
    ).toMatch(/^shopify:\/\/admin\/customers\/\d+$/);
    await wholePage("payouts-6-payout-lines");

    await open("/app/payouts/history");
    await page
      .getByRole("row")
      .filter({ hasText: "Bob Okafor" })
      .getByRole("link", { name: "Bob Okafor" })
      .click();
    await page.getByRole("heading", { name: "Payouts" }).waitFor();
    await page.getByRole("row").filter({ hasText: "P000001" }).filter({ hasText: "Paid" }).waitFor();
    await wholePage("payouts-7-affiliate-page");
  });

  it("stops cleanly on Ctrl-C: exit 0, nothing left listening, temporary files removed", async () => {
    const exited = new Promise<number | null>((resolve) => demo.once("exit", (code) => resolve(code)));
    demo.kill("SIGINT");
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    expect(readdirSync(tmp)).toEqual([]);
    expect(output).toContain("Stopped.");
  });
});
