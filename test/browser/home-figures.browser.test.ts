// Home's headline figures at a big shop's numbers: eight-digit sums in the shop's currency (Canadian dollars,
// written "CA$") and in euros and yen beside it. A figure never breaks inside itself: at 1440, 1024 and
// 390 px each one is drawn on one line, inside its column, at a readable size. The figures are seeded as the
// ledger keeps them (its daily totals), not as a million orders. Screenshots: artifacts/screenshots/home-figures-*.
// Run with `npx vitest run --config test/browser/vitest.config.ts test/browser/home-figures.browser.test.ts`.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { adminBrowserSuite } from "./helpers/admin-suite";
import { screenshot } from "./helpers/browser";

const SHOP = "big-figures.myshopify.com";
const STORE_FILE = fileURLToPath(new URL("./fixtures/store.json", import.meta.url));
const HOME = "/app?range=custom&from=2026-03-01&to=2026-03-07";

/** A day's figures for one currency, status and type, as the ledger's daily totals hold them. */
async function dailyTotal(
  db: PrismaClient,
  row: {
    day: string;
    currency: string;
    status: string;
    amountMinor: number;
    orders: number;
    salesMinor: number;
  },
) {
  // Sums past 2^31 minor units: written as SQL, since Prisma's Int is 32-bit on writes.
  await db.$executeRaw`INSERT INTO "LedgerDailyTotal"
    ("shop", "day", "currency", "status", "type", "amountMinor", "lines", "referredOrders", "referredSalesMinor")
    VALUES (${SHOP}, ${row.day}, ${row.currency}, ${row.status}, 'commission', ${row.amountMinor},
      ${row.orders}, ${row.orders}, ${row.salesMinor})`;
}

async function seed(db: PrismaClient) {
  await db.shopProfile.create({
    data: {
      shop: SHOP,
      name: "Big Figures",
      timeZone: "America/Toronto",
      currency: "CAD",
      refreshedAt: new Date(),
    },
  });
  const rows = [
    // In the range: CA$99,999,999.99 of referred sales, CA$66,666,666.66 of commissions. Over the whole history,
    // by status: CA$12,345,678.90 pending, CA$54,320,987.76 approved, CA$87,654,321.09 paid.
    {
      currency: "CAD",
      status: "pending",
      amountMinor: 1_234_567_890,
      orders: 61_000,
      salesMinor: 5_000_000_000,
    },
    {
      currency: "CAD",
      status: "approved",
      amountMinor: 5_432_098_776,
      orders: 60_000,
      salesMinor: 4_999_999_999,
    },
    {
      day: "2025-11-02",
      currency: "CAD",
      status: "paid",
      amountMinor: 8_765_432_109,
      orders: 1,
      salesMinor: 1,
    },
    {
      currency: "EUR",
      status: "approved",
      amountMinor: 7_777_777_777,
      orders: 40_000,
      salesMinor: 9_888_888_888,
    },
    { currency: "JPY", status: "paid", amountMinor: 98_765_432, orders: 30_000, salesMinor: 99_999_999 },
  ];
  for (const row of rows) await dailyTotal(db, { day: "2026-03-03", ...row });
}

describe("Home's figures at a big shop's numbers", () => {
  const suite = adminBrowserSuite({ name: "home-figures", shop: SHOP, storeFile: STORE_FILE, seed });

  /**
   * Each figure on the page: its text, the lines its text is drawn on, whether it stays inside the column it
   * stands in (the grid cell, or the card) and its font size. A figure is a heading-sized money sum or count.
   */
  const figures = () =>
    suite.current().page.evaluate(() => {
      const money = /^(CA\$|€|¥|\$)?[\d,]+(\.\d+)?$/;
      return [...document.querySelectorAll(".Polaris-Text--headingLg")]
        .filter((element) => money.test(element.textContent?.trim() ?? ""))
        .map((element) => {
          // The text's own fragments (not its link's or span's boxes, whose tops differ on one line when
          // the font is smaller): a figure broken over two lines has two fragments, one under the other.
          const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
          const fragments: DOMRect[] = [];
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const part = document.createRange();
            part.selectNodeContents(node);
            fragments.push(...[...part.getClientRects()].filter((rect) => rect.width > 0));
          }
          const lines = fragments.filter(
            (rect, index) => index === 0 || rect.top >= fragments[index - 1].bottom - rect.height / 2,
          ).length;
          const range = document.createRange();
          range.selectNodeContents(element);
          let column = element.parentElement!;
          while (column.parentElement && getComputedStyle(column.parentElement).display !== "grid") {
            column = column.parentElement;
          }
          const box = column.getBoundingClientRect();
          const text = range.getBoundingClientRect();
          const textNode = element.querySelector("[data-figure]") ?? element;
          return {
            text: element.textContent!.trim(),
            lines,
            inside: text.left >= box.left - 0.5 && text.right <= box.right + 0.5,
            fontSize: parseFloat(getComputedStyle(textNode).fontSize),
          };
        });
    });

  it.each([1440, 1024, 390])(
    "at %i px every figure is whole, on one line, inside its column",
    async (width) => {
      const { page } = suite.current();
      await page.setViewportSize({ width, height: 900 });
      await suite.open(HOME, "Commissions owed and paid");
      await page.getByTestId("sales-chart").locator("svg").first().waitFor();
      const shown = await figures();
      expect(shown.map((figure) => figure.text)).toEqual(
        expect.arrayContaining([
          "CA$99,999,999.99",
          "CA$66,666,666.66",
          "CA$12,345,678.90",
          "CA$54,320,987.76",
          "CA$87,654,321.09",
          "€77,777,777.77",
          "¥98,765,432",
        ]),
      );
      for (const figure of shown) {
        expect(figure, `at ${width} px`).toMatchObject({ lines: 1, inside: true });
        expect(figure.fontSize, `${figure.text} at ${width} px`).toBeGreaterThanOrEqual(14);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await expect.poll(() => page.getByText(/of commissions, 40,000 orders\./).count()).toBe(1);
      await screenshot(page, `home-figures-${width}`);
    },
  );
});
