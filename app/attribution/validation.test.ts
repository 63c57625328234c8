import { describe, expect, it } from "vitest";
import { AttributionInputError, attributeOrder, lineBase } from "./index";
import type { AttributionInput } from "./index";
import { ALICE, BOB, affiliate, input, line } from "~test/attribution/fixtures";

type Json = Record<string, unknown>;

/** A valid input (a ref, a customer, a connection, a product connection) with `mutate` applied to a copy. */
function broken(mutate: (i: Json & { order: Json; program: Json }) => void): unknown {
  const valid = structuredClone(
    input({
      order: { ref: "alice", discountCodes: ["BOB15"], renewalOf: { affiliateId: null } },
      lineItems: [
        line({ id: "L1" }),
        line({ id: "L2", productId: "P2" }),
        line({ id: "L3", productId: null }),
      ],
      connection: { affiliateId: "B", expiresAt: "2027-01-01T00:00:00Z" },
      productConnections: [{ productId: "P1", affiliateId: "A", rate: { kind: "percent", value: "5" } }],
    }),
  ) as unknown as Json & { order: Json; program: Json };
  mutate(valid);
  return valid;
}

const lineAt = (i: Json & { order: Json }, n: number) => (i.order.lineItems as Json[])[n];
const at = (i: Json, key: string, n: number) => (i[key] as Json[])[n];
const sub = (o: Json, key: string) => o[key] as Json;

function errorOf(value: unknown): AttributionInputError {
  try {
    attributeOrder(value as AttributionInput);
  } catch (error) {
    if (error instanceof AttributionInputError) return error;
    throw error;
  }
  throw new Error("expected an AttributionInputError");
}

