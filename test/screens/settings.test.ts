import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { graphql, HttpResponse } from "msw";
import prisma from "~/db.server";
import { action, loader } from "~/routes/app.settings";
import { DEFAULT_PROGRAM, getProgramSettings, saveProgramSettings } from "~/models/program/program.server";
import { mswServer } from "~test/helpers/msw";
import { OTHER_SHOP, TEST_SHOP, adminRequest, settle } from "~test/helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

/** A complete, valid form as the screen submits it. */
function validForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    "defaultRate.kind": "percent",
    "defaultRate.value": "12.5",
    "newCustomer.enabled": "false",
    "newCustomer.rate.kind": "percent",
    "newCustomer.rate.value": "15",
    "couponCommission.enabled": "true",
    "couponCommission.rate.kind": "flat_per_order",
    "couponCommission.rate.value": "5.00",
    "couponCommission.appliesTo": "any_coupon",
    "firstCommission.enabled": "true",
    "firstCommission.rate.kind": "percent",
    "firstCommission.rate.value": "30",
    "lifetime.enabled": "true",
    "lifetime.expires": "after",
    "lifetime.expiresAfterDays": "180",
    "recurring.enabled": "true",
    "base.includeShipping": "true",
    "base.includeTax": "false",
    excludeSelfReferrals: "false",
    autoApprove: "after",
    autoApproveDays: "14",
    creditTestOrders: "true",
    cookieWindowDays: "45",
    ...overrides,
  };
}

interface Published {
  shop: string;
  value: string;
}

function answerShopify(options: { refuse?: boolean; down?: boolean } = {}): Published[] {
  const published: Published[] = [];
  mswServer.use(
    graphql.query("CurrentAppInstallation", ({ request }) => {
      if (options.down) return HttpResponse.json({ errors: [{ message: "Bad gateway" }] }, { status: 502 });
      return HttpResponse.json({
        data: {
          currentAppInstallation: { id: `gid://shopify/AppInstallation/${new URL(request.url).host}` },
        },
      });
    }),
    graphql.mutation("MetafieldsSet", ({ request, variables }) => {
      const [metafield] = (variables as { metafields: Array<{ value: string; key: string }> }).metafields;
      if (options.refuse) {
        return HttpResponse.json({
          data: { metafieldsSet: { metafields: null, userErrors: [{ field: ["value"], message: "No" }] } },
        });
      }
      published.push({ shop: new URL(request.url).host, value: metafield.value });
      return HttpResponse.json({
        data: {
          metafieldsSet: {
            metafields: [{ namespace: "affiliate", key: metafield.key, value: metafield.value }],
            userErrors: [],
          },
        },
      });
    }),
  );
  return published;
}

async function post(form: Record<string, string>, shop = TEST_SHOP) {
  const response = (await settle(async () =>
    action(args(await adminRequest("/app/settings", { form, shop }))),
  )) as Response;
  return { status: response.status, body: await response.json() };
}

beforeEach(async () => {
  await prisma.programSettings.deleteMany();
});
afterEach(() => mswServer.resetHandlers());

describe("settings loader", () => {
  it("shows the defaults until the merchant saves, as form values", async () => {
    const data = await loader(args(await adminRequest("/app/settings")));
    expect(data.saved).toBe(false);
    expect(data.form["defaultRate.kind"]).toBe(DEFAULT_PROGRAM.defaultRate.kind);
    expect(data.form["defaultRate.value"]).toBe(DEFAULT_PROGRAM.defaultRate.value);
    expect(data.form.cookieWindowDays).toBe("30");
    expect(data.form.autoApprove).toBe("off");
    expect(data.form["lifetime.expires"]).toBe("after");
  });

  it("shows only this shop's settings", async () => {
    await saveProgramSettings(prisma, OTHER_SHOP, {
      program: { ...DEFAULT_PROGRAM, defaultRate: { kind: "percent", value: "33" } },
      autoApproveDays: 3,
      creditTestOrders: true,
      cookieWindowDays: 90,
    });
    const data = await loader(args(await adminRequest("/app/settings")));
    expect(data.saved).toBe(false);
    expect(data.form["defaultRate.value"]).toBe("10");
    const other = await loader(args(await adminRequest("/app/settings", { shop: OTHER_SHOP })));
    expect(other.saved).toBe(true);
    expect(other.form["defaultRate.value"]).toBe("33");
    expect(other.form.autoApproveDays).toBe("3");
  });

  it("refuses an unauthenticated request", async () => {
    const request = await adminRequest("/app/settings", { secret: "not-the-secret" });
    const response = (await settle(() => loader(args(request)))) as Response;
    expect(response.status).toBe(401);
  });
});

