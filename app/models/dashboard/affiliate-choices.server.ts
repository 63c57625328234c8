import type { PrismaClient } from "@prisma/client";

export interface AffiliateChoice {
  id: string;
  name: string;
  refCode: string;
  active: boolean;
}

/** How many affiliates a picker lists (by name); a chosen one outside them is added. */
export const AFFILIATE_CHOICES_LIMIT = 250;

/** This shop's affiliates for a picker or filter, by name; `include` is listed even when beyond the limit. */
export async function listAffiliateChoices(
  db: PrismaClient,
  shop: string,
  include?: string | null,
): Promise<AffiliateChoice[]> {
  const select = { id: true, name: true, refCode: true, active: true } as const;
  const choices = await db.affiliate.findMany({
    where: { shop },
    select,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: AFFILIATE_CHOICES_LIMIT,
  });
  if (include && !choices.some((choice) => choice.id === include)) {
    const extra = await db.affiliate.findFirst({ where: { shop, id: include }, select });
    if (extra) choices.push(extra);
  }
  return choices;
}

/** The label a picker shows: "Alice (alice)", marked when inactive. */
export function affiliateLabel(choice: Pick<AffiliateChoice, "name" | "refCode" | "active">): string {
  return `${choice.name} (${choice.refCode})${choice.active ? "" : " — inactive"}`;
}

/** An affiliate as a picker or filter offers it. */
export interface AffiliateOption {
  id: string;
  label: string;
}

/** `listAffiliateChoices` with the label each choice shows. */
export async function listAffiliateOptions(
  db: PrismaClient,
  shop: string,
  include?: string | null,
): Promise<AffiliateOption[]> {
  const choices = await listAffiliateChoices(db, shop, include);
  return choices.map((a) => ({ id: a.id, label: affiliateLabel(a) }));
}

/** A form's affiliate picker: the options, and `requested` to preselect when it is one of them. */
export async function affiliatePicker(
  db: PrismaClient,
  shop: string,
  requested: string | null,
): Promise<{ affiliates: AffiliateOption[]; affiliateId: string | null }> {
  const affiliates = await listAffiliateOptions(db, shop, requested);
  return { affiliates, affiliateId: affiliates.some((a) => a.id === requested) ? requested : null };
}
