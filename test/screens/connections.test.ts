import { beforeEach, describe, expect, it } from "vitest";
import { graphql, HttpResponse } from "msw";
import prisma from "~/db.server";
import { action as listAction, loader as listLoader } from "~/routes/app.connections._index";
import { action as newAction, loader as newLoader } from "~/routes/app.connections.new";
import { loader as customerSearchLoader } from "~/routes/app.connections.customer-search";
import { loader as affiliateOptionsLoader } from "~/routes/app.connections.affiliate-options";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate, createConnection } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { captureConsoleErrors } from "~test/helpers/console";
import { mswServer } from "~test/helpers/msw";
import { OTHER_SHOP, TEST_SHOP, adminRequest, settle } from "~test/helpers/shopify";

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

const STORE = {
  customers: [
    { id: "7001", email: "carol@example.com", firstName: "Carol", lastName: "Ng", numberOfOrders: 1 },
    { id: "7002", email: "dave@example.com", firstName: "Dave", lastName: "Stone" },
    { id: "7003", email: "erin@example.com", firstName: "Erin", lastName: "Ng" },
  ],
  products: [{ id: "8001", title: "Trail shoe" }],
};

/** The emulated Shopify store answering this test's Admin API calls. */
function useShopify() {
  const emulator = createShopifyEmulator(STORE);
  mswServer.use(...emulator.handlers);
  return emulator.store;
}

let store: ReturnType<typeof useShopify>;

beforeEach(async () => {
  await resetDatabase();
  store = useShopify();
});

async function json(response: unknown): Promise<Record<string, unknown>> {
  return (response as Response).json();
}

function nextYear(): string {
  return `${new Date().getUTCFullYear() + 1}-06-30`;
}

