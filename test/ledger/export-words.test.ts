// The CSV export says each thing once (a reversal's words per currency and base, an order's day per UTC day
// of orders, what a line shares with its order once per order) and must still say, line by line, exactly
// what the app's own words and days say of that line: checked here against a line-by-line rendering, over
// orders placed every 20 minutes across a daylight-saving change, in zones whose days begin on odd quarter
// hours, with three currencies and refunds of the same base in two of them.
import { beforeAll, describe, expect, it } from "vitest";
import prisma, { sqlite } from "~/db.server";
import {
  ledgerLineReason,
  sentencesText,
  traceWordsContext,
  type TraceWordsContext,
} from "~/format/trace-words";
import { dayIn } from "~/lib/days";
import { LEDGER_CSV_COLUMNS, exportLedgerCsv } from "~/models/ledger/export.server";
import { parseTrace } from "~/models/ledger/order-detail.server";
import { createAffiliate } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { createLedgerLine } from "~test/helpers/ledger";
import { TEST_SHOP } from "~test/helpers/shopify";

/** Orders every 20 minutes for three days around New York's spring change (2026-03-08). */
const ORDERS = 216;
const FIRST_ORDER_AT = Date.parse("2026-03-06T22:10:00.000Z");

/** RFC 4180 rows (the reason cells hold commas and quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 1;
    } else field += char;
  }
  return rows;
}

async function seedOrders() {
  const alice = await createAffiliate({ refCode: "alice", name: "Alice Liddell" });
  const bob = await createAffiliate({ refCode: "bob", name: "Bob, the builder" });
  for (let n = 0; n < ORDERS; n++) {
    const placedAt = new Date(FIRST_ORDER_AT + n * 20 * 60_000);
    const currency = ["JPY", "USD", "EUR"][n % 3];
    const base = currency === "JPY" ? String(1000 + (n % 4) * 500) : `${40 + (n % 4) * 10}.00`;
    const amount = currency === "JPY" ? String(Number(base) / 10) : `${4 + (n % 4)}.00`;
    const order = await prisma.attributedOrder.create({
      data: {
        shop: TEST_SHOP,
        orderId: String(7000 + n),
        orderName: `#${7000 + n}`,
        currency,
        orderCreatedAt: placedAt,
        referrerAffiliateId: alice.id,
        referrerSource: "link",
        credited: true,
        input: "{}",
        trace: JSON.stringify([
          {
            code: "customer_new",
            message:
              "New customer: Shopify created the customer at 2026-03-01T00:00:00.000Z and counts 1 order(s)",
          },
          {
            code: "referrer_selected",
            message: "alice is the referrer, through link of alice",
            affiliateId: alice.id,
          },
          {
            code: "rule_applied",
            message: `alice earns ${amount} through link, rule default (the program's default rate): 10 % of ${base}`,
            affiliateId: alice.id,
          },
          {
            code: "product_commission",
            message: `bob earns 2.50 on product 9000000001 (lines 2), the product connection's rate: 2.50 per item × ${1 + (n % 2)} item${n % 2 ? "s" : ""} (base 42.99)`,
            affiliateId: bob.id,
          },
        ]),
      },
    });
    const line = {
      shop: TEST_SHOP,
      attributedOrderId: order.id,
      orderId: order.orderId,
      currency,
      lineItemIds: "[]",
      status: "pending",
      orderCreatedAt: placedAt,
      // Recorded a minute after the order; product lines with the same instant as the referrer's.
      createdAt: new Date(placedAt.getTime() + 60_000),
    };
    const commission = await createLedgerLine(prisma, {
      ...line,
      affiliateId: alice.id,
      type: "commission",
      source: "link",
      rule: "default",
      base,
      amount,
      amountMinor: Number(amount.replace(".", "")),
    });
    await createLedgerLine(prisma, {
      ...line,
      affiliateId: bob.id,
      type: "commission",
      source: "product",
      rule: "product",
      base: "42.99",
      amount: "2.50",
      amountMinor: 250,
    });
    // Refunds of the same bases in both currencies, and cancellations, recorded days later.
    if (n % 5 === 0 || n % 7 === 0) {
      await createLedgerLine(prisma, {
        ...line,
        affiliateId: alice.id,
        type: "reversal",
        source: "link",
        rule: "default",
        base: `-${base}`,
        amount: `-${amount}`,
        amountMinor: -Number(amount.replace(".", "")),
        reversalOfId: commission.id,
        reversalKey: n % 5 === 0 ? `refund:${n}` : "cancel",
        createdAt: new Date(placedAt.getTime() + 4 * 86_400_000),
      });
    }
  }
}

/** What the app's words and days say of each line, one line at a time: the reason and order_date cells. */
async function lineByLine(timeZone: string): Promise<string[][]> {
  const affiliates = await prisma.affiliate.findMany({ where: { shop: TEST_SHOP } });
  const contexts = new Map<string, TraceWordsContext>();
  const lines = await prisma.ledgerLine.findMany({
    where: { shop: TEST_SHOP },
    include: { attributedOrder: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return lines.map((line) => {
    let context = contexts.get(line.currency);
    if (!context) {
      context = traceWordsContext({ input: null, currency: line.currency, timeZone, affiliates });
      contexts.set(line.currency, context);
    }
    const reason = sentencesText(ledgerLineReason(line, parseTrace(line.attributedOrder.trace), context));
    return [line.orderId, reason, dayIn(line.orderCreatedAt, timeZone)];
  });
}

beforeAll(async () => {
  await resetDatabase();
  await seedOrders();
});

describe("the CSV export's reason and order_date", () => {
  it.each(["America/New_York", "Asia/Kathmandu", "Pacific/Chatham", "UTC"])(
    "say what the app says of each line, in %s",
    async (timeZone) => {
      await prisma.shopProfile.upsert({
        where: { shop: TEST_SHOP },
        create: { shop: TEST_SHOP, name: "Test shop", timeZone, currency: "USD", refreshedAt: new Date() },
        update: { timeZone },
      });
      const [header, ...rows] = parseCsv(await exportLedgerCsv(sqlite, TEST_SHOP));
      const cell = (row: string[], name: (typeof LEDGER_CSV_COLUMNS)[number]) =>
        row[LEDGER_CSV_COLUMNS.indexOf(name)];
      expect(header).toEqual([...LEDGER_CSV_COLUMNS]);
      const expected = await lineByLine(timeZone);
      expect(
        rows.map((row) => [cell(row, "order_id"), cell(row, "reason"), cell(row, "order_date")]),
      ).toEqual(expected);
      // The data covers what the file says once for many lines: both currencies' refunds of one base, and
      // orders on both sides of the zone's midnights.
      const reasons = new Set(rows.map((row) => cell(row, "reason")));
      expect(reasons).toContain("A refund took back the commission on ¥1,000 of what it was paid on.");
      expect(reasons).toContain("A refund took back the commission on $40.00 of what it was paid on.");
      expect(reasons).toContain("A refund took back the commission on €40.00 of what it was paid on.");
      expect(new Set(expected.map(([, , day]) => day)).size).toBeGreaterThanOrEqual(3);
    },
  );
});
