// An affiliate as a picker or a list's filter offers it, and the label it shows there. Shared by the server
// and the screens (no server code here).

export interface AffiliateOption {
  id: string;
  name: string;
  refCode: string;
  active: boolean;
}

/** The fields of an AffiliateOption, as a Prisma `select`. */
export const AFFILIATE_OPTION_SELECT = { id: true, name: true, refCode: true, active: true } as const;

/** "Alice Moreno (alice)", marked when inactive: "Eve Adams (eve) — inactive". */
export function affiliateLabel(affiliate: Pick<AffiliateOption, "name" | "refCode" | "active">): string {
  return `${affiliate.name} (${affiliate.refCode})${affiliate.active ? "" : " — inactive"}`;
}
