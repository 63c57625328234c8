import { beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import prisma from "~/db.server";
import { action as listAction, loader as listLoader } from "~/routes/app.affiliates._index";
import { action as newAction, loader as newLoader } from "~/routes/app.affiliates.new";
import { action as editAction, loader as editLoader } from "~/routes/app.affiliates.$id.edit";
import { action as detailAction, loader as detailLoader } from "~/routes/app.affiliates.$id._index";
import {
  createAffiliate,
  createCommission,
  createConnection,
  createCoupon,
  createProductConnection,
} from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { OTHER_SHOP, TEST_SHOP, adminRequest, answerAdminApi, settle } from "~test/helpers/shopify";

beforeEach(async () => {
  await resetDatabase();
  answerAdminApi();
});

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

async function status(run: () => Promise<unknown>): Promise<number> {
  const result = await settle(run);
  return result instanceof Response ? result.status : 200;
}

const validForm = (overrides: Record<string, string> = {}) => ({
  name: "Alice Example",
  email: "alice@example.com",
  refCode: "alice",
  rateKind: "percent",
  rateValue: "12.5",
  active: "true",
  ...overrides,
});

/** An order credited to `affiliate` as referrer, as the pipeline records it. */
async function referredOrder(
  affiliate: Affiliate,
  orderId: string,
  customerId: string | null,
  at: string,
  customerEmail: string | null = customerId ? `customer${customerId}@example.com` : null,
) {
  return prisma.attributedOrder.create({
    data: {
      shop: affiliate.shop,
      orderId,
      orderName: `#${orderId}`,
      customerId,
      customerEmail,
      currency: "USD",
      orderCreatedAt: new Date(at),
      referrerAffiliateId: affiliate.id,
      referrerSource: "link",
      input: "{}",
      trace: "[]",
    },
  });
}

describe("Affiliates list", () => {
  it("lists only this shop's affiliates, newest first", async () => {
    const mine = await createAffiliate({ name: "Mine" });
    await createAffiliate({ shop: OTHER_SHOP, name: "Theirs" });
    const data = await listLoader(args(await adminRequest("/app/affiliates")));
    expect(data.affiliates.items.map((a) => a.id)).toEqual([mine.id]);
    expect(data.affiliates.pageInfo.total).toBe(1);
  });

  it("searches by name, email and ref code, case-insensitively", async () => {
    const alice = await createAffiliate({ name: "Alice Wonder", email: "a@shop.test", refCode: "AL1" });
    const bob = await createAffiliate({ name: "Bob", email: "bob@partners.test", refCode: "bobby" });
    await createAffiliate({ shop: OTHER_SHOP, name: "Alice elsewhere", refCode: "alice-other" });
    const search = async (q: string) =>
      (
        await listLoader(args(await adminRequest(`/app/affiliates?q=${encodeURIComponent(q)}`)))
      ).affiliates.items.map((a) => a.id);
    expect(await search("alice")).toEqual([alice.id]);
    expect(await search("PARTNERS")).toEqual([bob.id]);
    expect(await search("bobby")).toEqual([bob.id]);
    expect(await search("nobody")).toEqual([]);
  });

  it("paginates 25 to a page", async () => {
    for (let i = 0; i < 30; i++) {
      await createAffiliate({ name: `Affiliate ${i}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });
    }
    await createAffiliate({ shop: OTHER_SHOP });
    const first = await listLoader(args(await adminRequest("/app/affiliates")));
    expect(first.affiliates.items).toHaveLength(25);
    expect(first.affiliates.pageInfo).toMatchObject({ page: 1, total: 30, pageCount: 2, hasNext: true });
    expect(first.affiliates.items[0].name).toBe("Affiliate 29");
    const second = await listLoader(args(await adminRequest("/app/affiliates?page=2")));
    expect(second.affiliates.items.map((a) => a.name)).toEqual([
      "Affiliate 4",
      "Affiliate 3",
      "Affiliate 2",
      "Affiliate 1",
      "Affiliate 0",
    ]);
    expect(second.affiliates.pageInfo).toMatchObject({ page: 2, hasPrevious: true, hasNext: false });
    // A page past the end shows the last page.
    const beyond = await listLoader(args(await adminRequest("/app/affiliates?page=9")));
    expect(beyond.affiliates.pageInfo.page).toBe(2);
  });

  it("shows each affiliate's sales, orders, commission owed and paid, and sorts by them on the server", async () => {
    const ann = await createAffiliate({ name: "Ann", createdAt: new Date("2026-01-01T00:00:00Z") });
    const bea = await createAffiliate({ name: "Bea", createdAt: new Date("2026-01-02T00:00:00Z") });
    const cal = await createAffiliate({ name: "Cal", createdAt: new Date("2026-01-03T00:00:00Z") });
    await createCommission(ann, { base: "300.00", amount: "30.00", amountMinor: 3000, status: "paid" });
    await createCommission(ann, { base: "100.00", amount: "10.00", amountMinor: 1000, status: "approved" });
    await createCommission(bea, { base: "50.00", amount: "5.00", amountMinor: 500, status: "pending" });
    // A denied commission counts for nothing.
    await createCommission(cal, { base: "900.00", amount: "90.00", amountMinor: 9000, status: "denied" });
    const list = async (query: string) =>
      (await listLoader(args(await adminRequest(`/app/affiliates${query}`)))).affiliates.items;

    const byName = Object.fromEntries((await list("")).map((a) => [a.name, a.performance]));
    expect(byName.Ann).toEqual({ salesMinor: 40000, orders: 2, owedMinor: 1000, paidMinor: 3000 });
    expect(byName.Bea).toEqual({ salesMinor: 5000, orders: 1, owedMinor: 500, paidMinor: 0 });
    expect(byName.Cal).toEqual({ salesMinor: 0, orders: 0, owedMinor: 0, paidMinor: 0 });

    const names = async (query: string) => (await list(query)).map((a) => a.name);
    expect(await names("")).toEqual(["Cal", "Bea", "Ann"]);
    expect(await names("?sort=sales&direction=desc")).toEqual(["Ann", "Bea", "Cal"]);
    expect(await names("?sort=sales&direction=asc")).toEqual(["Cal", "Bea", "Ann"]);
    expect(await names("?sort=owed&direction=desc")).toEqual(["Ann", "Bea", "Cal"]);
    expect((await names("?sort=paid&direction=desc"))[0]).toBe("Ann");
    expect((await names("?sort=paid&direction=asc"))[2]).toBe("Ann");
    expect(await names("?sort=name&direction=asc")).toEqual(["Ann", "Bea", "Cal"]);
    expect(await names("?sort=name&direction=desc")).toEqual(["Cal", "Bea", "Ann"]);
    // The search still applies, and an unknown column falls back to newest first.
    expect(await names("?sort=orders&direction=desc&q=a")).toEqual(["Ann", "Bea", "Cal"]);
    expect(await names("?q=bea&sort=sales")).toEqual(["Bea"]);
    expect(await names("?sort=password")).toEqual(["Cal", "Bea", "Ann"]);
  });

  it("deactivates and activates the selected affiliates of this shop only", async () => {
    const a = await createAffiliate();
    const b = await createAffiliate();
    const theirs = await createAffiliate({ shop: OTHER_SHOP });
    const response = (await listAction(
      args(
        await adminRequest("/app/affiliates", {
          form: { intent: "deactivate", ids: [a.id, b.id, theirs.id] },
        }),
      ),
    )) as Response;
    expect(response.status).toBe(200);
    expect((await response.json()).toast.message).toBe("2 affiliates deactivated");
    const active = async (id: string) => (await prisma.affiliate.findUniqueOrThrow({ where: { id } })).active;
    expect([await active(a.id), await active(b.id), await active(theirs.id)]).toEqual([false, false, true]);

    await listAction(
      args(await adminRequest("/app/affiliates", { form: { intent: "activate", ids: [a.id] } })),
    );
    expect(await active(a.id)).toBe(true);
  });

  it("applies a bulk action to every affiliate matching the search when all are selected", async () => {
    const match1 = await createAffiliate({ name: "Team red 1" });
    const match2 = await createAffiliate({ name: "Team red 2" });
    const other = await createAffiliate({ name: "Blue" });
    const theirs = await createAffiliate({ shop: OTHER_SHOP, name: "Team red 3" });
    await listAction(
      args(
        await adminRequest("/app/affiliates", { form: { intent: "deactivate", all: "true", q: "team red" } }),
      ),
    );
    const states = await prisma.affiliate.findMany({
      where: { id: { in: [match1.id, match2.id, other.id, theirs.id] } },
    });
    const byId = new Map(states.map((s) => [s.id, s.active]));
    expect([byId.get(match1.id), byId.get(match2.id), byId.get(other.id), byId.get(theirs.id)]).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it("refuses a bulk action without a selection", async () => {
    const response = (await listAction(
      args(await adminRequest("/app/affiliates", { form: { intent: "deactivate" } })),
    )) as Response;
    expect(response.status).toBe(400);
  });
});

describe("New affiliate", () => {
  it("renders for an authenticated request", async () => {
    expect(await newLoader(args(await adminRequest("/app/affiliates/new")))).toEqual({ shop: TEST_SHOP });
  });

  it("creates the affiliate and opens its page", async () => {
    const response = (await settle(async () =>
      newAction(
        args(await adminRequest("/app/affiliates/new", { form: validForm({ refCode: "Alice_01" }) })),
      ),
    )) as Response;
    expect(response.status).toBe(302);
    const stored = await prisma.affiliate.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    expect(response.headers.get("Location")).toContain(`/app/affiliates/${stored.id}?saved=created`);
    expect(stored).toMatchObject({
      name: "Alice Example",
      email: "alice@example.com",
      refCode: "Alice_01",
      refCodeKey: "alice_01",
      rateKind: "percent",
      rateValue: "12.5",
      active: true,
    });
  });

  it("stores no own rate when the program default is chosen, and an empty email as none", async () => {
    await settle(async () =>
      newAction(
        args(
          await adminRequest("/app/affiliates/new", {
            form: validForm({ rateKind: "", rateValue: "", email: "", active: "false" }),
          }),
        ),
      ),
    );
    const stored = await prisma.affiliate.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    expect(stored).toMatchObject({ email: null, rateKind: null, rateValue: null, active: false });
  });

  it("answers a bad form with an error next to each field, and stores nothing", async () => {
    const response = (await newAction(
      args(
        await adminRequest("/app/affiliates/new", {
          form: validForm({
            name: " ",
            email: "not-an-email",
            refCode: "a b",
            rateKind: "percent",
            rateValue: "150",
          }),
        }),
      ),
    )) as Response;
    expect(response.status).toBe(400);
    const { errors } = await response.json();
    expect(errors).toEqual({
      name: "Enter the affiliate's name",
      email: "Enter a valid email address, or leave it empty",
      refCode: "Use 2 to 64 letters, digits, dashes (-) or underscores (_)",
      rateValue: "A percentage cannot exceed 100",
    });
    expect(await prisma.affiliate.count()).toBe(0);
  });

  it.each([
    ["a", "refCode"],
    ["x".repeat(65), "refCode"],
    ["ok-code", null],
  ])("checks the ref code %j", async (refCode, field) => {
    const result = await settle(async () =>
      newAction(args(await adminRequest("/app/affiliates/new", { form: validForm({ refCode }) }))),
    );
    const response = result as Response;
    if (field) {
      expect(response.status).toBe(400);
      expect(Object.keys((await response.json()).errors)).toEqual([field]);
    } else {
      expect(response.status).toBe(302);
    }
  });

  it("shows a taken ref code together with the other fields' errors after one submit", async () => {
    await createAffiliate({ name: "Existing", refCode: "ALICE" });
    const response = (await newAction(
      args(
        await adminRequest("/app/affiliates/new", {
          form: validForm({ email: "not-an-email", refCode: "alice", rateValue: "150" }),
        }),
      ),
    )) as Response;
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual({
      email: "Enter a valid email address, or leave it empty",
      refCode: "The ref code alice is already used by Existing",
      rateValue: "A percentage cannot exceed 100",
    });
    expect(await prisma.affiliate.count()).toBe(1);
  });

  it("requires a rate value for an own rate", async () => {
    const response = (await newAction(
      args(
        await adminRequest("/app/affiliates/new", {
          form: validForm({ rateKind: "flat_per_order", rateValue: "" }),
        }),
      ),
    )) as Response;
    expect((await response.json()).errors).toEqual({ rateValue: "Enter the rate" });
  });

  it("refuses a ref code this shop already uses in another letter case, but not another shop's", async () => {
    await createAffiliate({ name: "Existing", refCode: "ALICE" });
    await createAffiliate({ shop: OTHER_SHOP, refCode: "bob" });
    const taken = (await newAction(
      args(await adminRequest("/app/affiliates/new", { form: validForm({ refCode: "alice" }) })),
    )) as Response;
    expect(taken.status).toBe(400);
    expect((await taken.json()).errors).toEqual({
      refCode: "The ref code alice is already used by Existing",
    });
    expect(await prisma.affiliate.count({ where: { shop: TEST_SHOP } })).toBe(1);

    const free = (await settle(async () =>
      newAction(args(await adminRequest("/app/affiliates/new", { form: validForm({ refCode: "Bob" }) }))),
    )) as Response;
    expect(free.status).toBe(302);
  });
});

describe("Edit affiliate", () => {
  it("loads this shop's affiliate and answers 404 for another shop's", async () => {
    const affiliate = await createAffiliate({ name: "Alice", rateKind: "flat_per_item", rateValue: "2" });
    const data = await editLoader(
      args(await adminRequest(`/app/affiliates/${affiliate.id}/edit`), { id: affiliate.id }),
    );
    expect(data.affiliate).toMatchObject({ name: "Alice", rateKind: "flat_per_item", rateValue: "2" });
    const request = await adminRequest(`/app/affiliates/${affiliate.id}/edit`, { shop: OTHER_SHOP });
    expect(await status(() => editLoader(args(request, { id: affiliate.id })))).toBe(404);
  });

  it("saves the changes, keeping its own ref code in another case", async () => {
    const affiliate = await createAffiliate({ refCode: "alice" });
    const response = (await settle(async () =>
      editAction(
        args(
          await adminRequest(`/app/affiliates/${affiliate.id}/edit`, {
            form: validForm({
              name: "Alice Renamed",
              refCode: "ALICE",
              rateKind: "",
              rateValue: "",
              active: "false",
            }),
          }),
          { id: affiliate.id },
        ),
      ),
    )) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toContain(`/app/affiliates/${affiliate.id}?saved=updated`);
    expect(await prisma.affiliate.findUniqueOrThrow({ where: { id: affiliate.id } })).toMatchObject({
      name: "Alice Renamed",
      refCode: "ALICE",
      refCodeKey: "alice",
      rateKind: null,
      active: false,
    });
  });

  it("shows another affiliate's ref code together with the other fields' errors, not its own", async () => {
    await createAffiliate({ name: "Bob", refCode: "bob" });
    const affiliate = await createAffiliate({ refCode: "alice" });
    const edit = async (form: Record<string, string>) =>
      (
        (await editAction(
          args(await adminRequest(`/app/affiliates/${affiliate.id}/edit`, { form: validForm(form) }), {
            id: affiliate.id,
          }),
        )) as Response
      ).json();
    expect((await edit({ name: "", refCode: "Bob" })).errors).toEqual({
      name: "Enter the affiliate's name",
      refCode: "The ref code Bob is already used by Bob",
    });
    expect((await edit({ name: "", refCode: "ALICE" })).errors).toEqual({
      name: "Enter the affiliate's name",
    });
  });

  it("refuses another affiliate's ref code", async () => {
    await createAffiliate({ name: "Bob", refCode: "bob" });
    const affiliate = await createAffiliate({ refCode: "alice" });
    const response = (await editAction(
      args(
        await adminRequest(`/app/affiliates/${affiliate.id}/edit`, { form: validForm({ refCode: "BOB" }) }),
        {
          id: affiliate.id,
        },
      ),
    )) as Response;
    expect(response.status).toBe(400);
    expect((await response.json()).errors.refCode).toBe("The ref code BOB is already used by Bob");
    expect((await prisma.affiliate.findUniqueOrThrow({ where: { id: affiliate.id } })).refCode).toBe("alice");
  });

  it("answers 404 when another shop posts to this shop's affiliate, and changes nothing", async () => {
    const affiliate = await createAffiliate({ name: "Alice" });
    const request = await adminRequest(`/app/affiliates/${affiliate.id}/edit`, {
      shop: OTHER_SHOP,
      form: validForm({ name: "Hijacked", refCode: "hijack" }),
    });
    expect(await status(() => editAction(args(request, { id: affiliate.id })))).toBe(404);
    const bad = await adminRequest(`/app/affiliates/${affiliate.id}/edit`, {
      shop: OTHER_SHOP,
      form: { name: "" },
    });
    expect(await status(() => editAction(args(bad, { id: affiliate.id })))).toBe(404);
    expect((await prisma.affiliate.findUniqueOrThrow({ where: { id: affiliate.id } })).name).toBe("Alice");
  });
});

describe("Affiliate page", () => {
  it("answers 404 when shop B asks for shop A's affiliate", async () => {
    const affiliate = await createAffiliate();
    const request = await adminRequest(`/app/affiliates/${affiliate.id}`, { shop: OTHER_SHOP });
    expect(await status(() => detailLoader(args(request, { id: affiliate.id })))).toBe(404);
    expect(
      await status(async () =>
        detailLoader(args(await adminRequest("/app/affiliates/nope"), { id: "nope" })),
      ),
    ).toBe(404);
  });

  it("shows the link, coupons, connected products and latest commissions", async () => {
    const affiliate = await createAffiliate({ name: "Alice", refCode: "alice" });
    const other = await createAffiliate();
    await createCoupon(affiliate, { code: "ALICE10" });
    await createCoupon(other, { code: "OTHER5" });
    await createProductConnection(affiliate, {
      productTitle: "Trail shoe",
      rateKind: "percent",
      rateValue: "5",
    });
    await createCommission(affiliate, { status: "approved", amount: "10.00", amountMinor: 1000 });
    await createCommission(affiliate, { status: "pending", amount: "2.50", amountMinor: 250 });
    await createCommission(other);

    const data = await detailLoader(
      args(await adminRequest(`/app/affiliates/${affiliate.id}`), { id: affiliate.id }),
    );
    expect(data.affiliate.link).toBe(`https://${TEST_SHOP}/?ref=alice`);
    expect(data.coupons.items.map((c) => c.code)).toEqual(["ALICE10"]);
    expect(data.products.items).toEqual([
      expect.objectContaining({ productTitle: "Trail shoe", rateKind: "percent", rateValue: "5" }),
    ]);
    // The shop's currency, from its orders: flat rates read as money of it.
    expect(data.currency).toBe("USD");
    expect(data.commissions.pageInfo.total).toBe(2);
    expect(data.commissions.items.map((line) => line.status).sort()).toEqual(["approved", "pending"]);
    expect(data.commissions.totals).toEqual([
      { status: "approved", currency: "USD", amountMinor: 1000 },
      { status: "pending", currency: "USD", amountMinor: 250 },
    ]);
    expect(data.commissions.rangeTotals).toEqual(data.commissions.totals);
  });

  it("shows and filters its commissions by the order's day in the shop's time zone, a page at a time", async () => {
    await prisma.shopProfile.create({
      data: {
        shop: TEST_SHOP,
        name: "Test",
        timeZone: "America/New_York",
        currency: "USD",
        refreshedAt: new Date(),
      },
    });
    const affiliate = await createAffiliate({ name: "Alice" });
    // 23:30 in New York on March 1 is March 2 in UTC: it is a March 1 order here.
    const lateOnFirst = await createCommission(affiliate, {
      orderCreatedAt: new Date("2026-03-02T04:30:00Z"),
      createdAt: new Date("2026-03-02T04:31:00Z"),
    });
    const second = await createCommission(affiliate, {
      orderCreatedAt: new Date("2026-03-02T15:00:00Z"),
      status: "approved",
      amount: "4.00",
      amountMinor: 400,
    });
    // Recorded last (a late webhook), placed first.
    const early = await createCommission(affiliate, {
      orderCreatedAt: new Date("2026-02-20T15:00:00Z"),
      createdAt: new Date("2026-03-10T00:00:00Z"),
    });
    for (let i = 0; i < 10; i++) {
      await createCommission(affiliate, { orderCreatedAt: new Date(Date.UTC(2026, 3, 1 + i, 15)) });
    }
    const page = async (query: string) =>
      detailLoader(args(await adminRequest(`/app/affiliates/${affiliate.id}${query}`), { id: affiliate.id }));

    const first = await page("?orderFrom=2026-03-01&orderTo=2026-03-01");
    expect(first.commissions.items.map((line) => line.id)).toEqual([lateOnFirst.id]);
    expect(first.commissions.rangeTotals).toEqual([
      { status: "pending", currency: "USD", amountMinor: 1000 },
    ]);
    expect(first.timeZone).toBe("America/New_York");

    const march = await page("?orderFrom=2026-02-01&orderTo=2026-03-31");
    expect(march.commissions.items.map((line) => line.id)).toEqual([second.id, lateOnFirst.id, early.id]);
    expect(march.commissions.items[2]).toMatchObject({
      orderCreatedAt: "2026-02-20T15:00:00.000Z",
      createdAt: "2026-03-10T00:00:00.000Z",
    });
    expect(march.commissions.rangeTotals).toEqual([
      { status: "approved", currency: "USD", amountMinor: 400 },
      { status: "pending", currency: "USD", amountMinor: 2000 },
    ]);

    const all = await page("");
    expect(all.commissions.pageInfo).toMatchObject({ total: 13, pageCount: 2, page: 1 });
    expect(all.commissions.items).toHaveLength(10);
    const next = await page("?commissionsPage=2");
    expect(next.commissions.items.map((line) => line.id)).toEqual([second.id, lateOnFirst.id, early.id]);
    expect(all.commissions.totals).toEqual([
      { status: "approved", currency: "USD", amountMinor: 400 },
      { status: "pending", currency: "USD", amountMinor: 12000 },
    ]);
  });

  it("lists the customers it referred with their order count, last order and connection", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const bob = await createAffiliate({ name: "Bob" });
    await referredOrder(alice, "101", "7001", "2026-03-01T10:00:00Z");
    await referredOrder(alice, "102", "7001", "2026-03-05T10:00:00Z");
    await referredOrder(alice, "103", "7002", "2026-03-03T10:00:00Z");
    await referredOrder(alice, "104", "7003", "2026-02-01T10:00:00Z");
    await referredOrder(alice, "105", null, "2026-03-09T10:00:00Z"); // a guest order names no customer
    await referredOrder(bob, "106", "7004", "2026-03-02T10:00:00Z");
    await createConnection(alice, { customerId: "7002", customerEmail: "customer7002@example.com" });
    await createConnection(bob, { customerId: "7003", customerEmail: "customer7003@example.com" });

    const data = await detailLoader(
      args(await adminRequest(`/app/affiliates/${alice.id}`), { id: alice.id }),
    );
    expect(data.customers.pageInfo.total).toBe(3);
    expect(data.customers.items).toEqual([
      expect.objectContaining({
        customerId: "7001",
        customerEmail: "customer7001@example.com",
        orderCount: 2,
        lastOrderAt: "2026-03-05T10:00:00.000Z",
        lastOrderName: "#102",
        connection: { state: "none" },
      }),
      expect.objectContaining({
        customerId: "7002",
        orderCount: 1,
        connection: expect.objectContaining({ state: "this_affiliate" }),
      }),
      expect.objectContaining({
        customerId: "7003",
        connection: expect.objectContaining({ state: "other_affiliate", affiliateName: "Bob" }),
      }),
    ]);
  });

  it("paginates the referred customers 25 to a page", async () => {
    const alice = await createAffiliate();
    for (let i = 0; i < 27; i++) {
      await referredOrder(
        alice,
        String(200 + i),
        String(7100 + i),
        new Date(Date.UTC(2026, 2, 1, i)).toISOString(),
      );
    }
    const first = await detailLoader(
      args(await adminRequest(`/app/affiliates/${alice.id}`), { id: alice.id }),
    );
    expect(first.customers.items).toHaveLength(25);
    expect(first.customers.items[0].customerId).toBe("7126");
    const second = await detailLoader(
      args(await adminRequest(`/app/affiliates/${alice.id}?customersPage=2`), { id: alice.id }),
    );
    expect(second.customers.items.map((c) => c.customerId)).toEqual(["7101", "7100"]);
  });

  it("connects a referred customer through its latest referred order", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    await referredOrder(alice, "101", "7001", "2026-03-01T10:00:00Z");
    await referredOrder(alice, "102", "7001", "2026-03-05T10:00:00Z");
    const response = (await detailAction(
      args(
        await adminRequest(`/app/affiliates/${alice.id}`, {
          form: { intent: "connect-customer", customerId: "7001" },
        }),
        { id: alice.id },
      ),
    )) as Response;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ok: true,
      toast: { message: "customer7001@example.com connected" },
    });
    const connection = await prisma.customerConnection.findUniqueOrThrow({
      where: { shop_customerId: { shop: TEST_SHOP, customerId: "7001" } },
    });
    expect(connection).toMatchObject({
      affiliateId: alice.id,
      origin: "referred_order",
      orderId: "102",
      customerEmail: "customer7001@example.com",
      expiresAt: null,
    });
    const data = await detailLoader(
      args(await adminRequest(`/app/affiliates/${alice.id}`), { id: alice.id }),
    );
    expect(data.customers.items[0].connection).toMatchObject({ state: "this_affiliate" });
  });

  it("says so, and changes nothing, when the customer is already connected to any affiliate", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const bob = await createAffiliate({ name: "Bob" });
    await referredOrder(alice, "101", "7001", "2026-03-01T10:00:00Z");
    const existing = await createConnection(bob, {
      customerId: "7001",
      customerEmail: "customer7001@example.com",
    });
    const response = (await detailAction(
      args(
        await adminRequest(`/app/affiliates/${alice.id}`, {
          form: { intent: "connect-customer", customerId: "7001" },
        }),
        { id: alice.id },
      ),
    )) as Response;
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      ok: false,
      message: "customer7001@example.com is already connected to Bob",
    });
    expect(await prisma.customerConnection.findMany({ where: { shop: TEST_SHOP } })).toEqual([existing]);

    // Connecting again to the same affiliate says so too.
    await createConnection(alice, { customerId: "7009", customerEmail: "c@example.com" });
    await referredOrder(alice, "109", "7009", "2026-03-02T10:00:00Z", "c@example.com");
    const again = (await detailAction(
      args(
        await adminRequest(`/app/affiliates/${alice.id}`, {
          form: { intent: "connect-customer", customerId: "7009" },
        }),
        { id: alice.id },
      ),
    )) as Response;
    expect((await again.json()).message).toBe("c@example.com is already connected to Alice");
  });

  it("replaces an expired connection", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const bob = await createAffiliate({ name: "Bob" });
    await referredOrder(alice, "101", "7001", "2026-03-01T10:00:00Z");
    await createConnection(bob, { customerId: "7001", expiresAt: new Date("2020-01-01T00:00:00Z") });
    const response = (await detailAction(
      args(
        await adminRequest(`/app/affiliates/${alice.id}`, {
          form: { intent: "connect-customer", customerId: "7001" },
        }),
        { id: alice.id },
      ),
    )) as Response;
    expect(response.status).toBe(200);
    const rows = await prisma.customerConnection.findMany({ where: { shop: TEST_SHOP, customerId: "7001" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ affiliateId: alice.id, origin: "referred_order", expiresAt: null });
  });

  it("refuses to connect a customer the affiliate did not refer", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const bob = await createAffiliate({ name: "Bob" });
    await referredOrder(bob, "101", "7001", "2026-03-01T10:00:00Z");
    const response = (await detailAction(
      args(
        await adminRequest(`/app/affiliates/${alice.id}`, {
          form: { intent: "connect-customer", customerId: "7001" },
        }),
        { id: alice.id },
      ),
    )) as Response;
    expect(response.status).toBe(409);
    expect((await response.json()).message).toBe("Alice has not referred this customer");
    expect(await prisma.customerConnection.count()).toBe(0);
  });

  it("answers 404 when another shop connects through this shop's affiliate", async () => {
    const alice = await createAffiliate();
    await referredOrder(alice, "101", "7001", "2026-03-01T10:00:00Z");
    const request = await adminRequest(`/app/affiliates/${alice.id}`, {
      shop: OTHER_SHOP,
      form: { intent: "connect-customer", customerId: "7001" },
    });
    expect(await status(() => detailAction(args(request, { id: alice.id })))).toBe(404);
    expect(await prisma.customerConnection.count()).toBe(0);
  });

  it("activates and deactivates the affiliate", async () => {
    const alice = await createAffiliate();
    const response = (await detailAction(
      args(
        await adminRequest(`/app/affiliates/${alice.id}`, {
          form: { intent: "set-active", active: "false" },
        }),
        {
          id: alice.id,
        },
      ),
    )) as Response;
    expect((await response.json()).toast.message).toBe("Affiliate deactivated");
    expect((await prisma.affiliate.findUniqueOrThrow({ where: { id: alice.id } })).active).toBe(false);
    const foreign = await adminRequest(`/app/affiliates/${alice.id}`, {
      shop: OTHER_SHOP,
      form: { intent: "set-active", active: "true" },
    });
    expect(await status(() => detailAction(args(foreign, { id: alice.id })))).toBe(404);
    expect((await prisma.affiliate.findUniqueOrThrow({ where: { id: alice.id } })).active).toBe(false);
  });
});
