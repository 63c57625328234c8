// Every admin screen, photographed in a shop whose currency is the yen (no minor unit): the words and the
// money each screen shows come from one module (app/format), so a JPY shop must read right everywhere.
// The shop's rows are written straight into the server's database (fixed dates, so the pictures are
// stable); screenshots land in artifacts/screenshots/screen-*.png.
// Run with `npx vitest run --config test/browser/vitest.config.ts test/browser/screens.browser.test.ts`.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { PrismaClient } from "@prisma/client";
import type { AppServer } from "~test/browser/helpers/app-server";
import { CouponTotalsChange } from "~/models/ledger/coupon-totals.server";
import { executeStatements } from "~/models/ledger/statements.server";
import { createLedgerLine } from "~test/helpers/ledger";
import { axeViolations } from "./axe";
import { adminBrowserSuite } from "./helpers/admin-suite";
import { screenshot, wholePageScreenshot } from "./helpers/browser";

const SHOP = "yen-shop.myshopify.com";
const STORE_FILE = fileURLToPath(new URL("./fixtures/store.json", import.meta.url));

const at = (day: string) => new Date(`${day}T10:30:00Z`);

async function seedYenShop(
  db: PrismaClient,
): Promise<{ aikoId: string; orderId: string; uncreditedId: string }> {
  const shop = SHOP;
  const affiliate = (refCode: string, name: string, extra: object) =>
    db.affiliate.create({
      data: { shop, refCode, refCodeKey: refCode, name, email: `${refCode}@example.com`, ...extra },
    });
  const aiko = await affiliate("aiko", "Aiko Tanaka", {
    rateKind: "flat_per_order",
    rateValue: "500",
    createdAt: at("2026-02-01"),
  });
  const ben = await affiliate("ben", "Ben Carter", {
    rateKind: "percent",
    rateValue: "12.5",
    createdAt: at("2026-02-02"),
  });
  const chika = await affiliate("chika", "Chika Mori", { active: false, createdAt: at("2026-02-03") });

  await db.coupon.create({ data: { shop, code: "AIKO10", codeKey: "aiko10", affiliateId: aiko.id } });
  await db.productConnection.createMany({
    data: [
      {
        shop,
        productId: "8001",
        productTitle: "Trail shoe",
        affiliateId: aiko.id,
        rateKind: "flat_per_item",
        rateValue: "200",
        createdAt: at("2026-02-05"),
      },
      {
        shop,
        productId: "8002",
        productTitle: "Rain jacket",
        affiliateId: ben.id,
        createdAt: at("2026-02-06"),
      },
    ],
  });
  await db.customerConnection.create({
    data: {
      shop,
      customerId: "7002",
      customerEmail: "dave@example.com",
      customerName: "Dave Stone",
      affiliateId: ben.id,
      origin: "manual",
      createdAt: at("2026-03-02"),
    },
  });
  await db.customerConnection.create({
    data: {
      shop,
      customerId: "7001",
      customerEmail: "carol@example.com",
      customerName: "Carol Ng",
      affiliateId: aiko.id,
      origin: "referred_order",
      orderId: "5001",
      createdAt: at("2026-03-01"),
    },
  });

  const trace = (entries: Array<[string, string, string?]>) =>
    JSON.stringify(entries.map(([code, message, affiliateId]) => ({ code, message, affiliateId })));
  const order = (orderId: string, name: string, day: string, referrer: string, source: string, t: string) =>
    db.attributedOrder.create({
      data: {
        shop,
        orderId,
        orderName: name,
        customerId: "7001",
        customerEmail: "carol@example.com",
        currency: "JPY",
        orderCreatedAt: at(day),
        referrerAffiliateId: referrer,
        referrerSource: source,
        credited: true,
        input: "{}",
        trace: t,
        createdAt: at(day),
      },
    });
  const first = await order(
    "5001",
    "#1001",
    "2026-03-01",
    aiko.id,
    "coupon",
    trace([
      ["referrer_selected", "aiko is the referrer: coupon AIKO10", aiko.id],
      ["rule_applied", "aiko earns ¥500 through coupon, rule affiliate_rate", aiko.id],
      ["product_commission", "aiko earns ¥200 on product 8001", aiko.id],
      ["signal_beaten", "Link ben lost to coupon AIKO10 (a coupon beats a link)", ben.id],
    ]),
  );
  const second = await order(
    "5002",
    "#1002",
    "2026-03-04",
    ben.id,
    "link",
    trace([["rule_applied", "ben earns ¥1,250 through link, rule affiliate_rate", ben.id]]),
  );
  const line = (
    attributedOrderId: string,
    orderId: string,
    affiliateId: string,
    fields: { source: string; rule: string; base: string; amount: string; status: string; day: string },
    extra: object = {},
  ) =>
    db.attributedOrder.findUniqueOrThrow({ where: { id: attributedOrderId } }).then((order) =>
      createLedgerLine(db, {
        shop,
        attributedOrderId,
        orderId,
        affiliateId,
        type: "commission",
        source: fields.source,
        rule: fields.rule,
        base: fields.base,
        amount: fields.amount,
        amountMinor: Number(fields.amount),
        currency: "JPY",
        lineItemIds: "[]",
        status: fields.status,
        createdAt: at(fields.day),
        statusChangedAt: at(fields.day),
        orderCreatedAt: order.orderCreatedAt,
        ...extra,
      }),
    );
  await line(
    first.id,
    "5001",
    aiko.id,
    {
      source: "coupon",
      rule: "affiliate_rate",
      base: "12800",
      amount: "500",
      status: "approved",
      day: "2026-03-01",
    },
    { couponCodeKey: "aiko10" },
  );
  // Order #1001 used AIKO10, as the pipeline counts it when it records the order.
  await executeStatements(
    db,
    new CouponTotalsChange(shop).addOrder({ discountCodes: ["AIKO10"], currency: "JPY" }).statements(),
  );
  await line(first.id, "5001", aiko.id, {
    source: "product",
    rule: "product",
    base: "9800",
    amount: "200",
    status: "paid",
    day: "2026-03-01",
  });
  const benLine = await line(second.id, "5002", ben.id, {
    source: "link",
    rule: "affiliate_rate",
    base: "10000",
    amount: "1250",
    status: "pending",
    day: "2026-03-04",
  });
  await line(
    second.id,
    "5002",
    ben.id,
    {
      source: "link",
      rule: "affiliate_rate",
      base: "-2000",
      amount: "-250",
      status: "pending",
      day: "2026-03-06",
    },
    { type: "reversal", reversalOfId: benLine.id, reversalKey: "refund:9001" },
  );
  await db.webhookDelivery.create({
    data: {
      shop,
      topic: "orders/create",
      webhookId: "broken-1",
      payload: Buffer.from("{ not json"),
      state: "needs_attention",
      attempts: 1,
      lastError: "The payload is not valid JSON",
      receivedAt: at("2026-03-07"),
    },
  });
  // An order that earned nothing: its link was an inactive affiliate's (a real engine trace, and the input
  // the engine ran on, so the Orders view and the order page can say it in words).
  const uncredited = await db.attributedOrder.create({
    data: {
      shop,
      orderId: "5003",
      orderName: "#1003",
      currency: "JPY",
      orderCreatedAt: at("2026-03-06"),
      input: JSON.stringify({
        affiliates: [{ id: chika.id, refCode: "chika" }],
        order: { lineItems: [{ id: "1", productId: "8002", title: "Rain jacket" }] },
      }),
      trace: JSON.stringify([
        {
          code: "affiliate_inactive",
          message: "Link of chika ignored: chika is inactive",
          affiliateId: chika.id,
        },
        {
          code: "no_referrer",
          message: "No referrer: no valid connection, affiliate coupon, affiliate link or renewal",
        },
      ]),
      createdAt: at("2026-03-06"),
    },
  });
  return { aikoId: aiko.id, orderId: first.id, uncreditedId: uncredited.id };
}

