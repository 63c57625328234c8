import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import prisma from "~/db.server";
import { action as listAction, loader as listLoader } from "~/routes/app.products._index";
import { action as connectAction, loader as connectLoader } from "~/routes/app.products.new";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate, createProductConnection } from "~test/factories";
import { mswServer } from "~test/helpers/msw";
import { OTHER_SHOP, TEST_SHOP, adminRequest, settle } from "~test/helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });
const TRAIL_SHOE_IMAGE = "https://cdn.shopify.com/s/files/1/0000/0001/files/trail-shoe.png";

function useEmulator() {
  const emulator = createShopifyEmulator({
    products: [
      { id: "8001", title: "Trail shoe", imageUrl: TRAIL_SHOE_IMAGE },
      { id: "8002", title: "Road shoe" },
      { id: "8003", title: "Running socks" },
    ],
  });
  mswServer.use(...emulator.handlers);
  return emulator.store;
}

async function list(query = "", shop = TEST_SHOP) {
  return listLoader(args(await adminRequest(`/app/products${query}`, { shop })));
}

async function connect(form: Record<string, string>, shop = TEST_SHOP) {
  const response = (await settle(async () =>
    connectAction(args(await adminRequest("/app/products/new", { form, shop }))),
  )) as Response;
  return { status: response.status, body: await response.json() };
}

async function remove(ids: string[], shop = TEST_SHOP) {
  const response = (await settle(async () =>
    listAction(args(await adminRequest("/app/products", { form: { intent: "remove", ids }, shop }))),
  )) as Response;
  return { status: response.status, body: await response.json() };
}

const picked = (...ids: string[]) =>
  JSON.stringify(
    ids.map((id) => ({
      id: id.startsWith("gid") ? id : `gid://shopify/Product/${id}`,
      title: "from picker",
    })),
  );

let alice: Affiliate;
let bob: Affiliate;
let mallory: Affiliate;

beforeEach(async () => {
  await prisma.affiliate.deleteMany();
  alice = await createAffiliate({ name: "Alice", refCode: "alice" });
  bob = await createAffiliate({ name: "Bob", refCode: "bob", rateKind: "percent", rateValue: "12" });
  mallory = await createAffiliate({ name: "Mallory", refCode: "mallory", shop: OTHER_SHOP });
  useEmulator();
});
afterEach(() => mswServer.resetHandlers());