describe("Connections list", () => {
  it("lists only this shop's connections with customer, affiliate, origin, expiry and creation", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const theirs = await createAffiliate({ shop: OTHER_SHOP, name: "Theirs" });
    const mine = await createConnection(alice, {
      customerId: "7001",
      customerEmail: "carol@example.com",
      customerName: "Carol Ng",
      origin: "referred_order",
      orderId: "101",
      expiresAt: new Date("2030-01-01T00:00:00Z"),
    });
    await createConnection(theirs, { customerId: "7001" });
    const data = await listLoader(args(await adminRequest("/app/connections")));
    expect(data.connections.items).toEqual([
      {
        id: mine.id,
        customerId: "7001",
        customerName: "Carol Ng",
        customerEmail: "carol@example.com",
        affiliate: { id: alice.id, name: "Alice", refCode: alice.refCode, active: true },
        origin: "referred_order",
        orderId: "101",
        // Order 101 was never recorded by the app: no name to show.
        orderName: null,
        expiresAt: "2030-01-01T00:00:00.000Z",
        expired: false,
        createdAt: mine.createdAt.toISOString(),
      },
    ]);
  });

  it("marks expired connections", async () => {
    const alice = await createAffiliate();
    await createConnection(alice, { expiresAt: new Date("2020-01-01T00:00:00Z") });
    const data = await listLoader(args(await adminRequest("/app/connections")));
    expect(data.connections.items[0].expired).toBe(true);
  });

  it("searches by customer email, name or id, and by affiliate name or ref code", async () => {
    const alice = await createAffiliate({ name: "Alice", refCode: "alice" });
    const bob = await createAffiliate({ name: "Bob", refCode: "bob-ref" });
    const carol = await createConnection(alice, {
      customerEmail: "carol@example.com",
      customerName: "Carol Ng",
    });
    const dave = await createConnection(bob, { customerId: "7555", customerEmail: "dave@example.com" });
    const theirs = await createAffiliate({ shop: OTHER_SHOP, name: "Alice too" });
    await createConnection(theirs, { customerEmail: "carol@example.com" });
    const search = async (q: string) =>
      (
        await listLoader(args(await adminRequest(`/app/connections?q=${encodeURIComponent(q)}`)))
      ).connections.items.map((c) => c.id);
    expect(await search("CAROL@")).toEqual([carol.id]);
    expect(await search("carol ng")).toEqual([carol.id]);
    expect(await search("7555")).toEqual([dave.id]);
    expect(await search("bob-ref")).toEqual([dave.id]);
    expect(await search("alice")).toEqual([carol.id]);
    expect(await search("zzz")).toEqual([]);
  });

  it("paginates 25 to a page, by cursor", async () => {
    const alice = await createAffiliate();
    for (let i = 0; i < 26; i++) {
      await createConnection(alice, {
        customerId: String(7100 + i),
        createdAt: new Date(Date.UTC(2026, 0, 1, i)),
      });
    }
    const first = await listLoader(args(await adminRequest("/app/connections")));
    expect(first.connections.items).toHaveLength(25);
    expect(first.connections.total).toBe(26);
    expect(first.connections.pageInfo).toMatchObject({ hasPrevious: false, hasNext: true });
    const after = encodeURIComponent(first.connections.pageInfo.endCursor!);
    const second = await listLoader(args(await adminRequest(`/app/connections?after=${after}`)));
    expect(second.connections.items.map((c) => c.customerId)).toEqual(["7100"]);
    expect(second.connections.pageInfo).toMatchObject({ hasPrevious: true, hasNext: false });
  });

  it("announces the connection just created, only this shop's", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const created = await createConnection(alice, { customerEmail: "carol@example.com" });
    const data = await listLoader(args(await adminRequest(`/app/connections?created=${created.id}`)));
    expect(data.createdToast).toEqual({ message: "carol@example.com connected to Alice" });
    const foreign = await listLoader(
      args(await adminRequest(`/app/connections?created=${created.id}`, { shop: OTHER_SHOP })),
    );
    expect(foreign.createdToast).toBeNull();
  });

  it("disconnects one or several connections of this shop only", async () => {
    const alice = await createAffiliate();
    const theirs = await createAffiliate({ shop: OTHER_SHOP });
    const a = await createConnection(alice);
    const b = await createConnection(alice);
    const c = await createConnection(alice);
    const foreign = await createConnection(theirs);
    const one = await listAction(
      args(await adminRequest("/app/connections", { form: { intent: "disconnect", ids: a.id } })),
    );
    expect((await json(one)).toast).toEqual({ message: "1 customer disconnected" });
    const many = await listAction(
      args(
        await adminRequest("/app/connections", {
          form: { intent: "disconnect", ids: [b.id, c.id, foreign.id] },
        }),
      ),
    );
    expect((await json(many)).toast).toEqual({ message: "2 customers disconnected" });
    expect((await prisma.customerConnection.findMany()).map((row) => row.id)).toEqual([foreign.id]);
  });

  it("disconnects every connection matching the search when all are selected", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const bob = await createAffiliate({ name: "Bob" });
    await createConnection(alice);
    await createConnection(alice);
    const kept = await createConnection(bob);
    const theirs = await createConnection(await createAffiliate({ shop: OTHER_SHOP, name: "Alice" }));
    await listAction(
      args(
        await adminRequest("/app/connections", { form: { intent: "disconnect", all: "true", q: "alice" } }),
      ),
    );
    expect(
      (await prisma.customerConnection.findMany({ orderBy: { id: "asc" } })).map((row) => row.id).sort(),
    ).toEqual([kept.id, theirs.id].sort());
  });

  it("sorts by customer, expiry or creation on the server, the sort kept in the URL", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    await createConnection(alice, {
      customerName: "Zoe Park",
      expiresAt: new Date("2031-01-01T00:00:00Z"),
      createdAt: new Date("2026-01-01T00:00:00Z"),
    });
    await createConnection(alice, {
      customerName: "Adam Bell",
      expiresAt: new Date("2029-01-01T00:00:00Z"),
      createdAt: new Date("2026-01-02T00:00:00Z"),
    });
    await createConnection(alice, {
      customerName: null,
      customerEmail: "mia@example.com",
      expiresAt: new Date("2030-01-01T00:00:00Z"),
      createdAt: new Date("2026-01-03T00:00:00Z"),
    });
    const labels = async (query: string) =>
      (await listLoader(args(await adminRequest(`/app/connections${query}`)))).connections.items.map(
        (row) => row.customerName ?? row.customerEmail,
      );
    expect(await labels("")).toEqual(["mia@example.com", "Adam Bell", "Zoe Park"]);
    expect(await labels("?sort=createdAt&direction=asc")).toEqual([
      "Zoe Park",
      "Adam Bell",
      "mia@example.com",
    ]);
    // Named customers by name, then those known only by email.
    expect(await labels("?sort=customer&direction=asc")).toEqual([
      "Adam Bell",
      "Zoe Park",
      "mia@example.com",
    ]);
    expect(await labels("?sort=expiresAt&direction=asc")).toEqual([
      "Adam Bell",
      "mia@example.com",
      "Zoe Park",
    ]);
    expect(await labels("?sort=expiresAt&direction=desc")).toEqual([
      "Zoe Park",
      "mia@example.com",
      "Adam Bell",
    ]);
    expect(await labels("?sort=customerId")).toEqual(["mia@example.com", "Adam Bell", "Zoe Park"]);
    const data = await listLoader(args(await adminRequest("/app/connections?sort=expiresAt&direction=asc")));
    expect(data.sort).toEqual({ key: "expiresAt", direction: "asc" });
  });

  it("filters by affiliate, origin and expiry on the server, within this shop", async () => {
    const now = Date.now();
    const day = 86_400_000;
    const alice = await createAffiliate({ name: "Alice" });
    const bob = await createAffiliate({ name: "Bob" });
    const theirs = await createAffiliate({ shop: OTHER_SHOP, name: "Theirs" });
    const forever = await createConnection(alice, { customerName: "Forever", origin: "manual" });
    const soon = await createConnection(alice, {
      customerName: "Soon",
      origin: "referred_order",
      orderId: "101",
      expiresAt: new Date(now + 5 * day),
    });
    const later = await createConnection(bob, {
      customerName: "Later",
      origin: "referred_order",
      orderId: "102",
      expiresAt: new Date(now + 90 * day),
    });
    const gone = await createConnection(bob, {
      customerName: "Gone",
      origin: "import",
      expiresAt: new Date(now - day),
    });
    await createConnection(theirs, { customerName: "Foreign", origin: "referred_order" });
    const names = async (query: string) =>
      (await listLoader(args(await adminRequest(`/app/connections${query}`)))).connections.items
        .map((row) => row.customerName)
        .sort();
    expect(await names(`?affiliateId=${alice.id}`)).toEqual([forever.customerName, soon.customerName].sort());
    expect(await names(`?affiliateId=${theirs.id}`)).toEqual([]);
    expect(await names("?origin=referred_order")).toEqual([later.customerName, soon.customerName].sort());
    expect(await names("?origin=import")).toEqual([gone.customerName]);
    expect(await names("?expiry=expired")).toEqual([gone.customerName]);
    expect(await names("?expiry=expiring_soon")).toEqual([soon.customerName]);
    expect(await names("?expiry=active")).toEqual(
      [forever.customerName, later.customerName, soon.customerName].sort(),
    );
    expect(await names(`?affiliateId=${bob.id}&origin=referred_order&expiry=active`)).toEqual(["Later"]);
    // Unknown values are ignored rather than matching nothing.
    expect(await names("?origin=telepathy&expiry=someday")).toHaveLength(4);
    const data = await listLoader(
      args(await adminRequest(`/app/connections?affiliateId=${bob.id}&expiry=expired`)),
    );
    expect(data.filters).toEqual({ affiliateId: bob.id, origin: null, expiry: "expired" });
    expect(data.affiliates.map((a) => a.name)).toEqual(["Alice", "Bob"]);
  });

  it("disconnects every connection the filtered list shows when all are selected, and no others", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const bob = await createAffiliate({ name: "Bob" });
    await createConnection(alice, { origin: "referred_order" });
    await createConnection(alice, { origin: "manual" });
    const bobs = await createConnection(bob, { origin: "referred_order" });
    const response = await listAction(
      args(
        await adminRequest("/app/connections", {
          form: { intent: "disconnect", all: "true", q: "", affiliateId: alice.id, origin: "referred_order" },
        }),
      ),
    );
    expect((await json(response)).toast).toEqual({ message: "1 customer disconnected" });
    const left = await prisma.customerConnection.findMany({ where: { shop: TEST_SHOP } });
    expect(left.map((row) => row.origin).sort()).toEqual(["manual", "referred_order"]);
    expect(left.some((row) => row.id === bobs.id)).toBe(true);
  });

  it("refuses a disconnect without a selection", async () => {
    const response = await listAction(
      args(await adminRequest("/app/connections", { form: { intent: "disconnect" } })),
    );
    expect((response as Response).status).toBe(400);
  });
});

