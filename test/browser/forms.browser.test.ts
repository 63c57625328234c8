// Forms, filters, links and Home's table as a merchant meets them in Chromium: one submit shows every error
// and moves focus to the first; a new customer whose email the store already has is offered instead; two
// filters applied in a row on Commissions both stay; no link in the browser's default colours; Home's
// latest orders fit their card at 1280 px. Screenshots land in artifacts/screenshots/forms-*.png.
// Run with `npx vitest run --config test/browser/vitest.config.ts test/browser/forms.browser.test.ts`.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { PrismaClient } from "@prisma/client";
import type { AppServer } from "~test/browser/helpers/app-server";
import { createLedgerLine } from "~test/helpers/ledger";
import { axeViolations } from "./axe";
import { adminBrowserSuite } from "./helpers/admin-suite";
import { screenshot } from "./helpers/browser";

const SHOP = "yen-shop.myshopify.com";
const STORE_FILE = fileURLToPath(new URL("./fixtures/store.json", import.meta.url));

/** Days relative to today, so Home's default range (the last 30 days) holds the orders. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

async function seed(db: PrismaClient): Promise<{ aikoId: string }> {
  const shop = SHOP;
  const affiliate = (refCode: string, name: string) =>
    db.affiliate.create({
      data: { shop, refCode, refCodeKey: refCode, name, email: `${refCode}@example.com` },
    });
  const aiko = await affiliate("aiko", "Aiko Tanaka");
  // A long name, as real programs have (a company's), for Home's table.
  const ben = await affiliate("ben", "The Outdoor Adventure Collective of Northern California LLC");
  const order = async (orderId: string, name: string, referrer: string, age: number) =>
    db.attributedOrder.create({
      data: {
        shop,
        orderId,
        orderName: name,
        customerId: "7001",
        customerEmail: "carol@example.com",
        currency: "JPY",
        orderCreatedAt: daysAgo(age),
        referrerAffiliateId: referrer,
        referrerSource: "coupon",
        credited: true,
        input: "{}",
        trace: "[]",
        createdAt: daysAgo(age),
      },
    });
  const line = (
    attributedOrderId: string,
    orderId: string,
    affiliateId: string,
    amount: string,
    status: string,
    age: number,
    extra: object = {},
  ) =>
    createLedgerLine(db, {
      shop,
      attributedOrderId,
      orderId,
      affiliateId,
      type: "commission",
      source: "coupon",
      rule: "affiliate_rate",
      base: String(Number(amount) * 10),
      amount,
      amountMinor: Number(amount),
      currency: "JPY",
      lineItemIds: "[]",
      status,
      createdAt: daysAgo(age),
      statusChangedAt: daysAgo(age),
      orderCreatedAt: daysAgo(age),
      ...extra,
    });
  await db.customerConnection.create({
    data: {
      shop,
      customerId: "7002",
      customerEmail: "dave@example.com",
      customerName: "Dave Stone",
      affiliateId: ben.id,
      origin: "manual",
    },
  });
  const first = await order("5001", "#100001", aiko.id, 5);
  const second = await order("5002", "#100002", ben.id, 3);
  const third = await order("5003", "#100003", ben.id, 2);
  await line(first.id, "5001", aiko.id, "1500000", "approved", 5);
  const pending = await line(second.id, "5002", ben.id, "1234567", "pending", 3);
  await line(second.id, "5002", ben.id, "-234567", "pending", 1, {
    type: "reversal",
    reversalOfId: pending.id,
    reversalKey: "refund:9001",
  });
  await line(third.id, "5003", ben.id, "98765", "paid", 2);
  return { aikoId: aiko.id };
}

describe("forms, filters, links and Home's table", () => {
  const suite = adminBrowserSuite({ name: "forms", shop: SHOP, storeFile: STORE_FILE, seed });
  const open = suite.open;
  let server: AppServer;
  let page: Page;
  let seeded: { aikoId: string };
  beforeAll(() => {
    ({ server, page, seeded } = suite.current());
  });

  /** The id of the focused element (Polaris gives every field one), and its accessible error. */
  const focused = () =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      const describedBy = element?.getAttribute("aria-describedby") ?? "";
      const description = describedBy
        .split(" ")
        .map((id) => document.getElementById(id)?.textContent ?? "")
        .join(" ");
      return {
        label: element?.id ? (document.querySelector(`label[for="${element.id}"]`)?.textContent ?? "") : "",
        invalid: element?.getAttribute("aria-invalid"),
        description,
      };
    });

  it("shows the taken ref code with the email's error after one submit, and focuses the first field in error", async () => {
    await open("/app/affiliates/new", "Commission rate");
    await page.getByLabel("Name", { exact: true }).fill("Aiko Again");
    await page.getByLabel("Email", { exact: true }).fill("not-an-email");
    await page.getByLabel("Ref code").fill("AIKO");
    await page.getByRole("button", { name: "Save affiliate" }).click();
    await page.getByText("Enter a valid email address, or leave it empty").waitFor();
    await page.getByText("The ref code AIKO is already used by Aiko Tanaka").waitFor();
    // Focus on the email field, announced with its error.
    await expect.poll(focused).toEqual({
      label: "Email",
      invalid: "true",
      description: expect.stringContaining("Enter a valid email address"),
    });
    await screenshot(page, "forms-affiliate-errors");
    expect(await axeViolations(page)).toEqual([]);

    // Once the email is fixed, the next submit focuses the ref code.
    await page.getByLabel("Email", { exact: true }).fill("aiko.again@example.com");
    await page.getByRole("button", { name: "Save affiliate" }).click();
    await expect.poll(() => page.getByText("Enter a valid email address, or leave it empty").count()).toBe(0);
    await expect.poll(focused).toMatchObject({ label: "Ref code", invalid: "true" });
  });

  it("offers the store customer who already has a new customer's email, and connects them with one click", async () => {
    await open("/app/connections/new", "Connection expires on");
    await page.getByText("Create a new customer").click();
    await page.getByLabel("First name").fill("Erin");
    await page.getByLabel("Email", { exact: true }).fill("erin@example.com");
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    // No affiliate chosen, and Erin is already a store customer: both at once, focus on the first.
    await page.getByText("Choose the affiliate").waitFor();
    await page.getByText("A customer with this email already exists: Erin Park").waitFor();
    await expect.poll(focused).toMatchObject({ invalid: "true", description: "Choose the affiliate" });
    await screenshot(page, "forms-connections-existing-customer");
    // The focused affiliate field opens its suggestions (Polaris's Autocomplete, in a popover outside the
    // page's landmarks): closed, the page is checked.
    await page.keyboard.press("Escape");
    expect(await axeViolations(page)).toEqual([]);

    const affiliate = page.getByRole("combobox", { name: "Affiliate", exact: true });
    await affiliate.click();
    await affiliate.fill("aiko");
    await page.getByRole("option", { name: /Aiko Tanaka/ }).click();
    await page.getByRole("button", { name: "Use this customer" }).click();
    await page.waitForURL(/\/app\/connections(\?|$)/);
    await page.getByText("Erin Park").first().waitFor();
    const connection = await server.db.customerConnection.findFirstOrThrow({
      where: { shop: SHOP, customerId: "7003" },
    });
    expect(connection).toMatchObject({ customerId: "7003", affiliateId: seeded.aikoId, origin: "manual" });
  });

  it("keeps both filters applied one after the other on Commissions", async () => {
    await open("/app/commissions", "#100001");
    const rows = () => page.locator("tbody tr").count();
    await expect.poll(rows).toBe(4);

    // The filter bar comes before the table (whose headings are buttons too).
    const pill = (name: string) => page.getByRole("button", { name, exact: true }).first();
    await pill("Status").click();
    await page.locator(".Polaris-Popover").getByText("Pending", { exact: true }).click();
    await page.waitForURL(/status=pending/);
    await expect.poll(rows).toBe(2);
    await page.keyboard.press("Escape");

    await pill("Type").click();
    await page.locator(".Polaris-Popover").getByText("Commissions", { exact: true }).click();
    await page.waitForURL(/type=commission/);
    const url = new URL(page.url());
    expect(url.searchParams.get("status")).toBe("pending");
    expect(url.searchParams.get("type")).toBe("commission");
    await expect.poll(rows).toBe(1);
    await expect.poll(() => page.locator("tbody tr").first().innerText()).toContain("#100002");
    await expect.poll(() => page.getByText("Status: Pending").isVisible()).toBe(true);
    await screenshot(page, "forms-commissions-two-filters");
  });

  it("keeps both filters when the second is applied before the first has loaded (a slow store)", async () => {
    await open("/app/commissions", "#100001");
    const rows = () => page.locator("tbody tr").count();
    await expect.poll(rows).toBe(4);
    // The first filter's page is held back until the second filter has been chosen.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    await page.route(/\/app\/commissions\?.*_data=/, async (route) => {
      if (first) {
        first = false;
        await held;
      }
      await route.continue().catch(() => undefined); // the held request may have been cancelled
    });
    const pill = (name: string) => page.getByRole("button", { name, exact: true }).first();
    await pill("Status").click();
    await page.locator(".Polaris-Popover").getByText("Pending", { exact: true }).click();
    await page.keyboard.press("Escape");
    await pill("Type").click();
    await page.locator(".Polaris-Popover").getByText("Commissions", { exact: true }).click();
    release();
    await page.waitForURL(/type=commission/);
    await page.unrouteAll({ behavior: "ignoreErrors" });
    const url = new URL(page.url());
    expect(url.searchParams.get("status")).toBe("pending");
    expect(url.searchParams.get("type")).toBe("commission");
    await expect.poll(rows).toBe(1);
  });

  /** Links drawn in the browser's own colours: unvisited blue, visited purple (Chromium's defaults). */
  const defaultColouredLinks = () =>
    page.evaluate(() =>
      [...document.querySelectorAll("a[href]")]
        .filter((link) => (link as HTMLElement).offsetParent !== null)
        .filter((link) => ["rgb(0, 0, 238)", "rgb(85, 26, 139)"].includes(getComputedStyle(link).color))
        .map((link) => link.outerHTML.slice(0, 120)),
    );

  it.each([
    ["/app/orders", "#100001"],
    ["/app/commissions", "#100001"],
    ["/app/affiliates", "Aiko Tanaka"],
    ["/app/connections", "Dave Stone"],
    ["/app", "Latest referred orders"],
  ])("draws no link on %s in the browser's default blue or purple", async (path, waitFor) => {
    await open(path, waitFor);
    await expect.poll(() => page.locator("a[href]").count()).toBeGreaterThan(0);
    expect(await defaultColouredLinks()).toEqual([]);
  });

  it("draws the referrer on an order's page as a Polaris link", async () => {
    const order = await server.db.attributedOrder.findFirstOrThrow({
      where: { shop: SHOP, orderId: "5001" },
    });
    await open(`/app/commissions/${order.id}`, "#100001");
    await page.getByRole("link", { name: "Aiko Tanaka" }).first().waitFor();
    expect(await defaultColouredLinks()).toEqual([]);
  });

  it.each(["Latest referred orders", "Top affiliates"])(
    "fits Home's %s in their card at 1280 px, the last column in view",
    async (title) => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await open("/app", title);
      const card = page.locator(".Polaris-ShadowBevel").filter({ hasText: title }).last();
      await card.getByText("The Outdoor Adventure Collective of Northern California LLC").first().waitFor();
      const fit = await card.evaluate((element) => {
        const scroller = element.querySelector<HTMLElement>(".Polaris-IndexTable-ScrollContainer");
        const cardBox = element.getBoundingClientRect();
        const lastCells = [...element.querySelectorAll("tr")].map((row) =>
          row.lastElementChild!.getBoundingClientRect(),
        );
        return {
          scrollWidth: scroller?.scrollWidth ?? -1,
          clientWidth: scroller?.clientWidth ?? -2,
          lastColumnOutside: lastCells.filter((box) => box.right > cardBox.right + 0.5).length,
          rows: lastCells.length,
        };
      });
      expect(fit.rows).toBeGreaterThan(1);
      expect(fit.scrollWidth, JSON.stringify(fit)).toBeLessThanOrEqual(fit.clientWidth);
      expect(fit.lastColumnOutside, JSON.stringify(fit)).toBe(0);
      await screenshot(page, "forms-home-1280");
    },
  );
});
