// Affiliates: the merchant's list, create and edit forms, bulk activation, and the affiliate's page.
// Every function takes the shop and scopes every query by it.
import { Prisma, type Affiliate, type PrismaClient } from "@prisma/client";
import { z } from "zod";
import { fieldErrorsFromZod, formFlag, formValues, type BulkSelection, type FieldErrors } from "~/lib/forms";
import { endOfDay, startOfDay } from "~/lib/days";
import { paginate, type Page } from "~/lib/pagination";
import { affiliateTotalsByStatus } from "~/models/ledger/figures.server";
import { RATE_KINDS, type RateKind } from "~/attribution";
import { knownShopCurrency } from "~/models/shop/currency.server";
import type { AffiliateDetail, AffiliateFields, AffiliateRow, AffiliateSort } from "./views";
import { affiliateIdsByPerformance, affiliatePerformance, isPerformanceSort } from "./performance.server";
import { orderByColumn, type ListSort } from "~/lib/sorting";
import { isApplicationStatus, type AffiliateApplication, type ApplicationStatus } from "./application";

/** The affiliates that earn (application.ts `earns`), as a query filter. */
export const EARNING_AFFILIATE = {
  active: true,
  applicationStatus: "approved",
} as const satisfies Prisma.AffiliateWhereInput;

export const REF_CODE_PATTERN = /^[A-Za-z0-9_-]{2,64}$/;
export type AffiliateField = "name" | "email" | "refCode" | "rateKind" | "rateValue" | "active";
export type AffiliateErrors = FieldErrors<AffiliateField>;

const DECIMAL = /^\d{1,9}(\.\d{1,4})?$/;

/** The affiliate form as the server validates it: what the inputs send, as strings. */
export const affiliateFormSchema = z
  .object({
    name: z.string().trim().min(1, "Enter the affiliate's name").max(120, "Use at most 120 characters"),
    email: z
      .string()
      .trim()
      .max(254, "Use at most 254 characters")
      .refine((value) => value === "" || z.string().email().safeParse(value).success, {
        message: "Enter a valid email address, or leave it empty",
      }),
    refCode: z
      .string()
      .trim()
      .min(1, "Enter a ref code")
      .regex(REF_CODE_PATTERN, "Use 2 to 64 letters, digits, dashes (-) or underscores (_)"),
    rateKind: z.enum(["", ...RATE_KINDS], { message: "Choose a rate type" }),
    rateValue: z.string().trim(),
    active: z.boolean(),
  })
  .superRefine((form, ctx) => {
    if (form.rateKind === "") return;
    if (!DECIMAL.test(form.rateValue)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["rateValue"],
        message: form.rateValue ? "Enter a number such as 10 or 7.5" : "Enter the rate",
      });
    } else if (form.rateKind === "percent" && Number(form.rateValue) > 100) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["rateValue"],
        message: "A percentage cannot exceed 100",
      });
    }
  });

/** A valid affiliate, ready to store. */
export interface AffiliateInput {
  name: string;
  email: string | null;
  refCode: string;
  rate: { kind: RateKind; value: string } | null;
  active: boolean;
}

export type ParseResult<T, E> = { ok: true; value: T } | { ok: false; errors: E };

/** Validates the affiliate form (fields `name`, `email`, `refCode`, `rateKind`, `rateValue`, `active`). */
export function parseAffiliateForm(form: FormData): ParseResult<AffiliateInput, AffiliateErrors> {
  const values = formValues(form);
  const parsed = affiliateFormSchema.safeParse({
    name: values.name ?? "",
    email: values.email ?? "",
    refCode: values.refCode ?? "",
    rateKind: values.rateKind ?? "",
    rateValue: values.rateValue ?? "",
    active: formFlag(values.active),
  });
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod<AffiliateField>(parsed.error) };
  const data = parsed.data;
  return {
    ok: true,
    value: {
      name: data.name,
      email: data.email === "" ? null : data.email,
      refCode: data.refCode,
      rate: data.rateKind === "" ? null : { kind: data.rateKind, value: normaliseDecimal(data.rateValue) },
      active: data.active,
    },
  };
}

/** "007.50" -> "7.50", "10" -> "10". */
function normaliseDecimal(value: string): string {
  const [whole, fraction] = value.split(".");
  const trimmed = whole.replace(/^0+(?=\d)/, "");
  return fraction === undefined ? trimmed : `${trimmed}.${fraction}`;
}

export type SaveResult = { ok: true; affiliate: Affiliate } | { ok: false; errors: AffiliateErrors };

