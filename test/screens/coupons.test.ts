import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import prisma from "~/db.server";
import { action as listAction, loader as listLoader } from "~/routes/app.coupons._index";
import { action as newAction, loader as newLoader } from "~/routes/app.coupons.new";
import { loader as searchLoader } from "~/routes/app.coupons.search";
import { percentToFraction } from "~/models/coupons/coupons.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate, createCoupon } from "~test/factories";
import { mswServer } from "~test/helpers/msw";
import { OTHER_SHOP, TEST_SHOP, adminRequest, settle } from "~test/helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

function useEmulator() {
  const emulator = createShopifyEmulator({
    discountCodes: [
      { id: "9001", code: "ALICE10", title: "Alice 10 %", percentage: 0.1 },
      { id: "9002", code: "BOBSHIP", title: "Bob free shipping", type: "freeShipping" },
      { id: "9003", code: "ALIEN5", title: "Old promo", status: "EXPIRED" },
    ],
  });
  mswServer.use(...emulator.handlers);
  return emulator.store;
}

async function list(query = "", shop = TEST_SHOP) {
  return listLoader(args(await adminRequest(`/app/coupons${query}`, { shop })));
}

async function submit(form: Record<string, string>, shop = TEST_SHOP) {
  const response = (await settle(async () =>
    newAction(args(await adminRequest("/app/coupons/new", { form, shop }))),
  )) as Response;
  return { status: response.status, body: await response.json() };
}

async function unassign(ids: string[], shop = TEST_SHOP) {
  const response = (await settle(async () =>
    listAction(args(await adminRequest("/app/coupons", { form: { intent: "unassign", ids }, shop }))),
  )) as Response;
  return { status: response.status, body: await response.json() };
}

let alice: Affiliate;
let bob: Affiliate;
let mallory: Affiliate;

beforeEach(async () => {
  await prisma.affiliate.deleteMany();
  alice = await createAffiliate({ name: "Alice", refCode: "alice" });
  bob = await createAffiliate({ name: "Bob", refCode: "bob" });
  mallory = await createAffiliate({ name: "Mallory", refCode: "mallory", shop: OTHER_SHOP });
});
afterEach(() => mswServer.resetHandlers());

describe("coupons list", () => {
  it("lists this shop's coupons with their affiliate and Shopify discount", async () => {
    const coupon = await createCoupon(alice, {
      code: "ALICE10",
      shopifyDiscountId: "gid://shopify/DiscountCodeNode/9001",
    });
    await createCoupon(bob, { code: "BOB15" });
    await createCoupon(mallory, { code: "MAL5" });

    const data = await list();
    expect(data.shop).toBe(TEST_SHOP);
    expect(data.coupons.map((c) => c.code).sort()).toEqual(["ALICE10", "BOB15"]);
    expect(data.coupons.find((c) => c.id === coupon.id)).toMatchObject({
      code: "ALICE10",
      affiliateName: "Alice",
      shopifyDiscountId: "gid://shopify/DiscountCodeNode/9001",
      shopifyDiscountNumericId: "9001",
    });
    expect(data.coupons.find((c) => c.code === "BOB15")?.shopifyDiscountNumericId).toBeNull();
    expect((await list("", OTHER_SHOP)).coupons.map((c) => c.code)).toEqual(["MAL5"]);
  });

  it("filters by affiliate and searches codes case-insensitively", async () => {
    await createCoupon(alice, { code: "ALICE10" });
    await createCoupon(alice, { code: "SUMMER" });
    await createCoupon(bob, { code: "BOBALICE" });
    await createCoupon(mallory, { code: "ALICEFAKE" });
    expect((await list(`?affiliateId=${bob.id}`)).coupons.map((c) => c.code)).toEqual(["BOBALICE"]);
    expect((await list("?q=alice")).coupons.map((c) => c.code).sort()).toEqual(["ALICE10", "BOBALICE"]);
    expect((await list(`?q=alice&affiliateId=${alice.id}`)).coupons.map((c) => c.code)).toEqual(["ALICE10"]);
    expect((await list(`?affiliateId=${mallory.id}`)).coupons).toEqual([]);
  });

  it("sorts by code (whatever its case) or assignment date on the server", async () => {
    await createCoupon(alice, { code: "beta", createdAt: new Date("2026-01-01T00:00:00Z") });
    await createCoupon(alice, { code: "ALPHA", createdAt: new Date("2026-01-03T00:00:00Z") });
    await createCoupon(bob, { code: "Gamma", createdAt: new Date("2026-01-02T00:00:00Z") });
    const codes = async (query: string) => (await list(query)).coupons.map((c) => c.code);
    expect(await codes("")).toEqual(["ALPHA", "Gamma", "beta"]);
    expect(await codes("?sort=code&direction=asc")).toEqual(["ALPHA", "beta", "Gamma"]);
    expect(await codes("?sort=code&direction=desc")).toEqual(["Gamma", "beta", "ALPHA"]);
    expect(await codes("?sort=createdAt&direction=asc")).toEqual(["beta", "Gamma", "ALPHA"]);
    expect((await list("?sort=code&direction=asc")).sort).toEqual({ key: "code", direction: "asc" });
  });

  it("paginates 25 a page", async () => {
    for (let i = 0; i < 26; i++)
      await createCoupon(alice, { createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });
    const first = await list();
    expect(first.coupons).toHaveLength(25);
    expect(first.pageInfo).toMatchObject({ hasNext: true, total: 26 });
    expect((await list("?page=2")).coupons).toHaveLength(1);
  });

  it("unassigns single and bulk, and never another shop's coupon", async () => {
    const a = await createCoupon(alice);
    const b = await createCoupon(bob);
    const theirs = await createCoupon(mallory);
    expect((await unassign([a.id])).body).toMatchObject({
      removed: 1,
      toast: { message: "Unassigned 1 coupon" },
    });
    const bulk = await unassign([b.id, theirs.id]);
    expect(bulk.body.removed).toBe(1);
    expect(bulk.body.skipped).toEqual([{ id: theirs.id, label: theirs.id, reason: "No such coupon" }]);
    expect(await prisma.coupon.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await prisma.coupon.count({ where: { id: theirs.id } })).toBe(1);
    expect((await unassign([])).status).toBe(400);
  });

  it("refuses an unauthenticated request", async () => {
    const request = await adminRequest("/app/coupons", { secret: "wrong" });
    expect(((await settle(() => listLoader(args(request)))) as Response).status).toBe(401);
  });
});

