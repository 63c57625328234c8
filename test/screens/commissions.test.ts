import { beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import prisma from "~/db.server";
import { action as listAction, loader as listLoader } from "~/routes/app.commissions._index";
import { action as detailAction, loader as detailLoader } from "~/routes/app.commissions.$id";
import { loader as exportLoader } from "~/routes/app.commissions.export";
import { parseLedgerFilters } from "~/models/ledger/lines.server";
import { groupTrace, parseTrace } from "~/models/ledger/order-detail.server";
import { markLinesPaid } from "~/models/ledger/review.server";
import { createAffiliate, createCommission, createReversal } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { createLedgerLine } from "~test/helpers/ledger";
import { OTHER_SHOP, TEST_SHOP, adminRequest, answerAdminApi, settle } from "~test/helpers/shopify";

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

async function list(query = "", shop = TEST_SHOP) {
  return listLoader(args(await adminRequest(`/app/commissions${query}`, { shop })));
}

async function review(form: Record<string, string | string[]>, shop = TEST_SHOP) {
  const response = (await settle(async () =>
    listAction(args(await adminRequest("/app/commissions", { form, shop }))),
  )) as Response;
  return { status: response.status, body: await response.json() };
}

async function statusOf(id: string) {
  return (await prisma.ledgerLine.findUniqueOrThrow({ where: { id } })).status;
}

let alice: Affiliate;
let bob: Affiliate;
let mallory: Affiliate;

beforeEach(async () => {
  await resetDatabase();
  answerAdminApi();
  alice = await createAffiliate({ name: "Alice", refCode: "alice" });
  bob = await createAffiliate({ name: "Bob", refCode: "bob" });
  mallory = await createAffiliate({ name: "Mallory", refCode: "mallory", shop: OTHER_SHOP });
});

describe("commissions list", () => {
  it("shows this shop's ledger lines joined to their affiliate and order, newest first", async () => {
    const older = await createCommission(alice, { createdAt: new Date("2026-03-01T10:00:00Z") });
    const newer = await createCommission(bob, {
      createdAt: new Date("2026-03-02T10:00:00Z"),
      source: "coupon",
      rule: "coupon_commission",
    });
    await createCommission(mallory);

    const data = await list();
    expect(data.lines.map((line) => line.id)).toEqual([newer.id, older.id]);
    expect(data.lines[0]).toMatchObject({
      orderName: `#${newer.orderId}`,
      affiliateName: "Bob",
      source: "coupon",
      rule: "coupon_commission",
      base: "100.00",
      amount: "10.00",
      status: "pending",
      type: "commission",
      createdAt: "2026-03-02T10:00:00.000Z",
    });
    expect(data.pageInfo).toMatchObject({ page: 1, total: 2, hasNext: false, hasPrevious: false });
    expect(data.affiliates.map((a) => a.id).sort()).toEqual([alice.id, bob.id].sort());
    expect(data.exportUrl).toBe("/app/commissions/export");

    const other = await list("", OTHER_SHOP);
    expect(other.lines).toHaveLength(1);
    expect(other.lines[0].affiliateName).toBe("Mallory");
    expect(other.affiliates.map((a) => a.id)).toEqual([mallory.id]);
  });

  it("shows reversals with their negative amount", async () => {
    const line = await createCommission(alice);
    const reversal = await createReversal(line);
    const data = await list("?type=reversal");
    expect(data.lines.map((l) => [l.id, l.type, l.amount])).toEqual([[reversal.id, "reversal", "-4.00"]]);
  });

  it("filters by status, affiliate, type and an inclusive range of recording days, and carries them to the export", async () => {
    const march1 = await createCommission(alice, { createdAt: new Date("2026-03-01T23:59:00Z") });
    const march2 = await createCommission(alice, {
      createdAt: new Date("2026-03-02T00:00:00Z"),
      status: "approved",
    });
    const march3 = await createCommission(bob, { createdAt: new Date("2026-03-03T12:00:00Z") });

    expect((await list("?status=approved")).lines.map((l) => l.id)).toEqual([march2.id]);
    expect((await list(`?affiliateId=${bob.id}`)).lines.map((l) => l.id)).toEqual([march3.id]);
    expect((await list("?type=commission")).lines).toHaveLength(3);
    expect((await list("?from=2026-03-02&to=2026-03-03")).lines.map((l) => l.id)).toEqual([
      march3.id,
      march2.id,
    ]);
    expect((await list("?to=2026-03-01")).lines.map((l) => l.id)).toEqual([march1.id]);

    const data = await list(`?status=pending&affiliateId=${alice.id}&from=2026-03-01&to=2026-03-31&page=1`);
    expect(data.lines.map((l) => l.id)).toEqual([march1.id]);
    expect(data.exportUrl).toBe(
      `/app/commissions/export?status=pending&affiliateId=${alice.id}&from=2026-03-01T00%3A00%3A00.000Z&to=2026-04-01T00%3A00%3A00.000Z`,
    );
  });

  it("links to an export holding exactly the lines the filters show", async () => {
    await createCommission(alice, { createdAt: new Date("2026-02-28T23:59:59Z") });
    const inside = await createCommission(alice, { createdAt: new Date("2026-03-01T00:00:00Z") });
    const lastDay = await createCommission(alice, { createdAt: new Date("2026-03-31T23:59:59Z") });
    await createCommission(alice, { createdAt: new Date("2026-04-01T00:00:00Z") });
    await createCommission(alice, { createdAt: new Date("2026-03-15T00:00:00Z"), status: "approved" });
    await createCommission(bob, { createdAt: new Date("2026-03-15T00:00:00Z") });

    const data = await list(`?status=pending&affiliateId=${alice.id}&from=2026-03-01&to=2026-03-31`);
    expect(data.lines.map((l) => l.id)).toEqual([lastDay.id, inside.id]);
    const response = (await exportLoader(args(await adminRequest(data.exportUrl)))) as Response;
    const rows = (await response.text()).trim().split("\r\n").slice(1);
    expect(rows.map((row) => row.split(",")[0])).toEqual([inside.orderId, lastDay.orderId]);
  });

  it("shows and filters lines by the order's day in the shop's time zone, and counts them from the daily figures", async () => {
    await prisma.shopProfile.create({
      data: {
        shop: TEST_SHOP,
        name: "Test",
        timeZone: "Asia/Tokyo",
        currency: "USD",
        refreshedAt: new Date(),
      },
    });
    // 16:00 UTC on March 1 is March 2 in Tokyo.
    const tokyoSecond = await createCommission(alice, { orderCreatedAt: new Date("2026-03-01T16:00:00Z") });
    const tokyoFirst = await createCommission(alice, {
      orderCreatedAt: new Date("2026-03-01T14:00:00Z"),
      createdAt: new Date("2026-03-05T00:00:00Z"), // recorded days later
    });
    const reversal = await createReversal(tokyoFirst, { createdAt: new Date("2026-03-06T00:00:00Z") });
    await createCommission(bob, { orderCreatedAt: new Date("2026-03-02T16:00:00Z"), status: "approved" });
    await createCommission(mallory, { orderCreatedAt: new Date("2026-03-01T14:00:00Z") });

    const first = await list("?orderFrom=2026-03-01&orderTo=2026-03-01");
    expect(first.lines.map((l) => l.id)).toEqual([reversal.id, tokyoFirst.id]);
    expect(first.pageInfo.total).toBe(2);
    expect(first.timeZone).toBe("Asia/Tokyo");
    expect(first.lines[1]).toMatchObject({
      orderCreatedAt: "2026-03-01T14:00:00.000Z",
      createdAt: "2026-03-05T00:00:00.000Z",
    });
    const second = await list(`?orderFrom=2026-03-02&orderTo=2026-03-02&affiliateId=${alice.id}`);
    expect(second.lines.map((l) => l.id)).toEqual([tokyoSecond.id]);
    expect(second.pageInfo.total).toBe(1);
    expect((await list("?orderFrom=2026-03-02&status=approved")).pageInfo.total).toBe(1);
    expect((await list("?type=reversal")).pageInfo.total).toBe(1);
    expect((await list()).pageInfo.total).toBe(4);

    // The export holds the same lines: the shop's days as instants.
    expect(first.exportUrl).toBe(
      "/app/commissions/export?orderFrom=2026-02-28T15%3A00%3A00.000Z&orderTo=2026-03-01T15%3A00%3A00.000Z",
    );
    const response = (await exportLoader(args(await adminRequest(first.exportUrl)))) as Response;
    const rows = (await response.text()).trim().split("\r\n").slice(1);
    expect(rows.map((row) => row.split(",")[6])).toEqual(["commission", "reversal"]);
  });

  it("drops malformed filters instead of guessing", () => {
    expect(
      parseLedgerFilters(
        new URLSearchParams("status=sideways&type=x&from=2026-02-30&to=yesterday&affiliateId="),
      ),
    ).toEqual({
      status: null,
      type: null,
      affiliateId: null,
      from: null,
      to: null,
      orderFrom: null,
      orderTo: null,
    });
  });

  it("never shows another shop's lines, even filtered by that shop's affiliate", async () => {
    await createCommission(mallory);
    const data = await list(`?affiliateId=${mallory.id}`);
    expect(data.lines).toEqual([]);
    expect(data.affiliates.map((a) => a.id)).not.toContain(mallory.id);
  });

  it("paginates 25 lines a page and clamps a page past the end", async () => {
    for (let i = 0; i < 27; i++) {
      await createCommission(alice, { createdAt: new Date(Date.UTC(2026, 2, 1, 0, i)) });
    }
    const first = await list();
    expect(first.lines).toHaveLength(25);
    expect(first.pageInfo).toMatchObject({
      page: 1,
      pageCount: 2,
      total: 27,
      hasNext: true,
      hasPrevious: false,
    });
    const second = await list("?page=2");
    expect(second.lines).toHaveLength(2);
    expect(second.pageInfo).toMatchObject({ page: 2, hasNext: false, hasPrevious: true });
    const ids = new Set([...first.lines, ...second.lines].map((l) => l.id));
    expect(ids.size).toBe(27);
    expect((await list("?page=9")).pageInfo.page).toBe(2);
    expect((await list("?page=abc")).pageInfo.page).toBe(1);
  });

  it("refuses an unauthenticated request", async () => {
    const request = await adminRequest("/app/commissions", { secret: "wrong" });
    expect(((await settle(() => listLoader(args(request)))) as Response).status).toBe(401);
  });
});

describe("reviewing commissions", () => {
  it("approves, marks paid and denies in bulk, and says which lines were skipped and why", async () => {
    const a = await createCommission(alice);
    const b = await createCommission(bob);
    const paid = await createCommission(alice, { status: "paid" });

    const approved = await review({ intent: "approve", ids: [a.id, b.id, paid.id] });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ intent: "approve", changed: 2 });
    expect(approved.body.skipped).toEqual([
      {
        id: paid.id,
        label: `#${paid.orderId} · Alice`,
        reason: "Only pending commissions can be approved (this one is paid)",
      },
    ]);
    expect(approved.body.toast.message).toBe("2 lines approved, 1 line skipped");
    expect(await statusOf(a.id)).toBe("approved");
    expect(await statusOf(b.id)).toBe("approved");

    // Lines are paid by payouts, not from this screen.
    const markPaid = await review({ intent: "markPaid", ids: [a.id] });
    expect(markPaid.status).toBe(400);
    expect(await statusOf(a.id)).toBe("approved");
    expect(await markLinesPaid(prisma, TEST_SHOP, [a.id])).toMatchObject({ changed: 1 });

    const denied = await review({ intent: "deny", ids: [b.id, a.id] });
    expect(denied.body.changed).toBe(1);
    expect(denied.body.skipped).toEqual([
      { id: a.id, label: `#${a.orderId} · Alice`, reason: "A paid commission cannot be denied" },
    ]);
    expect(await statusOf(b.id)).toBe("denied");
  });

  it("approves a single line and its pending reversal follows", async () => {
    const line = await createCommission(alice);
    const reversal = await createReversal(line);
    const { body } = await review({ intent: "approve", ids: line.id });
    expect(body.changed).toBe(1);
    expect(await statusOf(reversal.id)).toBe("approved");
  });

  it("marks paid only the approved reversals of a commission, and leaves the others as they are", async () => {
    const line = await createCommission(alice, { status: "approved" });
    const approvedReversal = await createReversal(line, { status: "approved" });
    const pendingReversal = await createReversal(line, { status: "pending", reversalKey: "refund:2" });
    expect((await review({ intent: "markPaid", ids: line.id })).status).toBe(400);
    expect(await markLinesPaid(prisma, TEST_SHOP, [line.id])).toMatchObject({ changed: 1 });
    expect(await statusOf(line.id)).toBe("paid");
    expect(await statusOf(approvedReversal.id)).toBe("paid");
    expect(await statusOf(pendingReversal.id)).toBe("pending");
  });

  it("changes nothing when another shop names this shop's lines", async () => {
    const line = await createCommission(alice);
    const { status, body } = await review({ intent: "approve", ids: [line.id] }, OTHER_SHOP);
    expect(status).toBe(200);
    expect(body.changed).toBe(0);
    expect(body.skipped).toEqual([{ id: line.id, label: line.id, reason: "No such commission" }]);
    expect(body.toast.isError).toBe(true);
    expect(await statusOf(line.id)).toBe("pending");
  });

  it("refuses an unknown intent or an empty selection", async () => {
    const line = await createCommission(alice);
    expect((await review({ intent: "delete", ids: [line.id] })).status).toBe(400);
    const empty = await review({ intent: "approve" });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe("Select at least one ledger line");
    expect(await statusOf(line.id)).toBe("pending");
  });
});