function affiliateData(input: AffiliateInput) {
  return {
    name: input.name,
    email: input.email,
    refCode: input.refCode,
    refCodeKey: input.refCode.toLowerCase(),
    rateKind: input.rate?.kind ?? null,
    rateValue: input.rate?.value ?? null,
    active: input.active,
  };
}

async function refCodeTaken(
  db: PrismaClient,
  shop: string,
  refCode: string,
  exceptId?: string,
): Promise<AffiliateErrors | null> {
  const holder = await db.affiliate.findUnique({
    where: { shop_refCodeKey: { shop, refCodeKey: refCode.toLowerCase() } },
    select: { id: true, name: true },
  });
  if (!holder || holder.id === exceptId) return null;
  return { refCode: `The ref code ${refCode} is already used by ${holder.name}` };
}

/**
 * The affiliate form checked whole: its fields, and (unless the ref code is malformed) whether another of
 * the shop's affiliates holds its ref code, so one submit shows every error at once. `exceptId` is the
 * affiliate being edited.
 */
export async function checkAffiliateForm(
  db: PrismaClient,
  shop: string,
  form: FormData,
  exceptId?: string,
): Promise<ParseResult<AffiliateInput, AffiliateErrors>> {
  const parsed = parseAffiliateForm(form);
  const refCode = parsed.ok
    ? parsed.value.refCode
    : parsed.errors.refCode
      ? null
      : String(form.get("refCode") ?? "").trim();
  const taken = refCode ? await refCodeTaken(db, shop, refCode, exceptId) : null;
  if (parsed.ok && !taken) return parsed;
  return { ok: false, errors: { ...(parsed.ok ? {} : parsed.errors), ...taken } };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Creates an affiliate; a ref code already in use in this shop (in any letter case) is a field error. */
export async function createAffiliate(
  db: PrismaClient,
  shop: string,
  input: AffiliateInput,
): Promise<SaveResult> {
  const taken = await refCodeTaken(db, shop, input.refCode);
  if (taken) return { ok: false, errors: taken };
  try {
    const affiliate = await db.affiliate.create({ data: { shop, ...affiliateData(input) } });
    return { ok: true, affiliate };
  } catch (error) {
    if (isUniqueViolation(error))
      return { ok: false, errors: (await refCodeTaken(db, shop, input.refCode)) ?? {} };
    throw error;
  }
}

/** Updates this shop's affiliate; null when the shop has no affiliate with this id. */
export async function updateAffiliate(
  db: PrismaClient,
  shop: string,
  id: string,
  input: AffiliateInput,
): Promise<SaveResult | null> {
  const existing = await getAffiliate(db, shop, id);
  if (!existing) return null;
  const taken = await refCodeTaken(db, shop, input.refCode, id);
  if (taken) return { ok: false, errors: taken };
  try {
    const affiliate = await db.affiliate.update({ where: { id: existing.id }, data: affiliateData(input) });
    return { ok: true, affiliate };
  } catch (error) {
    if (isUniqueViolation(error)) {
      return { ok: false, errors: (await refCodeTaken(db, shop, input.refCode, id)) ?? {} };
    }
    throw error;
  }
}

/** This shop's affiliate with this id, or null (another shop's affiliate is null too). */
export function getAffiliate(db: PrismaClient, shop: string, id: string): Promise<Affiliate | null> {
  return db.affiliate.findFirst({ where: { id, shop } });
}

function affiliateFields(affiliate: Affiliate): AffiliateFields {
  return {
    id: affiliate.id,
    name: affiliate.name,
    email: affiliate.email,
    refCode: affiliate.refCode,
    active: affiliate.active,
    rateKind: affiliate.rateKind,
    rateValue: affiliate.rateValue,
    createdAt: affiliate.createdAt.toISOString(),
    applicationStatus: applicationStatusOf(affiliate),
  };
}

function applicationStatusOf(affiliate: Affiliate): ApplicationStatus {
  return isApplicationStatus(affiliate.applicationStatus) ? affiliate.applicationStatus : "pending";
}

/** The affiliate's application: what they said when applying, and what the merchant decided. */
export function applicationOf(affiliate: Affiliate): AffiliateApplication {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    status: applicationStatusOf(affiliate),
    appliedAt: iso(affiliate.appliedAt),
    promotion: affiliate.promotion,
    payoutEmail: affiliate.payoutEmail,
    termsAcceptedAt: iso(affiliate.termsAcceptedAt),
    declineReason: affiliate.declineReason,
    decidedAt: iso(affiliate.decidedAt),
  };
}

