// Deliveries in Chromium against the production build: two webhooks the app kept but could not act on (an
// order whose every automatic try failed, and one Shopify sent that cannot be read). Retry tries each again
// on the spot: the order's row turns "Done" with its name, one more try and a new "Last tried", and a toast
// says the order was credited; the unreadable one stays, its tries counted, and the toast says it still
// fails. The main view speaks to merchants (no topics, payloads or raw ids; no breadcrumb on a top-level
// page); axe checks it before and after. Screenshots at 1440 and 390 px (artifacts/screenshots/deliveries-*).
// Run with `npx vitest run --config test/browser/vitest.config.ts test/browser/deliveries.browser.test.ts`.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { stringifyJsonExact } from "~/lib/exact-json";
import type { AppServer } from "~test/browser/helpers/app-server";
import { orderPayload } from "~test/helpers/orders";
import { axeViolations } from "./axe";
import { adminBrowserSuite } from "./helpers/admin-suite";
import { screenshot } from "./helpers/browser";

const SHOP = "deliveries-shop.myshopify.com";
const STORE_FILE = fileURLToPath(new URL("./fixtures/store.json", import.meta.url));
const LONG_AGO = new Date("2026-03-07T10:30:00Z");

describe("Deliveries in a real browser", () => {
  const suite = adminBrowserSuite({
    name: "deliveries",
    shop: SHOP,
    storeFile: STORE_FILE,
    seed: async (db) => {
      await db.affiliate.create({
        data: {
          shop: SHOP,
          name: "Aiko Tanaka",
          email: "aiko@example.com",
          refCode: "aiko",
          refCodeKey: "aiko",
        },
      });
      await db.webhookDelivery.create({
        data: {
          shop: SHOP,
          topic: "orders/create",
          webhookId: "order-1042",
          orderId: "1042",
          payload: Buffer.from(
            stringifyJsonExact(orderPayload({ id: 1042, name: "#1042", landingSite: "/?ref=aiko" })),
          ),
          state: "needs_attention",
          attempts: 8,
          lastAttemptAt: LONG_AGO,
          lastError: "Gave up after 8 attempts: Shopify did not answer within 10 s",
          receivedAt: new Date("2026-03-07T09:00:00Z"),
        },
      });
      await db.webhookDelivery.create({
        data: {
          shop: SHOP,
          topic: "orders/create",
          webhookId: "unreadable-1",
          payload: Buffer.from("{ not json"),
          state: "needs_attention",
          attempts: 1,
          lastAttemptAt: LONG_AGO,
          lastError: "The payload is not valid JSON",
          receivedAt: new Date("2026-03-06T09:00:00Z"),
        },
      });
    },
  });
  const open = suite.open;
  let server: AppServer;
  let page: Page;
  beforeAll(() => {
    ({ server, page } = suite.current());
  });

  /** The text of the page a merchant sees (the closed details for support are not shown). */
  const visibleText = () => page.locator("main").innerText();

  /** A row of the list: a table row, or at phone width an item of Polaris's condensed list. */
  const row = (text: string) => page.locator("tbody tr, ul li", { hasText: text });

  /** Whether the element is inside the window's width (not cut off to the right). */
  const inView = (locator: Locator) =>
    locator.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth;
    });

  it("retries in place: the row changes and a toast says what came of it, in a merchant's words", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await open("/app/deliveries", "Deliveries that need attention");
    const order = row("Not recorded yet");
    const unreadable = row("cannot read");
    await order.waitFor();
    await expect.poll(() => unreadable.count()).toBe(1);
    // A top-level page: no "Home ›" breadcrumb in the title bar.
    expect(await page.locator("ui-title-bar > button[variant=breadcrumb]").count()).toBe(0);
    const before = await visibleText();
    expect(before).not.toMatch(/orders\/create|payload|webhook|order-1042|unreadable-1|\b1042\b/i);
    expect(await order.innerText()).toContain("Shopify did not answer within 10 s");
    expect(await order.innerText()).not.toContain("Gave up after");
    const triedLongAgo = (await order.locator("td").nth(6).innerText()).trim();
    expect(triedLongAgo).toMatch(/2026/);
    await photograph("deliveries-1440");

    await order.getByRole("button", { name: /^Retry new order received/ }).click();
    const credited = page
      .getByRole("status")
      .filter({ hasText: "Order #1042 credited again — 1 commission recorded" });
    await credited.waitFor();
    // The row stays where it was, as it is now: the order's name, Done, one more try, tried just now.
    const done = row("#1042");
    await expect.poll(() => done.getByText("Done", { exact: true }).count()).toBe(1);
    const cells = () => done.locator("td").allInnerTexts();
    await expect.poll(async () => (await cells())[5]?.trim()).toBe("9");
    expect((await cells())[6].trim()).not.toBe(triedLongAgo);
    expect(await done.getByRole("button", { name: /^Retry/ }).count()).toBe(0);
    const [line] = await server.db.ledgerLine.findMany({ where: { shop: SHOP, orderId: "1042" } });
    expect(line).toMatchObject({ type: "commission", source: "link" });

    await unreadable.getByRole("button", { name: /^Retry new order received/ }).click();
    const stillFailing = page
      .getByRole("alert")
      .filter({ hasText: "Still failing: Shopify sent something the app cannot read" });
    await stillFailing.waitFor();
    await expect.poll(async () => (await unreadable.locator("td").allInnerTexts())[5]?.trim()).toBe("2");
    expect(await unreadable.getByText("Needs attention", { exact: true }).count()).toBe(1);
    expect(await visibleText()).not.toMatch(/orders\/create|payload|webhook|(?<!#)\b1042\b/i);
    await photograph("deliveries-retried-1440");

    // The details for support keep what a developer needs.
    await unreadable.getByRole("button", { name: "Details for support" }).click();
    await expect.poll(() => unreadable.getByText("{ not json").isVisible()).toBe(true);
    expect(await unreadable.innerText()).toContain("Topic orders/create · webhook unreadable-1");

    // At phone width: each row stacks what it says, with its status and Retry inside the window.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(390);
    const phoneRow = row("cannot read");
    await expect.poll(() => inView(phoneRow.getByText("Needs attention", { exact: true }))).toBe(true);
    expect(await inView(phoneRow.getByRole("button", { name: /^Retry/ }))).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "deliveries-390");
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  /** The page photographed at 1440 px wide, as tall as it is, then checked with axe. */
  async function photograph(name: string) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1440, height: Math.max(900, height) });
    await screenshot(page, name);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  }
});