describe("settings action", () => {
  it("saves every field of the program and the settings around it, then publishes the cookie window", async () => {
    const published = answerShopify();
    const { status, body } = await post(validForm({ "firstCommission.enabled": "false" }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, publishWarning: null, toast: { message: "Settings saved" } });

    const saved = await getProgramSettings(prisma, TEST_SHOP);
    expect(saved).toEqual({
      saved: true,
      autoApproveDays: 14,
      creditTestOrders: true,
      cookieWindowDays: 45,
      program: {
        defaultRate: { kind: "percent", value: "12.5" },
        newCustomer: { enabled: false, rate: { kind: "percent", value: "15" } },
        couponCommission: {
          enabled: true,
          rate: { kind: "flat_per_order", value: "5.00" },
          appliesTo: "any_coupon",
        },
        firstCommission: { enabled: false, rate: { kind: "percent", value: "30" } },
        lifetime: { enabled: true, expiresAfterDays: 180 },
        recurring: { enabled: true },
        base: { includeShipping: true, includeTax: false },
        excludeSelfReferrals: false,
      },
    });
    expect(published).toEqual([{ shop: TEST_SHOP, value: "45" }]);
    expect(await prisma.programSettings.count({ where: { shop: OTHER_SHOP } })).toBe(0);
  });

  it("saves 'never expires' and 'approve by hand' as null", async () => {
    answerShopify();
    const { status } = await post(
      validForm({
        "lifetime.expires": "never",
        "lifetime.expiresAfterDays": "",
        autoApprove: "off",
        autoApproveDays: "",
      }),
    );
    expect(status).toBe(200);
    const saved = await getProgramSettings(prisma, TEST_SHOP);
    expect(saved.program.lifetime.expiresAfterDays).toBeNull();
    expect(saved.autoApproveDays).toBeNull();
  });

  it("refuses first commission together with new customer commission, next to the first commission toggle", async () => {
    const published = answerShopify();
    const { status, body } = await post(
      validForm({ "newCustomer.enabled": "true", "firstCommission.enabled": "true" }),
    );
    expect(status).toBe(400);
    expect(body.ok).toBe(false);
    expect(body.errors).toEqual({
      "firstCommission.enabled": "First commission cannot be used while new customer commission is on",
    });
    expect(await prisma.programSettings.count()).toBe(0);
    expect(published).toEqual([]);
  });

  it("names every bad field", async () => {
    answerShopify();
    const { status, body } = await post(
      validForm({
        "defaultRate.value": "ten",
        "newCustomer.rate.value": "150",
        "couponCommission.rate.kind": "bogus",
        "couponCommission.appliesTo": "",
        "lifetime.expiresAfterDays": "0",
        autoApproveDays: "-1",
        cookieWindowDays: "366",
      }),
    );
    expect(status).toBe(400);
    expect(body.errors).toEqual({
      "defaultRate.value": "Enter a number such as 10 or 7.5",
      "newCustomer.rate.value": "A percentage cannot exceed 100",
      "couponCommission.rate.kind": "Choose a rate kind",
      "couponCommission.appliesTo": "Choose which coupons earn the coupon commission",
      "lifetime.expiresAfterDays": "Enter a number of days from 1 to 36500",
      autoApproveDays: "Enter a whole number of days",
      cookieWindowDays: "Enter a number of days from 1 to 365",
    });
    expect(await prisma.programSettings.count()).toBe(0);
  });

  it("asks for a cookie window when it is empty", async () => {
    const { status, body } = await post(validForm({ cookieWindowDays: "" }));
    expect(status).toBe(400);
    expect(body.errors).toEqual({ cookieWindowDays: "Enter the cookie window in days" });
  });

  it("keeps the settings saved and warns when the storefront refuses the cookie window", async () => {
    answerShopify({ refuse: true });
    const { status, body } = await post(
      validForm({ "firstCommission.enabled": "false", cookieWindowDays: "7" }),
    );
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.publishWarning).toMatch(/storefront could not be updated/);
    expect((await getProgramSettings(prisma, TEST_SHOP)).cookieWindowDays).toBe(7);
  });

  it("keeps the settings saved and warns when Shopify is down", async () => {
    answerShopify({ down: true });
    const { status, body } = await post(validForm({ "firstCommission.enabled": "false" }));
    expect(status).toBe(200);
    expect(body.publishWarning).toMatch(/storefront could not be updated/);
    expect((await getProgramSettings(prisma, TEST_SHOP)).saved).toBe(true);
  });

  it("saves one shop's settings without touching another's", async () => {
    answerShopify();
    await saveProgramSettings(prisma, OTHER_SHOP, {
      program: DEFAULT_PROGRAM,
      autoApproveDays: null,
      creditTestOrders: false,
      cookieWindowDays: 30,
    });
    await post(validForm({ "firstCommission.enabled": "false" }), TEST_SHOP);
    const other = await getProgramSettings(prisma, OTHER_SHOP);
    expect(other.program).toEqual(DEFAULT_PROGRAM);
    expect(other.cookieWindowDays).toBe(30);
  });
});