describe("products list", () => {
  it("lists this shop's product connections with product, affiliate and rate", async () => {
    const own = await createProductConnection(alice, {
      productId: "8001",
      productTitle: "Trail shoe",
      rateKind: "percent",
      rateValue: "15",
    });
    const programRate = await createProductConnection(alice, {
      productId: "8002",
      productTitle: "Road shoe",
    });
    const affiliateRate = await createProductConnection(bob, {
      productId: "8003",
      productTitle: "Running socks",
    });
    await createProductConnection(mallory, { productId: "8001" });

    const data = await list();
    expect(data.connections).toHaveLength(3);
    const byId = Object.fromEntries(data.connections.map((c) => [c.id, c]));
    expect(byId[own.id]).toMatchObject({
      productId: "8001",
      productTitle: "Trail shoe",
      affiliateName: "Alice",
      rate: { kind: "percent", value: "15" },
    });
    expect(byId[programRate.id]).toMatchObject({ rate: null, fallback: "program" });
    expect(byId[affiliateRate.id]).toMatchObject({ rate: null, fallback: "affiliate", affiliateName: "Bob" });
    expect(byId[own.id].ownedBy).toBeNull();
    expect(data.affiliates.map((a) => a.id).sort()).toEqual([alice.id, bob.id].sort());

    const other = await list("", OTHER_SHOP);
    expect(other.connections.map((c) => c.affiliateName)).toEqual(["Mallory"]);
  });

  it("says which connection owns a product connected to several affiliates", async () => {
    const inactive = await createAffiliate({ name: "Ina", active: false });
    const first = await createProductConnection(inactive, {
      productId: "8001",
      createdAt: new Date("2026-01-01"),
    });
    const owner = await createProductConnection(alice, {
      productId: "8001",
      createdAt: new Date("2026-01-02"),
    });
    const later = await createProductConnection(bob, {
      productId: "8001",
      createdAt: new Date("2026-01-03"),
    });
    await createProductConnection(mallory, { productId: "8001", createdAt: new Date("2025-01-01") });
    const byId = Object.fromEntries((await list()).connections.map((c) => [c.id, c]));
    expect(byId[first.id].ownedBy).toBe("Alice");
    expect(byId[owner.id].ownedBy).toBeNull();
    expect(byId[later.id].ownedBy).toBe("Alice");
  });

  it("filters by affiliate, and never by another shop's", async () => {
    await createProductConnection(alice);
    const bobs = await createProductConnection(bob);
    await createProductConnection(mallory);
    expect((await list(`?affiliateId=${bob.id}`)).connections.map((c) => c.id)).toEqual([bobs.id]);
    expect((await list(`?affiliateId=${mallory.id}`)).connections).toEqual([]);
  });

  it("shows each product's title and image as the store has them now, and says so when it is gone", async () => {
    await createProductConnection(alice, { productId: "8001", productTitle: "Old shoe name" });
    await createProductConnection(alice, { productId: "8002", productTitle: "Road shoe" });
    await createProductConnection(bob, { productId: "9999", productTitle: "Discontinued cap" });
    const byProduct = Object.fromEntries((await list()).connections.map((c) => [c.productId, c]));
    expect(byProduct["8001"].shopify).toEqual({
      found: true,
      title: "Trail shoe",
      image: { url: TRAIL_SHOE_IMAGE, altText: "Trail shoe" },
    });
    expect(byProduct["8002"].shopify).toEqual({ found: true, title: "Road shoe", image: null });
    expect(byProduct["9999"]).toMatchObject({ productTitle: "Discontinued cap", shopify: { found: false } });
  });

  it("shows the stored titles when Shopify cannot be reached", async () => {
    const store = useEmulator();
    await createProductConnection(alice, { productId: "8001", productTitle: "Trail shoe" });
    store.failNext(1, 503);
    const [row] = (await list()).connections;
    expect(row).toMatchObject({ productTitle: "Trail shoe", shopify: null });
  });

  it("sorts by product or connection date on the server", async () => {
    await createProductConnection(alice, {
      productTitle: "Beanie",
      createdAt: new Date("2026-01-01T00:00:00Z"),
    });
    await createProductConnection(alice, {
      productTitle: "Anorak",
      createdAt: new Date("2026-01-03T00:00:00Z"),
    });
    await createProductConnection(bob, { productTitle: "Cap", createdAt: new Date("2026-01-02T00:00:00Z") });
    const titles = async (query: string) => (await list(query)).connections.map((c) => c.productTitle);
    expect(await titles("")).toEqual(["Anorak", "Cap", "Beanie"]);
    expect(await titles("?sort=product&direction=asc")).toEqual(["Anorak", "Beanie", "Cap"]);
    expect(await titles("?sort=product&direction=desc")).toEqual(["Cap", "Beanie", "Anorak"]);
    expect(await titles("?sort=createdAt&direction=asc")).toEqual(["Beanie", "Cap", "Anorak"]);
    expect(await titles(`?sort=product&direction=asc&affiliateId=${alice.id}`)).toEqual(["Anorak", "Beanie"]);
    expect((await list("?sort=product&direction=asc")).sort).toEqual({ key: "product", direction: "asc" });
  });

  it("paginates 25 a page", async () => {
    for (let i = 0; i < 30; i++) {
      await createProductConnection(alice, { createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });
    }
    const first = await list();
    expect(first.connections).toHaveLength(25);
    expect(first.pageInfo).toMatchObject({ page: 1, pageCount: 2, hasNext: true });
    const second = await list("?page=2");
    expect(second.connections).toHaveLength(5);
    expect(new Set([...first.connections, ...second.connections].map((c) => c.id)).size).toBe(30);
  });

  it("removes single and bulk, and never another shop's", async () => {
    const a = await createProductConnection(alice);
    const b = await createProductConnection(alice);
    const c = await createProductConnection(bob);
    const theirs = await createProductConnection(mallory);

    const single = await remove([a.id]);
    expect(single.body).toMatchObject({
      removed: 1,
      skipped: [],
      toast: { message: "Removed 1 product connection" },
    });
    const bulk = await remove([b.id, c.id, theirs.id]);
    expect(bulk.body.removed).toBe(2);
    expect(bulk.body.skipped).toEqual([
      { id: theirs.id, label: theirs.id, reason: "No such product connection" },
    ]);
    expect(await prisma.productConnection.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await prisma.productConnection.count({ where: { id: theirs.id } })).toBe(1);

    const foreign = await remove([theirs.id]);
    expect(foreign.body).toMatchObject({ removed: 0, toast: { isError: true } });
    expect(await prisma.productConnection.count({ where: { id: theirs.id } })).toBe(1);
  });

  it("refuses an unauthenticated request", async () => {
    const request = await adminRequest("/app/products", { secret: "wrong" });
    expect(((await settle(() => listLoader(args(request)))) as Response).status).toBe(401);
  });
});

