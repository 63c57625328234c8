// The affiliate's side end to end in Chromium against the production build: a visitor applies on the shop's
// domain (the storefront stand-in plays Shopify's app proxy and customer login, signing each request as
// Shopify does), the merchant approves in the embedded admin, the approval email arrives in a real SMTP
// server, the affiliate logs in and sees their link, and an order through that link shows up in their portal.
// Screenshots land in artifacts/screenshots.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { stringifyJsonExact } from "~/lib/exact-json";
import { startMailbox } from "~root/scripts/lib/mailbox.mjs";
import { sendWebhook } from "~root/scripts/lib/app-server.mjs";
import { API_SECRET, hostParam, type AppServer } from "~test/browser/helpers/app-server";
import { DESKTOP_WIDTH, SCREENSHOTS, screenshot } from "~test/browser/helpers/browser";
import { adminBrowserSuite } from "~test/browser/helpers/admin-suite";
import { createPayoutBatch, markPayoutPaid } from "~/models/payouts/payouts.server";
import { changeLedgerStatus } from "~/models/ledger/status-change.server";
import { orderPayload } from "~test/helpers/orders";

const SHOP = "test-shop.myshopify.com";
const STORE_FILE = fileURLToPath(new URL("./fixtures/store.json", import.meta.url));

