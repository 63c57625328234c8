// An affiliate as the attribution engine reads it (`affiliates[]` of its input).
import type { Affiliate as AffiliateRow } from "@prisma/client";
import type { Affiliate, Rate } from "~/attribution";
import { earns } from "./application";

export function rateOf(kind: string | null, value: string | null): Rate | null {
  if (!kind || value == null) return null;
  return { kind, value } as Rate;
}

/** The engine's entry for `affiliate`: active when it earns (approved and switched on). */
export function engineAffiliate(
  affiliate: Pick<
    AffiliateRow,
    "id" | "refCode" | "email" | "customerId" | "active" | "applicationStatus" | "rateKind" | "rateValue"
  >,
): Affiliate {
  return {
    id: affiliate.id,
    refCode: affiliate.refCode,
    email: affiliate.email,
    customerId: affiliate.customerId,
    active: earns(affiliate),
    rate: rateOf(affiliate.rateKind, affiliate.rateValue),
  };
}