describe("connecting products", () => {
  it("offers this shop's affiliates, preselecting the one asked for", async () => {
    const data = await connectLoader(args(await adminRequest(`/app/products/new?affiliateId=${bob.id}`)));
    expect(data.affiliateId).toBe(bob.id);
    expect(data.affiliates.map((a) => a.id).sort()).toEqual([alice.id, bob.id].sort());
    const foreign = await connectLoader(
      args(await adminRequest(`/app/products/new?affiliateId=${mallory.id}`)),
    );
    expect(foreign.affiliateId).toBeNull();
  });

  it("connects picked products with their Shopify titles and numeric ids, with an optional rate", async () => {
    const store = useEmulator();
    const { status, body } = await connect({
      affiliateId: alice.id,
      products: picked("8001", "8002"),
      "rate.kind": "flat_per_item",
      "rate.value": "2.50",
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      connected: 2,
      updated: 0,
      ownedElsewhere: [],
      toast: { message: "Connected 2 products" },
    });
    const rows = await prisma.productConnection.findMany({
      where: { shop: TEST_SHOP },
      orderBy: { productId: "asc" },
    });
    expect(rows.map((r) => [r.productId, r.productTitle, r.affiliateId, r.rateKind, r.rateValue])).toEqual([
      ["8001", "Trail shoe", alice.id, "flat_per_item", "2.50"],
      ["8002", "Road shoe", alice.id, "flat_per_item", "2.50"],
    ]);
    expect(store.callsTo("ProductsById")).toHaveLength(1);

    // Connecting again to the same affiliate updates the rate; no rate of its own is stored as null.
    const again = await connect({ affiliateId: alice.id, products: picked("8001"), "rate.kind": "" });
    expect(again.body).toMatchObject({ connected: 0, updated: 1 });
    const row = await prisma.productConnection.findFirstOrThrow({
      where: { productId: "8001", shop: TEST_SHOP },
    });
    expect([row.rateKind, row.rateValue]).toEqual([null, null]);
  });

  it("accepts numeric ids and says when another affiliate already owns a product", async () => {
    useEmulator();
    await createProductConnection(bob, { productId: "8003", productTitle: "Running socks" });
    const { body } = await connect({
      affiliateId: alice.id,
      products: JSON.stringify([{ id: "8003" }]),
    });
    expect(body).toMatchObject({
      ok: true,
      connected: 1,
      ownedElsewhere: [{ productId: "8003", productTitle: "Running socks", affiliateName: "Bob" }],
    });
  });

  it("puts every problem next to its field", async () => {
    useEmulator();
    const missing = await connect({ products: "[]", "rate.kind": "percent", "rate.value": "150" });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual({
      affiliateId: "Choose an affiliate",
      products: "Select at least one product",
      "rate.value": "A percentage cannot exceed 100",
    });

    const bad = await connect({
      affiliateId: alice.id,
      products: JSON.stringify([{ id: "8001" }, { id: "gid://shopify/Customer/7001" }]),
      "rate.kind": "percent",
      "rate.value": "ten",
    });
    expect(bad.body.errors).toEqual({
      products: "Product 2 is not a Shopify product id",
      "rate.value": "Enter a number such as 10 or 7.5",
    });

    const kind = await connect({
      affiliateId: alice.id,
      products: picked("8001"),
      "rate.kind": "weekly",
      "rate.value": "1",
    });
    expect(kind.body.errors).toEqual({ "rate.kind": "Choose a rate kind, or the program rate" });

    const garbage = await connect({ affiliateId: alice.id, products: "not json" });
    expect(garbage.body.errors).toEqual({ products: "Select products to connect" });

    const gone = await connect({ affiliateId: alice.id, products: picked("8001", "9999") });
    expect(gone.body.errors).toEqual({ products: "Not found in your store (deleted?): product 9999" });
    expect(await prisma.productConnection.count()).toBe(0);
  });

  it("refuses another shop's affiliate, next to the affiliate field, and connects nothing", async () => {
    useEmulator();
    const { status, body } = await connect({ affiliateId: mallory.id, products: picked("8001") });
    expect(status).toBe(400);
    expect(body.errors).toEqual({ affiliateId: "Choose one of your affiliates" });
    const fromOther = await connect({ affiliateId: alice.id, products: picked("8001") }, OTHER_SHOP);
    expect(fromOther.body.errors).toEqual({ affiliateId: "Choose one of your affiliates" });
    expect(await prisma.productConnection.count()).toBe(0);
  });

  it("connects nothing, and says so, when Shopify cannot be reached", async () => {
    const store = useEmulator();
    store.failNext(1, 503);
    const { status, body } = await connect({ affiliateId: alice.id, products: picked("8001") });
    expect(status).toBe(400);
    expect(body.errors.form).toMatch(/Shopify could not be reached/);
    expect(await prisma.productConnection.count()).toBe(0);
  });
});
