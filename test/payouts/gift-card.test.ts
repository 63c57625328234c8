// Paying payouts with Shopify gift cards through the screens' routes, against the emulated Shopify: once,
// even when Shopify's answer is lost and the merchant tries again; Shopify's userErrors shown; the shop's
// currency only.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as balancesAction, loader as balancesLoader } from "~/routes/app.payouts._index";
import { action as batchAction, loader as batchLoader } from "~/routes/app.payouts.batches.$id";
import { action as payoutAction } from "~/routes/app.payouts.$id";
import { giftCardCodeOf } from "~/models/payouts/gift-card.server";
import { createPayoutBatch } from "~/models/payouts/payouts.server";
import { API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { createAffiliate } from "~test/factories";
import { captureConsoleWarnings } from "~test/helpers/console";
import { approved, args, createBatch, payoutsAgainstEmulatedShopify, post } from "~test/helpers/payouts";
import { TEST_SHOP, adminRequest, settle } from "~test/helpers/shopify";

let store: Awaited<ReturnType<typeof payoutsAgainstEmulatedShopify>>;

beforeEach(async () => {
  store = await payoutsAgainstEmulatedShopify(["manual", "gift_card"]);
});

const cards = () => store.giftCards.issued();
const pay = (payoutId: string) =>
  post(payoutAction, `/app/payouts/${payoutId}`, { id: payoutId }, { intent: "pay-gift-card" });

describe("gift cards", () => {
  it("issue one card to the affiliate's customer, in the shop's currency, and the lines are paid", async () => {
    const carol = await createAffiliate({ name: "Carol", customerId: "7001" });
    const line = await approved(carol, 1250);
    const { balances } = await balancesLoader(args(await adminRequest("/app/payouts")));
    expect(balances.items.map((b) => [b.affiliateName, b.payableMinor, b.methods])).toEqual([
      ["Carol", 1250, ["gift_card", "manual"]],
    ]);
    const batchId = await createBatch("gift_card", [`${carol.id}:USD`]);
    const [payout] = (
      await batchLoader(args(await adminRequest(`/app/payouts/batches/${batchId}`), { id: batchId }))
    ).payouts;
    expect(payout).toMatchObject({
      amount: "12.50",
      status: "draft",
      recipient: "gid://shopify/Customer/7001",
    });

    const paid = await post(
      batchAction,
      `/app/payouts/batches/${batchId}`,
      { id: batchId },
      { intent: "pay-gift-card", id: payout.id },
    );
    expect(paid.body).toMatchObject({
      ok: true,
      problems: [],
      toast: { message: "1 payout paid by gift card" },
    });
    const code = giftCardCodeOf(API_SECRET_KEY, TEST_SHOP, payout.id);
    expect(code).toMatch(/^[a-z0-9]{20}$/);
    expect(cards()).toMatchObject([
      {
        customerId: "7001",
        recipientId: "7001",
        initialValue: "12.50",
        currency: "USD",
        code,
        note: "Affiliate payout P000001",
      },
    ]);
    const stored = await prisma.payout.findUniqueOrThrow({ where: { id: payout.id } });
    expect(stored).toMatchObject({ status: "paid", reference: `gid://shopify/GiftCard/${cards()[0].id}` });
    // The code is a bearer credential: the app keeps it nowhere.
    expect(JSON.stringify(stored)).not.toContain(code);
    expect((await prisma.ledgerLine.findUniqueOrThrow({ where: { id: line.id } })).status).toBe("paid");

    expect((await pay(payout.id)).body.ok).toBe(false); // clicking again issues nothing
    expect(cards()).toHaveLength(1);
  });

  it("issue one card when Shopify's answer is lost and the merchant tries again", async () => {
    const carol = await createAffiliate({ name: "Carol", customerId: "7001" });
    await approved(carol, 3000);
    const batchId = await createBatch("gift_card", [`${carol.id}:USD`]);
    const payoutId = (await prisma.payout.findFirstOrThrow({ where: { batchId } })).id;

    store.failNext(1, { status: "network", operation: "PayoutGiftCardCreate", answerLost: true });
    const warnings = captureConsoleWarnings();
    const lost = await pay(payoutId);
    expect(lost.body.ok).toBe(false);
    expect(warnings).toHaveBeenCalledWith(
      `Gift card for payout ${payoutId}: no answer from Shopify`,
      expect.any(Error),
    );
    expect(lost.body.problems[0].message).toMatch(/did not answer/);
    expect(cards()).toHaveLength(1);
    expect(await prisma.payout.findUniqueOrThrow({ where: { id: payoutId } })).toMatchObject({
      status: "sent",
    });

    expect((await pay(payoutId)).body).toMatchObject({ ok: true });
    expect(cards()).toHaveLength(1);
    expect(store.callsTo("PayoutGiftCardCreate")).toHaveLength(1);
    expect(store.callsTo("PayoutGiftCardsByCode")).toHaveLength(1);
    expect(await prisma.payout.findUniqueOrThrow({ where: { id: payoutId } })).toMatchObject({
      status: "paid",
      reference: `gid://shopify/GiftCard/${cards()[0].id}`,
    });
  });

  it("issue the card when the lost request never reached Shopify", async () => {
    const carol = await createAffiliate({ name: "Carol", customerId: "7001" });
    await approved(carol, 3000);
    const batchId = await createBatch("gift_card", [`${carol.id}:USD`]);
    const payoutId = (await prisma.payout.findFirstOrThrow({ where: { batchId } })).id;
    store.failNext(1, { status: "network", operation: "PayoutGiftCardCreate" });
    const warnings = captureConsoleWarnings();
    expect((await pay(payoutId)).body.ok).toBe(false);
    expect(warnings).toHaveBeenCalledWith(
      `Gift card for payout ${payoutId}: no answer from Shopify`,
      expect.any(Error),
    );
    expect(cards()).toHaveLength(0);
    expect((await pay(payoutId)).body.ok).toBe(true);
    expect(cards()).toHaveLength(1);
  });

  it("record the card already issued when Shopify says the payout's code is taken", async () => {
    const carol = await createAffiliate({ name: "Carol", customerId: "7001" });
    await approved(carol, 3000);
    const batchId = await createBatch("gift_card", [`${carol.id}:USD`]);
    const payoutId = (await prisma.payout.findFirstOrThrow({ where: { batchId } })).id;
    // The card exists in Shopify though the app never recorded an attempt (say, its database was restored).
    store.giftCards.create({
      input: {
        initialValue: "30.00",
        code: giftCardCodeOf(API_SECRET_KEY, TEST_SHOP, payoutId),
        customerId: "gid://shopify/Customer/7001",
      },
    });
    expect((await pay(payoutId)).body).toMatchObject({ ok: true });
    expect(cards()).toHaveLength(1);
    expect(store.callsTo("PayoutGiftCardCreate")).toHaveLength(1);
    expect(await prisma.payout.findUniqueOrThrow({ where: { id: payoutId } })).toMatchObject({
      status: "paid",
      reference: `gid://shopify/GiftCard/${cards()[0].id}`,
    });
  });

  it("show Shopify's userErrors and release the lines when Shopify refuses", async () => {
    const ghost = await createAffiliate({ name: "Ghost", customerId: "7999" }); // not a customer of the store
    await approved(ghost, 1000);
    const batchId = await createBatch("gift_card", [`${ghost.id}:USD`]);
    const payoutId = (await prisma.payout.findFirstOrThrow({ where: { batchId } })).id;
    const refused = await pay(payoutId);
    expect(refused.body.problems).toEqual([{ reference: "P000001", message: "Customer could not be found" }]);
    expect(await prisma.payout.findUniqueOrThrow({ where: { id: payoutId } })).toMatchObject({
      status: "failed",
      failureReason: "Shopify refused: Customer could not be found",
    });
    expect(await prisma.payoutLine.count()).toBe(0);
    expect(cards()).toHaveLength(0);
  });

  it("are offered only for balances in the shop's currency, saying why", async () => {
    const carol = await createAffiliate({ name: "Carol", customerId: "7001" });
    await approved(carol, 1000);
    await approved(carol, 2000, { currency: "EUR" });
    const response = (await settle(async () =>
      balancesAction(
        args(
          await adminRequest("/app/payouts", {
            form: { method: "gift_card", balance: [`${carol.id}:EUR`, `${carol.id}:USD`] },
          }),
        ),
      ),
    )) as Response;
    expect(response.status).toBe(302);
    const payouts = await prisma.payout.findMany();
    expect(payouts.map((p) => p.currency)).toEqual(["USD"]);
    expect(response.headers.get("Location")).toContain("skipped=1");
    expect(
      await createPayoutBatch(prisma, TEST_SHOP, {
        balances: [{ affiliateId: carol.id, currency: "EUR" }],
        method: "gift_card",
        createdBy: "merchant",
        shopCurrency: "USD",
      }),
    ).toMatchObject({
      batchId: null,
      skipped: [{ reason: "Gift cards are only in the shop's currency (USD); this balance is in EUR" }],
    });
  });
});
