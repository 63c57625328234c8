// The shop's affiliates as pickers and list filters offer them (see ./option for the shape and its label).
import type { PrismaClient } from "@prisma/client";
import { AFFILIATE_OPTION_SELECT, type AffiliateOption } from "./option";
import { EARNING_AFFILIATE, affiliateSearchWhere } from "./affiliates.server";

/** How many affiliates a filter lists (by name); a chosen one outside them is added. */
export const AFFILIATE_OPTIONS_LIMIT = 250;

/** This shop's affiliates for a filter or a form's select, by name; `include` is listed even beyond the limit. */
export async function listAffiliateOptions(
  db: PrismaClient,
  shop: string,
  include?: string | null,
): Promise<AffiliateOption[]> {
  const options = await db.affiliate.findMany({
    where: { shop },
    select: AFFILIATE_OPTION_SELECT,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: AFFILIATE_OPTIONS_LIMIT,
  });
  if (include && !options.some((option) => option.id === include)) {
    const extra = await db.affiliate.findFirst({
      where: { shop, id: include },
      select: AFFILIATE_OPTION_SELECT,
    });
    if (extra) options.push(extra);
  }
  return options;
}

/** A form's affiliate select: the options, and `requested` to preselect when it is one of them. */
export async function affiliatePicker(
  db: PrismaClient,
  shop: string,
  requested: string | null,
): Promise<{ affiliates: AffiliateOption[]; affiliateId: string | null }> {
  const affiliates = await listAffiliateOptions(db, shop, requested);
  return { affiliates, affiliateId: affiliates.some((a) => a.id === requested) ? requested : null };
}

/** Active affiliates for a searching picker, by name, searched by name, email or ref code (at most `take`). */
export async function listActiveAffiliateOptions(
  db: PrismaClient,
  shop: string,
  options: { query?: string; take?: number } = {},
): Promise<AffiliateOption[]> {
  return db.affiliate.findMany({
    where: { ...affiliateSearchWhere(shop, options.query ?? ""), ...EARNING_AFFILIATE },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: Math.min(Math.max(options.take ?? 25, 1), 100),
    select: AFFILIATE_OPTION_SELECT,
  });
}

/** This shop's active affiliate with this id, as a picker preselects it; null otherwise. */
export function findActiveAffiliateOption(
  db: PrismaClient,
  shop: string,
  id: string,
): Promise<AffiliateOption | null> {
  return db.affiliate.findFirst({
    where: { id, shop, ...EARNING_AFFILIATE },
    select: AFFILIATE_OPTION_SELECT,
  });
}