describe("Link customer to affiliate: pickers", () => {
  it("offers this shop's active affiliates, searchable", async () => {
    const alice = await createAffiliate({ name: "Alice", refCode: "alice" });
    await createAffiliate({ name: "Inactive Ann", active: false });
    await createAffiliate({ shop: OTHER_SHOP, name: "Alien" });
    const bob = await createAffiliate({ name: "Bob", email: "bob@partners.test" });
    const data = await newLoader(args(await adminRequest("/app/connections/new")));
    expect(data.affiliates.map((a) => a.id)).toEqual([alice.id, bob.id]);
    expect(data.preselected).toBeNull();
    const searched = await affiliateOptionsLoader(
      args(await adminRequest("/app/connections/affiliate-options?q=partners")),
    );
    expect(searched.affiliates.map((a) => a.id)).toEqual([bob.id]);
    const preselected = await newLoader(
      args(await adminRequest(`/app/connections/new?affiliateId=${alice.id}`)),
    );
    expect(preselected.preselected?.id).toBe(alice.id);
  });

  it("searches the store's customers in Shopify, with their connection in this shop", async () => {
    const bob = await createAffiliate({ name: "Bob" });
    await createConnection(bob, { customerId: "7003" });
    await createConnection(await createAffiliate({ shop: OTHER_SHOP, name: "Theirs" }), {
      customerId: "7001",
    });
    const data = await customerSearchLoader(
      args(await adminRequest("/app/connections/customer-search?q=ng")),
    );
    expect(data.error).toBeNull();
    expect(data.customers).toEqual([
      expect.objectContaining({
        id: "7001",
        displayName: "Carol Ng",
        email: "carol@example.com",
        connection: null,
      }),
      expect.objectContaining({
        id: "7003",
        email: "erin@example.com",
        connection: { affiliateId: bob.id, affiliateName: "Bob", expired: false },
      }),
    ]);
    expect(store.callsTo("CustomerSearch").at(-1)?.variables).toEqual({ query: "ng", first: 10 });
  });

  it("says Shopify could not be reached when the search fails", async () => {
    const errors = captureConsoleErrors();
    mswServer.use(
      graphql.query("CustomerSearch", () =>
        HttpResponse.json({ errors: [{ message: "Bad gateway" }] }, { status: 502 }),
      ),
    );
    const data = await customerSearchLoader(
      args(await adminRequest("/app/connections/customer-search?q=carol")),
    );
    expect(data).toMatchObject({ customers: [], error: expect.stringContaining("could not be reached") });
    expect(errors.mock.calls).toEqual([
      [`Customer search (${TEST_SHOP}): Shopify Admin API request failed: HTTP 502`],
    ]);
  });
});