describe("every admin screen of a yen shop", () => {
  const suite = adminBrowserSuite({ name: "screen", shop: SHOP, storeFile: STORE_FILE, seed: seedYenShop });
  const open = suite.open;
  let server: AppServer;
  let page: Page;
  let seeded: Awaited<ReturnType<typeof seedYenShop>>;

  beforeAll(() => {
    ({ server, page, seeded } = suite.current());
  });

  /**
   * Home's chart is Polaris Viz's SVG, whose own markup axe faults (unlabelled points, an empty row header);
   * its figures are the tiles beside it, which are checked. Everything else on every screen is checked.
   */
  const CHART = "[data-testid=sales-chart]";

  /** Photographs the whole page, then checks it with axe: no accessibility violation on any screen. */
  const wholePage = async (name: string) => {
    await wholePageScreenshot(page, name);
    expect(await axeViolations(page, [CHART])).toEqual([]);
  };

  it("home", async () => {
    await open("/app?range=custom&from=2026-03-01&to=2026-03-07", "Latest referred orders");
    await page.getByText("#1002").first().waitFor();
    await page.getByTestId("sales-chart").locator("svg").first().waitFor();
    await wholePage("screen-home");
  });

  describe("Home, an affiliate's page and the Pending tab read right at 1440, 1280 and 390 px", () => {
    const HOME = "/app?range=custom&from=2026-03-01&to=2026-03-07";

    afterAll(async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    /** Whether the element is inside the window's width (not cut off to the right). */
    const inWindow = (locator: ReturnType<Page["locator"]>) =>
      locator.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth;
      });

    /** Each IndexTable scroll container inside the card: its content wider than its box means clipped columns. */
    const overflowingTables = (card: ReturnType<Page["locator"]>) =>
      card.evaluate((element) =>
        [...element.querySelectorAll(".Polaris-IndexTable-ScrollContainer")]
          .filter((scroll) => scroll.scrollWidth > scroll.clientWidth)
          .map((scroll) => `${scroll.scrollWidth} px of content in ${scroll.clientWidth} px`),
      );

    /** The Polaris card holding a heading. */
    const cardWith = (heading: string) =>
      page.locator(".Polaris-ShadowBevel").filter({ has: page.getByRole("heading", { name: heading }) });

    /**
     * The x-axis labels drawn in each of the chart's SVGs: text a person sees (not Polaris Viz's visually
     * hidden table for screen readers, nor a transparent fill), inside the SVG's box.
     */
    const drawnAxisLabels = () =>
      page.getByTestId("sales-chart").evaluate((chart) =>
        [...chart.querySelectorAll("svg")]
          .filter((svg) => svg.getBoundingClientRect().height > 50)
          .map((svg) => {
            const frame = svg.getBoundingClientRect();
            return [...svg.querySelectorAll("text")]
              .filter((text) => {
                const style = getComputedStyle(text);
                const box = text.getBoundingClientRect();
                const fill = text.getAttribute("fill") ?? style.fill;
                return (
                  box.width > 0 &&
                  !/VisuallyHidden/.test(text.getAttribute("class") ?? "") &&
                  fill !== "transparent" &&
                  style.visibility !== "hidden" &&
                  style.opacity !== "0" &&
                  box.left >= frame.left - 0.5 &&
                  box.right <= frame.right + 0.5 &&
                  box.top >= frame.top - 0.5 &&
                  box.bottom <= frame.bottom + 0.5
                );
              })
              .map((text) => text.textContent ?? "");
          }),
      );

    it("Home at 390 px: Top affiliates reads as a stack (name, sales, orders) with nothing off-screen", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await open(HOME, "Latest referred orders");
      const top = cardWith("Top affiliates");
      // Polaris's condensed layout: one block per affiliate, its name over its sales and orders. The server
      // draws the desktop table (it cannot know the width); the layout changes once the page has hydrated.
      const aiko = top.getByRole("listitem").filter({ hasText: "Aiko Tanaka" });
      await expect.poll(() => aiko.count()).toBe(1);
      expect(await overflowingTables(top)).toEqual([]);
      expect(await inWindow(top.getByText("¥12,800").first())).toBe(true);
      expect(await inWindow(aiko.getByText("Aiko Tanaka"))).toBe(true);
      expect(await inWindow(aiko.getByText("¥12,800").first())).toBe(true);
      expect(await inWindow(aiko.getByText(/^1 order$/))).toBe(true);
      expect(await overflowingTables(cardWith("Latest referred orders"))).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.getByTestId("sales-chart").locator("svg").first().waitFor();
      await screenshot(page, "screen-home-390-stacks");
      expect(await axeViolations(page, [CHART])).toEqual([]);
    });

    it("Home's charts draw the range's last day on the x axis, at 1440 and 390 px", async () => {
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await open(HOME, "Latest referred orders");
        await page.getByTestId("sales-chart").locator("svg").first().waitFor();
        await expect.poll(drawnAxisLabels).not.toEqual([]);
        const charts = await drawnAxisLabels();
        for (const labels of charts) {
          expect(labels, `at ${width} px`).toContain("Mar 1");
          expect(labels, `at ${width} px`).toContain("Mar 7");
        }
      }
    });

    it.each([1440, 1280])(
      "an affiliate's page at %i px: every column of its Commissions table fits the card",
      async (width) => {
        await page.setViewportSize({ width, height: 900 });
        await open(`/app/affiliates/${seeded.aikoId}`, "Earnings");
        const card = cardWith("Commissions");
        await card.getByRole("row").nth(1).waitFor();
        expect(await overflowingTables(card)).toEqual([]);
        const cardBox = (await card.boundingBox())!;
        const recorded = card.getByRole("columnheader", { name: "Recorded" });
        const lastCell = card.locator("tbody tr").first().locator("td").last();
        for (const part of [recorded, lastCell]) {
          const box = (await part.boundingBox())!;
          expect(box.x + box.width).toBeLessThanOrEqual(cardBox.x + cardBox.width);
        }
        if (width === 1440) {
          await wholePage("screen-affiliate-detail-columns");
        }
      },
    );

    it("Affiliates, Pending: the decline reason is asked in the Decline confirmation, not above the list", async () => {
      const bea = await server.db.affiliate.create({
        data: {
          shop: SHOP,
          refCode: "bea",
          refCodeKey: "bea",
          name: "Bea Quinn",
          email: "bea@example.com",
          applicationStatus: "pending",
          appliedAt: at("2026-03-05"),
          promotion: "A cycling blog",
        },
      });
      /** A field's help text, as a screen reader reads it with the field. */
      const helpOf = (field: ReturnType<Page["locator"]>) =>
        field.evaluate((element) =>
          (element.getAttribute("aria-describedby") ?? "")
            .split(/\s+/)
            .map((id) => document.getElementById(id)?.textContent ?? "")
            .join(" ")
            .trim(),
        );
      try {
        // The same decision, asked in the same words on the applicant's page and in the list's confirmation.
        await open(`/app/affiliates/${bea.id}`, "Application");
        const onPage = await helpOf(page.getByRole("textbox", { name: "Reason for declining (optional)" }));
        expect(onPage).toMatch(/emailed to the applicant with the decision/i);
        await open("/app/affiliates?status=pending", "Bea Quinn");
        const reason = page.getByRole("textbox", { name: /Reason for declining/ });
        expect(await reason.count()).toBe(0);
        await wholePage("screen-affiliates-pending");
        await page.locator("tr", { hasText: "Bea Quinn" }).getByRole("checkbox").check();
        await page.getByRole("button", { name: "Decline", exact: true }).click();
        const dialog = page.getByRole("dialog", { name: /^Decline/ });
        await dialog.waitFor();
        // The modal's content is the app's own, slotted into the dialog: the field is a child of the open modal.
        const modalReason = page.locator("ui-modal").getByRole("textbox", { name: /Reason for declining/ });
        await expect.poll(() => modalReason.isVisible()).toBe(true);
        expect(await reason.count()).toBe(1);
        expect(await helpOf(modalReason)).toBe(onPage);
        expect(
          await page
            .locator("ui-modal")
            .getByText(/^Each applicant is emailed the decision/)
            .isVisible(),
        ).toBe(true);
        await modalReason.fill("We work with shops in Japan only");
        await screenshot(page, "screen-affiliates-decline-dialog");
        expect(await axeViolations(page)).toEqual([]);
        await dialog.getByRole("button", { name: "Decline", exact: true }).click();
        await page.locator(".app-bridge-standin-toast", { hasText: "1 application declined" }).waitFor();
        const declined = await server.db.affiliate.findUniqueOrThrow({ where: { id: bea.id } });
        expect(declined).toMatchObject({
          applicationStatus: "declined",
          declineReason: "We work with shops in Japan only",
        });
      } finally {
        await server.db.affiliate.delete({ where: { id: bea.id } });
      }
    });
  });

  it("affiliates", async () => {
    await open("/app/affiliates", "Aiko Tanaka");
    await wholePage("screen-affiliates");
  });

  it("an affiliate's page", async () => {
    await open(`/app/affiliates/${seeded.aikoId}`, "Earnings");
    await wholePage("screen-affiliate-detail");
  });

  it("adding an affiliate", async () => {
    await open("/app/affiliates/new", "Ref code");
    await wholePage("screen-affiliates-new");
  });

  it("editing an affiliate", async () => {
    await open(`/app/affiliates/${seeded.aikoId}/edit`, "Commission rate");
    await wholePage("screen-affiliate-edit");
  });

  it("connections", async () => {
    await open("/app/connections", "Carol Ng");
    await wholePage("screen-connections");
  });

  it("products", async () => {
    await open("/app/products", "Trail shoe");
    await wholePage("screen-products");
  });

  it("connecting products", async () => {
    await open("/app/products/new", "Select products");
    await wholePage("screen-products-new");
  });

  it("linking a customer", async () => {
    await open("/app/connections/new", "Connection expires on");
    await wholePage("screen-connections-new");
  });

  it("assigning a coupon", async () => {
    await open("/app/coupons/new", "Pick a discount code that already exists in your store.");
    await wholePage("screen-coupons-new");
  });

  it("coupons, with what each code did", async () => {
    await open("/app/coupons", "AIKO10");
    // One order used AIKO10 and was credited through it: ¥12,800 of sales, ¥500 of commission.
    const row = page.getByRole("row").filter({ hasText: "AIKO10" });
    await expect.poll(() => row.innerText()).toMatch(/1\s+1\s+¥12,800\s+¥500/);
    await wholePage("screen-coupons");
  });

  it("commissions", async () => {
    await open("/app/commissions", "#1002");
    await wholePage("screen-commissions");
  });

  it("one order's commissions", async () => {
    await open(`/app/commissions/${seeded.orderId}`, "#1001");
    await expect.poll(() => page.getByRole("row").count()).toBeGreaterThan(1);
    await wholePage("screen-commission-detail");
  });

  it("orders, and one that earned nothing with the reason in words", async () => {
    await open("/app/orders", "#1003");
    await page.getByText("#1001").first().waitFor();
    await wholePage("screen-orders");
    await page.getByRole("tab", { name: "Not credited" }).click();
    await page.waitForURL(/show=not_credited/);
    await page.getByText("'s link was ignored: they are inactive.").first().waitFor();
    expect(await page.getByRole("link", { name: "Chika Mori" }).count()).toBe(1);
    await expect.poll(() => page.getByText("#1001").count()).toBe(0);
    await wholePage("screen-orders-not-credited");
    await page.getByRole("link", { name: "#1003" }).click();
    await page.getByText("Why this order earned what it did").waitFor();
    const trace = page.locator("li");
    await expect
      .poll(() => trace.allInnerTexts())
      .toEqual(
        expect.arrayContaining([
          "Chika Mori's link was ignored: they are inactive.",
          expect.stringMatching(/^No affiliate referred this order: /),
        ]),
      );
    expect(await page.getByText("(chika)").count()).toBe(0);
    await wholePage("screen-order-uncredited-1440");
    // wholePage photographs at 1440 px: at phone width, the window itself is photographed.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "screen-order-uncredited-390");
    expect(await axeViolations(page, [CHART])).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("deliveries", async () => {
    await open("/app/deliveries", "New order");
    // Received 10:30 UTC on Mar 7: shown in the shop's zone (Asia/Tokyo), like every other screen.
    const text = await page.locator("body").innerText();
    expect(text).toContain("7:30 PM GMT+9");
    expect(text).not.toContain("UTC");
    await wholePage("screen-deliveries");
  });

  it("settings", async () => {
    await open("/app/settings", "Default commission");
    await wholePage("screen-settings");
  });

  it("filters Connections by affiliate and sorts them by date, both kept in the URL", async () => {
    await open("/app/connections", "Carol Ng");
    const customers = () => page.locator("tbody tr td:nth-child(2)").allInnerTexts();
    // Newest first: Dave (March 2) above Carol (March 1).
    await expect
      .poll(customers)
      .toEqual([expect.stringContaining("Dave Stone"), expect.stringContaining("Carol Ng")]);
    // The list opens sorted by Created, newest first: one click on that heading turns it to oldest first.
    await page.getByRole("button", { name: "Created", exact: false }).first().click();
    await page.waitForURL(/sort=createdAt&direction=asc/);
    await expect
      .poll(customers)
      .toEqual([expect.stringContaining("Carol Ng"), expect.stringContaining("Dave Stone")]);

    await page.getByRole("button", { name: "Affiliate", exact: true }).click();
    await page.getByRole("combobox", { name: "Affiliate" }).selectOption({ label: "Ben Carter (ben)" });
    await page.waitForURL(/affiliateId=/);
    await expect.poll(customers).toEqual([expect.stringContaining("Dave Stone")]);
    const url = new URL(page.url());
    expect(url.searchParams.get("sort")).toBe("createdAt");
    expect(url.searchParams.get("direction")).toBe("asc");
    // The customer and the order that made a connection open in the Shopify admin.
    await page.reload();
    await expect.poll(customers).toEqual([expect.stringContaining("Dave Stone")]);
    expect(await page.getByRole("link", { name: "Dave Stone" }).getAttribute("href")).toBe(
      "shopify://admin/customers/7002",
    );
    await wholePage("screen-connections-filtered");
  });

  it.each([
    ["/app/payouts", "Payouts", "screen-payouts"],
    ["/app/payouts/history", "Payout history", "screen-payouts-history"],
    ["/app/payouts/settings", "Payout settings", "screen-payouts-settings"],
  ])("payouts screen %s has no accessibility violation", async (path, waitFor, name) => {
    await open(path, waitFor);
    await wholePage(name);
  });

  it("sorts a list on the server by a heading, and filters it, with both in the URL", async () => {
    await open("/app/affiliates", "Aiko Tanaka");
    const names = () => page.locator("tbody tr td:nth-child(2)").allInnerTexts();
    await page.getByRole("button", { name: "Sales", exact: false }).first().click();
    await page.waitForURL(/sort=sales/);
    // Ben brought ¥8,000 (¥10,000 less a ¥2,000 refund), Aiko ¥12,800: most sales first.
    await expect.poll(names).toEqual(["Aiko Tanaka", "Ben Carter", "Chika Mori"]);
    await page.getByRole("button", { name: "Sales", exact: false }).first().click();
    await page.waitForURL(/direction=asc/);
    await expect.poll(names).toEqual(["Chika Mori", "Ben Carter", "Aiko Tanaka"]);
    await page.reload();
    await expect.poll(names).toEqual(["Chika Mori", "Ben Carter", "Aiko Tanaka"]);

    await open("/app/commissions?status=pending", "#1002");
    const orders = () => page.locator("tbody tr td:nth-child(2)").allInnerTexts();
    await expect.poll(orders).toEqual(["#1002", "#1002"]);
    await page.getByRole("button", { name: "Amount", exact: false }).first().click();
    await page.waitForURL(/sort=amount/);
    // Sorted by amount, still only the pending lines: the reversal (-¥250) below the commission (¥1,250).
    await expect
      .poll(() => page.locator("tbody tr").allInnerTexts())
      .toEqual([expect.stringContaining("1,250"), expect.stringContaining("-¥250")]);
    expect(new URL(page.url()).searchParams.get("status")).toBe("pending");
    await wholePage("screen-commissions-sorted");
  });

  it("opens all of an affiliate's commissions from its page", async () => {
    await open(`/app/affiliates/${seeded.aikoId}`, "Earnings");
    await page.getByRole("link", { name: "View all commissions" }).click();
    await page.waitForURL(new RegExp(`/app/commissions\\?.*affiliateId=${seeded.aikoId}`));
    await page.getByText("#1001").first().waitFor();
    await expect.poll(() => page.locator("tbody tr").count()).toBe(2);
    await expect.poll(() => page.getByText("#1002").count()).toBe(0);
    await expect.poll(() => page.getByText("Affiliate: Aiko Tanaka").isVisible()).toBe(true);
  });

  it("shows App Bridge's save bar while Settings differ from what is saved, and keeps the conflicting rules apart", async () => {
    await open("/app/settings", "Default commission");
    const saveBar = page.locator("ui-save-bar");
    await expect.poll(() => saveBar.isVisible()).toBe(false);
    await page.getByLabel("New customer commission").check();
    await expect.poll(() => saveBar.isVisible()).toBe(true);
    await wholePage("screen-settings-unsaved");
    // Ticking the first commission turns the new customer commission off: both are never on.
    await page.getByLabel("First commission", { exact: true }).check();
    await expect.poll(() => page.getByLabel("New customer commission").isChecked()).toBe(false);
    await saveBar.getByRole("button", { name: "Discard" }).click();
    await expect.poll(() => saveBar.isVisible()).toBe(false);
    await expect.poll(() => page.getByLabel("First commission", { exact: true }).isChecked()).toBe(false);

    await page.getByLabel("Credit test orders").check();
    await expect.poll(() => saveBar.isVisible()).toBe(true);
    await saveBar.getByRole("button", { name: "Save" }).click();
    await page.getByText("Settings saved").waitFor();
    await expect.poll(() => saveBar.isVisible()).toBe(false);
    const settings = await server.db.programSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(settings.creditTestOrders).toBe(true);
  });

  describe("at phone width (390 px)", () => {
    beforeAll(async () => {
      await page.setViewportSize({ width: 390, height: 844 });
    });
    afterAll(async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    /** Whether the element is inside the window's width (not cut off to the right). */
    const inView = (locator: ReturnType<Page["locator"]>) =>
      locator.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth;
      });

    it("Commissions keeps each line's amount, status and actions in view", async () => {
      await open("/app/commissions", "#1002");
      const line = page.getByRole("listitem").filter({ hasText: "#1002" }).filter({ hasText: "¥1,250" });
      await expect.poll(() => line.count()).toBe(1);
      expect(await inView(line.getByText("¥1,250"))).toBe(true);
      expect(await inView(line.getByText("Pending", { exact: true }))).toBe(true);
      expect(await inView(line.getByRole("button", { name: /^Approve #1002/ }))).toBe(true);
      await screenshot(page, "screen-commissions-390");
      expect(await axeViolations(page)).toEqual([]);
    });

    it("an affiliate's page reads its Commissions as a stack (order and amount, then type, date and status), with no sideways scroll", async () => {
      await open(`/app/affiliates/${seeded.aikoId}`, "Earnings");
      const card = page
        .locator(".Polaris-ShadowBevel")
        .filter({ has: page.getByRole("heading", { name: "Commissions", exact: true }) });
      // The server draws the desktop table (it cannot know the width); the rows stack once the page has hydrated.
      const lines = card.getByRole("listitem").filter({ hasText: "#1001" });
      await expect.poll(() => lines.count()).toBe(2);
      const product = lines.filter({ hasText: "¥200" });
      for (const part of [
        product.getByText("#1001"),
        product.getByText("¥200"),
        product.getByText("Paid", { exact: true }),
        product.getByText(/Mar 1, 2026/),
      ]) {
        expect(await inView(part)).toBe(true);
      }
      expect(
        await card.evaluate(
          (element) =>
            [...element.querySelectorAll(".Polaris-IndexTable-ScrollContainer")].filter(
              (scroll) => scroll.scrollWidth > scroll.clientWidth,
            ).length,
        ),
      ).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, "screen-affiliate-commissions-390");
      expect(await axeViolations(page)).toEqual([]);
    });

    it("Home keeps each order's commission and status in view", async () => {
      await open("/app?range=custom&from=2026-03-01&to=2026-03-07", "Latest referred orders");
      const order = page.getByRole("listitem").filter({ hasText: "#1002" });
      await expect.poll(() => order.count()).toBe(1);
      expect(await inView(order.getByText("¥1,000"))).toBe(true);
      expect(await inView(order.getByText("Pending", { exact: true }))).toBe(true);
      await screenshot(page, "screen-home-390");
      expect(await axeViolations(page, [CHART])).toEqual([]);
    });
  });
  describe("lists and forms read right at 1440 and 390 px", () => {
    afterAll(async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    /**
     * Whether the page is no wider than the window (or it scrolls sideways); when wider, the innermost
     * elements that push it out (outside every box that would clip them), to say which.
     */
    const pageWidth = () =>
      page.evaluate(() => {
        const room = window.innerWidth;
        const width = document.documentElement.scrollWidth;
        if (width <= room) return "within";
        // Elements reaching past the window with no ancestor that clips them (a scrolling filter bar does).
        const clipped = (element: Element | null): boolean =>
          element !== null &&
          element !== document.body &&
          (getComputedStyle(element).overflowX !== "visible" || clipped(element.parentElement));
        const culprits = [...document.body.querySelectorAll("*")]
          .filter((element) => element.getBoundingClientRect().right > room + 0.5)
          .filter((element) => !clipped(element.parentElement))
          .map((element) => `${element.tagName.toLowerCase()}.${String(element.className).split(" ")[0]}`)
          .reverse();
        return `${width} px in ${room}: ${culprits.slice(0, 5).join(" | ")}`;
      });

    /**
     * Whether a Polaris Select shows its chosen option whole, with room before the chevron: the words (their
     * own box, not the option's) end at least 8 px (Polaris's space-200) before the chevron starts.
     */
    const selectReadsWhole = (label: string) =>
      page
        .locator(".Polaris-Select")
        .filter({ has: page.getByRole("combobox", { name: label, exact: true }) })
        .evaluate((select) => {
          const option = select.querySelector<HTMLElement>(".Polaris-Select__SelectedOption");
          const chevron = select.querySelector<HTMLElement>(".Polaris-Select__Icon");
          if (!option?.firstChild || !chevron) return "no option or chevron in the select";
          if (option.scrollWidth > option.clientWidth) {
            return `"${option.innerText}" is cut: ${option.scrollWidth} px in ${option.clientWidth} px`;
          }
          const words = document.createRange();
          words.selectNodeContents(option);
          const gap = chevron.getBoundingClientRect().left - words.getBoundingClientRect().right;
          return gap >= 8 ? "whole" : `"${option.innerText}" ends ${gap.toFixed(1)} px from the chevron`;
        });

    it("Commissions at 390 px is no wider than the window, with the Order date filter in view", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await open("/app/commissions", "#1002");
      await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(390);
      expect(await pageWidth()).toBe("within");
      // The pill is whole and nothing covers it (the filter bar scrolls under its sticky "Add filter" button):
      // the points just inside its left and right edges are the pill's own.
      const orderDate = page.getByRole("button", { name: "Order date" }).first();
      const seen = await orderDate.evaluate((pill) => {
        const box = pill.getBoundingClientRect();
        const middle = box.top + box.height / 2;
        const at = (x: number) => pill.contains(document.elementFromPoint(x, middle));
        return box.left >= 0 && box.right <= window.innerWidth && at(box.left + 2) && at(box.right - 2);
      });
      expect(seen).toBe(true);
      await screenshot(page, "screen-commissions-390-filters");
      expect(await axeViolations(page)).toEqual([]);
    });

    it("Commissions offers Export once, as the page's secondary action, and it keeps the filters", async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await open("/app/commissions?status=pending", "#1002");
      const exports = page.locator("button, a").filter({ hasText: /export/i });
      await expect.poll(() => exports.count()).toBe(1);
      // App Bridge's title bar: where the admin shows a page's secondary actions.
      expect(await page.locator("ui-title-bar button", { hasText: /export/i }).count()).toBe(1);
      const download = page.waitForEvent("download");
      await exports.first().click();
      const stream = await (await download).createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const rows = Buffer.concat(chunks).toString("utf8").trim().split(/\r?\n/).slice(1);
      // Only the two pending lines of #1002, as the list shows them.
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row).toContain("#1002");
      await wholePage("screen-commissions-one-export");
    });

    it("Settings shows the default rate's kind whole in its select", async () => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await open("/app/settings", "Default commission");
      await expect.poll(() => selectReadsWhole("Default rate")).toBe("whole");
      await page.setViewportSize({ width: 390, height: 844 });
      await expect.poll(() => selectReadsWhole("Default rate")).toBe("whole");
      expect(await pageWidth()).toBe("within");
      await screenshot(page, "screen-settings-390");
      await wholePage("screen-settings-rates");
    });

    it("Connect products shows the rate select's choice clear of its chevron", async () => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await open("/app/products/new", "Select products");
      await expect.poll(() => selectReadsWhole("Rate")).toBe("whole");
      await page.getByRole("combobox", { name: "Rate", exact: true }).selectOption("percent");
      await expect.poll(() => selectReadsWhole("Rate")).toBe("whole");
      await page.setViewportSize({ width: 390, height: 844 });
      await expect.poll(() => selectReadsWhole("Rate")).toBe("whole");
      expect(await pageWidth()).toBe("within");
      await screenshot(page, "screen-products-new-390");
      await wholePage("screen-products-new-rate");
    });

    it("the order page at 390 px shows the affiliate picker's placeholder whole", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await open(`/app/commissions/${seeded.uncreditedId}`, "Why this order earned what it did");
      const field = page.getByRole("combobox", { name: "Affiliate" });
      // The placeholder's width in the field's own font, against the room inside the field.
      const fit = await field.evaluate((input: HTMLInputElement) => {
        const style = getComputedStyle(input);
        const context = document.createElement("canvas").getContext("2d");
        if (!context) return { placeholder: input.placeholder, text: Infinity, room: 0 };
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { placeholder: input.placeholder, text: context.measureText(input.placeholder).width, room };
      });
      expect(fit.placeholder).not.toBe("");
      expect(fit.text, `"${fit.placeholder}" in ${fit.room} px`).toBeLessThanOrEqual(fit.room);
      expect(await pageWidth()).toBe("within");
      await screenshot(page, "screen-order-picker-390");
      expect(await axeViolations(page)).toEqual([]);
    });

    it("Payout history without payouts says what payouts are and where to pay one", async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await open("/app/payouts/history", "Payout history");
      await page.getByText("No payouts yet", { exact: true }).waitFor();
      expect(await page.getByText(/A payout pays an affiliate the approved commissions/).count()).toBe(1);
      await page.getByRole("link", { name: "See who can be paid" }).click();
      await page.waitForURL(/\/app\/payouts(\?|$)/);
      await wholePage("screen-payouts-balances");
      await open("/app/payouts/history", "Payout history");
      await page.getByText("No payouts yet", { exact: true }).waitFor();
      // Nothing to export: the export is offered once there is a payout to put in it.
      expect(await page.getByRole("button", { name: "Export CSV" }).isDisabled()).toBe(true);
      await wholePage("screen-payouts-history-empty");
    });

    it("Payout settings take the minimum payout as an amount in the shop's currency, and say what is wrong", async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await open("/app/payouts/settings", "Payout settings");
      const minimum = page.getByRole("textbox", { name: "Minimum payout" });
      // The yen shop: the field reads in yen, which has no decimals.
      const field = page.locator(".Polaris-TextField").filter({ has: minimum });
      expect(await field.locator(".Polaris-TextField__Prefix").innerText()).toBe("¥");
      await minimum.fill("1500.5");
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByText("JPY has no decimals: enter a whole amount, like 2500").waitFor();
      await expect.poll(() => minimum.evaluate((input) => document.activeElement === input)).toBe(true);
      expect(await minimum.inputValue()).toBe("1500.5");
      await wholePage("screen-payouts-settings-error");
      await minimum.fill("1500");
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByText("Payout settings saved").waitFor();
      // Only the latest answer's toast: the refused save's is gone.
      expect(await page.locator(".app-bridge-standin-toast span").allInnerTexts()).toEqual([
        "Payout settings saved",
      ]);
      const saved = await server.db.payoutSettings.findUniqueOrThrow({ where: { shop: SHOP } });
      expect(JSON.parse(saved.minimums)).toEqual({ JPY: "1500" });
      await wholePage("screen-payouts-settings-minimum");
    });
  });
});
