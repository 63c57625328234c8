// An affiliate's application to the program, and who earns. Shared by the server and the screens (no server
// code here).
//
// Affiliates who apply through the sign-up form on the shop's domain start *pending*; the merchant approves
// or declines them (a declined one may still be approved later; an approved one is switched off with
// `active`). Affiliates the merchant adds by hand are approved from the start.

export const APPLICATION_STATUSES = ["pending", "approved", "declined"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export function isApplicationStatus(value: unknown): value is ApplicationStatus {
  return APPLICATION_STATUSES.includes(value as ApplicationStatus);
}

/**
 * Whether an affiliate earns: approved, and active (the merchant's switch). This is the engine's `active`:
 * a link, coupon, connection or product of an affiliate that does not earn pays nothing.
 */
export function earns(affiliate: { active: boolean; applicationStatus: string }): boolean {
  return affiliate.active && affiliate.applicationStatus === "approved";
}

/** Why an affiliate does not earn, to finish "Alice …": "is inactive" or "has not been approved". */
export function whyNotEarning(affiliate: { active: boolean; applicationStatus: string }): string {
  return affiliate.applicationStatus === "approved" ? "is inactive" : "has not been approved";
}

/** The decisions the merchant can take on an application in a given status. */
export function canApprove(status: string): boolean {
  return status === "pending" || status === "declined";
}
export function canDecline(status: string): boolean {
  return status === "pending";
}

/** What the affiliate said when applying, and what the merchant decided. Dates are ISO 8601. */
export interface AffiliateApplication {
  status: ApplicationStatus;
  /** Null for an affiliate the merchant added by hand. */
  appliedAt: string | null;
  promotion: string | null;
  payoutEmail: string | null;
  termsAcceptedAt: string | null;
  declineReason: string | null;
  decidedAt: string | null;
}

/** The most a decline reason may say (it is emailed to the applicant and shown in their portal). */
export const MAX_DECLINE_REASON_LENGTH = 500;