describe("the affiliate portal in a real browser", () => {
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  const suite = adminBrowserSuite({
    name: "portal",
    shop: SHOP,
    storeFile: STORE_FILE,
    services: async () => {
      mailbox = await startMailbox();
      return {
        env: {
          // Not "test": the app's workers (webhooks in, emails out) stay off under NODE_ENV=test.
          NODE_ENV: "development",
          SHOPIFY_STOREFRONT_STANDIN: "1",
          SHOPIFY_STOREFRONT_STANDIN_SHOP: SHOP,
          SMTP_URL: mailbox.url,
          SMTP_FROM: "affiliates@app.example",
        },
        stop: () => mailbox.close(),
      };
    },
    seed: async (db) => {
      await db.portalSettings.create({
        data: {
          shop: SHOP,
          signUpOpen: true,
          terms: "Be honest about the products. No spam, no paid ads on our name.",
          welcomeMessage: "Welcome to the crew!",
        },
      });
    },
  });
  let server: AppServer;
  let page: Page;

  beforeAll(async () => {
    ({ server, page } = suite.current());
    // The portal's desktop photographs at the admin's desktop width.
    await page.setViewportSize({ width: DESKTOP_WIDTH, height: 900 });
  });

  afterAll(() => {
    if (process.env.BROWSER_TESTS_VERBOSE === "1") console.log(server.logTail(200));
  });

  const emailTo = (address: string, subject: RegExp) =>
    mailbox.messages.find((m) => m.to.includes(address) && subject.test(m.subject));

  it("a visitor applies: errors next to the fields, then the application is received", async () => {
    await page.goto(`${server.url}/apps/affiliates`);
    await page.getByRole("heading", { name: /affiliate program/ }).waitFor();
    await screenshot(page, "portal-01-sign-up");

    await page.getByRole("button", { name: "Apply" }).click();
    await page.locator("#afp-name-error").waitFor();
    expect(await page.locator("#afp-terms-error").textContent()).toContain("Accept the program's terms");

    await page.getByLabel("Your name").fill("Bea Quinn");
    await page.getByLabel("Email", { exact: true }).fill("bea@example.com");
    await page.getByLabel("Your ref code").fill("bea");
    await page.getByLabel("Where will you promote us?").fill("My cycling blog, https://bea.example");
    await page.getByLabel("I have read and accept the program's terms").check();
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByRole("heading", { name: "Thank you, Bea Quinn!" }).waitFor();
    await expect
      .poll(() => emailTo("bea@example.com", /received your application/), { timeout: 30_000 })
      .toBeTruthy();
  });

  it("the applicant logs in with the store's customer login and sees the application pending, with no link", async () => {
    await page.getByRole("link", { name: "Log in with bea@example.com" }).click();
    await page.getByRole("button", { name: /Bea Quinn/ }).click();
    await page.getByRole("heading", { name: "Your application is being reviewed" }).waitFor();
    expect(await page.content()).not.toContain("?ref=bea");
    await screenshot(page, "portal-02-pending");
  });

  it("the merchant sees the pending application on Affiliates and approves it; the approval email arrives", async () => {
    await page.goto(`${server.url}/app?shop=${SHOP}&host=${hostParam(SHOP)}&embedded=1`);
    await page.waitForURL(/\/app\?.*id_token=/);
    await page.locator("ui-nav-menu a", { hasText: "Affiliates" }).click();
    await page.getByRole("tab", { name: /Pending applications \(1\)/ }).click();
    await page.getByText("My cycling blog").waitFor();
    await screenshot(page, "portal-03-admin-pending");

    await page.locator("tr", { hasText: "Bea Quinn" }).getByRole("checkbox").check();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.locator(".app-bridge-standin-toast", { hasText: "1 application approved" }).waitFor();

    await expect.poll(() => emailTo("bea@example.com", /^Welcome to/), { timeout: 30_000 }).toBeTruthy();
    const approval = emailTo("bea@example.com", /^Welcome to/)!;
    expect(approval.text).toContain(`https://${SHOP}/?ref=bea`);
    expect(approval.text).toContain(`https://${SHOP}/apps/affiliates`);
  });

  it("the affiliate opens the portal and sees their link; an order through it shows up", async () => {
    await page.goto(`${server.url}/apps/affiliates`);
    await page.getByRole("heading", { name: "Welcome, Bea Quinn" }).waitFor();
    expect(await page.getByLabel("Link to the shop").inputValue()).toBe(`https://${SHOP}/?ref=bea`);

    const status = await sendWebhook(server.url, {
      topic: "orders/create",
      shop: SHOP,
      payload: stringifyJsonExact(
        orderPayload({
          id: 820001,
          name: "#1820",
          createdAt: new Date().toISOString(),
          customer: { id: 7001, email: "carol@example.com" },
          landingSite: "/?ref=bea",
          lines: [{ id: 1, productId: null, price: "150.00" }],
        }),
      ),
      secret: API_SECRET,
      webhookId: "portal-order-1",
    });
    expect(status).toBe(200);
    await expect
      .poll(async () => server.db.ledgerLine.count({ where: { shop: SHOP, orderId: "820001" } }), {
        timeout: 30_000,
      })
      .toBe(1);

    await page.reload();
    await page.getByRole("cell", { name: "#1820" }).waitFor();
    await page.getByLabel("Link to any page of the shop").fill("/products/trail-shoe");
    await page.getByRole("button", { name: "Make link" }).click();
    expect(await page.getByLabel("Your link to that page").inputValue()).toBe(
      `https://${SHOP}/products/trail-shoe?ref=bea`,
    );
    await screenshot(page, "portal-04-portal-desktop");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("heading", { name: "Welcome, Bea Quinn" }).waitFor();
    await screenshot(page, "portal-05-portal-390");
    await page.setViewportSize({ width: DESKTOP_WIDTH, height: 900 });
  });

  it("the affiliate sees their balance and payouts, and sets the PayPal email the merchant then pays", async () => {
    const bea = await server.db.affiliate.findFirstOrThrow({ where: { shop: SHOP, refCode: "bea" } });
    await server.db.payoutSettings.create({
      data: {
        shop: SHOP,
        holdingDays: 30,
        holdingFrom: "approval",
        minimums: "{}",
        methods: "paypal,manual",
      },
    });
    // The merchant approved the order's commission 45 days ago and paid it by PayPal; a second one is held.
    // Through the app's own status change, which moves the maintained figures the balances start from.
    await server.db.$transaction((tx) =>
      changeLedgerStatus(tx, SHOP, { orderId: "820001" }, "approved", new Date(Date.now() - 45 * 86_400_000)),
    );
    const { payoutIds } = await createPayoutBatch(server.db, SHOP, {
      balances: [{ affiliateId: bea.id, currency: "USD" }],
      method: "paypal",
      createdBy: "merchant",
    });
    await markPayoutPaid(server.db, SHOP, payoutIds[0], {
      reference: "5TY05013RG002845M",
      paidAt: new Date(),
    });
    await sendWebhook(server.url, {
      topic: "orders/create",
      shop: SHOP,
      payload: stringifyJsonExact(
        orderPayload({
          id: 820002,
          name: "#1821",
          createdAt: new Date().toISOString(),
          customer: { id: 7001, email: "carol@example.com" },
          landingSite: "/?ref=bea",
          lines: [{ id: 1, productId: null, price: "80.00" }],
        }),
      ),
      secret: API_SECRET,
      webhookId: "portal-order-2",
    });
    await expect
      .poll(async () => server.db.ledgerLine.count({ where: { shop: SHOP, orderId: "820002" } }), {
        timeout: 30_000,
      })
      .toBe(1);
    await server.db.ledgerLine.updateMany({
      where: { shop: SHOP, orderId: "820002" },
      data: { status: "approved", statusChangedAt: new Date() },
    });

    await page.goto(`${server.url}/apps/affiliates`);
    const payouts = page.locator("section", { has: page.getByRole("heading", { name: "Your payouts" }) });
    await payouts.getByRole("cell", { name: /P000001/ }).waitFor();
    expect(await payouts.innerText()).toContain("PayPal 5TY05013RG002845M");

    await page.getByLabel("PayPal email").fill("bea.paypal@example");
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator("#afp-payoutEmail-error").waitFor();
    await page.getByLabel("PayPal email").fill("bea.paypal@example.net");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Your payout email is saved.").waitFor();
    expect((await server.db.affiliate.findUniqueOrThrow({ where: { id: bea.id } })).payoutEmail).toBe(
      "bea.paypal@example.net",
    );
    await payouts.scrollIntoViewIfNeeded();
    await payouts.screenshot({ path: `${SCREENSHOTS}/portal-06-payouts.png` });

    // The merchant sees it on the affiliate's page.
    await page.goto(`${server.url}/app/affiliates/${bea.id}?shop=${SHOP}&host=${hostParam(SHOP)}&embedded=1`);
    await page.getByText("PayPal email: bea.paypal@example.net (set by the affiliate)").waitFor();
  });
});
