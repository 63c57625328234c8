// The merchant's decisions on applications, through the Affiliates screens' actions (real session tokens,
// real database): approve and decline singly and in bulk, each applicant emailed once; only approved and
// active affiliates earn.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as listAction, loader as listLoader } from "~/routes/app.affiliates._index";
import { action as detailAction } from "~/routes/app.affiliates.$id._index";
import { savePortalSettings } from "~/models/portal/settings.server";
import { DEFAULT_PROGRAM, saveProgramSettings } from "~/models/program/program.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload } from "~test/helpers/orders";
import { deliver, drain } from "~test/helpers/pipeline";
import { OTHER_SHOP, TEST_SHOP, adminRequest, installShop, settle } from "~test/helpers/shopify";

const applicant = (name: string, overrides: Parameters<typeof createAffiliate>[0] = {}) =>
  createAffiliate({
    name,
    refCode: name.toLowerCase(),
    email: `${name.toLowerCase()}@example.com`,
    applicationStatus: "pending",
    appliedAt: new Date(),
    promotion: `${name}'s blog`,
    ...overrides,
  });

async function act(
  handler: typeof listAction | typeof detailAction,
  form: Record<string, string | string[]>,
  params: Record<string, string> = {},
) {
  const request = await adminRequest("/app/affiliates", { form });
  return (await settle(() => handler({ request, params, context: {} }))) as Response;
}

beforeEach(async () => {
  await resetDatabase();
  mswServer.resetHandlers(...createShopifyEmulator({}).handlers);
  await installShop(TEST_SHOP);
  await savePortalSettings(prisma, TEST_SHOP, {
    signUpOpen: true,
    autoApprove: false,
    terms: "Terms",
    welcomeMessage: "Hello there",
    showCustomerEmails: false,
  });
});

describe("approve and decline", () => {
  it("lists pending applications apart, and approves several at once, emailing each applicant once", async () => {
    const ann = await applicant("Ann");
    const bob = await applicant("Bob");
    await applicant("Cat");
    await createAffiliate({ name: "Hand-made" });
    await applicant("Elsewhere", { shop: OTHER_SHOP });

    const listed = await listLoader({
      request: await adminRequest("/app/affiliates?status=pending"),
      params: {},
      context: {},
    });
    expect(listed.affiliates.items.map((a) => a.name).sort()).toEqual(["Ann", "Bob", "Cat"]);
    expect(listed.pendingCount).toBe(3);

    const answer = await act(listAction, { intent: "approve", ids: [ann.id, bob.id] });
    expect(((await answer.json()) as { toast: { message: string } }).toast.message).toBe(
      "2 applications approved",
    );
    // Retried: nothing changes, nothing is sent twice.
    await act(listAction, { intent: "approve", ids: [ann.id, bob.id] });

    const rows = await prisma.affiliate.findMany({ where: { shop: TEST_SHOP }, orderBy: { name: "asc" } });
    expect(rows.map((r) => [r.name, r.applicationStatus])).toEqual([
      ["Ann", "approved"],
      ["Bob", "approved"],
      ["Cat", "pending"],
      ["Hand-made", "approved"],
    ]);
    const emails = await prisma.affiliateEmail.findMany({ orderBy: { toAddress: "asc" } });
    expect(emails.map((e) => [e.kind, e.toAddress])).toEqual([
      ["approved", "ann@example.com"],
      ["approved", "bob@example.com"],
    ]);
    expect(JSON.parse(emails[0].facts)).toMatchObject({
      referralLink: `https://${TEST_SHOP}/?ref=ann`,
      portalUrl: `https://${TEST_SHOP}/apps/affiliates`,
      welcomeMessage: "Hello there",
    });
  });

  it("declines with a reason, singly and in bulk, and never touches another shop's applicants", async () => {
    const ann = await applicant("Ann");
    const bob = await applicant("Bob");
    const elsewhere = await applicant("Elsewhere", { shop: OTHER_SHOP });

    const single = await act(
      detailAction,
      { intent: "decline", reason: "Not a fit for now" },
      { id: ann.id },
    );
    expect(((await single.json()) as { toast: { message: string } }).toast.message).toBe(
      "Application declined",
    );
    await act(listAction, { intent: "decline", reason: "", ids: [bob.id, elsewhere.id] });

    const rows = await prisma.affiliate.findMany({ orderBy: { name: "asc" } });
    expect(rows.map((r) => [r.name, r.applicationStatus, r.declineReason])).toEqual([
      ["Ann", "declined", "Not a fit for now"],
      ["Bob", "declined", null],
      ["Elsewhere", "pending", null],
    ]);
    const emails = await prisma.affiliateEmail.findMany({ orderBy: { toAddress: "asc" } });
    expect(emails.map((e) => [e.kind, e.toAddress, JSON.parse(e.facts).reason])).toEqual([
      ["declined", "ann@example.com", "Not a fit for now"],
      ["declined", "bob@example.com", null],
    ]);

    // A decided application cannot be declined again; a declined one may still be approved.
    expect((await act(detailAction, { intent: "decline", reason: "again" }, { id: ann.id })).status).toBe(
      409,
    );
    await act(detailAction, { intent: "approve" }, { id: ann.id });
    expect((await prisma.affiliate.findUniqueOrThrow({ where: { id: ann.id } })).applicationStatus).toBe(
      "approved",
    );
  });

  it("refuses a reason that is too long, deciding nothing", async () => {
    const ann = await applicant("Ann");
    const answer = await act(detailAction, { intent: "decline", reason: "x".repeat(501) }, { id: ann.id });
    expect(answer.status).toBe(400);
    expect((await prisma.affiliate.findUniqueOrThrow({ where: { id: ann.id } })).applicationStatus).toBe(
      "pending",
    );
    expect(await prisma.affiliateEmail.count()).toBe(0);
  });
});

describe("who earns", () => {
  it("credits nothing to a pending applicant's link, and credits them once approved", async () => {
    await saveProgramSettings(prisma, TEST_SHOP, {
      program: DEFAULT_PROGRAM,
      autoApproveDays: null,
      creditTestOrders: false,
      cookieWindowDays: 30,
    });
    const ann = await applicant("Ann");
    await deliver({ topic: "orders/create", body: orderPayload({ id: 1, landingSite: "/?ref=ann" }) });
    await drain();
    expect(await prisma.ledgerLine.count({ where: { affiliateId: ann.id } })).toBe(0);

    await act(listAction, { intent: "approve", ids: [ann.id] });
    await deliver({ topic: "orders/create", body: orderPayload({ id: 2, landingSite: "/?ref=ann" }) });
    await drain();
    expect(await prisma.ledgerLine.count({ where: { affiliateId: ann.id } })).toBe(1);
  });
});