/**
 * Affiliates of the shop matching a search of their name, email or ref code (all of them for none), and
 * in an application status when one is given.
 */
export function affiliateSearchWhere(
  shop: string,
  query: string,
  status?: ApplicationStatus,
): Prisma.AffiliateWhereInput {
  const where: Prisma.AffiliateWhereInput = status ? { shop, applicationStatus: status } : { shop };
  if (query) {
    // SQLite's LIKE (Prisma's `contains`) ignores ASCII letter case.
    where.OR = [
      { name: { contains: query } },
      { email: { contains: query } },
      { refCode: { contains: query } },
    ];
  }
  return where;
}

/**
 * The shop's affiliates, newest first unless sorted otherwise, searched by name, email or ref code, in one
 * application status when given, 25 a page, each with its performance in the shop's currency.
 */
export async function listAffiliates(
  db: PrismaClient,
  shop: string,
  options: {
    query?: string;
    page?: number;
    status?: ApplicationStatus;
    sort?: ListSort<AffiliateSort>;
    currency?: string | null;
  } = {},
): Promise<Page<AffiliateRow>> {
  const query = options.query ?? "";
  const sort = options.sort ?? { key: "createdAt", direction: "desc" };
  const currency = options.currency ?? null;
  const where = affiliateSearchWhere(shop, query, options.status);
  const total = await db.affiliate.count({ where });
  const { pageInfo, skip, take } = paginate(total, options.page ?? 1);
  let rows;
  if (isPerformanceSort(sort.key)) {
    const ids = await affiliateIdsByPerformance(db, shop, {
      query,
      status: options.status,
      currency,
      sort: sort.key,
      direction: sort.direction,
      skip,
      take,
    });
    const found = await db.affiliate.findMany({ where: { shop, id: { in: ids } } });
    const byId = new Map(found.map((row) => [row.id, row]));
    rows = ids.flatMap((id) => byId.get(id) ?? []);
  } else {
    rows = await db.affiliate.findMany({
      where,
      orderBy: orderByColumn(sort.key, sort.direction),
      skip,
      take,
    });
  }
  const ids = rows.map((row) => row.id);
  const [performance, customers, coupons] = await Promise.all([
    affiliatePerformance(db, shop, ids, currency),
    // The page's affiliates' own rows, by the (shop, affiliateId) indexes. (Prisma's `_count` joins a count of
    // the whole shop's rows grouped by affiliate: every connection of the shop for a page of 25.)
    db.customerConnection.groupBy({
      by: ["affiliateId"],
      where: { shop, affiliateId: { in: ids } },
      _count: { _all: true },
    }),
    db.coupon.groupBy({
      by: ["affiliateId"],
      where: { shop, affiliateId: { in: ids } },
      _count: { _all: true },
    }),
  ]).then(([figures, connections, coupons]) => [figures, countsOf(connections), countsOf(coupons)] as const);
  return {
    pageInfo,
    items: rows.map((row) => ({
      ...affiliateFields(row),
      performance: performance.get(row.id)!,
      customerCount: customers.get(row.id) ?? 0,
      couponCount: coupons.get(row.id) ?? 0,
      promotion: row.promotion,
      appliedAt: row.appliedAt?.toISOString() ?? null,
    })),
  };
}

/** Each affiliate's count from a `groupBy` by affiliate. */
function countsOf(groups: Array<{ affiliateId: string; _count: { _all: number } }>): Map<string, number> {
  return new Map(groups.map((group) => [group.affiliateId, group._count._all]));
}

/** Which affiliates a bulk action applies to: the selected ids, or every affiliate matching a search. */
export type AffiliateSelection = BulkSelection;

/** Activates or deactivates the selected affiliates of this shop; returns how many were changed. */
export async function setAffiliatesActive(
  db: PrismaClient,
  shop: string,
  selection: AffiliateSelection,
  active: boolean,
): Promise<number> {
  const where: Prisma.AffiliateWhereInput =
    "ids" in selection
      ? { shop, id: { in: selection.ids } }
      : affiliateSearchWhere(shop, selection.allMatching);
  const { count } = await db.affiliate.updateMany({ where: { ...where, active: !active }, data: { active } });
  return count;
}

/** How many of the shop's affiliates are in an application status (the Affiliates page's pending count). */
export function countApplications(
  db: PrismaClient,
  shop: string,
  status: ApplicationStatus,
): Promise<number> {
  return db.affiliate.count({ where: { shop, applicationStatus: status } });
}

