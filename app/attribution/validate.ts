/**
 * Validates the whole engine input up front (every field of the contract, type and range) and
 * turns it into the engine's own form: money as exact integers of the order's smallest unit
 * (`Units`), UTC milliseconds, affiliates indexed by id, the order's ref and discount codes resolved
 * to the affiliates and coupons they match.
 * Anything malformed throws `AttributionInputError` naming the field; nothing is guessed.
 *
 * This runs for every order over every affiliate and coupon it is given, so it is the hot path:
 * field paths are only built when something fails, properties are read by name (no `obj[key]`),
 * and affiliates' and product connections' rates are checked without being parsed.
 */
import { AttributionInputError } from "./errors";
import { MAX_TIME_MS, MS_PER_DAY, parseIsoDateTime } from "./iso-date";
import { KeyIndex } from "./key-index";
import {
  type Decimal,
  type Units,
  ZERO,
  addUnits,
  decimalPlaces,
  decimalSign,
  minorUnits,
  multiplyUnits,
  roundUnits,
  subtractUnits,
  tryParseUnits,
} from "./money";
import type {
  Affiliate,
  Coupon,
  CouponCommissionScope,
  LineItem,
  ProductConnection,
  Rate,
  RateKind,
} from "./types";
import { RATE_KINDS } from "./types";

export interface ParsedRate {
  kind: RateKind;
  /** The value in units of 10^-scale. */
  units: Units;
  scale: number;
}

export interface ParsedLine {
  id: string;
  productId: string | null;
  quantity: number;
  giftCard: boolean;
  /** Rule 3 before the floor at 0, in the order's money units. */
  rawBase: Units;
  /** Rule 3, floored at 0. */
  base: Units;
}

export interface ParsedCustomer {
  id: string;
  /** Trimmed, lower-cased email; null when absent or blank. */
  emailKey: string | null;
  isNew: boolean;
  referredOrdersBefore: number;
}

export interface ParsedDiscountCode {
  /** As listed on the order, trimmed. */
  text: string;
  /** Trimmed and lower-cased. */
  key: string;
  /** The `coupons` entries with this code (case-insensitive), in input order. */
  coupons: Coupon[];
  /** The active affiliate the code is assigned to, if any. */
  owner: Affiliate | null;
}

/** The program, validated; its rates are parsed (`parseRate`) only when chosen. */
export interface ParsedProgram {
  defaultRate: Rate;
  newCustomer: { enabled: boolean; rate: Rate };
  couponCommission: { enabled: boolean; rate: Rate; appliesTo: CouponCommissionScope };
  firstCommission: { enabled: boolean; rate: Rate };
  lifetime: { enabled: boolean; expiresAfterDays: number | null };
  recurring: boolean;
  includeShipping: boolean;
  includeTax: boolean;
  excludeSelfReferrals: boolean;
}

/**
 * The validated input. Affiliates, coupons and product connections stay the caller's objects
 * (validated, never mutated); only what the engine reads on every order is parsed here, and the
 * ref and discount codes are resolved to the entries they match.
 */
export interface ParsedInput {
  /** Decimals of the currency's minor unit: what amounts are rounded to. */
  digits: number;
  /**
   * Decimals of the order's most precise money input: every amount of the order (line bases,
   * shipping) is held exactly as an integer of 10^-scale units.
   */
  scale: number;
  createdAtMs: number;
  customer: ParsedCustomer | null;
  lines: ParsedLine[];
  shipping: Units;
  discountCodes: ParsedDiscountCode[];
  /** Trimmed ref; null when absent or blank. */
  ref: string | null;
  /** The affiliate whose ref code is `ref`: the active one, else the first inactive one. */
  refAffiliate: Affiliate | null;
  /** undefined: not a renewal; null: a renewal whose original order credited no affiliate. */
  renewalAffiliateId: string | null | undefined;
  program: ParsedProgram;
  affiliatesById: KeyIndex<Affiliate>;
  connection: { affiliateId: string; expiresAtMs: number | null } | null;
  productConnections: ProductConnection[];
  /** The affiliate credited by hand, or null (absent in the input). */
  manualAffiliateId: string | null;
}

