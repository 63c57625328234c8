// Both seed flows of "Create Customer-Affiliate Connection", end to end in Chromium against the production
// build: the real authenticate.admin (session tokens from the App Bridge stand-in), the real database, and
// the Shopify emulator answering CustomerSearch / CustomerCreate / ProductSearch.
// Run with `npx vitest run --config test/browser/vitest.config.ts`; screenshots land in artifacts/screenshots.
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { PrismaClient } from "@prisma/client";
import {
  ensureBuild,
  hostParam,
  installShop,
  startAppServer,
  type AppServer,
} from "~test/browser/helpers/app-server";
import { launchBrowser, screenshot, type Browser } from "~test/browser/helpers/browser";
import { createLedgerLine } from "~test/helpers/ledger";

const STORE_FILE = fileURLToPath(new URL("./fixtures/store.json", import.meta.url));

/** Alice and Bob in the shop's database, as the Affiliates screen would have saved them. */
async function seedAffiliates(db: PrismaClient, shop: string) {
  const alice = await db.affiliate.create({
    data: {
      shop,
      name: "Alice Example",
      email: "alice@example.com",
      refCode: "alice",
      refCodeKey: "alice",
      rateKind: "percent",
      rateValue: "15",
    },
  });
  const bob = await db.affiliate.create({
    data: { shop, name: "Bob Builder", email: "bob@example.com", refCode: "bob", refCodeKey: "bob" },
  });
  return { alice, bob };
}

