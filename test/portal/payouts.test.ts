// The affiliate's payouts in the portal, end to end at the route level: requests signed as Shopify's app proxy
// signs them, the real database. An affiliate sees their own balance and payouts only, and sets the payout
// email that the PayPal batch file then pays and the merchant sees on the affiliate's page.
import type { Affiliate } from "@prisma/client";
import { API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { issueFormToken } from "~/lib/form-token.server";
import { createPayoutBatch, markPayoutPaid, markPayoutsSent } from "~/models/payouts/payouts.server";
import { savePayoutSettings } from "~/models/payouts/settings.server";
import { affiliatePayoutSummary, batchPaypalFile } from "~/models/payouts/views.server";
import { savePortalSettings } from "~/models/portal/settings.server";
import { action as portalAction, loader as portalLoader } from "~/routes/proxy._index";
import { createAffiliate, createCommission } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { proxyRequest } from "~test/helpers/proxy";
import { OTHER_SHOP, TEST_SHOP, installShop } from "~test/helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

async function run(handler: (a: ReturnType<typeof args>) => Promise<Response>, request: Request) {
  try {
    return await handler(args(request));
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const portal = async (customerId: string, shop = TEST_SHOP) =>
  (await run(portalLoader, proxyRequest("/proxy", { customerId, shop }))).text();

function payoutEmailForm(payoutEmail: string, customerId: string, token?: string) {
  return {
    intent: "payout-email",
    form_token: token ?? issueFormToken(API_SECRET_KEY, `${TEST_SHOP}|${customerId}`),
    payoutEmail,
  };
}

const postPayoutEmail = (form: Record<string, string>, customerId: string | null) =>
  run(portalAction, proxyRequest("/proxy", { customerId, form }));

beforeEach(async () => {
  await resetDatabase();
  await installShop(TEST_SHOP);
  await savePortalSettings(prisma, TEST_SHOP, {
    signUpOpen: true,
    autoApprove: false,
    terms: "",
    welcomeMessage: "",
    showCustomerEmails: false,
  });
  for (const shop of [TEST_SHOP, OTHER_SHOP]) {
    expect(
      await savePayoutSettings(prisma, shop, {
        holdingDays: "30",
        holdingFrom: "approval",
        minimums: { USD: "25.00" },
        methods: ["manual", "paypal", "store_credit"],
      }),
    ).toBeNull();
  }
});

function approved(affiliate: Affiliate, amount: string, approvedDaysAgo: number) {
  return createCommission(affiliate, {
    status: "approved",
    amount,
    amountMinor: Math.round(Number(amount) * 100),
    statusChangedAt: daysAgo(approvedDaysAgo),
    orderCreatedAt: daysAgo(approvedDaysAgo + 5),
  });
}

async function paidByPaypal(affiliate: Affiliate, reference: string, shop = TEST_SHOP) {
  const { payoutIds } = await createPayoutBatch(prisma, shop, {
    balances: [{ affiliateId: affiliate.id, currency: "USD" }],
    method: "paypal",
    createdBy: "merchant",
  });
  expect(payoutIds).toHaveLength(1);
  await markPayoutsSent(prisma, shop, payoutIds);
  await markPayoutPaid(prisma, shop, payoutIds[0], { reference, paidAt: daysAgo(1) });
  return payoutIds[0];
}

describe("the portal's payouts: the affiliate's own", () => {
  it("shows their balance (payable now, still held) and their payouts, and nothing of anyone else's", async () => {
    const ann = await createAffiliate({
      name: "Ann",
      refCode: "ann",
      customerId: "7001",
      email: "ann@example.com",
    });
    const bob = await createAffiliate({
      name: "Bob",
      refCode: "bob",
      customerId: "7002",
      email: "bob@example.com",
    });
    const elsewhere = await createAffiliate({
      shop: OTHER_SHOP,
      name: "Ann elsewhere",
      refCode: "ann",
      customerId: "7001",
      email: "ann@example.com",
    });
    // Ann: $40.00 paid by PayPal, then $31.50 payable now and $7.25 still held.
    await approved(ann, "40.00", 60);
    await paidByPaypal(ann, "PAYPAL-TX-ANN");
    await approved(ann, "31.50", 45);
    await approved(ann, "7.25", 3);
    // Bob and Ann's namesake in another shop: their payouts and balances must never show.
    await approved(bob, "777.00", 60);
    await paidByPaypal(bob, "PAYPAL-TX-BOB");
    await approved(bob, "88.80", 45);
    await approved(elsewhere, "654.00", 60);
    await paidByPaypal(elsewhere, "PAYPAL-TX-ELSEWHERE", OTHER_SHOP);

    const body = await portal("7001");
    expect(body).toContain("Your payouts");
    expect(body).toMatch(/Payable now \(USD\)<\/span><strong>\$31\.50<\/strong>/);
    expect(body).toContain("Paid in the next payout");
    expect(body).toMatch(/In the holding period \(USD\)<\/span><strong>\$7\.25<\/strong>/);
    expect(body).toContain("become payable 30 days after approval");
    expect(body).toContain("P000001");
    expect(body).toContain("$40.00");
    expect(body).toContain("PayPal PAYPAL-TX-ANN");
    expect(body).toMatch(/>\s*Paid\s*</);
    for (const foreign of [
      "P000002",
      "$777.00",
      "$88.80",
      "PAYPAL-TX-BOB",
      "$654.00",
      "PAYPAL-TX-ELSEWHERE",
    ]) {
      expect(body).not.toContain(foreign);
    }
  });

  it("says what is not yet payable, shows payouts on their way, never a store credit or bank reference", async () => {
    const ann = await createAffiliate({ name: "Ann", refCode: "ann", customerId: "7001" });
    await approved(ann, "30.00", 60);
    const { payoutIds } = await createPayoutBatch(prisma, TEST_SHOP, {
      balances: [{ affiliateId: ann.id, currency: "USD" }],
      method: "manual",
      createdBy: "merchant",
    });
    await markPayoutPaid(prisma, TEST_SHOP, payoutIds[0], {
      reference: "INTERNAL-NOTE-42",
      paidAt: daysAgo(1),
    });
    await approved(ann, "26.00", 60);
    await createPayoutBatch(prisma, TEST_SHOP, {
      balances: [{ affiliateId: ann.id, currency: "USD" }],
      method: "paypal",
      createdBy: "merchant",
    });
    await approved(ann, "12.00", 40); // below the $25.00 minimum
    const body = await portal("7001");
    expect(body).toContain("Bank transfer or other");
    expect(body).not.toContain("INTERNAL-NOTE-42");
    expect(body).toContain("P000002");
    expect(body).toContain("Being prepared");
    expect(body).toMatch(/Payable now \(USD\)<\/span><strong>\$12\.00<\/strong>/);
    expect(body).toContain("Paid once it reaches $25.00");
  });
});

describe("the payout email", () => {
  it("is set in the portal, paid by the PayPal batch file, and shown to the merchant", async () => {
    const ann = await createAffiliate({
      name: "Ann",
      refCode: "ann",
      customerId: "7001",
      email: "ann@example.com",
    });
    const bob = await createAffiliate({
      name: "Bob",
      refCode: "bob",
      customerId: "7002",
      email: "bob@example.com",
    });
    expect(await portal("7001")).toContain("PayPal payouts go to <strong>ann@example.com</strong>");

    const response = await postPayoutEmail(payoutEmailForm("  ann.paypal@example.net ", "7001"), "7001");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const body = await response.text();
    expect(body).toContain("Your payout email is saved.");
    expect(body).toContain("PayPal payouts go to <strong>ann.paypal@example.net</strong>");
    expect(await prisma.affiliate.findUniqueOrThrow({ where: { id: ann.id } })).toMatchObject({
      payoutEmail: "ann.paypal@example.net",
    });
    expect((await prisma.affiliate.findUniqueOrThrow({ where: { id: bob.id } })).payoutEmail).toBeNull();

    // The merchant sees it on the affiliate's page…
    expect((await affiliatePayoutSummary(prisma, TEST_SHOP, ann.id)).paypal).toEqual({
      email: "ann.paypal@example.net",
      setByAffiliate: true,
    });
    // …and PayPal pays it.
    await approved(ann, "50.00", 60);
    const { batchId } = await createPayoutBatch(prisma, TEST_SHOP, {
      balances: [{ affiliateId: ann.id, currency: "USD" }],
      method: "paypal",
      createdBy: "merchant",
    });
    const file = await batchPaypalFile(prisma, TEST_SHOP, batchId ?? "", "USD", "Test shop");
    expect(file?.csv.split("\n")[0]).toMatch(/^ann\.paypal@example\.net,50\.00,USD,P000001,/);

    // Emptied, the affiliate's own email is paid again.
    await postPayoutEmail(payoutEmailForm("", "7001"), "7001");
    expect((await prisma.affiliate.findUniqueOrThrow({ where: { id: ann.id } })).payoutEmail).toBeNull();
    expect((await affiliatePayoutSummary(prisma, TEST_SHOP, ann.id)).paypal).toEqual({
      email: "ann@example.com",
      setByAffiliate: false,
    });
  });

  it("refuses an invalid address next to the field, keeping what was typed (escaped), saving nothing", async () => {
    const ann = await createAffiliate({ refCode: "ann", customerId: "7001", payoutEmail: "old@example.com" });
    const body = await (
      await postPayoutEmail(payoutEmailForm("{{ customer.email }}", "7001"), "7001")
    ).text();
    expect(body).toContain("Enter a valid email address");
    expect(body).toContain('aria-invalid="true"');
    expect(body).toContain("&#123;&#123; customer.email &#125;&#125;");
    expect(body).not.toContain("{{ customer.email }}");
    expect((await prisma.affiliate.findUniqueOrThrow({ where: { id: ann.id } })).payoutEmail).toBe(
      "old@example.com",
    );
  });

  it("is changed only by the affiliate themselves, with this app's form for them", async () => {
    const ann = await createAffiliate({ refCode: "ann", customerId: "7001", payoutEmail: "old@example.com" });
    await createAffiliate({ refCode: "pending", customerId: "7003", applicationStatus: "pending" });
    const unchanged = async () =>
      expect((await prisma.affiliate.findUniqueOrThrow({ where: { id: ann.id } })).payoutEmail).toBe(
        "old@example.com",
      );

    // Another site's form (no token, or a token made for someone else).
    const noToken = await postPayoutEmail(
      { intent: "payout-email", payoutEmail: "thief@example.com" },
      "7001",
    );
    expect(await noToken.text()).toContain("This form has expired");
    await postPayoutEmail(
      payoutEmailForm("thief@example.com", "7001", issueFormToken(API_SECRET_KEY, `${TEST_SHOP}|7002`)),
      "7001",
    );
    await unchanged();
    // A visitor, a customer who is no affiliate, an applicant: refused.
    for (const customerId of [null, "7999", "7003"]) {
      const refused = await postPayoutEmail(
        payoutEmailForm("thief@example.com", customerId ?? ""),
        customerId,
      );
      expect(refused.status).toBe(403);
    }
    // A forged request: 401, nothing kept.
    const forged = await run(
      portalAction,
      proxyRequest("/proxy", {
        customerId: "7001",
        secret: "forged",
        form: payoutEmailForm("thief@example.com", "7001"),
      }),
    );
    expect(forged.status).toBe(401);
    // The same customer in another shop is another affiliate.
    await createAffiliate({
      shop: OTHER_SHOP,
      refCode: "ann",
      customerId: "7001",
      payoutEmail: "other@example.com",
    });
    await run(
      portalAction,
      proxyRequest("/proxy", {
        customerId: "7001",
        shop: OTHER_SHOP,
        form: {
          ...payoutEmailForm("new@example.com", "7001"),
          form_token: issueFormToken(API_SECRET_KEY, `${OTHER_SHOP}|7001`),
        },
      }),
    );
    await unchanged();
    expect((await prisma.affiliate.findFirstOrThrow({ where: { shop: OTHER_SHOP } })).payoutEmail).toBe(
      "new@example.com",
    );
  });
});
