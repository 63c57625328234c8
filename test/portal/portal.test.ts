// The affiliate's side through Shopify's app proxy, end to end at the route level: requests signed as Shopify
// signs them (test/helpers/proxy), the real database, Shopify's Admin API from the emulator through MSW.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { issueFormToken } from "~/lib/form-token.server";
import { savePortalSettings, type PortalSettings } from "~/models/portal/settings.server";
import { loader as portalLoader } from "~/routes/proxy._index";
import { action as applyAction } from "~/routes/proxy.apply";
import { loader as notFoundLoader } from "~/routes/proxy.$";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate, createCommission, createCoupon } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { proxyRequest } from "~test/helpers/proxy";
import { OTHER_SHOP, TEST_SHOP, installShop } from "~test/helpers/shopify";
import { API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";

const args = (request: Request) => ({ request, params: {}, context: {} });

const OPEN: PortalSettings = {
  signUpOpen: true,
  autoApprove: false,
  terms: "Be honest. No spam.",
  welcomeMessage: "Welcome to the crew!",
  showCustomerEmails: false,
};

let emulator: ReturnType<typeof createShopifyEmulator>;

beforeEach(async () => {
  await resetDatabase();
  emulator = createShopifyEmulator({ customers: [{ id: "7001", email: "ann@example.com" }] });
  mswServer.resetHandlers(...emulator.handlers);
  await installShop(TEST_SHOP);
  await savePortalSettings(prisma, TEST_SHOP, OPEN);
});

/** Runs a route and answers its Response, whether returned or thrown. */
async function run(handler: (a: ReturnType<typeof args>) => Promise<Response>, request: Request) {
  try {
    return await handler(args(request));
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** A new visitor's address for each sign-up (attempts are bounded per visitor). */
let visitors = 0;
const nextVisitor = () => `192.0.2.${++visitors}`;

const page = (request: Request) => run(portalLoader, request);
const apply = (request: Request) => run(applyAction, request);

function applicationForm(overrides: Record<string, string> = {}, customerId: string | null = null) {
  return {
    form_token: issueFormToken(API_SECRET_KEY, `${TEST_SHOP}|${customerId ?? ""}`),
    name: "Bea Quinn",
    email: "bea@example.com",
    refCode: "bea",
    promotion: "My cycling blog, https://bea.example",
    payoutEmail: "",
    terms: "true",
    ...overrides,
  };
}

describe("every proxy request is verified", () => {
  it("answers 401 to forged, unsigned and stale requests and does nothing", async () => {
    const stale = Math.floor(Date.now() / 1000) - 120;
    for (const request of [
      proxyRequest("/proxy", { secret: "forged" }),
      proxyRequest("/proxy", { unsigned: true }),
      proxyRequest("/proxy", { timestamp: stale }),
      proxyRequest("/proxy/anything", { secret: "forged" }),
    ]) {
      const response = request.url.includes("/anything")
        ? await run(notFoundLoader, request)
        : await page(request);
      expect(response.status).toBe(401);
    }
    const forgedSignUp = await apply(
      proxyRequest("/proxy/apply", {
        forwardedFor: nextVisitor(),
        secret: "forged",
        form: applicationForm(),
      }),
    );
    expect(forgedSignUp.status).toBe(401);
    expect(await prisma.affiliate.count()).toBe(0);
    expect(await prisma.affiliateEmail.count()).toBe(0);
    // Not even the proxy path was remembered.
    expect(
      (await prisma.portalSettings.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).proxyPathPrefix,
    ).toBeNull();
  });

  it("answers Liquid, private to the visitor, with links on the signed proxy path", async () => {
    const response = await page(proxyRequest("/proxy", { pathPrefix: "/tools/partners" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("application/liquid");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const body = await response.text();
    expect(body).toContain('action="/tools/partners/apply');
    expect(body).not.toContain("/apps/affiliates");
    expect(
      (await prisma.portalSettings.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).proxyPathPrefix,
    ).toBe("/tools/partners");
  });
});

describe("sign-up", () => {
  it("creates the Shopify customer and a pending affiliate, and queues the application-received email", async () => {
    const response = await apply(
      proxyRequest("/proxy/apply", { forwardedFor: nextVisitor(), form: applicationForm() }),
    );
    const body = await response.text();
    expect(body).toContain("Thank you, Bea Quinn!");
    const affiliate = await prisma.affiliate.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    const customer = emulator.store.findCustomerByEmail("bea@example.com");
    expect(customer).toBeTruthy();
    expect(affiliate).toMatchObject({
      name: "Bea Quinn",
      email: "bea@example.com",
      refCode: "bea",
      customerId: String(customer!.id),
      applicationStatus: "pending",
      payoutEmail: "bea@example.com",
      promotion: "My cycling blog, https://bea.example",
    });
    expect(affiliate.termsAcceptedAt).not.toBeNull();
    const emails = await prisma.affiliateEmail.findMany();
    expect(emails.map((e) => [e.kind, e.toAddress])).toEqual([["application_received", "bea@example.com"]]);
  });

  it("links the store customer who already has the email instead of creating one", async () => {
    await apply(
      proxyRequest("/proxy/apply", {
        forwardedFor: nextVisitor(),
        form: applicationForm({ email: "ann@example.com", refCode: "ann" }),
      }),
    );
    const affiliate = await prisma.affiliate.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    expect(affiliate.customerId).toBe("7001");
  });

  it("creates one affiliate for the same email twice, and says so next to the field", async () => {
    await apply(proxyRequest("/proxy/apply", { forwardedFor: nextVisitor(), form: applicationForm() }));
    const again = await (
      await apply(
        proxyRequest("/proxy/apply", {
          forwardedFor: nextVisitor(),
          form: applicationForm({ email: "BEA@example.com", refCode: "bea2" }),
        }),
      )
    ).text();
    expect(again).toContain('id="afp-email-error"');
    expect(again).toContain("An application with this email was already received");
    const sameRef = await (
      await apply(
        proxyRequest("/proxy/apply", {
          forwardedFor: nextVisitor(),
          form: applicationForm({ email: "other@example.com", refCode: "BEA" }),
        }),
      )
    ).text();
    expect(sameRef).toContain("The ref code BEA is taken");
    expect(await prisma.affiliate.count()).toBe(1);
    expect(await prisma.affiliateEmail.count()).toBe(1);
  });

  it("shows every problem next to its field, keeps what was typed, and stores nothing", async () => {
    const body = await (
      await apply(
        proxyRequest("/proxy/apply", {
          form: applicationForm({
            name: "",
            email: "not-an-email",
            refCode: "a b",
            terms: "",
            promotion: "x",
          }),
        }),
      )
    ).text();
    expect(body).toContain('id="afp-name-error"');
    expect(body).toContain("Enter a valid email address");
    expect(body).toContain('id="afp-refCode-error"');
    expect(body).toContain("Accept the program&#39;s terms to apply");
    expect(body).toContain('value="not-an-email"');
    expect(await prisma.affiliate.count()).toBe(0);
  });

  it("shows a taken ref code and email with the other fields' errors after one submit, focused on the first", async () => {
    await apply(proxyRequest("/proxy/apply", { forwardedFor: nextVisitor(), form: applicationForm() }));
    const body = await (
      await apply(
        proxyRequest("/proxy/apply", {
          forwardedFor: nextVisitor(),
          form: applicationForm({ email: "BEA@example.com", refCode: "Bea", promotion: "", terms: "" }),
        }),
      )
    ).text();
    expect(body).toContain("An application with this email was already received");
    expect(body).toContain("The ref code Bea is taken");
    expect(body).toContain("Tell us where you will promote the shop");
    expect(body).toContain("Accept the program&#39;s terms to apply");
    // The first field in error (the email: the name is fine) takes the focus, and only it.
    expect(body.match(/ autofocus/g)).toHaveLength(1);
    expect(body).toMatch(/id="afp-email"[^>]* autofocus/);
    expect(await prisma.affiliate.count()).toBe(1);
  });

  it("refuses a form without this app's token for this visitor (another site's form), storing nothing", async () => {
    const forOther = issueFormToken(API_SECRET_KEY, `${TEST_SHOP}|7001`);
    for (const token of ["", "123.abc", forOther]) {
      const body = await (
        await apply(
          proxyRequest("/proxy/apply", {
            forwardedFor: nextVisitor(),
            form: applicationForm({ form_token: token }),
          }),
        )
      ).text();
      expect(body).toContain("This form has expired");
    }
    expect(await prisma.affiliate.count()).toBe(0);
  });

  it("escapes HTML and Liquid in everything typed: nothing typed runs in the shop's theme", async () => {
    const body = await (
      await apply(
        proxyRequest("/proxy/apply", {
          form: applicationForm({
            name: "{{ customer.email }}<script>x</script>{% layout none %}",
            email: "bad",
          }),
        }),
      )
    ).text();
    expect(body).not.toContain("{{ customer.email }}<");
    expect(body).not.toContain("<script>x");
    expect(body).not.toContain("{% layout none %}");
    expect(body).toContain(
      "&#123;&#123; customer.email &#125;&#125;&lt;script&gt;x&lt;/script&gt;&#123;&#37; layout none &#37;&#125;",
    );
  });

  it("says the program is closed when sign-up is off, and stores nothing", async () => {
    await savePortalSettings(prisma, TEST_SHOP, { ...OPEN, signUpOpen: false });
    expect(await (await page(proxyRequest("/proxy"))).text()).toContain("not taking applications");
    expect(
      await (
        await apply(proxyRequest("/proxy/apply", { forwardedFor: nextVisitor(), form: applicationForm() }))
      ).text(),
    ).toContain("not taking applications");
    expect(await prisma.affiliate.count()).toBe(0);
  });

  it("bounds sign-up attempts per visitor", async () => {
    const forwardedFor = "198.51.100.23";
    let refused = 0;
    for (let i = 0; i < 12; i++) {
      const body = await (
        await apply(
          proxyRequest("/proxy/apply", {
            forwardedFor,
            form: applicationForm({ name: "" }),
          }),
        )
      ).text();
      if (body.includes("Too many applications were sent from here")) refused++;
    }
    expect(refused).toBe(2);
    // Another visitor is not held back.
    const other = await (
      await apply(
        proxyRequest("/proxy/apply", {
          forwardedFor: "198.51.100.24",
          form: applicationForm(),
        }),
      )
    ).text();
    expect(other).toContain("Thank you, Bea Quinn!");
  });

  it("approves at once when the merchant chose so, queueing the approval email with the links", async () => {
    await savePortalSettings(prisma, TEST_SHOP, { ...OPEN, autoApprove: true });
    await apply(
      proxyRequest("/proxy/apply", {
        forwardedFor: nextVisitor(),
        form: applicationForm(),
        pathPrefix: "/a/partners",
      }),
    );
    const affiliate = await prisma.affiliate.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    expect(affiliate.applicationStatus).toBe("approved");
    const [email] = await prisma.affiliateEmail.findMany();
    expect(email.kind).toBe("approved");
    expect(JSON.parse(email.facts)).toMatchObject({
      referralLink: `https://${TEST_SHOP}/?ref=bea`,
      portalUrl: `https://${TEST_SHOP}/a/partners`,
    });
  });
});

describe("what each visitor sees", () => {
  it("a visitor and a customer who is not an affiliate see the form; an applicant sees where they stand, without a link", async () => {
    expect(await (await page(proxyRequest("/proxy"))).text()).toContain('name="form_token"');
    expect(await (await page(proxyRequest("/proxy", { customerId: "7001" }))).text()).toContain(
      'name="form_token"',
    );

    await createAffiliate({
      name: "Ann",
      refCode: "ann",
      customerId: "7001",
      applicationStatus: "pending",
      appliedAt: new Date(),
    });
    const pending = await (await page(proxyRequest("/proxy", { customerId: "7001" }))).text();
    expect(pending).toContain("Your application is being reviewed");
    expect(pending).not.toContain("?ref=");
    expect(pending).not.toContain('name="form_token"');

    await prisma.affiliate.updateMany({
      data: {
        applicationStatus: "declined",
        declineReason: "We only work with {{ shop.name }} fans",
        decidedAt: new Date(),
      },
    });
    const declined = await (await page(proxyRequest("/proxy", { customerId: "7001" }))).text();
    expect(declined).toContain("Your application was not accepted");
    expect(declined).toContain("We only work with &#123;&#123; shop.name &#125;&#125; fans");
    expect(declined).not.toContain("?ref=");
  });
});

describe("the portal: an affiliate's own numbers only", () => {
  async function program() {
    const ann = await createAffiliate({ name: "Ann", refCode: "ann", customerId: "7001" });
    const bob = await createAffiliate({ name: "Bob", refCode: "bob", customerId: "7002" });
    const otherShopAnn = await createAffiliate({
      shop: OTHER_SHOP,
      name: "Ann elsewhere",
      refCode: "ann",
      customerId: "7001",
    });
    await createCoupon(ann, { code: "ANN10" });
    await createCoupon(bob, { code: "BOB10" });
    const placed = new Date("2026-03-01T12:00:00Z");
    await createCommission(ann, { orderId: "5001", base: "120.00", amount: "12.00", status: "pending" });
    await createCommission(ann, { orderId: "5002", base: "80.00", amount: "8.00", status: "paid" });
    await createCommission(bob, { orderId: "6001", base: "999.00", amount: "99.90", status: "approved" });
    await createCommission(otherShopAnn, {
      orderId: "7007",
      base: "555.00",
      amount: "55.50",
      status: "approved",
    });
    await prisma.attributedOrder.updateMany({
      data: { customerEmail: "carol.ng@example.com", orderCreatedAt: placed },
    });
    await prisma.affiliateClickDay.createMany({
      data: [
        { shop: TEST_SHOP, affiliateId: ann.id, day: "2026-03-01", clicks: 40 },
        { shop: TEST_SHOP, affiliateId: bob.id, day: "2026-03-01", clicks: 1000 },
        { shop: OTHER_SHOP, affiliateId: otherShopAnn.id, day: "2026-03-01", clicks: 7000 },
      ],
    });
    return { ann, bob };
  }

  it("shows the affiliate's link, coupons, clicks, orders and totals by status, and nothing of anyone else", async () => {
    await program();
    const body = await (
      await page(proxyRequest("/proxy?from=2026-02-01&to=2026-03-31", { customerId: "7001" }))
    ).text();
    expect(body).toContain("Welcome, Ann");
    expect(body).toContain("{{ shop.url }}/?ref=ann");
    expect(body).toContain("ANN10");
    expect(body).toContain("#5001");
    expect(body).toContain("#5002");
    // Clicks 40, 2 orders → 5.0 %; sales $200.00, commission $20.00 ($12.00 pending, $8.00 paid).
    expect(body).toMatch(/<span>Clicks<\/span>\s*<strong>40<\/strong>/);
    expect(body).toContain("5.0&#37;"); // % is escaped for Liquid; the browser shows 5.0%
    expect(body).toContain("$200.00");
    expect(body).toContain("$20.00");
    expect(body).toContain("$12.00");
    expect(body).toContain("$8.00");
    for (const foreign of ["BOB10", "#6001", "$999.00", "$99.90", "1,000", "#7007", "$555.00", "7,000"]) {
      expect(body).not.toContain(foreign);
    }
    // The referred customer's email never reaches the affiliate unless the merchant allows it masked.
    expect(body).not.toContain("carol");
    expect(body).not.toContain("c***@e***.com");
  });

  it("shows referred customers' emails masked, only when the merchant allows it", async () => {
    await program();
    await savePortalSettings(prisma, TEST_SHOP, { ...OPEN, showCustomerEmails: true });
    const body = await (
      await page(proxyRequest("/proxy?from=2026-02-01&to=2026-03-31", { customerId: "7001" }))
    ).text();
    expect(body).toContain("c***@e***.com");
    expect(body).not.toContain("carol.ng");
  });

  it("counts only the days of the range", async () => {
    await program();
    const body = await (
      await page(proxyRequest("/proxy?from=2026-04-01&to=2026-04-30", { customerId: "7001" }))
    ).text();
    expect(body).toContain("No referred orders between");
    expect(body).not.toContain("#5001");
    expect(body).toMatch(/<span>Clicks<\/span>\s*<strong>0<\/strong>/);
  });

  it("reads the range's days in the shop's time zone", async () => {
    await program();
    await prisma.shopProfile.create({
      data: {
        shop: TEST_SHOP,
        name: "Test",
        timeZone: "Pacific/Auckland",
        currency: "USD",
        refreshedAt: new Date(),
      },
    });
    // 12:00 UTC on March 31 is 01:00 on April 1 in Auckland (UTC+13 in March): an April order there.
    await prisma.attributedOrder.updateMany({
      where: { shop: TEST_SHOP, orderId: "5001" },
      data: { orderCreatedAt: new Date("2026-03-31T12:00:00Z") },
    });
    const body = await (
      await page(proxyRequest("/proxy?from=2026-04-01&to=2026-04-30", { customerId: "7001" }))
    ).text();
    expect(body).toContain("#5001");
    expect(body).not.toContain("#5002");
  });

  it("builds a link to any page of the shop with the affiliate's ref, and refuses another site", async () => {
    await program();
    const built = await (
      await page(proxyRequest("/proxy?link_to=%2Fproducts%2Fshoe%3Fvariant%3D3", { customerId: "7001" }))
    ).text();
    expect(built).toContain("{{ shop.url }}/products/shoe?variant=3&amp;ref=ann");
    const refused = await (
      await page(proxyRequest("/proxy?link_to=javascript%3Aalert(1)", { customerId: "7001" }))
    ).text();
    expect(refused).toContain("Enter a page of this shop");
  });
});
