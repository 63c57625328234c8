// Coupons: Shopify discount codes assigned to an affiliate. An order using one credits that affiliate
// (attribution.md, rule 1.2). A code belongs to one affiliate at most: unique per shop, case-insensitively.
import { Prisma, type PrismaClient } from "@prisma/client";
import { z } from "zod";
import { queryAdmin, ShopifyUnavailableError, type AdminGraphqlClient } from "~/graphql/client";
import {
  DISCOUNT_CODE_SEARCH,
  discountCodeSearchQuery,
  toDiscountCodeSummary,
  type DiscountCodeSearchData,
  type DiscountCodeSearchVariables,
} from "~/graphql/discount-code-search";
import {
  DISCOUNT_CODE_BY_CODE,
  discountForCode,
  type DiscountCodeByCodeData,
  type DiscountCodeByCodeVariables,
} from "~/graphql/discount-code-by-code";
import {
  DISCOUNT_CODE_BASIC_CREATE,
  basicCodeDiscountInput,
  type DiscountCodeBasicCreateData,
} from "~/graphql/discount-code-basic-create";
import { isGid, legacyId } from "~/graphql/ids";
import { paginate, type PageInfo } from "~/lib/pagination";
import { orderByColumn, type ListSort } from "~/lib/sorting";
import { fieldErrorsFromZod, type FieldErrors } from "~/lib/forms";
import { countOf } from "~/format/counts";
import { skippedMissing, type BulkAnswer } from "~/lib/answers";
import { knownShopCurrency } from "~/models/shop/currency.server";
import { couponIdsByUsage, couponUsage, isUsageSort, USAGE_SORTS, type CouponUsage } from "./usage.server";

export interface CouponRow {
  id: string;
  code: string;
  affiliateId: string;
  affiliateName: string;
  affiliateRef: string;
  affiliateActive: boolean;
  /** gid of the code discount in Shopify, when known. */
  shopifyDiscountId: string | null;
  /** Its numeric id, for the admin link `/admin/discounts/{id}`. */
  shopifyDiscountNumericId: string | null;
  createdAt: string;
  /** What the code did (./usage.server): orders, credited orders, their sales and commission. */
  usage: CouponUsage;
}

export interface CouponListFilters {
  affiliateId: string | null;
  /** Part of a code, case-insensitive. */
  query: string;
}

function numericDiscountId(gid: string | null): string | null {
  if (!gid) return null;
  if (/^[1-9]\d*$/.test(gid)) return gid;
  return isGid(gid) ? legacyId(gid) : null;
}

/** The columns the Coupons list sorts by. */
export const COUPON_SORTS = ["code", ...USAGE_SORTS, "createdAt"] as const;
export type CouponSort = (typeof COUPON_SORTS)[number];

/**
 * One page of this shop's coupons with what each code did, newest first unless sorted otherwise; money in
 * the shop's currency (`currency`, null until the app knows it).
 */