/** The affiliate's store link: `https://{shop}/?ref={refCode}`. */
export function affiliateLink(shop: string, refCode: string): string {
  return `https://${shop}/?ref=${encodeURIComponent(refCode)}`;
}

/** How many rows each section of the affiliate's page shows. */
export const DETAIL_SECTION_SIZE = 10;

/** What the affiliate's page shows of its commissions: a page of them, and which order days. */
export interface AffiliateDetailOptions {
  /** The shop's time zone: the days below are its days. */
  timeZone: string;
  /** Only lines of orders placed from this day… */
  orderFrom?: string | null;
  /** …to this one (both included). */
  orderTo?: string | null;
  commissionsPage?: number;
  /** The instant connections are counted at (expired ones are not): now by default. */
  now?: Date;
}

/**
 * The affiliate's page: its link, coupons, connected products, its commissions by the order's date (a page
 * at a time, filtered by order days) with their sums, and its earnings over the whole history. Null for
 * another shop's. The counts and sums come from the ledger's daily figures.
 */
export async function getAffiliateDetail(
  db: PrismaClient,
  shop: string,
  id: string,
  options: AffiliateDetailOptions,
): Promise<AffiliateDetail | null> {
  const affiliate = await getAffiliate(db, shop, id);
  if (!affiliate) return null;
  const scope = { shop, affiliateId: affiliate.id };
  const orderFrom = options.orderFrom ?? null;
  const orderTo = options.orderTo ?? null;
  const ordered: Prisma.DateTimeFilter = {
    ...(orderFrom ? { gte: startOfDay(orderFrom, options.timeZone) } : {}),
    ...(orderTo ? { lt: endOfDay(orderTo, options.timeZone) } : {}),
  };
  const [
    coupons,
    couponTotal,
    products,
    productTotal,
    totals,
    rangeTotals,
    connectedCustomerCount,
    currency,
  ] = await Promise.all([
    db.coupon.findMany({
      where: scope,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: DETAIL_SECTION_SIZE,
    }),
    db.coupon.count({ where: scope }),
    db.productConnection.findMany({
      where: scope,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: DETAIL_SECTION_SIZE,
    }),
    db.productConnection.count({ where: scope }),
    affiliateTotalsByStatus(db, shop, affiliate.id),
    orderFrom || orderTo
      ? affiliateTotalsByStatus(db, shop, affiliate.id, { from: orderFrom, to: orderTo })
      : null,
    // Connected customers are those whose connection still counts: an expired one credits nothing.
    db.customerConnection.count({
      where: { ...scope, OR: [{ expiresAt: null }, { expiresAt: { gt: options.now ?? new Date() } }] },
    }),
    knownShopCurrency(db, shop),
  ]);
  const inRange = rangeTotals ?? totals;
  const { pageInfo, skip, take } = paginate(
    inRange.reduce((sum, total) => sum + total.lines, 0),
    options.commissionsPage ?? 1,
    DETAIL_SECTION_SIZE,
  );
  const lines = await db.ledgerLine.findMany({
    where: { ...scope, ...(orderFrom || orderTo ? { orderCreatedAt: ordered } : {}) },
    orderBy: [{ orderCreatedAt: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    skip,
    take,
    include: { attributedOrder: { select: { orderName: true } } },
  });
  const sums = (rows: typeof totals) =>
    rows.map((t) => ({ status: t.status, currency: t.currency, amountMinor: t.amountMinor }));
  return {
    affiliate: { ...affiliateFields(affiliate), link: affiliateLink(shop, affiliate.refCode) },
    application: applicationOf(affiliate),
    coupons: {
      items: coupons.map((c) => ({ id: c.id, code: c.code, createdAt: c.createdAt.toISOString() })),
      total: couponTotal,
    },
    products: {
      items: products.map((p) => ({
        id: p.id,
        productId: p.productId,
        productTitle: p.productTitle,
        rateKind: p.rateKind,
        rateValue: p.rateValue,
      })),
      total: productTotal,
    },
    commissions: {
      items: lines.map((line) => ({
        id: line.id,
        orderId: line.orderId,
        orderName: line.attributedOrder.orderName,
        type: line.type,
        source: line.source,
        amount: line.amount,
        currency: line.currency,
        status: line.status,
        orderCreatedAt: line.orderCreatedAt.toISOString(),
        createdAt: line.createdAt.toISOString(),
      })),
      pageInfo,
      orderFrom,
      orderTo,
      rangeTotals: sums(inRange),
      totals: sums(totals),
    },
    connectedCustomerCount,
    currency,
    timeZone: options.timeZone,
  };
}
