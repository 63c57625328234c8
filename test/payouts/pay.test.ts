// Paying payouts through the screens' routes: store credit against the emulated Shopify (once, even when
// Shopify's answer is lost and the merchant tries again), Shopify's userErrors shown, the PayPal file.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader as balancesLoader } from "~/routes/app.payouts._index";
import { action as batchAction, loader as batchLoader } from "~/routes/app.payouts.batches.$id";
import { loader as paypalLoader } from "~/routes/app.payouts.batches.$id.paypal";
import { action as payoutAction, loader as payoutLoader } from "~/routes/app.payouts.$id";
import { loader as exportLoader } from "~/routes/app.payouts.export";
import { paypalPayoutFile } from "~/models/payouts/paypal-file";
import { createAffiliate, createReversal } from "~test/factories";
import { captureConsoleWarnings } from "~test/helpers/console";
import { approved, args, createBatch, payoutsAgainstEmulatedShopify, post } from "~test/helpers/payouts";
import { OTHER_SHOP, adminRequest, settle } from "~test/helpers/shopify";

let store: Awaited<ReturnType<typeof payoutsAgainstEmulatedShopify>>;

beforeEach(async () => {
  store = await payoutsAgainstEmulatedShopify(["manual", "paypal", "store_credit"]);
});

const credits = () => store.storeCredit.credits();