export async function listCoupons(
  db: PrismaClient,
  shop: string,
  filters: CouponListFilters,
  page: number,
  sort: ListSort<CouponSort> = { key: "createdAt", direction: "desc" },
): Promise<{ coupons: CouponRow[]; pageInfo: PageInfo; currency: string | null }> {
  const where: Prisma.CouponWhereInput = { shop };
  if (filters.affiliateId) where.affiliateId = filters.affiliateId;
  const query = filters.query.trim().toLowerCase();
  if (query) where.codeKey = { contains: query };
  const [total, currency] = await Promise.all([db.coupon.count({ where }), knownShopCurrency(db, shop)]);
  const { pageInfo, skip, take } = paginate(total, page);
  const include = { affiliate: { select: { name: true, refCode: true, active: true } } } as const;
  let rows;
  if (isUsageSort(sort.key)) {
    const ids = await couponIdsByUsage(db, shop, {
      affiliateId: filters.affiliateId,
      query,
      currency,
      sort: sort.key,
      direction: sort.direction,
      skip,
      take,
    });
    const byId = new Map(
      (await db.coupon.findMany({ where: { shop, id: { in: ids } }, include })).map((row) => [row.id, row]),
    );
    rows = ids.flatMap((id) => byId.get(id) ?? []);
  } else {
    rows = await db.coupon.findMany({
      where,
      include,
      // The code in the order of the (shop, codeKey) index: letter case does not split the list.
      orderBy: orderByColumn(sort.key === "code" ? "codeKey" : "createdAt", sort.direction),
      skip,
      take,
    });
  }
  const usage = await couponUsage(
    db,
    shop,
    rows.map((row) => row.codeKey),
    currency,
  );
  return {
    pageInfo,
    currency,
    coupons: rows.map((row) => ({
      id: row.id,
      code: row.code,
      affiliateId: row.affiliateId,
      affiliateName: row.affiliate.name,
      affiliateRef: row.affiliate.refCode,
      affiliateActive: row.affiliate.active,
      shopifyDiscountId: row.shopifyDiscountId,
      shopifyDiscountNumericId: numericDiscountId(row.shopifyDiscountId),
      createdAt: row.createdAt.toISOString(),
      usage: usage.get(row.codeKey)!,
    })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Searching Shopify's discount codes

export interface DiscountCodeOption {
  /** gid of the code discount. */
  discountId: string;
  code: string;
  title: string;
  status: string;
  type: string;
  /** The affiliate this code is already assigned to in this shop, if any. */
  assignedTo: { affiliateId: string; affiliateName: string } | null;
}

/**
 * Shopify's code discounts matching `term` (free text: title or code), one option per code, each
 * saying whether this shop already assigned it.
 */
export async function searchDiscountCodes(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  term: string,
): Promise<DiscountCodeOption[]> {
  const variables: DiscountCodeSearchVariables = { query: discountCodeSearchQuery(term), first: 25 };
  const data = await queryAdmin<DiscountCodeSearchData>(graphql, DISCOUNT_CODE_SEARCH, { ...variables });
  const discounts = data.discountNodes.nodes.flatMap(
    (node) => toDiscountCodeSummary(node.id, node.discount) ?? [],
  );
  const options = discounts.flatMap((discount) =>
    discount.codes.map((code) => ({
      discountId: discount.id,
      code,
      title: discount.title,
      status: discount.status,
      type: discount.type,
    })),
  );
  const assigned = await db.coupon.findMany({
    where: { shop, codeKey: { in: options.map((option) => option.code.toLowerCase()) } },
    select: { codeKey: true, affiliateId: true, affiliate: { select: { name: true } } },
  });
  const byKey = new Map(
    assigned.map((c) => [c.codeKey, { affiliateId: c.affiliateId, affiliateName: c.affiliate.name }]),
  );
  return options.map((option) => ({ ...option, assignedTo: byKey.get(option.code.toLowerCase()) ?? null }));
}

/** The code discount whose code is exactly `code` (case-insensitive), or null. */
async function findDiscountByCode(graphql: AdminGraphqlClient, code: string) {
  const variables: DiscountCodeByCodeVariables = { code: code.trim() };
  return discountForCode(
    await queryAdmin<DiscountCodeByCodeData>(graphql, DISCOUNT_CODE_BY_CODE, { ...variables }),
    code,
  );
}

// ---------------------------------------------------------------------------------------------------
// Assigning and creating

const CODE = z
  .string({ required_error: "Enter a discount code" })
  .trim()
  .min(1, "Enter a discount code")
  .max(255, "A discount code has at most 255 characters")
  .regex(/^\S+$/, "A discount code has no spaces");

const affiliateField = z
  .string({ required_error: "Choose an affiliate" })
  .trim()
  .min(1, "Choose an affiliate");

const assignSchema = z.object({ affiliateId: affiliateField, code: CODE });

const createSchema = z.object({
  affiliateId: affiliateField,
  code: CODE,
  title: z
    .string({ required_error: "Enter a title" })
    .trim()
    .min(1, "Enter a title (customers do not see it)")
    .max(255, "A title has at most 255 characters"),
  percentage: z
    .string({ required_error: "Enter the percentage off" })
    .trim()
    .min(1, "Enter the percentage off")
    .regex(/^\d+(\.\d{1,2})?$/, "Enter a number such as 10 or 12.5")
    .refine((value) => Number(value) > 0 && Number(value) <= 100, "Enter a percentage from 0.01 to 100"),
});

export type CouponResult =
  | { ok: true; coupon: { id: string; code: string; affiliateId: string; affiliateName: string } }
  | { ok: false; errors: FieldErrors };

/**
 * The form's checks against this shop's rows: the affiliate is one of its own, and the code belongs to
 * none of its affiliates yet. Fields the form already refused are not checked again (pass undefined).
 */
async function checkAffiliateAndCode(
  db: PrismaClient,
  shop: string,
  affiliateId: string | undefined,
  code: string | undefined,
): Promise<{ errors: FieldErrors; affiliate: { id: string; name: string } | null }> {
  const errors: FieldErrors = {};
  const [affiliate, taken] = await Promise.all([
    affiliateId
      ? db.affiliate.findFirst({ where: { shop, id: affiliateId }, select: { id: true, name: true } })
      : null,
    code
      ? db.coupon.findUnique({
          where: { shop_codeKey: { shop, codeKey: code.toLowerCase() } },
          include: { affiliate: { select: { name: true } } },
        })
      : null,
  ]);
  if (affiliateId && !affiliate) errors.affiliateId = "Choose one of your affiliates";
  if (taken) errors.code = takenMessage(taken.code, taken.affiliate.name);
  return { errors, affiliate };
}

/** The schema's errors and this shop's checks together, so the merchant sees every problem at once. */
async function validate<T extends { affiliateId: string; code: string }>(
  db: PrismaClient,
  shop: string,
  parsed: z.SafeParseReturnType<unknown, T>,
  fields: Record<string, string | undefined>,
): Promise<
  { errors: FieldErrors; data: T; affiliate: { id: string; name: string } } | { errors: FieldErrors }
> {
  const formErrors = parsed.success ? {} : fieldErrorsFromZod(parsed.error);
  const { errors, affiliate } = await checkAffiliateAndCode(
    db,
    shop,
    formErrors.affiliateId ? undefined : fields.affiliateId?.trim() || undefined,
    formErrors.code ? undefined : fields.code?.trim() || undefined,
  );
  const all = { ...errors, ...formErrors };
  if (!parsed.success || Object.keys(all).length > 0 || !affiliate) return { errors: all };
  return { errors: all, data: parsed.data, affiliate };
}

const takenMessage = (code: string, affiliateName: string) =>
  `${code} already belongs to ${affiliateName}: a code can belong to one affiliate only`;

const UNAVAILABLE = "Shopify could not be reached. Nothing was saved: try again.";

async function insertCoupon(
  db: PrismaClient,
  shop: string,
  affiliate: { id: string; name: string },
  code: string,
  shopifyDiscountId: string,
): Promise<CouponResult> {
  try {
    const coupon = await db.coupon.create({
      data: { shop, affiliateId: affiliate.id, code, codeKey: code.toLowerCase(), shopifyDiscountId },
    });
    return {
      ok: true,
      coupon: { id: coupon.id, code, affiliateId: affiliate.id, affiliateName: affiliate.name },
    };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const taken = await db.coupon.findUnique({
        where: { shop_codeKey: { shop, codeKey: code.toLowerCase() } },
        include: { affiliate: { select: { name: true } } },
      });
      return {
        ok: false,
        errors: { code: takenMessage(code, taken?.affiliate.name ?? "another affiliate") },
      };
    }
    throw error;
  }
}

/**
 * Assigns an existing Shopify discount code to an affiliate of this shop. The code must exist in Shopify
 * (it is stored as Shopify spells it, with its discount's id) and belong to no affiliate yet.
 */
export async function assignCoupon(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  fields: Record<string, string | undefined>,
): Promise<CouponResult> {
  const checked = await validate(
    db,
    shop,
    assignSchema.safeParse({ affiliateId: fields.affiliateId, code: fields.code }),
    fields,
  );
  if (!("data" in checked)) return { ok: false, errors: checked.errors };
  const { data: parsed, affiliate } = checked;

  let found: Awaited<ReturnType<typeof findDiscountByCode>>;
  try {
    found = await findDiscountByCode(graphql, parsed.code);
  } catch (error) {
    if (error instanceof ShopifyUnavailableError) return { ok: false, errors: { form: UNAVAILABLE } };
    throw error;
  }
  if (!found) {
    return {
      ok: false,
      errors: { code: `Your store has no discount code ${parsed.code}: create it instead` },
    };
  }
  return insertCoupon(db, shop, affiliate, found.code, found.discount.id);
}

/** Where Shopify's userErrors for DiscountCodeBasicCreate belong on the form. */
function discountErrorField(field: string[] | null): string {
  const path = (field ?? []).filter((part) => part !== "basicCodeDiscount");
  if (path[0] === "code") return "code";
  if (path[0] === "title") return "title";
  if (path[0] === "customerGets") return "percentage";
  return "form";
}

/**
 * Creates a percentage-off code discount in Shopify (for all buyers, whole order, from now) and assigns
 * it to an affiliate of this shop. Shopify's userErrors are returned next to the fields they name.
 */
export async function createCoupon(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  fields: Record<string, string | undefined>,
  now: Date = new Date(),
): Promise<CouponResult> {
  const checked = await validate(
    db,
    shop,
    createSchema.safeParse({
      affiliateId: fields.affiliateId,
      code: fields.code,
      title: fields.title,
      percentage: fields.percentage,
    }),
    fields,
  );
  if (!("data" in checked)) return { ok: false, errors: checked.errors };
  const { affiliate } = checked;
  const { code, title, percentage } = checked.data;

  let data: DiscountCodeBasicCreateData;
  try {
    data = await queryAdmin<DiscountCodeBasicCreateData>(graphql, DISCOUNT_CODE_BASIC_CREATE, {
      // "12.5" % → 0.125, computed on the decimal digits (no float rounding surprises like 0.07 * 100).
      ...basicCodeDiscountInput({ title, code, percentage: percentToFraction(percentage), startsAt: now }),
    });
  } catch (error) {
    if (error instanceof ShopifyUnavailableError) return { ok: false, errors: { form: UNAVAILABLE } };
    throw error;
  }
  const payload = data.discountCodeBasicCreate;
  if (!payload) return { ok: false, errors: { form: "Shopify did not create the discount: try again." } };
  if (payload.userErrors.length > 0 || !payload.codeDiscountNode) {
    const shopifyErrors: FieldErrors = {};
    for (const userError of payload.userErrors) {
      const field = discountErrorField(userError.field);
      shopifyErrors[field] = shopifyErrors[field]
        ? `${shopifyErrors[field]} ${userError.message}`
        : userError.message;
    }
    if (Object.keys(shopifyErrors).length === 0)
      shopifyErrors.form = "Shopify did not create the discount: try again.";
    return { ok: false, errors: shopifyErrors };
  }
  const created = payload.codeDiscountNode;
  const createdCode = created.codeDiscount.codes.nodes[0]?.code ?? code;
  return insertCoupon(db, shop, affiliate, createdCode, created.id);
}

/** "12.5" → 0.125, exactly (at most two decimals in the input). */
export function percentToFraction(percent: string): number {
  const [whole, fraction = ""] = percent.split(".");
  const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return hundredths / 10_000;
}

// ---------------------------------------------------------------------------------------------------
// Unassigning

export interface UnassignAnswer extends BulkAnswer {
  removed: number;
}

/**
 * Unassigns coupons of this shop from their affiliates. The discount stays in Shopify, so customers can
 * still use it; it just no longer credits anyone. Ids of other shops change nothing.
 */
export async function unassignCoupons(
  db: PrismaClient,
  shop: string,
  ids: string[],
): Promise<UnassignAnswer> {
  const unique = [...new Set(ids)];
  const own = await db.coupon.findMany({ where: { shop, id: { in: unique } }, select: { id: true } });
  const ownIds = new Set(own.map((c) => c.id));
  const { count } = await db.coupon.deleteMany({ where: { shop, id: { in: [...ownIds] } } });
  const skipped = skippedMissing(unique, ownIds, "No such coupon");
  const n = (c: number) => countOf(c, "coupon");
  return {
    removed: count,
    skipped,
    toast:
      count > 0 ? { message: `Unassigned ${n(count)}` } : { message: "Nothing unassigned", isError: true },
  };
}