describe("customer–affiliate connections in a real browser", () => {
  // One server for the file; each test has a shop of its own (seeded by itself) and a browser of its own,
  // so no test depends on what another did, and any one of them runs alone.
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  let shop: string;
  let shops = 0;

  beforeAll(async () => {
    ensureBuild();
    server = await startAppServer({ storeFile: STORE_FILE });
  });

  afterAll(async () => {
    if (server) {
      if (process.env.BROWSER_TESTS_VERBOSE === "1") console.log(server.logTail(200));
      await server.stop();
    }
  });

  beforeEach(async () => {
    shop = `flow-${++shops}.myshopify.com`;
    await installShop(server.db, shop);
    browser = await launchBrowser();
    page = browser.page;
    page.on("pageerror", (error) => console.error(`[browser] ${error.message}`));
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail" && page) {
      await screenshot(page, `failed-${context.task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}`);
    }
    await browser?.close();
  });

  /** Opens an admin path as the Shopify admin would (embedded, through the session-token bounce). */
  async function open(path: string) {
    const separator = path.includes("?") ? "&" : "?";
    await page.goto(`${server.url}${path}${separator}shop=${shop}&host=${hostParam(shop)}&embedded=1`);
    // authenticate.admin sends a document request without id_token to /auth/session-token; the stand-in
    // gets a token there and reloads the page with it.
    await page.waitForURL(/id_token=/);
    await nav("Affiliates").waitFor();
  }

  const toast = (text: string | RegExp) => page.locator(".app-bridge-standin-toast", { hasText: text });
  const titleBar = (title: string) => page.locator(`ui-title-bar[title="${title}"]`);
  const titleBarButton = (name: string) => page.locator("ui-title-bar > button", { hasText: name });
  const nav = (name: string) => page.locator("ui-nav-menu a", { hasText: name });

  async function pickOption(label: string, typed: string, option: RegExp) {
    const field = page.getByRole("combobox", { name: label, exact: true });
    await field.click();
    await field.fill(typed);
    const choice = page.getByRole("option", { name: option });
    await choice.waitFor();
    await choice.click();
  }

  it("opens the embedded app through the session-token bounce", async () => {
    await open("/app");
    expect(page.url()).toMatch(/\/app\?.*id_token=/);
    await expect.poll(() => nav("Affiliates").isVisible()).toBe(true);
    expect(await page.evaluate(() => typeof window.shopify.idToken)).toBe("function");
  });

  it("seed flow 1: creates an affiliate, then links a new customer to it from Connections", async () => {
    await open("/app");
    await nav("Affiliates").click();
    await page.getByText("Add your first affiliate").waitFor();
    await screenshot(page, "01-affiliates-empty");

    await titleBarButton("Add affiliate").click();
    await titleBar("Add affiliate").waitFor();
    // A bad form first: the server's errors show next to each field.
    await page.getByLabel("Name", { exact: true }).fill("Alice Example");
    await page.getByLabel("Email", { exact: true }).fill("not-an-email");
    await page.getByLabel("Ref code").fill("a b");
    await page.getByLabel("Rate", { exact: true }).selectOption("percent");
    await page.getByLabel("Percent").fill("150");
    await page.getByRole("button", { name: "Save affiliate" }).click();
    await page.getByText("Use 2 to 64 letters, digits, dashes (-) or underscores (_)").waitFor();
    await expect
      .poll(() => page.getByText("Enter a valid email address, or leave it empty").isVisible())
      .toBe(true);
    await expect.poll(() => page.getByText("A percentage cannot exceed 100").isVisible()).toBe(true);
    await screenshot(page, "02-affiliate-new-errors");

    await page.getByLabel("Email", { exact: true }).fill("alice@example.com");
    await page.getByLabel("Ref code").fill("alice");
    await page.getByLabel("Percent").fill("15");
    await screenshot(page, "03-affiliate-new-filled");
    await page.getByRole("button", { name: "Save affiliate" }).click();
    await page.waitForURL(/\/app\/affiliates\/[^/?]+$/);
    await toast("Affiliate created").waitFor();
    expect(await page.getByLabel("Affiliate link").inputValue()).toBe(`https://${shop}/?ref=alice`);
    await page.getByRole("button", { name: "Copy link" }).click();
    await toast("Link copied").waitFor();
    await screenshot(page, "04-affiliate-detail-new");

    // Connections > New connection > Link customer to affiliate
    await nav("Connections").click();
    await page.getByText("Connect customers to affiliates").waitFor();
    await screenshot(page, "05-connections-empty");
    await titleBarButton("New connection").click();
    await titleBar("Link customer to affiliate").waitFor();
    await screenshot(page, "06-link-customer-empty");

    await pickOption("Affiliate", "ali", /Alice Example \(alice\)/);
    expect(await page.getByRole("combobox", { name: "Affiliate", exact: true }).inputValue()).toBe(
      "Alice Example (alice)",
    );
    await page.getByText("Create a new customer").click();
    await page.getByLabel("First name").fill("Gina");
    await page.getByLabel("Last name").fill("Lopez");
    await page.getByLabel("Email", { exact: true }).fill("gina@example.com");
    await screenshot(page, "07-link-customer-new-filled");
    await page.getByRole("button", { name: "Connect", exact: true }).click();

    await page.waitForURL(/\/app\/connections$/);
    await toast("gina@example.com connected to Alice Example").waitFor();
    const row = page.getByRole("row", { name: /Gina Lopez/ });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/gina@example\.com[\s\S]*Alice Example[\s\S]*Manual[\s\S]*Never/);
    await screenshot(page, "08-connections-new-listed");
    const stored = await server.db.customerConnection.findMany({ where: { shop } });
    expect(stored).toEqual([
      expect.objectContaining({
        customerEmail: "gina@example.com",
        customerName: "Gina Lopez",
        origin: "manual",
      }),
    ]);
    expect(stored[0].customerId).toMatch(/^\d+$/);
  });

  it("says so next to the customer when connecting an already-connected customer, and changes nothing", async () => {
    const { alice } = await seedAffiliates(server.db, shop);
    await server.db.customerConnection.create({
      data: {
        shop,
        customerId: "7002",
        customerEmail: "dave@example.com",
        customerName: "Dave Stone",
        affiliateId: alice.id,
        origin: "manual",
      },
    });
    await open("/app/connections");
    await titleBarButton("New connection").click();
    await titleBar("Link customer to affiliate").waitFor();
    await pickOption("Affiliate", "alice", /Alice Example \(alice\)/);
    await pickOption("Store customer", "dave", /Dave Stone/);
    await page.getByText("dave@example.com is already connected to Alice Example").waitFor();
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    await page
      .locator(".Polaris-InlineError", { hasText: "dave@example.com is already connected to Alice Example" })
      .waitFor();
    expect(page.url()).toMatch(/\/app\/connections\/new$/);
    await screenshot(page, "09-link-customer-already-connected");
    expect(await server.db.customerConnection.count({ where: { shop } })).toBe(1);

    // An existing store customer without a connection connects.
    await pickOption("Store customer", "carol", /Carol Ng/);
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    await page.waitForURL(/\/app\/connections$/);
    await toast("carol@example.com connected to Alice Example").waitFor();
    await page.getByRole("row", { name: /Carol Ng/ }).waitFor();
    await screenshot(page, "10-connections-existing-listed");
  });

  it("disconnects after confirming in a modal", async () => {
    const { alice } = await seedAffiliates(server.db, shop);
    await server.db.customerConnection.create({
      data: {
        shop,
        customerId: "7001",
        customerEmail: "carol@example.com",
        customerName: "Carol Ng",
        affiliateId: alice.id,
        origin: "manual",
      },
    });
    await open("/app/connections");
    await page.getByRole("button", { name: "Disconnect carol@example.com" }).click();
    const dialog = page.getByRole("dialog", { name: "Disconnect customer" });
    await dialog.waitFor();
    // The modal's content is the app's own (slotted into the dialog).
    await page.getByText("Disconnect carol@example.com from Alice Example?").waitFor();
    await screenshot(page, "11-disconnect-confirm-modal");
    await dialog.getByRole("button", { name: "Disconnect", exact: true }).click();
    await toast("1 customer disconnected").waitFor();
    await expect.poll(() => page.getByRole("row", { name: /Carol Ng/ }).count()).toBe(0);
    await screenshot(page, "12-connections-after-disconnect");
    expect(await server.db.customerConnection.count({ where: { shop, customerId: "7001" } })).toBe(0);
  });

  it("seed flow 2: connects a referred customer from the affiliate's Customers section", async () => {
    // Orders the pipeline credited to Alice (as referrer) earlier, and a customer Bob already has.
    const { alice, bob } = await seedAffiliates(server.db, shop);
    await server.db.customerConnection.create({
      data: {
        shop,
        customerId: "7003",
        customerEmail: "erin@example.com",
        customerName: "Erin Park",
        affiliateId: bob.id,
        origin: "manual",
      },
    });
    const orders = [
      { orderId: "5001", customerId: "7002", email: "dave@example.com", at: "2026-03-01T10:00:00Z" },
      { orderId: "5002", customerId: "7002", email: "dave@example.com", at: "2026-03-08T15:30:00Z" },
      { orderId: "5003", customerId: "7003", email: "erin@example.com", at: "2026-03-04T12:00:00Z" },
    ];
    for (const order of orders) {
      const row = await server.db.attributedOrder.create({
        data: {
          shop,
          orderId: order.orderId,
          orderName: `#${order.orderId}`,
          customerId: order.customerId,
          customerEmail: order.email,
          currency: "USD",
          orderCreatedAt: new Date(order.at),
          referrerAffiliateId: alice.id,
          referrerSource: "link",
          credited: true,
          input: "{}",
          trace: "[]",
        },
      });
      await createLedgerLine(server.db, {
        shop,
        attributedOrderId: row.id,
        orderId: order.orderId,
        affiliateId: alice.id,
        type: "commission",
        source: "link",
        rule: "affiliate_rate",
        base: "60.00",
        amount: "9.00",
        amountMinor: 900,
        currency: "USD",
        lineItemIds: "[]",
        status: order.orderId === "5001" ? "approved" : "pending",
        orderCreatedAt: row.orderCreatedAt,
      });
    }

    await open("/app");
    await nav("Affiliates").click();
    await page.getByRole("row", { name: /Bob Builder/ }).waitFor();
    await screenshot(page, "13-affiliates-list");
    // Search narrows the list (through the URL).
    await page.getByPlaceholder("Search by name, email or ref code").fill("alice");
    await page.waitForURL(/\/app\/affiliates\?q=alice$/);
    await expect.poll(() => page.getByRole("row", { name: /Bob Builder/ }).count()).toBe(0);
    await screenshot(page, "14-affiliates-search");

    // Click on the affiliate's name, then Connect in its Customers section.
    await page.getByRole("link", { name: "Alice Example" }).click();
    await page.waitForURL(new RegExp(`/app/affiliates/${alice.id}$`));
    const dave = page.getByRole("row", { name: /dave@example\.com/ });
    await dave.waitFor();
    expect(await dave.innerText()).toMatch(/2[\s\S]*Mar 8, 2026 \(#5002\)/);
    const erin = page.getByRole("row", { name: /erin@example\.com/ });
    expect(await erin.innerText()).toContain("Connected to Bob Builder");
    await screenshot(page, "15-affiliate-customers");

    await page.getByRole("button", { name: "Connect dave@example.com to Alice Example" }).click();
    await toast("dave@example.com connected").waitFor();
    await dave.getByText("Connected", { exact: true }).waitFor();
    await screenshot(page, "16-affiliate-customer-connected");

    await page.getByRole("button", { name: "Connect erin@example.com to Alice Example" }).click();
    await erin.getByText("erin@example.com is already connected to Bob Builder").waitFor();
    await screenshot(page, "17-affiliate-customer-already-connected");

    const daveConnection = await server.db.customerConnection.findUniqueOrThrow({
      where: { shop_customerId: { shop, customerId: "7002" } },
    });
    expect(daveConnection).toMatchObject({
      affiliateId: alice.id,
      origin: "referred_order",
      orderId: "5002",
    });
    const erinConnection = await server.db.customerConnection.findUniqueOrThrow({
      where: { shop_customerId: { shop, customerId: "7003" } },
    });
    expect(erinConnection.affiliateId).toBe(bob.id);

    await nav("Connections").click();
    await titleBar("Connections").waitFor();
    const listed = page.getByRole("row", { name: /dave@example\.com/ });
    await listed.waitFor();
    expect(await listed.innerText()).toMatch(/Alice Example[\s\S]*Referred order/);
    await screenshot(page, "18-connections-with-referred");
  });

  it("edits the affiliate", async () => {
    const { alice } = await seedAffiliates(server.db, shop);
    await open("/app/affiliates");
    await page.getByRole("link", { name: "Alice Example" }).first().click();
    await page.waitForURL(new RegExp(`/app/affiliates/${alice.id}$`));
    await titleBarButton("Edit").click();
    await titleBar("Edit Alice Example").waitFor();
    await page.getByLabel("Ref code").fill("BOB");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("The ref code BOB is already used by Bob Builder").waitFor();
    await screenshot(page, "19-affiliate-edit-error");
    await page.getByLabel("Ref code").fill("alice-2026");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(new RegExp(`/app/affiliates/${alice.id}$`));
    await toast("Affiliate saved").waitFor();
    expect(await page.getByLabel("Affiliate link").inputValue()).toBe(`https://${shop}/?ref=alice-2026`);
    await screenshot(page, "20-affiliate-detail-edited");
  });

  it("offers App Bridge's product resource picker through the stand-in", async () => {
    await open("/app");
    const picked = page.evaluate(() => window.shopify.resourcePicker({ type: "product", multiple: true }));
    await page.getByRole("dialog", { name: "Select products" }).waitFor();
    await page.getByLabel("Trail shoe").check();
    await page.getByLabel("Wool socks").check();
    await screenshot(page, "21-resource-picker");
    await page.getByRole("button", { name: "Select", exact: true }).click();
    const selection = (await picked) as Array<{ id: string; title: string }> | undefined;
    expect(selection?.map(({ id, title }) => ({ id, title }))).toEqual([
      { id: "gid://shopify/Product/8001", title: "Trail shoe" },
      { id: "gid://shopify/Product/8003", title: "Wool socks" },
    ]);
  });
});