const cases: Array<[string, (i: Json & { order: Json; program: Json }) => void, string]> = [
  // order
  ["order missing", (i) => delete (i as Json).order, "order: is required"],
  ["order not an object", (i) => ((i as Json).order = []), "order: must be an object"],
  ["order.id empty", (i) => (i.order.id = ""), "order.id: must be a non-empty string"],
  ["order.id number", (i) => (i.order.id = 1001), "order.id: must be a non-empty string"],
  ["createdAt date only", (i) => (i.order.createdAt = "2026-03-01"), "order.createdAt: must be an ISO 8601"],
  [
    "createdAt without offset",
    (i) => (i.order.createdAt = "2026-03-01T12:00:00"),
    "order.createdAt: must be an ISO 8601",
  ],
  [
    "createdAt Feb 30",
    (i) => (i.order.createdAt = "2026-02-30T12:00:00Z"),
    "order.createdAt: must be an ISO 8601",
  ],
  [
    "createdAt 24:00",
    (i) => (i.order.createdAt = "2026-03-01T24:00:00Z"),
    "order.createdAt: must be an ISO 8601",
  ],
  ["createdAt words", (i) => (i.order.createdAt = "yesterday"), "order.createdAt: must be an ISO 8601"],
  ["createdAt number", (i) => (i.order.createdAt = 1767225600000), "order.createdAt: must be an ISO 8601"],
  [
    "currency lower case",
    (i) => (i.order.currency = "usd"),
    "order.currency: must be an upper-case ISO 4217",
  ],
  ["currency unknown", (i) => (i.order.currency = "XYZ"), "order.currency: must be an upper-case ISO 4217"],
  ["currency too short", (i) => (i.order.currency = "US"), "order.currency: must be an upper-case ISO 4217"],
  ["currency null", (i) => (i.order.currency = null), "order.currency: must be an ISO 4217 currency code"],
  [
    "taxesIncluded string",
    (i) => (i.order.taxesIncluded = "true"),
    "order.taxesIncluded: must be true or false",
  ],
  ["customer string", (i) => (i.order.customer = "c1"), "order.customer: must be an object or null"],
  ["customer.id missing", (i) => delete sub(i.order, "customer").id, "order.customer.id: is required"],
  [
    "customer.email number",
    (i) => (sub(i.order, "customer").email = 5),
    "order.customer.email: must be a string or null",
  ],
  [
    "customer.isNew missing",
    (i) => delete sub(i.order, "customer").isNew,
    "order.customer.isNew: is required",
  ],
  [
    "referredOrdersBefore negative",
    (i) => (sub(i.order, "customer").referredOrdersBefore = -1),
    "order.customer.referredOrdersBefore: must be an integer >= 0",
  ],
  [
    "referredOrdersBefore fractional",
    (i) => (sub(i.order, "customer").referredOrdersBefore = 0.5),
    "order.customer.referredOrdersBefore: must be an integer >= 0",
  ],
  ["lineItems not an array", (i) => (i.order.lineItems = {}), "order.lineItems: must be an array"],
  [
    "line not an object",
    (i) => ((i.order.lineItems as unknown[])[1] = null),
    "order.lineItems[1]: must be an object",
  ],
  ["line id duplicate", (i) => (lineAt(i, 1).id = "L1"), "order.lineItems[1].id: must be unique"],
  [
    "line productId empty",
    (i) => (lineAt(i, 1).productId = ""),
    "order.lineItems[1].productId: must be a non-empty string or null",
  ],
  [
    "quantity fractional",
    (i) => (lineAt(i, 2).quantity = 1.5),
    "order.lineItems[2].quantity: must be an integer >= 0",
  ],
  [
    "quantity negative",
    (i) => (lineAt(i, 2).quantity = -1),
    "order.lineItems[2].quantity: must be an integer >= 0",
  ],
  [
    "quantity string",
    (i) => (lineAt(i, 2).quantity = "2"),
    "order.lineItems[2].quantity: must be an integer >= 0",
  ],
  [
    "quantity NaN",
    (i) => (lineAt(i, 2).quantity = Number.NaN),
    "order.lineItems[2].quantity: must be an integer >= 0",
  ],
  ["quantity missing", (i) => delete lineAt(i, 0).quantity, "order.lineItems[0].quantity: is required"],
  [
    "unitPrice exponent",
    (i) => (lineAt(i, 0).unitPrice = "1e3"),
    "order.lineItems[0].unitPrice: must be a plain decimal",
  ],
  [
    "unitPrice empty",
    (i) => (lineAt(i, 0).unitPrice = ""),
    "order.lineItems[0].unitPrice: must be a plain decimal",
  ],
  [
    "unitPrice leading space",
    (i) => (lineAt(i, 0).unitPrice = " 1"),
    "order.lineItems[0].unitPrice: must be a plain decimal",
  ],
  [
    "unitPrice trailing dot",
    (i) => (lineAt(i, 0).unitPrice = "1."),
    "order.lineItems[0].unitPrice: must be a plain decimal",
  ],
  [
    "unitPrice NaN",
    (i) => (lineAt(i, 0).unitPrice = "NaN"),
    "order.lineItems[0].unitPrice: must be a plain decimal",
  ],
  [
    "unitPrice number",
    (i) => (lineAt(i, 0).unitPrice = 12.5),
    "order.lineItems[0].unitPrice: must be a plain decimal",
  ],
  [
    "unitPrice negative",
    (i) => (lineAt(i, 0).unitPrice = "-1.00"),
    "order.lineItems[0].unitPrice: must not be negative",
  ],
  [
    "discount comma",
    (i) => (lineAt(i, 1).discount = "1,50"),
    "order.lineItems[1].discount: must be a plain decimal",
  ],
  ["tax missing", (i) => delete lineAt(i, 1).tax, "order.lineItems[1].tax: is required"],
  [
    "giftCard null",
    (i) => (lineAt(i, 1).giftCard = null),
    "order.lineItems[1].giftCard: must be true or false",
  ],
  ["shipping malformed", (i) => (i.order.shipping = "free"), "order.shipping: must be a plain decimal"],
  [
    "discountCodes not an array",
    (i) => (i.order.discountCodes = "BOB15"),
    "order.discountCodes: must be an array",
  ],
  [
    "discount code blank",
    (i) => (i.order.discountCodes = ["BOB15", " "]),
    "order.discountCodes[1]: must be a non-empty string",
  ],
  [
    "discount code number",
    (i) => (i.order.discountCodes = [15]),
    "order.discountCodes[0]: must be a non-empty string",
  ],
  ["ref number", (i) => (i.order.ref = 5), "order.ref: must be a string or null"],
  ["renewalOf string", (i) => (i.order.renewalOf = "B"), "order.renewalOf: must be an object or null"],
  [
    "renewalOf.affiliateId number",
    (i) => (i.order.renewalOf = { affiliateId: 5 }),
    "order.renewalOf.affiliateId: must be a non-empty string or null",
  ],
  // program
  ["program missing", (i) => delete (i as Json).program, "program: is required"],
  [
    "unknown rate kind",
    (i) => (i.program.defaultRate = { kind: "percentage", value: "10" }),
    "program.defaultRate.kind: must be one of percent, flat_per_order, flat_per_item",
  ],
  ["rate not an object", (i) => (i.program.defaultRate = "10"), "program.defaultRate: must be a rate object"],
  [
    "percent value with a sign",
    (i) => (i.program.defaultRate = { kind: "percent", value: "10%" }),
    "program.defaultRate.value: must be a plain decimal",
  ],
  [
    "percent value as a number",
    (i) => (sub(i.program, "newCustomer").rate = { kind: "percent", value: 20 }),
    "program.newCustomer.rate.value: must be a plain decimal",
  ],
  [
    "flat value negative",
    (i) => (sub(i.program, "firstCommission").rate = { kind: "flat_per_order", value: "-5" }),
    "program.firstCommission.rate.value: must not be negative",
  ],
  [
    "newCustomer.enabled missing",
    (i) => delete sub(i.program, "newCustomer").enabled,
    "program.newCustomer.enabled: is required",
  ],
  [
    "appliesTo unknown",
    (i) => (sub(i.program, "couponCommission").appliesTo = "all"),
    'program.couponCommission.appliesTo: must be "affiliate_coupons" or "any_coupon"',
  ],
  [
    "expiresAfterDays negative",
    (i) => (sub(i.program, "lifetime").expiresAfterDays = -1),
    "program.lifetime.expiresAfterDays: must be null or an integer >= 0",
  ],
  [
    "expiresAfterDays fractional",
    (i) => (sub(i.program, "lifetime").expiresAfterDays = 1.5),
    "program.lifetime.expiresAfterDays: must be null or an integer >= 0",
  ],
  [
    "expiresAfterDays string",
    (i) => (sub(i.program, "lifetime").expiresAfterDays = "365"),
    "program.lifetime.expiresAfterDays: must be null or an integer >= 0",
  ],
  [
    "expiresAfterDays beyond the date range",
    (i) => (i.program.lifetime = { enabled: true, expiresAfterDays: 1e9 }),
    "program.lifetime.expiresAfterDays: puts the expiry beyond the supported date range",
  ],
  ["recurring missing", (i) => delete i.program.recurring, "program.recurring: is required"],
  [
    "base.includeTax missing",
    (i) => delete sub(i.program, "base").includeTax,
    "program.base.includeTax: is required",
  ],
  [
    "excludeSelfReferrals string",
    (i) => (i.program.excludeSelfReferrals = "yes"),
    "program.excludeSelfReferrals: must be true or false",
  ],
  // affiliates
  ["affiliates missing", (i) => delete i.affiliates, "affiliates: is required"],
  [
    "affiliate id duplicate",
    (i) => (at(i, "affiliates", 1).id = "A"),
    "affiliates[1].id: must be unique among affiliates",
  ],
  [
    "affiliate refCode blank",
    (i) => (at(i, "affiliates", 1).refCode = "  "),
    "affiliates[1].refCode: must be a non-empty string",
  ],
  [
    "affiliate refCode of non-breaking spaces",
    (i) => (at(i, "affiliates", 1).refCode = "\u00a0\u00a0"),
    "affiliates[1].refCode: must be a non-empty string",
  ],
  [
    "affiliate email number",
    (i) => (at(i, "affiliates", 0).email = 1),
    "affiliates[0].email: must be a string or null",
  ],
  [
    "affiliate customerId empty",
    (i) => (at(i, "affiliates", 0).customerId = ""),
    "affiliates[0].customerId: must be a non-empty string or null",
  ],
  [
    "affiliate active string",
    (i) => (at(i, "affiliates", 1).active = "yes"),
    "affiliates[1].active: must be true or false",
  ],
  [
    "affiliate rate kind",
    (i) => (at(i, "affiliates", 1).rate = { kind: "tiered", value: "5" }),
    "affiliates[1].rate.kind: must be one of percent, flat_per_order, flat_per_item",
  ],
  [
    "affiliate rate value",
    (i) => (at(i, "affiliates", 1).rate = { kind: "flat_per_item", value: "1.5.0" }),
    "affiliates[1].rate.value: must be a plain decimal",
  ],
  [
    "two active affiliates with the ref code used",
    (i) => (i.affiliates as unknown[]).push(affiliate({ id: "A2", refCode: "ALICE" })),
    "affiliates[2].refCode: is also the ref code of active affiliates[0]",
  ],
  // connection
  ["connection not an object", (i) => (i.connection = "B"), "connection: must be an object or null"],
  [
    "connection.affiliateId missing",
    (i) => delete sub(i, "connection").affiliateId,
    "connection.affiliateId: is required",
  ],
  [
    "connection.expiresAt malformed",
    (i) => (sub(i, "connection").expiresAt = "tomorrow"),
    "connection.expiresAt: must be an ISO 8601",
  ],
  // product connections
  ["productConnections null", (i) => (i.productConnections = null), "productConnections: must be an array"],
  [
    "product connection productId null",
    (i) => (at(i, "productConnections", 0).productId = null),
    "productConnections[0].productId: must be a non-empty string",
  ],
  [
    "product connection rate value",
    (i) => (at(i, "productConnections", 0).rate = { kind: "percent", value: "-5" }),
    "productConnections[0].rate.value: must not be negative",
  ],
  // coupons
  ["coupons missing", (i) => delete i.coupons, "coupons: is required"],
  [
    "coupon code empty",
    (i) => (at(i, "coupons", 1).code = ""),
    "coupons[1].code: must be a non-empty string",
  ],
  [
    "coupon affiliateId number",
    (i) => (at(i, "coupons", 0).affiliateId = 7),
    "coupons[0].affiliateId: must be a non-empty string",
  ],
  // Every field names itself, at any depth (the path is what a merchant's support reads).
  ["coupon not an object", (i) => ((i.coupons as unknown[])[1] = "BOB15"), "coupons[1]: must be an object"],
  [
    "affiliate not an object",
    (i) => ((i.affiliates as unknown[])[1] = 7),
    "affiliates[1]: must be an object",
  ],
  [
    "affiliate id empty",
    (i) => (at(i, "affiliates", 1).id = ""),
    "affiliates[1].id: must be a non-empty string",
  ],
  [
    "product connection not an object",
    (i) => ((i.productConnections as unknown[])[0] = null),
    "productConnections[0]: must be an object",
  ],
  [
    "product connection affiliateId empty",
    (i) => (at(i, "productConnections", 0).affiliateId = ""),
    "productConnections[0].affiliateId: must be a non-empty string",
  ],
  ["line id empty", (i) => (lineAt(i, 1).id = ""), "order.lineItems[1].id: must be a non-empty string"],
  ["line unitPrice words", (i) => (lineAt(i, 1).unitPrice = "ten"), "order.lineItems[1].unitPrice: must be"],
  ["line discount words", (i) => (lineAt(i, 1).discount = "ten"), "order.lineItems[1].discount: must be"],
  ...(["newCustomer", "couponCommission", "firstCommission", "lifetime", "base"] as const).map(
    (key): [string, (i: Json & { order: Json; program: Json }) => void, string] => [
      `program.${key} not an object`,
      (i) => (i.program[key] = "on"),
      `program.${key}: must be an object`,
    ],
  ),
  ...(
    [
      ["couponCommission", "enabled"],
      ["firstCommission", "enabled"],
      ["lifetime", "enabled"],
      ["recurring", "enabled"],
      ["base", "includeShipping"],
    ] as const
  ).map(([key, field]): [string, (i: Json & { order: Json; program: Json }) => void, string] => [
    `program.${key}.${field} a string`,
    (i) => (sub(i.program, key)[field] = "yes"),
    `program.${key}.${field}: must be true or false`,
  ]),
  [
    "coupon commission rate negative",
    (i) => (sub(i.program, "couponCommission").rate = { kind: "percent", value: "-1" }),
    "program.couponCommission.rate.value: must not be negative",
  ],
  [
    "one used code assigned to two active affiliates",
    (i) => (i.coupons as unknown[]).push({ code: "bob15", affiliateId: "A" }),
    "coupons[2].code: is also assigned to active affiliate B",
  ],
];

