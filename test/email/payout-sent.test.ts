// The "payout sent" email, end to end: queued in the transaction that records a payout paid (never when it is
// only marked sent), once per payout however the payment is retried, delivered by the outbox to a real SMTP
// server on loopback. Store credit is paid against the emulated Shopify, its answer lost once.
import type { Affiliate } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { deliverDueEmails, type OutboxDeps } from "~/models/email/outbox.server";
import { payoutAction } from "~/models/payouts/actions.server";
import { createPayoutBatch, markPayoutPaid, markPayoutsSent } from "~/models/payouts/payouts.server";
import { savePayoutSettings } from "~/models/payouts/settings.server";
import { shopProfilesFrom } from "~/pipeline/email-worker.server";
import { processDeps } from "~/pipeline/runtime.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate, createCommission } from "~test/factories";
import { captureConsoleWarnings } from "~test/helpers/console";
import { resetDatabase } from "~test/helpers/db";
import { startTestMailbox } from "~test/helpers/mailbox";
import { mswServer } from "~test/helpers/msw";
import { TEST_SHOP, installShop } from "~test/helpers/shopify";

let mailbox: Awaited<ReturnType<typeof startTestMailbox>>;
let store: ReturnType<typeof createShopifyEmulator>["store"];
let carol: Affiliate;

beforeAll(async () => {
  mailbox = await startTestMailbox();
});
afterAll(() => mailbox.close());

beforeEach(async () => {
  await resetDatabase();
  mailbox.messages.length = 0;
  const emulator = createShopifyEmulator({
    shop: { name: "Maple & Co", contactEmail: "hello@maple.example", ianaTimezone: "UTC" },
    customers: [{ id: "7001", email: "carol@example.com", firstName: "Carol", lastName: "Ng" }],
  });
  mswServer.resetHandlers(...emulator.handlers);
  store = emulator.store;
  await installShop(TEST_SHOP);
  await savePayoutSettings(prisma, TEST_SHOP, {
    holdingDays: "0",
    holdingFrom: "approval",
    minimums: {},
    methods: ["manual", "paypal", "store_credit"],
  });
  carol = await createAffiliate({ name: "Carol Ng", email: "carol@example.com", customerId: "7001" });
  await createCommission(carol, {
    status: "approved",
    amount: "42.50",
    amountMinor: 4250,
    statusChangedAt: new Date(Date.now() - 86_400_000),
  });
});

function outbox(): OutboxDeps {
  return {
    db: prisma,
    mailer: mailbox.mailer,
    shopProfile: shopProfilesFrom(processDeps().graphqlFor, () => new Date()),
    now: () => new Date(),
  };
}

async function payout(method: "manual" | "paypal" | "store_credit") {
  const { payoutIds } = await createPayoutBatch(prisma, TEST_SHOP, {
    balances: [{ affiliateId: carol.id, currency: "USD" }],
    method,
    createdBy: "merchant",
  });
  expect(payoutIds).toHaveLength(1);
  return payoutIds[0];
}

const payoutEmails = () => prisma.affiliateEmail.findMany({ where: { kind: "payout_sent" } });

describe("the payout sent email", () => {
  it("is queued when the payout is paid, not when it is only sent, and arrives once", async () => {
    const id = await payout("paypal");
    await markPayoutsSent(prisma, TEST_SHOP, [id]);
    await markPayoutsSent(prisma, TEST_SHOP, [id]); // a second click
    expect(await payoutEmails()).toHaveLength(0);

    // Paid twice at once (two tabs), then once more (a retried request): one payout paid, one email.
    const paid = await Promise.allSettled([
      markPayoutPaid(prisma, TEST_SHOP, id, {
        reference: "9XY12345AB678901C",
        paidAt: new Date("2026-06-01T12:00:00Z"),
      }),
      markPayoutPaid(prisma, TEST_SHOP, id, {
        reference: "9XY12345AB678901C",
        paidAt: new Date("2026-06-01T12:00:00Z"),
      }),
    ]);
    expect(paid.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    await expect(
      markPayoutPaid(prisma, TEST_SHOP, id, { reference: "again", paidAt: new Date() }),
    ).rejects.toThrow(/paid/);
    expect(await payoutEmails()).toHaveLength(1);

    expect(await deliverDueEmails(outbox())).toMatchObject({ sent: 1, failed: 0 });
    expect(await deliverDueEmails(outbox())).toMatchObject({ sent: 0 });
    expect(mailbox.messages).toHaveLength(1);
    const [email] = mailbox.messages;
    expect(email.to).toEqual(["carol@example.com"]);
    expect(email.subject).toBe("Maple & Co paid you $42.50");
    expect(email.text).toContain("Hi Carol Ng,");
    expect(email.text).toContain("We paid you $42.50 in commissions on Jun 1, 2026, to your PayPal account.");
    expect(email.text).toContain("Payout reference: P000001");
  });

  it("is sent once for store credit whose answer was lost and whose payment was retried", async () => {
    const id = await payout("store_credit");
    const graphql = await processDeps().graphqlFor(TEST_SHOP);
    if (!graphql) throw new Error("the test shop is installed");
    const pay = () => {
      const form = new FormData();
      form.set("intent", "pay-store-credit");
      form.append("id", id);
      return payoutAction(prisma, graphql, TEST_SHOP, form);
    };
    store.failNext(1, { status: "network", operation: "PayoutStoreCreditCredit", answerLost: true });
    const warnings = captureConsoleWarnings();
    expect((await pay()).ok).toBe(false);
    expect(warnings).toHaveBeenCalledWith(
      `Store credit for payout ${id}: no answer from Shopify`,
      expect.any(Error),
    );
    expect(await payoutEmails()).toHaveLength(0); // sent, not known paid: nothing said yet
    expect((await pay()).ok).toBe(true); // found Shopify's credit: recorded, not paid again
    await expect(pay()).resolves.toMatchObject({ ok: false }); // and a third click changes nothing
    expect(store.callsTo("PayoutStoreCreditCredit")).toHaveLength(1);
    expect(await payoutEmails()).toHaveLength(1);

    await deliverDueEmails(outbox());
    expect(mailbox.messages).toHaveLength(1);
    expect(mailbox.messages[0].text).toContain("as store credit on your customer account");
  });

  it("is not sent for a payout that failed or was cancelled", async () => {
    const id = await payout("manual");
    const form = new FormData();
    form.set("intent", "cancel");
    form.append("id", id);
    const graphql = await processDeps().graphqlFor(TEST_SHOP);
    if (!graphql) throw new Error("the test shop is installed");
    expect((await payoutAction(prisma, graphql, TEST_SHOP, form)).ok).toBe(true);
    expect(await payoutEmails()).toHaveLength(0);
    await deliverDueEmails(outbox());
    expect(mailbox.messages).toHaveLength(0);
  });
});