describe("commission detail", () => {
  async function detail(id: string, shop = TEST_SHOP) {
    return detailLoader(args(await adminRequest(`/app/commissions/${id}`, { shop }), { id }));
  }

  it("shows an order's trace in words, grouped, and all of its ledger lines, opened from the order or a line", async () => {
    const line = await createCommission(alice);
    const product = await createLedgerLine(prisma, {
      ...line,
      id: undefined,
      affiliateId: bob.id,
      source: "product",
      rule: "product",
      amount: "3.00",
      amountMinor: 300,
      createdAt: new Date(line.createdAt.getTime() + 1000),
    });
    await prisma.attributedOrder.update({
      where: { id: line.attributedOrderId },
      data: {
        customerEmail: "carol@example.com",
        input: JSON.stringify({
          affiliates: [
            { id: alice.id, refCode: "alice" },
            { id: bob.id, refCode: "bob" },
          ],
          order: {
            lineItems: [
              { id: "1", productId: "8001", title: "Trail shoe" },
              { id: "2", productId: null, title: "Holiday gift card" },
            ],
          },
        }),
        trace: JSON.stringify([
          {
            code: "signal_beaten",
            message: "Link of bob was beaten by coupon ALICE10 of alice",
            affiliateId: bob.id,
          },
          {
            code: "referrer_selected",
            message: "alice is the referrer, through coupon ALICE10 of alice",
            affiliateId: alice.id,
          },
          { code: "line_gift_card", message: "Line 2 is a gift card: never eligible" },
          {
            code: "rule_applied",
            message:
              "alice earns 10.00 through coupon, rule default (the program's default rate): 10 % of 100.00",
            affiliateId: alice.id,
          },
          {
            code: "product_commission",
            message: "bob earns 3.00 on product 8001 (lines 1), the program's default rate: 3 % of 100.00",
            affiliateId: bob.id,
          },
          { code: "pipeline_note", message: "Customer checked against Shopify at 2026-03-01T12:00:00Z" },
        ]),
      },
    });

    const byOrder = await detail(line.attributedOrderId);
    expect(byOrder.focusLineId).toBeNull();
    expect(byOrder.order).toMatchObject({
      orderId: line.orderId,
      orderName: `#${line.orderId}`,
      customerEmail: "carol@example.com",
      referrer: { id: alice.id, name: "Alice", refCode: "alice" },
      referrerSource: "link",
    });
    const words = (sentences: Array<{ segments: Array<{ text: string }> }>) =>
      sentences.map((s) => s.segments.map((segment) => segment.text).join(""));
    expect(words(byOrder.trace.credited)).toEqual([
      "Alice referred this order through their coupon ALICE10.",
      "Alice earns $10.00 through a coupon, at the program's default rate: 10% of $100.00.",
      "Bob earns $3.00 on Trail shoe, at the program's default rate: 3% of $100.00.",
    ]);
    expect(words(byOrder.trace.notCredited)).toEqual(["Bob's link lost to Alice's coupon ALICE10."]);
    expect(byOrder.trace.notCredited[0].segments).toEqual([
      { text: "Bob", affiliateId: bob.id },
      { text: "'s link lost to " },
      { text: "Alice", affiliateId: alice.id },
      { text: "'s coupon ALICE10." },
    ]);
    expect(words(byOrder.trace.base)).toEqual([
      "Holiday gift card is a gift card: gift cards never earn commission.",
    ]);
    expect(words(byOrder.trace.other)).toEqual(["Customer checked against Shopify at Mar 1, 2026."]);
    expect(byOrder.lines.map((l) => l.id)).toEqual([line.id, product.id]);
    expect(byOrder.creditable).toBe(false);

    const byLine = await detail(product.id);
    expect(byLine.order.id).toBe(line.attributedOrderId);
    expect(byLine.focusLineId).toBe(product.id);
  });

  it("answers 404 to another shop, for the order and for its lines", async () => {
    const line = await createCommission(alice);
    for (const id of [line.id, line.attributedOrderId, "nonexistent"]) {
      const response = (await settle(() => detail(id, OTHER_SHOP))) as Response;
      expect(response.status).toBe(404);
    }
    const request = await adminRequest(`/app/commissions/${line.id}`, {
      shop: OTHER_SHOP,
      form: { intent: "approve", ids: [line.id] },
    });
    const response = (await settle(() => detailAction(args(request, { id: line.id })))) as Response;
    expect(response.status).toBe(404);
    expect(await statusOf(line.id)).toBe("pending");
  });

  it("reviews only the lines of its own order", async () => {
    const line = await createCommission(alice);
    const elsewhere = await createCommission(bob);
    const request = await adminRequest(`/app/commissions/${line.attributedOrderId}`, {
      form: { intent: "approve", ids: [line.id, elsewhere.id] },
    });
    const response = (await detailAction(args(request, { id: line.attributedOrderId }))) as Response;
    const body = await response.json();
    expect(body.changed).toBe(1);
    expect(body.skipped).toEqual([
      { id: elsewhere.id, label: elsewhere.id, reason: "Not a line of this order" },
    ]);
    expect(await statusOf(line.id)).toBe("approved");
    expect(await statusOf(elsewhere.id)).toBe("pending");
  });

  it("reads a malformed trace as empty", () => {
    expect(parseTrace("not json")).toEqual([]);
    expect(parseTrace('{"code":"x"}')).toEqual([]);
    expect(groupTrace(parseTrace('[{"code":"no_referrer","message":"No referrer"}, 3]')).notCredited).toEqual(
      [{ code: "no_referrer", message: "No referrer" }],
    );
  });
});