describe("rule 8: bad input throws AttributionInputError naming the field", () => {
  it.each(cases)("%s", (_name, mutate, message) => {
    const error = errorOf(broken(mutate));
    expect(error.message.startsWith(message), `"${error.message}" should start with "${message}"`).toBe(true);
    expect(error.field).toBe(message.slice(0, message.indexOf(":")));
    expect(error.name).toBe("AttributionInputError");
    expect(error).toBeInstanceOf(Error);
  });

  it("the unmodified fixture is valid", () => {
    expect(() => attributeOrder(broken(() => {}) as AttributionInput)).not.toThrow();
  });

  it("rejects a non-object input", () => {
    expect(errorOf(null).message).toBe("input: must be an object, got null");
    expect(errorOf([]).message).toBe("input: must be an object, got an array");
  });

  it("shows the offending value", () => {
    expect(errorOf(broken((i) => (lineAt(i, 2).quantity = 1.5))).message).toBe(
      "order.lineItems[2].quantity: must be an integer >= 0, got 1.5",
    );
    expect(errorOf(broken((i) => (lineAt(i, 0).unitPrice = "1e3"))).message).toBe(
      'order.lineItems[0].unitPrice: must be a plain decimal string like "19.99", got "1e3"',
    );
    expect(errorOf(broken((i) => (i.order.id = true))).message).toBe(
      "order.id: must be a non-empty string, got true",
    );
    expect(errorOf(broken((i) => (i.order.id = { n: 1 }))).message).toBe(
      "order.id: must be a non-empty string, got a value of type object",
    );
    expect(errorOf(broken((i) => (i.order.id = 7))).message).toBe(
      "order.id: must be a non-empty string, got 7",
    );
    // a long value is cut after 40 characters
    const forty = "x".repeat(40);
    expect(errorOf(broken((i) => (i.order.createdAt = forty))).message).toBe(
      `order.createdAt: must be an ISO 8601 date-time with an offset, like "2026-03-01T12:00:00Z", got "${forty}"`,
    );
    expect(errorOf(broken((i) => (i.order.createdAt = `${forty}yz`))).message).toBe(
      `order.createdAt: must be an ISO 8601 date-time with an offset, like "2026-03-01T12:00:00Z", got "${forty}…"`,
    );
    // the example fits the rate's kind
    expect(
      errorOf(broken((i) => (i.program.defaultRate = { kind: "flat_per_item", value: "5,00" }))).message,
    ).toBe('program.defaultRate.value: must be a plain decimal string like "5.00", got "5,00"');
    expect(errorOf(broken((i) => (i.program.defaultRate = { kind: "percent", value: "7,5" }))).message).toBe(
      'program.defaultRate.value: must be a plain decimal string like "7.5", got "7,5"',
    );
  });

  it("validates fields of disabled features and unused entries too", () => {
    const disabledRate = broken(
      (i) => (sub(i.program, "firstCommission").rate = { kind: "bogus", value: "1" }),
    );
    expect(errorOf(disabledRate).field).toBe("program.firstCommission.rate.kind");
    const unusedAffiliate = broken((i) =>
      (i.affiliates as unknown[]).push({ ...BOB, id: "Q", rate: { kind: "percent", value: "x" } }),
    );
    expect(errorOf(unusedAffiliate).field).toBe("affiliates[2].rate.value");
  });

  it("accepts what it should", () => {
    const ok = (mutate: (i: Json & { order: Json; program: Json }) => void) =>
      expect(() => attributeOrder(broken(mutate) as AttributionInput)).not.toThrow();
    ok((i) => (i.order.createdAt = "2024-02-29T23:59:59.123456+05:30"));
    ok((i) => (i.order.createdAt = "2026-03-01T12:00Z"));
    ok((i) => (i.order.createdAt = "2026-03-01T12:00:00-0800"));
    ok((i) => (lineAt(i, 0).unitPrice = "007.50"));
    ok((i) => (lineAt(i, 0).quantity = 0));
    ok((i) => (i.order.ref = "   "));
    ok((i) => (i.order.customer = null));
    ok((i) => (i.order.currency = "KWD"));
    ok((i) => (sub(i.program, "lifetime").expiresAfterDays = null));
    ok((i) => (i.extra = { ignored: true }));
    // an inactive affiliate may share a ref code or coupon code with an active one
    ok((i) => (i.affiliates as unknown[]).push({ ...ALICE, id: "A-old", active: false }));
    ok((i) => (i.coupons as unknown[]).push({ code: "BOB15", affiliateId: "missing" }));
    // a conflict in codes the order does not use cannot change the result
    ok((i) => (i.coupons as unknown[]).push({ code: "ALICE10", affiliateId: "B" }));
    // the same active affiliate listed twice for a code is not ambiguous
    ok((i) => (i.coupons as unknown[]).push({ code: " bob15", affiliateId: "B" }));
    // with lifetime off, expiresAfterDays is not held to the date range (nothing is connected)
    ok((i) => (sub(i.program, "lifetime").expiresAfterDays = 1e9));
  });
});