describe("store credit", () => {
  it("pays the affiliate's customer once, in the payout's currency, and the lines are paid", async () => {
    const carol = await createAffiliate({ name: "Carol", customerId: "7001" });
    const line = await approved(carol, 1250);
    const { balances } = await balancesLoader(args(await adminRequest("/app/payouts")));
    expect(balances.items.map((b) => [b.affiliateName, b.payableMinor, b.methods])).toEqual([
      ["Carol", 1250, ["paypal", "store_credit", "manual"]],
    ]);

    const batchId = await createBatch("store_credit", [`${carol.id}:USD`]);
    const batch = await batchLoader(
      args(await adminRequest(`/app/payouts/batches/${batchId}`), { id: batchId }),
    );
    const [payout] = batch.payouts;
    expect(payout).toMatchObject({
      amount: "12.50",
      status: "draft",
      recipient: "gid://shopify/Customer/7001",
    });

    const paid = await post(
      batchAction,
      `/app/payouts/batches/${batchId}`,
      { id: batchId },
      { intent: "pay-store-credit", id: payout.id },
    );
    expect(paid.body).toMatchObject({ ok: true, problems: [] });
    expect(credits()).toMatchObject([{ customerId: "7001", amount: "12.50", type: "credit" }]);
    const stored = await prisma.payout.findUniqueOrThrow({ where: { id: payout.id } });
    expect(stored).toMatchObject({
      status: "paid",
      reference: expect.stringMatching(/^gid:\/\/shopify\/StoreCreditAccountCreditTransaction\//),
    });
    expect((await prisma.ledgerLine.findUniqueOrThrow({ where: { id: line.id } })).status).toBe("paid");

    // Clicking again pays nothing.
    const again = await post(
      batchAction,
      `/app/payouts/batches/${batchId}`,
      { id: batchId },
      { intent: "pay-store-credit", id: payout.id },
    );
    expect(again.body.ok).toBe(false);
    expect(credits()).toHaveLength(1);
  });

  it("is paid once when Shopify's answer is lost and the merchant tries again", async () => {
    const carol = await createAffiliate({ name: "Carol", customerId: "7001" });
    await approved(carol, 3000);
    const batchId = await createBatch("store_credit", [`${carol.id}:USD`]);
    const payoutId = (await prisma.payout.findFirstOrThrow({ where: { batchId } })).id;

    // Shopify credits the account, and the answer never arrives.
    store.failNext(1, { status: "network", operation: "PayoutStoreCreditCredit", answerLost: true });
    const warnings = captureConsoleWarnings();
    const lost = await post(
      payoutAction,
      `/app/payouts/${payoutId}`,
      { id: payoutId },
      { intent: "pay-store-credit" },
    );
    expect(lost.body.ok).toBe(false);
    expect(lost.body.problems[0].message).toMatch(/did not answer/);
    expect(warnings).toHaveBeenCalledWith(
      `Store credit for payout ${payoutId}: no answer from Shopify`,
      expect.any(Error),
    );
    expect(credits()).toHaveLength(1);
    expect(await prisma.payout.findUniqueOrThrow({ where: { id: payoutId } })).toMatchObject({
      status: "sent",
    });

    const retry = await post(
      payoutAction,
      `/app/payouts/${payoutId}`,
      { id: payoutId },
      { intent: "pay-store-credit" },
    );
    expect(retry.body).toMatchObject({ ok: true });
    expect(credits()).toHaveLength(1);
    expect(store.callsTo("PayoutStoreCreditCredit")).toHaveLength(1);
    expect(store.callsTo("PayoutStoreCreditRecentCredits")).toHaveLength(1);
    const payout = await prisma.payout.findUniqueOrThrow({ where: { id: payoutId } });
    expect(payout).toMatchObject({
      status: "paid",
      reference: `gid://shopify/StoreCreditAccountCreditTransaction/${credits()[0].id}`,
    });
  });

  it("pays again when the lost request never reached Shopify", async () => {
    const carol = await createAffiliate({ name: "Carol", customerId: "7001" });
    await approved(carol, 3000);
    const batchId = await createBatch("store_credit", [`${carol.id}:USD`]);
    const payoutId = (await prisma.payout.findFirstOrThrow({ where: { batchId } })).id;
    store.failNext(1, { status: "network", operation: "PayoutStoreCreditCredit" });
    const warnings = captureConsoleWarnings();
    expect(
      (await post(payoutAction, `/app/payouts/${payoutId}`, { id: payoutId }, { intent: "pay-store-credit" }))
        .body.ok,
    ).toBe(false);
    expect(warnings).toHaveBeenCalledWith(
      `Store credit for payout ${payoutId}: no answer from Shopify`,
      expect.any(Error),
    );
    expect(credits()).toHaveLength(0);
    expect(
      (await post(payoutAction, `/app/payouts/${payoutId}`, { id: payoutId }, { intent: "pay-store-credit" }))
        .body.ok,
    ).toBe(true);
    expect(credits()).toHaveLength(1);
  });

  it("shows Shopify's userErrors and releases the lines when Shopify refuses", async () => {
    const ghost = await createAffiliate({ name: "Ghost", customerId: "7999" }); // not a customer of the store
    await approved(ghost, 1000);
    const batchId = await createBatch("store_credit", [`${ghost.id}:USD`]);
    const payoutId = (await prisma.payout.findFirstOrThrow({ where: { batchId } })).id;
    const refused = await post(
      payoutAction,
      `/app/payouts/${payoutId}`,
      { id: payoutId },
      { intent: "pay-store-credit" },
    );
    expect(refused.body.problems).toEqual([{ reference: "P000001", message: "Owner does not exist." }]);
    expect(await prisma.payout.findUniqueOrThrow({ where: { id: payoutId } })).toMatchObject({
      status: "failed",
    });
    expect(await prisma.payoutLine.count()).toBe(0);
    const view = await payoutLoader(args(await adminRequest(`/app/payouts/${payoutId}`), { id: payoutId }));
    expect(view.released).toBe(true);
    expect(view.lines).toHaveLength(1);
  });
});

describe("PayPal", () => {
  it("writes PayPal's bulk upload rows: email, amount, currency, reference, note, wallet; no header", () => {
    const file = paypalPayoutFile(
      [
        { number: 42, recipient: "ann@example.com", amountMinor: 12550, currency: "USD" },
        { number: 43, recipient: "bob@example.com", amountMinor: 8000, currency: "USD" },
      ],
      'Trail, "Co"',
    );
    expect(file.csv).toBe(
      'ann@example.com,125.50,USD,P000042,"Affiliate commissions from Trail, ""Co"" (P000042)",PAYPAL\r\n' +
        'bob@example.com,80.00,USD,P000043,"Affiliate commissions from Trail, ""Co"" (P000043)",PAYPAL\r\n',
    );
    expect(file).toMatchObject({ rows: 2, totalMinor: 20550, currency: "USD" });
    expect(
      paypalPayoutFile([{ number: 1, recipient: "a@b.c", amountMinor: 1200, currency: "JPY" }], "S").csv,
    ).toMatch(/^a@b\.c,1200,JPY,/);
    expect(() =>
      paypalPayoutFile(
        [
          { number: 1, recipient: "a@b.c", amountMinor: 1, currency: "USD" },
          { number: 2, recipient: "a@b.c", amountMinor: 1, currency: "EUR" },
        ],
        "S",
      ),
    ).toThrow(/one currency/);
  });

  it("downloads a batch's file per currency, marks it sent, then paid with PayPal's reference", async () => {
    const ann = await createAffiliate({
      name: "Ann",
      email: "ann@example.com",
      payoutEmail: "ann.paypal@example.com",
    });
    const bob = await createAffiliate({ name: "Bob", email: "bob@example.com" });
    const annLine = await approved(ann, 12550);
    const bobLine = await approved(bob, 4000);
    await createReversal(bobLine, { status: "approved", amountMinor: -1000, amount: "-10.00" });
    await approved(bob, 500, { currency: "EUR", amount: "5.00" });
    const batchId = await createBatch("paypal", [`${ann.id}:USD`, `${bob.id}:USD`, `${bob.id}:EUR`]);
    const get = async (currency: string) =>
      (await settle(async () =>
        paypalLoader(
          args(await adminRequest(`/app/payouts/batches/${batchId}/paypal?currency=${currency}`), {
            id: batchId,
          }),
        ),
      )) as Response;
    const usd = await get("USD");
    expect(usd.headers.get("Content-Disposition")).toMatch(/paypal-payouts-B0001-USD\.csv/);
    const rows = (await usd.text()).trim().split("\r\n");
    expect(rows.map((row) => row.split(",").slice(0, 4))).toEqual([
      ["ann.paypal@example.com", "125.50", "USD", "P000001"],
      ["bob@example.com", "30.00", "USD", "P000002"],
    ]);
    expect((await (await get("EUR")).text()).split(",").slice(0, 4)).toEqual([
      "bob@example.com",
      "5.00",
      "EUR",
      "P000003",
    ]);
    expect((await get("GBP")).status).toBe(404);

    const ids = (await prisma.payout.findMany({ where: { batchId }, orderBy: { number: "asc" } })).map(
      (p) => p.id,
    );
    const sent = await post(
      batchAction,
      `/app/payouts/batches/${batchId}`,
      { id: batchId },
      { intent: "mark-sent", id: ids },
    );
    expect(sent.body.toast.message).toBe("3 payouts marked sent");
    const paid = await post(
      payoutAction,
      `/app/payouts/${ids[0]}`,
      { id: ids[0] },
      {
        intent: "mark-paid",
        reference: "7XK12345AB",
        paidAt: "2026-06-02",
      },
    );
    expect(paid.body.ok).toBe(true);
    expect(await prisma.payout.findUniqueOrThrow({ where: { id: ids[0] } })).toMatchObject({
      status: "paid",
      reference: "7XK12345AB",
      paidAt: new Date("2026-06-02T12:00:00Z"),
    });
    expect((await prisma.ledgerLine.findUniqueOrThrow({ where: { id: annLine.id } })).status).toBe("paid");

    const csv = await (
      (await settle(async () =>
        exportLoader(args(await adminRequest("/app/payouts/export?status=paid"))),
      )) as Response
    ).text();
    expect(csv.trim().split("\r\n")).toHaveLength(2);
    expect(csv).toContain("P000001");
  });

  it("never shows or pays another shop's batch or payout", async () => {
    const theirs = await createAffiliate({ shop: OTHER_SHOP, email: "t@example.com" });
    await approved(theirs, 1000);
    const batchId = await createBatch("paypal", [`${theirs.id}:USD`], OTHER_SHOP);
    const payoutId = (await prisma.payout.findFirstOrThrow({ where: { batchId } })).id;
    const status = async (run: () => Promise<unknown>) => {
      const result = await settle(run);
      return result instanceof Response ? result.status : 200;
    };
    expect(
      await status(async () =>
        batchLoader(args(await adminRequest(`/app/payouts/batches/${batchId}`), { id: batchId })),
      ),
    ).toBe(404);
    expect(
      await status(async () =>
        payoutLoader(args(await adminRequest(`/app/payouts/${payoutId}`), { id: payoutId })),
      ),
    ).toBe(404);
    const paid = await post(
      payoutAction,
      `/app/payouts/${payoutId}`,
      { id: payoutId },
      { intent: "mark-paid", reference: "x", paidAt: "2026-06-02" },
    );
    expect(paid.body.ok).toBe(false);
    expect(await prisma.payout.findUniqueOrThrow({ where: { id: payoutId } })).toMatchObject({
      status: "draft",
    });
  });
});