describe("searching Shopify's discount codes", () => {
  it("answers codes matching the search, saying which this shop already assigned", async () => {
    useEmulator();
    await createCoupon(bob, { code: "ALICE10" });
    await createCoupon(mallory, { code: "ALIEN5" });
    const response = (await searchLoader(args(await adminRequest("/app/coupons/search?q=ALI")))) as Response;
    const body = await response.json();
    expect(body.error).toBeNull();
    const byCode = Object.fromEntries(body.options.map((o: { code: string }) => [o.code, o]));
    expect(Object.keys(byCode).sort()).toEqual(["ALICE10", "ALIEN5"]);
    expect(byCode.ALICE10).toMatchObject({
      discountId: "gid://shopify/DiscountNode/9001",
      title: "Alice 10 %",
      assignedTo: { affiliateId: bob.id, affiliateName: "Bob" },
    });
    // Another shop's assignment does not show here.
    expect(byCode.ALIEN5.assignedTo).toBeNull();
  });

  it("says so when Shopify cannot be reached", async () => {
    const store = useEmulator();
    store.failNext(1, 503);
    const response = (await searchLoader(args(await adminRequest("/app/coupons/search?q=A")))) as Response;
    expect(response.status).toBe(502);
    expect((await response.json()).options).toEqual([]);
  });
});

describe("assigning an existing code", () => {
  it("offers this shop's affiliates", async () => {
    const data = await newLoader(args(await adminRequest(`/app/coupons/new?affiliateId=${alice.id}`)));
    expect(data.affiliateId).toBe(alice.id);
    expect(data.affiliates.map((a) => a.id).sort()).toEqual([alice.id, bob.id].sort());
  });

  it("assigns a code that exists in Shopify, as Shopify spells it, with its discount id", async () => {
    const store = useEmulator();
    const { status, body } = await submit({ intent: "assign", affiliateId: alice.id, code: " alice10 " });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      coupon: { code: "ALICE10", affiliateId: alice.id },
      toast: { message: "ALICE10 assigned to Alice" },
    });
    const coupon = await prisma.coupon.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    expect(coupon).toMatchObject({
      code: "ALICE10",
      codeKey: "alice10",
      affiliateId: alice.id,
      shopifyDiscountId: "gid://shopify/DiscountCodeNode/9001",
    });
    expect(store.callsTo("DiscountCodeByCode")).toEqual([
      expect.objectContaining({ variables: { code: "alice10" } }),
    ]);
  });

  it("finds the code among more discounts than one page of a search holds", async () => {
    // The old lookup searched codeDiscountNodes with a `code:` filter Shopify does not document there, and
    // read the first ten answers: Shopify ignores the filter, so in a shop with more than ten discounts
    // the code was "not in your store".
    const codes = Array.from({ length: 12 }, (_, i) => ({ id: String(9101 + i), code: `SPRING${i + 1}` }));
    mswServer.use(...createShopifyEmulator({ discountCodes: codes }).handlers);
    const { status, body } = await submit({ intent: "assign", affiliateId: alice.id, code: "spring12" });
    expect(status).toBe(200);
    expect(body.coupon).toMatchObject({ code: "SPRING12" });
    expect(await prisma.coupon.findFirstOrThrow({ where: { shop: TEST_SHOP } })).toMatchObject({
      shopifyDiscountId: "gid://shopify/DiscountCodeNode/9112",
    });
  });

  it("refuses a code that already belongs to an affiliate of this shop, whatever its case, next to the code", async () => {
    const store = useEmulator();
    await createCoupon(bob, { code: "ALICE10" });
    const { status, body } = await submit({ intent: "assign", affiliateId: alice.id, code: "Alice10" });
    expect(status).toBe(400);
    expect(body.errors).toEqual({
      code: "ALICE10 already belongs to Bob: a code can belong to one affiliate only",
    });
    expect(store.callsTo("DiscountCodeByCode")).toHaveLength(0);
    expect(await prisma.coupon.count({ where: { shop: TEST_SHOP } })).toBe(1);
  });

  it("lets each shop assign the same code: uniqueness is per shop", async () => {
    useEmulator();
    await createCoupon(mallory, { code: "ALICE10" });
    const { status } = await submit({ intent: "assign", affiliateId: alice.id, code: "ALICE10" });
    expect(status).toBe(200);
  });

  it("puts each problem next to its field", async () => {
    useEmulator();
    expect((await submit({ intent: "assign" })).body.errors).toEqual({
      affiliateId: "Choose an affiliate",
      code: "Enter a discount code",
    });
    expect(
      (await submit({ intent: "assign", affiliateId: alice.id, code: "TWO WORDS" })).body.errors,
    ).toEqual({
      code: "A discount code has no spaces",
    });
    expect((await submit({ intent: "assign", affiliateId: alice.id, code: "NOPE" })).body.errors).toEqual({
      code: "Your store has no discount code NOPE: create it instead",
    });
    expect(
      (await submit({ intent: "assign", affiliateId: mallory.id, code: "ALICE10" })).body.errors,
    ).toEqual({
      affiliateId: "Choose one of your affiliates",
    });
    expect((await submit({ intent: "bogus" })).status).toBe(400);
    expect(await prisma.coupon.count()).toBe(0);
  });

  it("saves nothing, and says so, when Shopify cannot be reached", async () => {
    const store = useEmulator();
    store.failNext(1, 503);
    const { status, body } = await submit({ intent: "assign", affiliateId: alice.id, code: "ALICE10" });
    expect(status).toBe(400);
    expect(body.errors.form).toMatch(/Shopify could not be reached/);
    expect(await prisma.coupon.count()).toBe(0);
  });
});

