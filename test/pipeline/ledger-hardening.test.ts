// The ledger against hostile text and repeated money: a CSV cell a spreadsheet would run as a formula is
// neutralised while the amounts stay numbers; refunds of the same line never, together, take back more than
// that line's share of a commission; and money history cannot be deleted through an affiliate.
import { beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import prisma, { sqlite } from "~/db.server";
import { exportLedgerCsv, LEDGER_CSV_COLUMNS } from "~/models/ledger/export.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload, refundPayload } from "~test/helpers/orders";
import { deliver, drain } from "~test/helpers/pipeline";
import { TEST_SHOP, installShop } from "~test/helpers/shopify";

let alice: Affiliate;

beforeEach(async () => {
  await resetDatabase();
  mswServer.resetHandlers(...createShopifyEmulator({ customers: [], products: [] }).handlers);
  await installShop(TEST_SHOP);
  alice = await createAffiliate({ refCode: "alice", email: "alice@example.com" });
});

/** RFC 4180 CSV read back into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && char === "\r" && text[i + 1] === "\n") {
      rows.push([...row, cell]);
      row = [];
      cell = "";
      i++;
    } else {
      cell += char;
    }
  }
  return rows;
}

describe("the ledger CSV", () => {
  const formulas = [
    '=HYPERLINK("https://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "  =1+1",
  ];

  it("prefixes every text cell a spreadsheet would read as a formula, and leaves amounts as numbers", async () => {
    for (const [index, name] of formulas.entries()) {
      await deliver({
        topic: "orders/create",
        body: orderPayload({ id: 100 + index, name, landingSite: "/?ref=alice" }),
      });
    }
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 200, name: "#1200", landingSite: "/?ref=alice" }),
    });
    await deliver({
      topic: "refunds/create",
      body: refundPayload({ id: 900, orderId: 200, lines: [{ lineItemId: 1, quantity: 1 }] }),
    });
    await drain();

    const [header, ...rows] = parseCsv(await exportLedgerCsv(sqlite, TEST_SHOP));
    expect(header).toEqual([...LEDGER_CSV_COLUMNS]);
    const column = (name: string) => LEDGER_CSV_COLUMNS.indexOf(name as (typeof LEDGER_CSV_COLUMNS)[number]);
    const byOrder = new Map(rows.map((row) => [`${row[column("order_id")]}:${row[column("type")]}`, row]));
    for (const [index, name] of formulas.entries()) {
      expect(byOrder.get(`${100 + index}:commission`)![column("order_name")]).toBe(`'${name}`);
    }
    const reversal = byOrder.get("200:reversal")!;
    expect(reversal[column("order_name")]).toBe("#1200");
    expect([reversal[column("base")], reversal[column("amount")]]).toEqual(["-50.00", "-5.00"]);
  });
});

describe("refunds of the same line", () => {
  const twoLines = [
    { id: 101, quantity: 1, price: "50.00" },
    { id: 102, quantity: 1, price: "50.00" },
  ];

  it("never reverse more than that line's share, whatever the refunds claim", async () => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 40, landingSite: "/?ref=alice", lines: twoLines }),
    });
    await drain();
    // Two refunds, each of line 101's one unit: only the first takes its share back.
    for (const id of [501, 502]) {
      await deliver({
        topic: "refunds/create",
        body: refundPayload({ id, orderId: 40, lines: [{ lineItemId: 101, quantity: 1 }] }),
      });
      await drain();
    }
    const lines = await prisma.ledgerLine.findMany({ orderBy: [{ createdAt: "asc" }, { type: "asc" }] });
    expect(lines.map((line) => [line.type, line.amount, line.reversalKey])).toEqual([
      ["commission", "10.00", null],
      ["reversal", "-5.00", "refund:501"],
    ]);

    // Line 102 is still owed its share, and a cancellation takes exactly that back.
    await deliver({
      topic: "orders/cancelled",
      body: orderPayload({ id: 40, lines: twoLines, cancelledAt: "2026-03-06T00:00:00Z" }),
    });
    await drain();
    const after = await prisma.ledgerLine.findMany({ orderBy: [{ createdAt: "asc" }, { type: "asc" }] });
    expect(after.map((line) => line.amount)).toEqual(["10.00", "-5.00", "-5.00"]);
  });

  it("count a refund applied twice once", async () => {
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 41, landingSite: "/?ref=alice", lines: twoLines }),
    });
    await drain();
    for (let i = 0; i < 2; i++) {
      await deliver({
        topic: "refunds/create",
        body: refundPayload({ id: 503, orderId: 41, lines: [{ lineItemId: 101, quantity: 1 }] }),
      });
      await drain();
    }
    await deliver({
      topic: "refunds/create",
      body: refundPayload({ id: 504, orderId: 41, lines: [{ lineItemId: 102, quantity: 1 }] }),
    });
    await drain();
    const reversals = await prisma.ledgerLine.findMany({
      where: { type: "reversal" },
      orderBy: { createdAt: "asc" },
    });
    expect(reversals.map((line) => [line.amount, line.reversalKey])).toEqual([
      ["-5.00", "refund:503"],
      ["-5.00", "refund:504"],
    ]);
  });
});

describe("an affiliate with money history", () => {
  it("cannot be deleted: its ledger lines are kept, and the database says why", async () => {
    await deliver({ topic: "orders/create", body: orderPayload({ id: 50, landingSite: "/?ref=alice" }) });
    await drain();
    await expect(prisma.affiliate.delete({ where: { id: alice.id } })).rejects.toThrow(
      /Foreign key constraint/i,
    );
    expect(await prisma.ledgerLine.count({ where: { affiliateId: alice.id } })).toBe(1);
    expect(await prisma.affiliate.count()).toBe(1);
  });
});