describe("the lifetime expiry's date range", () => {
  it("an expiry on the last day ECMAScript dates reach is accepted; a day later is refused", () => {
    const atEpoch = (expiresAfterDays: number) =>
      input({
        order: { ref: "alice", createdAt: "1970-01-01T00:00:00Z" },
        program: { lifetime: { enabled: true, expiresAfterDays } },
      });
    // 100,000,000 days after the epoch is 8.64e15 ms, the largest time a Date can hold
    expect(attributeOrder(atEpoch(100_000_000)).connect).toEqual({
      affiliateId: "A",
      customerId: "cust-1",
      expiresAt: "+275760-09-13T00:00:00.000Z",
    });
    expect(errorOf(atEpoch(100_000_001)).message).toBe(
      "program.lifetime.expiresAfterDays: puts the expiry beyond the supported date range, got 100000001",
    );
  });
});

describe("lineBase (shared with refund reversals)", () => {
  const l = line({ unitPrice: "50.00", quantity: 2, discount: "10.00", tax: "18.00" });
  const text = (taxesIncluded: boolean, includeTax: boolean) => {
    const base = lineBase(l, taxesIncluded, includeTax);
    return `${base.coef}/${base.scale}`;
  };

  it("follows rule 3 and floors at 0", () => {
    expect(text(false, false)).toBe("9000/2");
    expect(text(false, true)).toBe("10800/2");
    expect(text(true, false)).toBe("7200/2");
    expect(text(true, true)).toBe("9000/2");
    expect(lineBase(line({ unitPrice: "1.00", quantity: 1, discount: "3.00" }), false, false)).toEqual({
      coef: 0n,
      scale: 0,
    });
  });

  it("names the field of a malformed line", () => {
    expect(() => lineBase(line({ quantity: -1 }), false, false, "order.lineItems[4]")).toThrow(
      "order.lineItems[4].quantity: must be an integer >= 0",
    );
    expect(() => lineBase(line({ tax: "x" }), false, false)).toThrow("line.tax: must be a plain decimal");
  });
});

describe("manualReferral's shape", () => {
  it("is an object with a non-blank affiliateId, or null", () => {
    const bad = (manualReferral: unknown) => () =>
      attributeOrder({ ...input(), manualReferral } as unknown as AttributionInput);
    expect(bad("B")).toThrow("manualReferral: must be an object or null");
    expect(bad({})).toThrow("manualReferral.affiliateId: is required");
    expect(bad({ affiliateId: " " })).toThrow("manualReferral.affiliateId: must be a non-empty string");
    expect(bad(null)).not.toThrow();
  });
});
