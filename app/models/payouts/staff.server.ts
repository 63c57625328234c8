import type { Session } from "@shopify/shopify-api";

/** Who made a payout: the staff member of an online session, else "merchant" (offline sessions name nobody). */
export function staffName(session: Session): string {
  const user = session.onlineAccessInfo?.associated_user;
  if (!user) return "merchant";
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ");
  return (name || user.email || `staff ${user.id}`).slice(0, 100);
}