describe("Link customer to affiliate: Connect", () => {
  it("connects an existing store customer, with its email and name from Shopify", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const expiry = nextYear();
    const response = (await settle(async () =>
      newAction(
        args(
          await adminRequest("/app/connections/new", {
            form: { affiliateId: alice.id, customerMode: "existing", customerId: "7001", expiresAt: expiry },
          }),
        ),
      ),
    )) as Response;
    expect(response.status).toBe(302);
    const connection = await prisma.customerConnection.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    expect(response.headers.get("Location")).toContain(`/app/connections?created=${connection.id}`);
    expect(connection).toMatchObject({
      customerId: "7001",
      customerEmail: "carol@example.com",
      customerName: "Carol Ng",
      affiliateId: alice.id,
      origin: "manual",
      expiresAt: new Date(`${expiry}T23:59:59.999Z`),
    });
    const list = await listLoader(args(await adminRequest(`/app/connections?created=${connection.id}`)));
    expect(list.connections.items.map((c) => c.id)).toEqual([connection.id]);
    expect(list.createdToast).toEqual({ message: "carol@example.com connected to Alice" });
  });

  it("accepts the customer as a Shopify gid too", async () => {
    const alice = await createAffiliate();
    await settle(async () =>
      newAction(
        args(
          await adminRequest("/app/connections/new", {
            form: {
              affiliateId: alice.id,
              customerMode: "existing",
              customerId: "gid://shopify/Customer/7002",
            },
          }),
        ),
      ),
    );
    expect((await prisma.customerConnection.findFirstOrThrow()).customerId).toBe("7002");
  });

  it("creates a new customer in Shopify and connects it", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const response = (await settle(async () =>
      newAction(
        args(
          await adminRequest("/app/connections/new", {
            form: {
              affiliateId: alice.id,
              customerMode: "new",
              firstName: "Frank",
              lastName: "Ocean",
              email: "frank@example.com",
              expiresAt: "",
            },
          }),
        ),
      ),
    )) as Response;
    expect(response.status).toBe(302);
    const created = store.findCustomerByEmail("frank@example.com");
    expect(created).toMatchObject({ firstName: "Frank", lastName: "Ocean" });
    expect(store.callsTo("CustomerCreate")).toHaveLength(1);
    expect(await prisma.customerConnection.findFirstOrThrow()).toMatchObject({
      customerId: created!.id,
      customerEmail: "frank@example.com",
      customerName: "Frank Ocean",
      affiliateId: alice.id,
      origin: "manual",
      expiresAt: null,
    });
  });

  it("says so next to the customer, and changes nothing, when the customer is already connected", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const bob = await createAffiliate({ name: "Bob" });
    const existing = await createConnection(bob, { customerId: "7001", customerEmail: "carol@example.com" });
    const response = (await newAction(
      args(
        await adminRequest("/app/connections/new", {
          form: { affiliateId: alice.id, customerMode: "existing", customerId: "7001" },
        }),
      ),
    )) as Response;
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual({
      customerId: "carol@example.com is already connected to Bob",
    });
    expect(await prisma.customerConnection.findMany()).toEqual([existing]);
  });

  it("says so next to the email, and creates no customer, when the new customer's email is already connected", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const bob = await createAffiliate({ name: "Bob" });
    const existing = await createConnection(bob, { customerId: "7002", customerEmail: "dave@example.com" });
    const response = (await newAction(
      args(
        await adminRequest("/app/connections/new", {
          form: { affiliateId: alice.id, customerMode: "new", firstName: "Dave", email: "dave@example.com" },
        }),
      ),
    )) as Response;
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual({ email: "dave@example.com is already connected to Bob" });
    expect(store.callsTo("CustomerCreate")).toHaveLength(0);
    expect(await prisma.customerConnection.findMany()).toEqual([existing]);
  });

  /** Posts the "Link customer to affiliate" form; the answer's status and body (null for a redirect). */
  const connect = async (form: Record<string, string>) => {
    const response = (await settle(async () =>
      newAction(args(await adminRequest("/app/connections/new", { form }))),
    )) as Response;
    return { status: response.status, body: response.status === 400 ? await response.json() : null };
  };

  it("offers the store customer who already has the new customer's email, and connects them instead", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    // carol@example.com is a store customer without a connection: she is offered, and nobody is created.
    const first = await connect({
      affiliateId: alice.id,
      customerMode: "new",
      firstName: "Caroline",
      email: "Carol@Example.com",
      expiresAt: nextYear(),
    });
    expect(first.status).toBe(400);
    expect(first.body.errors).toEqual({ email: "A customer with this email already exists: Carol Ng" });
    expect(first.body.existingCustomer).toMatchObject({
      id: "7001",
      email: "carol@example.com",
      connection: null,
    });
    expect(store.callsTo("CustomerCreate")).toHaveLength(0);
    expect(await prisma.customerConnection.count()).toBe(0);

    // "Use this customer" posts the same form with that customer as the existing one.
    const used = await connect({
      affiliateId: alice.id,
      customerMode: "existing",
      customerId: first.body.existingCustomer.id,
      firstName: "Caroline",
      email: "Carol@Example.com",
      expiresAt: nextYear(),
    });
    expect(used.status).toBe(302);
    expect(await prisma.customerConnection.findFirstOrThrow()).toMatchObject({
      customerId: "7001",
      customerEmail: "carol@example.com",
      customerName: "Carol Ng",
      affiliateId: alice.id,
    });
    expect(store.listCustomers()).toHaveLength(3);
  });

  it("looks the customer up exactly when Shopify says the email is taken although its search did not find it", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    // Shopify's search index lags behind a customer created a moment ago.
    mswServer.use(
      graphql.query("CustomerSearch", () => HttpResponse.json({ data: { customers: { nodes: [] } } })),
    );
    const answer = await connect({
      affiliateId: alice.id,
      customerMode: "new",
      firstName: "Erin",
      email: "erin@example.com",
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual({ email: "A customer with this email already exists: Erin Ng" });
    expect(answer.body.existingCustomer).toMatchObject({ id: "7003", displayName: "Erin Ng" });
    expect(store.callsTo("CustomerCreate")).toHaveLength(1);
    expect(store.callsTo("CustomerByEmail")).toHaveLength(1);
    expect(await prisma.customerConnection.count()).toBe(0);
  });

  it("shows every error after one submit: the fields', the affiliate's and the email's", async () => {
    const sleepy = await createAffiliate({ name: "Sleepy", active: false });
    const bob = await createAffiliate({ name: "Bob" });
    await createConnection(bob, { customerId: "7002", customerEmail: "dave@example.com" });
    const answer = await connect({
      affiliateId: sleepy.id,
      customerMode: "new",
      firstName: "",
      email: "dave@example.com",
      expiresAt: "2020-01-01",
    });
    expect(answer.body.errors).toEqual({
      affiliateId: "Sleepy is inactive: activate it or choose another",
      firstName: "Enter the first name",
      email: "dave@example.com is already connected to Bob",
      expiresAt: "Choose today or a later date",
    });
    const existing = await connect({
      affiliateId: sleepy.id,
      customerMode: "existing",
      customerId: "7002",
      expiresAt: "2020-01-01",
    });
    expect(existing.body.errors).toEqual({
      affiliateId: "Sleepy is inactive: activate it or choose another",
      customerId: "dave@example.com is already connected to Bob",
      expiresAt: "Choose today or a later date",
    });
    expect(store.callsTo("CustomerCreate")).toHaveLength(0);
    expect(await prisma.customerConnection.count()).toBe(1);
  });

  it("shows Shopify's userErrors next to the fields they name", async () => {
    const alice = await createAffiliate();
    mswServer.use(
      graphql.mutation("CustomerCreate", () =>
        HttpResponse.json({
          data: {
            customerCreate: {
              customer: null,
              userErrors: [
                { field: ["input", "lastName"], message: "Last name is too long" },
                { field: null, message: "Customer could not be saved" },
              ],
            },
          },
        }),
      ),
    );
    const refused = (await newAction(
      args(
        await adminRequest("/app/connections/new", {
          form: { affiliateId: alice.id, customerMode: "new", firstName: "New", email: "new@example.com" },
        }),
      ),
    )) as Response;
    expect((await refused.json()).errors).toEqual({
      lastName: "Last name is too long",
      form: "Customer could not be saved",
    });
  });

  it("answers a bad form with an error next to each field", async () => {
    const bad = async (form: Record<string, string>) => {
      const response = (await newAction(
        args(await adminRequest("/app/connections/new", { form })),
      )) as Response;
      expect(response.status).toBe(400);
      return (await response.json()).errors;
    };
    expect(await bad({ customerMode: "existing", customerId: "", expiresAt: "2020-01-01" })).toEqual({
      affiliateId: "Choose the affiliate",
      customerId: "Choose a customer",
      expiresAt: "Choose today or a later date",
    });
    expect(
      await bad({
        affiliateId: "x",
        customerMode: "new",
        firstName: "",
        email: "nope",
        expiresAt: "31/12/2030",
      }),
    ).toEqual({
      affiliateId: "Choose the affiliate",
      firstName: "Enter the first name",
      email: "Enter a valid email address",
      expiresAt: "Enter a date as YYYY-MM-DD",
    });
    expect(await bad({ affiliateId: "x", customerMode: "new", firstName: "A" })).toEqual({
      affiliateId: "Choose the affiliate",
      email: "Enter the email address",
    });
    expect(await prisma.customerConnection.count()).toBe(0);
    expect(store.callsTo("CustomerCreate")).toHaveLength(0);
  });

  it("refuses another shop's affiliate and an inactive one", async () => {
    const theirs = await createAffiliate({ shop: OTHER_SHOP, name: "Theirs" });
    const inactive = await createAffiliate({ name: "Sleepy", active: false });
    const attempt = async (affiliateId: string) =>
      (
        await (
          (await newAction(
            args(
              await adminRequest("/app/connections/new", {
                form: { affiliateId, customerMode: "existing", customerId: "7001" },
              }),
            ),
          )) as Response
        ).json()
      ).errors;
    expect(await attempt(theirs.id)).toEqual({ affiliateId: "Choose the affiliate" });
    expect(await attempt(inactive.id)).toEqual({
      affiliateId: "Sleepy is inactive: activate it or choose another",
    });
    expect(await prisma.customerConnection.count()).toBe(0);
  });

  it("refuses a customer Shopify does not have", async () => {
    const alice = await createAffiliate();
    const response = (await newAction(
      args(
        await adminRequest("/app/connections/new", {
          form: { affiliateId: alice.id, customerMode: "existing", customerId: "9999" },
        }),
      ),
    )) as Response;
    expect((await response.json()).errors).toEqual({ customerId: "Shopify has no customer with this id" });
  });

  it("replaces an expired connection", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const bob = await createAffiliate({ name: "Bob" });
    const old = await createConnection(bob, {
      customerId: "7001",
      expiresAt: new Date("2020-01-01T00:00:00Z"),
    });
    const response = (await settle(async () =>
      newAction(
        args(
          await adminRequest("/app/connections/new", {
            form: { affiliateId: alice.id, customerMode: "existing", customerId: "7001" },
          }),
        ),
      ),
    )) as Response;
    expect(response.status).toBe(302);
    expect(await prisma.customerConnection.findMany()).toEqual([
      expect.objectContaining({ id: old.id, affiliateId: alice.id, origin: "manual", expiresAt: null }),
    ]);
  });

  it("keeps a connection another shop has for the same customer id apart", async () => {
    const alice = await createAffiliate({ name: "Alice" });
    const theirs = await createConnection(await createAffiliate({ shop: OTHER_SHOP }), {
      customerId: "7001",
    });
    const response = (await settle(async () =>
      newAction(
        args(
          await adminRequest("/app/connections/new", {
            form: { affiliateId: alice.id, customerMode: "existing", customerId: "7001" },
          }),
        ),
      ),
    )) as Response;
    expect(response.status).toBe(302);
    expect(await prisma.customerConnection.count({ where: { shop: TEST_SHOP, customerId: "7001" } })).toBe(1);
    expect(await prisma.customerConnection.findUniqueOrThrow({ where: { id: theirs.id } })).toEqual(theirs);
  });

  it("says Shopify could not be reached, and changes nothing, when the Admin API fails", async () => {
    const errors = captureConsoleErrors();
    const alice = await createAffiliate();
    mswServer.use(
      graphql.mutation("CustomerCreate", () =>
        HttpResponse.json({ errors: [{ message: "Bad gateway" }] }, { status: 502 }),
      ),
    );
    const response = (await newAction(
      args(
        await adminRequest("/app/connections/new", {
          form: { affiliateId: alice.id, customerMode: "new", firstName: "Gina", email: "gina@example.com" },
        }),
      ),
    )) as Response;
    expect((await response.json()).errors).toEqual({
      form: "Shopify could not be reached. Nothing was changed: try again.",
    });
    expect(await prisma.customerConnection.count()).toBe(0);
    expect(errors.mock.calls).toEqual([
      [`Link customer to affiliate (${TEST_SHOP}): Shopify Admin API request failed: HTTP 502`],
    ]);
  });
});
