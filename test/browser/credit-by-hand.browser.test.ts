// Credit by hand in Chromium against the production build: an order that earned nothing arrives as a real
// signed orders/create webhook, is found through Orders' "Not credited" tab, credited by hand from its page
// (affiliate picker, note, confirmation modal showing what will be credited), then refunded by a signed
// refunds/create webhook; the reversal shows on the page. Screenshots of the order page before and after
// at 1440 px and at 390 px (artifacts/screenshots/credit-*.png), each screen checked with axe.
// Run with `npx vitest run --config test/browser/vitest.config.ts test/browser/credit-by-hand.browser.test.ts`.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page, Route } from "playwright-core";
import { stringifyJsonExact } from "~/lib/exact-json";
import { sendWebhook } from "~root/scripts/lib/app-server.mjs";
import { API_SECRET, type AppServer } from "~test/browser/helpers/app-server";
import { orderPayload, refundPayload } from "~test/helpers/orders";
import { axeViolations } from "./axe";
import { adminBrowserSuite } from "./helpers/admin-suite";
import { screenshot } from "./helpers/browser";

const SHOP = "credit-shop.myshopify.com";
const STORE_FILE = fileURLToPath(new URL("./fixtures/store.json", import.meta.url));

describe("credit by hand in a real browser", () => {
  const suite = adminBrowserSuite({
    name: "credit",
    shop: SHOP,
    storeFile: STORE_FILE,
    // The inbox worker records the webhooks' orders (it is off under NODE_ENV=test), as in the demo.
    env: { NODE_ENV: "development" },
    seed: (db) =>
      db.affiliate.create({
        data: {
          shop: SHOP,
          name: "Aiko Tanaka",
          email: "aiko@example.com",
          refCode: "aiko",
          refCodeKey: "aiko",
        },
      }),
    onFailure: async (server) =>
      console.log(
        await server.db.webhookDelivery.findMany({
          select: { topic: true, state: true, attempts: true, lastError: true },
        }),
      ),
  });
  const open = suite.open;
  let server: AppServer;
  let page: Page;
  beforeAll(() => {
    ({ server, page } = suite.current());
  });

  // Shopify's payloads hold ids beyond a double's range: sent as exact JSON.
  const webhook = async (topic: string, payload: unknown) =>
    expect(
      await sendWebhook(server.url, {
        topic,
        shop: SHOP,
        payload: stringifyJsonExact(payload),
        secret: API_SECRET,
      }),
    ).toBe(200);

  /** The page photographed at 1440 px wide, as tall as it is, then checked with axe. */
  async function photograph(name: string) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1440, height: Math.max(900, height) });
    await screenshot(page, name);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  }

  /** Holds the page's requests to URLs matching `pattern` until `release()`; `held` lists them. */
  async function holdRequests(target: Page, pattern: RegExp) {
    let open!: () => void;
    const released = new Promise<void>((resolve) => (open = resolve));
    const held: string[] = [];
    const hold = async (route: Route) => {
      held.push(route.request().url());
      await released;
      // The page may have given up on the request meanwhile (a newer search aborts the older one).
      await route.continue().catch(() => undefined);
    };
    await target.route(pattern, hold);
    return {
      held,
      release: async () => {
        open();
        await target.unroute(pattern, hold);
      },
    };
  }

  /** Whether the element is inside the window's width (not cut off to the right). */
  const inView = (locator: ReturnType<Page["locator"]>) =>
    locator.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth;
    });

  it("finds an order that earned nothing, credits it by hand, and shows the refund's reversal", async () => {
    await webhook("orders/create", orderPayload({ id: 7001, name: "#7001" }));
    await expect
      .poll(() => server.db.attributedOrder.count({ where: { shop: SHOP, orderId: "7001" } }), {
        timeout: 60_000,
      })
      .toBe(1);

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.clock.install();
    await open("/app/orders", "#7001");
    await page.getByRole("tab", { name: "Not credited" }).click();
    await page.waitForURL(/show=not_credited/);
    await page.getByRole("link", { name: "#7001" }).click();
    await page.getByText("Credit by hand", { exact: true }).waitFor();
    await photograph("credit-order-before-1440");

    // A slow network, made certain: the picker's search is still on its way when the preview's answer
    // and the page's revalidation arrive (a fetcher whose route the browser had not yet been told about
    // used to turn the page into "404 Not Found" right then).
    const search = await holdRequests(page, /\/app\/connections\/affiliate-options|\/__manifest\?/);
    const picker = page.getByRole("combobox", { name: "Affiliate", exact: true });
    await picker.click();
    // The page's timers wait while the merchant types and picks, so the picker's search (sent 250 ms after
    // the last keystroke) leaves after the pick, whatever the machine's speed.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
    await picker.fill("aiko");
    await page.getByRole("option", { name: /Aiko Tanaka \(aiko\)/ }).click();
    await page.clock.resume();
    await expect.poll(() => search.held.length).toBeGreaterThan(0);
    await page.getByLabel("Note", { exact: true }).fill("Aiko sent her by email; the link was lost");
    const revalidated = page.waitForResponse(
      (response) =>
        response.request().method() === "GET" &&
        /[?&]_data=routes%2Fapp\.commissions\.%24id/.test(response.url()),
    );
    await page.getByRole("button", { name: "Credit order" }).click();
    const dialog = page.getByRole("dialog", { name: "Credit this order by hand?" });
    await dialog.waitFor();
    await revalidated;
    await search.release();
    await page.getByText(/^Aiko Tanaka earns \$\d+\.\d\d \(default rate\)\. The note is kept/).waitFor();
    await screenshot(page, "credit-confirm-modal");
    await dialog.getByRole("button", { name: "Credit", exact: true }).click();

    await page
      .getByText(/^Credited by hand to Aiko Tanaka on .+: “Aiko sent her by email; the link was lost”\.$/)
      .waitFor();
    await expect.poll(() => page.getByText("Credit by hand", { exact: true }).count()).toBe(0);
    await expect.poll(() => page.getByText("Manual", { exact: true }).count()).toBeGreaterThan(0);
    const [line] = await server.db.ledgerLine.findMany({ where: { shop: SHOP, orderId: "7001" } });
    expect(line).toMatchObject({ source: "manual", type: "commission" });
    await photograph("credit-order-after-1440");

    await webhook(
      "refunds/create",
      refundPayload({ id: 9001, orderId: 7001, lines: [{ lineItemId: 1, quantity: 1 }] }),
    );
    await expect
      .poll(() => server.db.ledgerLine.count({ where: { shop: SHOP, orderId: "7001", type: "reversal" } }), {
        timeout: 60_000,
      })
      .toBe(1);
    // Opened again as the admin opens it (a plain reload would lose the embedded parameters).
    await open(new URL(page.url()).pathname, "#7001 in Shopify");
    await page.getByText("Reversal", { exact: true }).first().waitFor();
    await photograph("credit-order-refunded-1440");

    // At phone width: a window 390 px wide (the screenshot keeps the window's width).
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(390);
    expect(await inView(page.getByText("#7001 in Shopify"))).toBe(true);
    expect(await inView(page.getByText("Reversal", { exact: true }).first())).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "credit-order-390");
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