describe("creating a code in Shopify", () => {
  it("creates a percentage-off code discount and assigns it", async () => {
    const store = useEmulator();
    const { status, body } = await submit({
      intent: "create",
      affiliateId: bob.id,
      code: "BOB125",
      title: "Bob's followers",
      percentage: "12.5",
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      coupon: { code: "BOB125", affiliateId: bob.id },
      toast: { message: "BOB125 created in Shopify and assigned to Bob" },
    });
    const discount = store.findDiscountByCode("BOB125");
    expect(discount).toMatchObject({ title: "Bob's followers", percentage: 0.125 });
    const coupon = await prisma.coupon.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    expect(coupon.shopifyDiscountId).toBe(`gid://shopify/DiscountCodeNode/${discount!.id}`);
  });

  it("shows Shopify's userErrors next to the fields they name", async () => {
    useEmulator();
    const { status, body } = await submit({
      intent: "create",
      affiliateId: alice.id,
      code: "bobship",
      title: "Taken",
      percentage: "10",
    });
    expect(status).toBe(400);
    expect(body.errors).toEqual({ code: "Code must be unique. Please try a different code." });
    expect(await prisma.coupon.count()).toBe(0);
  });

  it("checks the form, and the code's owner, before asking Shopify", async () => {
    const store = useEmulator();
    expect(
      (await submit({ intent: "create", affiliateId: alice.id, code: "X1", title: "", percentage: "0" })).body
        .errors,
    ).toEqual({
      title: "Enter a title (customers do not see it)",
      percentage: "Enter a percentage from 0.01 to 100",
    });
    expect(
      (await submit({ intent: "create", affiliateId: alice.id, code: "X1", title: "t", percentage: "ten" }))
        .body.errors,
    ).toEqual({
      percentage: "Enter a number such as 10 or 12.5",
    });
    expect(
      (await submit({ intent: "create", affiliateId: alice.id, code: "X1", title: "t", percentage: "150" }))
        .body.errors,
    ).toEqual({
      percentage: "Enter a percentage from 0.01 to 100",
    });
    await createCoupon(bob, { code: "TAKEN" });
    expect(
      (await submit({ intent: "create", affiliateId: alice.id, code: "taken", title: "t", percentage: "5" }))
        .body.errors,
    ).toEqual({
      code: "TAKEN already belongs to Bob: a code can belong to one affiliate only",
    });
    // Every problem at once: the form's and the code's owner.
    expect(
      (await submit({ intent: "create", affiliateId: mallory.id, code: "Taken", title: "", percentage: "5" }))
        .body.errors,
    ).toEqual({
      affiliateId: "Choose one of your affiliates",
      code: "TAKEN already belongs to Bob: a code can belong to one affiliate only",
      title: "Enter a title (customers do not see it)",
    });
    expect(store.callsTo("DiscountCodeBasicCreate")).toHaveLength(0);
  });

  it("turns a percentage into Shopify's fraction exactly", () => {
    expect(percentToFraction("10")).toBe(0.1);
    expect(percentToFraction("12.5")).toBe(0.125);
    expect(percentToFraction("7.07")).toBe(0.0707);
    expect(percentToFraction("100")).toBe(1);
  });
});