type Rec = Record<string, unknown>;

/** `prefix[index].key`, `prefix.key`, or `key` alone for a top-level field (prefix ""). */
function pathOf(prefix: string, index: number, key: string): string {
  if (index >= 0) return `${prefix}[${index}].${key}`;
  return prefix === "" ? key : `${prefix}.${key}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `a value of type ${typeof value}`;
}

function fail(path: string, expected: string, value: unknown): never {
  throw new AttributionInputError(
    path,
    value === undefined ? `is required (${expected})` : `${expected}, got ${describe(value)}`,
  );
}

function isRecord(value: unknown): value is Rec {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function object(value: unknown, path: string): Rec {
  if (!isRecord(value)) fail(path, "must be an object", value);
  return value;
}

function field(value: unknown, prefix: string, index: number, key: string): Rec {
  if (!isRecord(value)) fail(pathOf(prefix, index, key), "must be an object", value);
  return value;
}

function nullableField(value: unknown, prefix: string, index: number, key: string): Rec | null {
  if (value === null) return null;
  if (!isRecord(value)) fail(pathOf(prefix, index, key), "must be an object or null", value);
  return value;
}

function array(value: unknown, prefix: string, index: number, key: string): unknown[] {
  if (!Array.isArray(value)) fail(pathOf(prefix, index, key), "must be an array", value);
  return value;
}

function bool(value: unknown, prefix: string, index: number, key: string): boolean {
  if (typeof value !== "boolean") fail(pathOf(prefix, index, key), "must be true or false", value);
  return value;
}

/** Empty or whitespace only; cheap for the usual string that starts with a printable ASCII character. */
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  return (first <= 32 || first >= 127) && text.trim() === "";
}

/** A non-empty string (ids, codes). */
function id(value: unknown, prefix: string, index: number, key: string): string {
  if (typeof value !== "string" || isBlank(value))
    fail(pathOf(prefix, index, key), "must be a non-empty string", value);
  return value;
}

function nullableId(value: unknown, prefix: string, index: number, key: string): string | null {
  if (value === null) return null;
  if (typeof value !== "string" || isBlank(value)) {
    fail(pathOf(prefix, index, key), "must be a non-empty string or null", value);
  }
  return value;
}

function nullableString(value: unknown, prefix: string, index: number, key: string): string | null {
  if (value === null) return null;
  if (typeof value !== "string") fail(pathOf(prefix, index, key), "must be a string or null", value);
  return value;
}

function count(value: unknown, prefix: string, index: number, key: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    fail(pathOf(prefix, index, key), "must be an integer >= 0", value);
  }
  return value;
}

/** A non-negative decimal string, in units of 10^-scale (`scale` covers every money input of the order). */
function amount(value: unknown, prefix: string, index: number, key: string, scale: number): Units {
  const parsed = typeof value === "string" ? tryParseUnits(value, scale) : null;
  if (parsed === null) fail(pathOf(prefix, index, key), 'must be a plain decimal string like "19.99"', value);
  if (parsed < 0) fail(pathOf(prefix, index, key), "must not be negative", value);
  return parsed;
}

/** `scale`, or the decimals of a, b or c if one has more (values that are not strings are left to validation). */
function maxDecimalPlaces(scale: number, a: unknown, b?: unknown, c?: unknown): number {
  if (typeof a === "string") scale = Math.max(scale, decimalPlaces(a));
  if (typeof b === "string") scale = Math.max(scale, decimalPlaces(b));
  if (typeof c === "string") scale = Math.max(scale, decimalPlaces(c));
  return scale;
}

/** Decimals of the order's most precise money input (`ParsedInput.scale`), before validation. */
function moneyScale(order: Rec): number {
  let scale = maxDecimalPlaces(0, order.shipping);
  const items = order.lineItems;
  if (!Array.isArray(items)) return scale;
  for (const item of items) {
    if (isRecord(item)) scale = maxDecimalPlaces(scale, item.unitPrice, item.discount, item.tax);
  }
  return scale;
}

/** Validates a rate object without allocating (affiliates' and products' rates are parsed only when used). */
function checkRate(value: unknown, prefix: string, index: number, key: string): RateKind {
  if (!isRecord(value)) fail(pathOf(prefix, index, key), "must be a rate object { kind, value }", value);
  const kind = value.kind;
  if (kind !== "percent" && kind !== "flat_per_order" && kind !== "flat_per_item") {
    fail(`${pathOf(prefix, index, key)}.kind`, `must be one of ${RATE_KINDS.join(", ")}`, kind);
  }
  const text = value.value;
  const sign = typeof text === "string" ? decimalSign(text) : null;
  if (sign === null) {
    const example = kind === "percent" ? '"7.5"' : '"5.00"';
    fail(`${pathOf(prefix, index, key)}.value`, `must be a plain decimal string like ${example}`, text);
  }
  if (sign < 0) fail(`${pathOf(prefix, index, key)}.value`, "must not be negative", text);
  return kind;
}

function checkNullableRate(value: unknown, prefix: string, index: number, key: string): void {
  if (value !== null) checkRate(value, prefix, index, key);
}

/** A rate of validated input, parsed. */
export function parseRate(rate: Rate): ParsedRate {
  const scale = decimalPlaces(rate.value);
  const units = tryParseUnits(rate.value, scale);
  if (units === null) throw new TypeError("parseRate: the input was not validated");
  return { kind: rate.kind, units, scale };
}

function rateField(value: unknown, prefix: string, index: number, key: string): Rate {
  checkRate(value, prefix, index, key);
  return value as Rate;
}

function isoDateTime(value: unknown, prefix: string, index: number, key: string): number {
  const ms = typeof value === "string" ? parseIsoDateTime(value) : null;
  if (ms === null) {
    fail(
      pathOf(prefix, index, key),
      'must be an ISO 8601 date-time with an offset, like "2026-03-01T12:00:00Z"',
      value,
    );
  }
  return ms;
}

/** Trimmed and lower-cased: how codes, ref codes and emails are compared. */
export function normalizeKey(text: string): string {
  return text.trim().toLowerCase();
}

/** -1: remove the tax included in prices; 1: add the tax on top; 0: leave prices as they are. */
export function taxAdjustment(taxesIncluded: boolean, includeTax: boolean): -1 | 0 | 1 {
  if (taxesIncluded && !includeTax) return -1;
  if (!taxesIncluded && includeTax) return 1;
  return 0;
}

/** Rule 3 before the floor: unitPrice × quantity − discount ∓ tax (all in the same units). */
export function rawLineBase(
  unitPrice: Units,
  quantity: number,
  discount: Units,
  tax: Units,
  taxMode: -1 | 0 | 1,
): Units {
  const base = subtractUnits(multiplyUnits(unitPrice, quantity), discount);
  if (taxMode === -1) return subtractUnits(base, tax);
  if (taxMode === 1) return addUnits(base, tax);
  return base;
}

/**
 * Rule 3 for one line of the contract's shape: `unitPrice × quantity − discount`, minus the tax
 * included in prices when the base excludes tax, plus the tax on top when the base includes it,
 * floored at 0. Gift-card lines are never eligible, but this does not look at `giftCard`: callers
 * (refund reversals) apply it to the lines a commission covers. `path` names the line in errors.
 */
export function lineBase(
  line: LineItem,
  taxesIncluded: boolean,
  includeTax: boolean,
  path = "line",
): Decimal {
  const rec = object(line, path);
  const quantity = count(rec.quantity, path, -1, "quantity");
  const scale = maxDecimalPlaces(0, rec.unitPrice, rec.discount, rec.tax);
  const taxMode = taxAdjustment(taxesIncluded, includeTax);
  const base = rawLineBase(
    amount(rec.unitPrice, path, -1, "unitPrice", scale),
    quantity,
    amount(rec.discount, path, -1, "discount", scale),
    amount(rec.tax, path, -1, "tax", scale),
    taxMode,
  );
  if (base < 0) return ZERO;
  // In as many decimals as its terms have (the tax is one only when added or removed): exact.
  const termsScale = maxDecimalPlaces(0, rec.unitPrice, rec.discount, taxMode === 0 ? undefined : rec.tax);
  return { coef: BigInt(roundUnits(base, scale, termsScale)), scale: termsScale };
}

function parseProgram(program: Rec): ParsedProgram {
  const P = "program";
  const newCustomer = field(program.newCustomer, P, -1, "newCustomer");
  const couponCommission = field(program.couponCommission, P, -1, "couponCommission");
  const firstCommission = field(program.firstCommission, P, -1, "firstCommission");
  const lifetime = field(program.lifetime, P, -1, "lifetime");
  const recurring = field(program.recurring, P, -1, "recurring");
  const base = field(program.base, P, -1, "base");

  const appliesTo = couponCommission.appliesTo;
  if (appliesTo !== "affiliate_coupons" && appliesTo !== "any_coupon") {
    fail("program.couponCommission.appliesTo", 'must be "affiliate_coupons" or "any_coupon"', appliesTo);
  }
  const days = lifetime.expiresAfterDays;
  if (days !== null && (typeof days !== "number" || !Number.isSafeInteger(days) || days < 0)) {
    fail("program.lifetime.expiresAfterDays", "must be null or an integer >= 0", days);
  }
  return {
    defaultRate: rateField(program.defaultRate, P, -1, "defaultRate"),
    newCustomer: {
      enabled: bool(newCustomer.enabled, "program.newCustomer", -1, "enabled"),
      rate: rateField(newCustomer.rate, "program.newCustomer", -1, "rate"),
    },
    couponCommission: {
      enabled: bool(couponCommission.enabled, "program.couponCommission", -1, "enabled"),
      rate: rateField(couponCommission.rate, "program.couponCommission", -1, "rate"),
      appliesTo,
    },
    firstCommission: {
      enabled: bool(firstCommission.enabled, "program.firstCommission", -1, "enabled"),
      rate: rateField(firstCommission.rate, "program.firstCommission", -1, "rate"),
    },
    lifetime: { enabled: bool(lifetime.enabled, "program.lifetime", -1, "enabled"), expiresAfterDays: days },
    recurring: bool(recurring.enabled, "program.recurring", -1, "enabled"),
    includeShipping: bool(base.includeShipping, "program.base", -1, "includeShipping"),
    includeTax: bool(base.includeTax, "program.base", -1, "includeTax"),
    excludeSelfReferrals: bool(program.excludeSelfReferrals, P, -1, "excludeSelfReferrals"),
  };
}

function parseCustomer(order: Rec): ParsedCustomer | null {
  const customer = nullableField(order.customer, "order", -1, "customer");
  if (customer === null) return null;
  const C = "order.customer";
  const customerId = id(customer.id, C, -1, "id");
  const email = nullableString(customer.email, C, -1, "email");
  const emailKey = email === null ? null : normalizeKey(email);
  return {
    id: customerId,
    emailKey: emailKey === "" ? null : emailKey,
    isNew: bool(customer.isNew, C, -1, "isNew"),
    referredOrdersBefore: count(customer.referredOrdersBefore, C, -1, "referredOrdersBefore"),
  };
}

function parseLines(order: Rec, taxMode: -1 | 0 | 1, scale: number): ParsedLine[] {
  const L = "order.lineItems";
  const items = array(order.lineItems, "order", -1, "lineItems");
  const lines: ParsedLine[] = new Array<ParsedLine>(items.length);
  const seen = new KeyIndex<object>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isRecord(item)) fail(`${L}[${i}]`, "must be an object", item);
    const lineId = id(item.id, L, i, "id");
    if (!seen.add(lineId, item)) fail(pathOf(L, i, "id"), "must be unique among the order's lines", lineId);
    const productId = nullableId(item.productId, L, i, "productId");
    const quantity = count(item.quantity, L, i, "quantity");
    const unitPrice = amount(item.unitPrice, L, i, "unitPrice", scale);
    const discount = amount(item.discount, L, i, "discount", scale);
    const tax = amount(item.tax, L, i, "tax", scale);
    const giftCard = bool(item.giftCard, L, i, "giftCard");
    const rawBase = rawLineBase(unitPrice, quantity, discount, tax, taxMode);
    lines[i] = { id: lineId, productId, quantity, giftCard, rawBase, base: rawBase < 0 ? 0 : rawBase };
  }
  return lines;
}

function parseAffiliates(list: unknown[]): KeyIndex<Affiliate> {
  const A = "affiliates";
  const affiliatesById = new KeyIndex<Affiliate>();
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isRecord(item)) fail(`${A}[${i}]`, "must be an object", item);
    const affiliateId = id(item.id, A, i, "id");
    if (!affiliatesById.add(affiliateId, item as unknown as Affiliate))
      fail(pathOf(A, i, "id"), "must be unique among affiliates", affiliateId);
    id(item.refCode, A, i, "refCode");
    nullableString(item.email, A, i, "email");
    nullableId(item.customerId, A, i, "customerId");
    bool(item.active, A, i, "active");
    checkNullableRate(item.rate, A, i, "rate");
  }
  return affiliatesById;
}

/**
 * The affiliate whose ref code is `ref`: the active one, else the first inactive one. Two active
 * affiliates with the same ref code make the link ambiguous: an input error.
 */
function resolveRef(ref: string, affiliates: Affiliate[]): Affiliate | null {
  const key = normalizeKey(ref);
  let found: Affiliate | null = null;
  let foundIndex = -1;
  for (let i = 0; i < affiliates.length; i++) {
    const affiliate = affiliates[i];
    if (normalizeKey(affiliate.refCode) !== key) continue;
    if (found === null || (affiliate.active && !found.active)) {
      found = affiliate;
      foundIndex = i;
    } else if (affiliate.active && found.active) {
      fail(
        pathOf("affiliates", i, "refCode"),
        `is also the ref code of active affiliates[${foundIndex}]`,
        affiliate.refCode,
      );
    }
  }
  return found;
}

function parseCoupons(list: unknown[]): Coupon[] {
  const K = "coupons";
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isRecord(item)) fail(`${K}[${i}]`, "must be an object", item);
    id(item.code, K, i, "code");
    id(item.affiliateId, K, i, "affiliateId");
  }
  return list as Coupon[];
}

/** The order's discount codes, trimmed; their coupons are resolved by `resolveCoupons`. */
function parseDiscountCodes(value: unknown): ParsedDiscountCode[] {
  const codes = array(value, "order", -1, "discountCodes");
  const parsed: ParsedDiscountCode[] = new Array<ParsedDiscountCode>(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (typeof code !== "string" || isBlank(code))
      fail(`order.discountCodes[${i}]`, "must be a non-empty string", code);
    const text = code.trim();
    parsed[i] = { text, key: text.toLowerCase(), coupons: [], owner: null };
  }
  return parsed;
}

/**
 * Gives each discount code the coupon entries it matches and its active owner. One code assigned to
 * two different active affiliates is ambiguous: an input error.
 */
function resolveCoupons(
  codes: ParsedDiscountCode[],
  coupons: Coupon[],
  affiliatesById: KeyIndex<Affiliate>,
): void {
  if (codes.length === 0) return;
  for (let j = 0; j < coupons.length; j++) {
    const coupon = coupons[j];
    const key = normalizeKey(coupon.code);
    for (const code of codes) {
      if (code.key !== key) continue;
      code.coupons.push(coupon);
      const affiliate = affiliatesById.get(coupon.affiliateId);
      if (affiliate === undefined || !affiliate.active) continue;
      if (code.owner === null) code.owner = affiliate;
      else if (code.owner !== affiliate) {
        fail(
          pathOf("coupons", j, "code"),
          `is also assigned to active affiliate ${code.owner.id}`,
          coupon.code,
        );
      }
    }
  }
}

function parseProductConnections(list: unknown[]): ProductConnection[] {
  const PC = "productConnections";
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isRecord(item)) fail(`${PC}[${i}]`, "must be an object", item);
    id(item.productId, PC, i, "productId");
    id(item.affiliateId, PC, i, "affiliateId");
    checkNullableRate(item.rate, PC, i, "rate");
  }
  return list as ProductConnection[];
}

/** Validates everything, in contract order: order, program, affiliates, connection, product connections, coupons. */
export function parseInput(value: unknown): ParsedInput {
  const input = object(value, "input");
  const order = field(input.order, "", -1, "order");
  const O = "order";
  id(order.id, O, -1, "id");
  const createdAtMs = isoDateTime(order.createdAt, O, -1, "createdAt");
  const currency = order.currency;
  if (typeof currency !== "string") fail("order.currency", "must be an ISO 4217 currency code", currency);
  const digits = minorUnits(currency, "order.currency");
  const taxesIncluded = bool(order.taxesIncluded, O, -1, "taxesIncluded");
  const customer = parseCustomer(order);
  // Line bases need program.base.includeTax; the program itself is validated below.
  const program = field(input.program, "", -1, "program");
  const includeTax = isRecord(program.base) ? program.base.includeTax : undefined;
  const scale = moneyScale(order);
  const lines = parseLines(order, taxAdjustment(taxesIncluded, includeTax === true), scale);
  const shipping = amount(order.shipping, O, -1, "shipping", scale);
  const discountCodes = parseDiscountCodes(order.discountCodes);
  const refText = nullableString(order.ref, O, -1, "ref")?.trim();
  const ref = refText === undefined || refText === "" ? null : refText;
  const renewalOf = nullableField(order.renewalOf, O, -1, "renewalOf");
  const renewalAffiliateId =
    renewalOf === null ? undefined : nullableId(renewalOf.affiliateId, "order.renewalOf", -1, "affiliateId");

  const parsedProgram = parseProgram(program);
  const days = parsedProgram.lifetime.expiresAfterDays;
  if (
    parsedProgram.lifetime.enabled &&
    days !== null &&
    Math.abs(createdAtMs + days * MS_PER_DAY) > MAX_TIME_MS
  ) {
    fail("program.lifetime.expiresAfterDays", "puts the expiry beyond the supported date range", days);
  }

  const affiliates = array(input.affiliates, "", -1, "affiliates");
  const affiliatesById = parseAffiliates(affiliates);

  const connectionRec = nullableField(input.connection, "", -1, "connection");
  let connection: ParsedInput["connection"] = null;
  if (connectionRec !== null) {
    const affiliateId = id(connectionRec.affiliateId, "connection", -1, "affiliateId");
    const expiresAtMs =
      connectionRec.expiresAt === null
        ? null
        : isoDateTime(connectionRec.expiresAt, "connection", -1, "expiresAt");
    connection = { affiliateId, expiresAtMs };
  }

  const productConnections = parseProductConnections(
    array(input.productConnections, "", -1, "productConnections"),
  );
  const coupons = parseCoupons(array(input.coupons, "", -1, "coupons"));
  resolveCoupons(discountCodes, coupons, affiliatesById);
  const manualRec =
    input.manualReferral === undefined ? null : nullableField(input.manualReferral, "", -1, "manualReferral");
  const manualAffiliateId =
    manualRec === null ? null : id(manualRec.affiliateId, "manualReferral", -1, "affiliateId");

  return {
    digits,
    scale,
    createdAtMs,
    customer,
    lines,
    shipping,
    discountCodes,
    ref,
    refAffiliate: ref === null ? null : resolveRef(ref, affiliates as Affiliate[]),
    renewalAffiliateId,
    program: parsedProgram,
    affiliatesById,
    connection,
    productConnections,
    manualAffiliateId,
  };
}
