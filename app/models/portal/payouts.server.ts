// The affiliate's payouts in the portal: what they are owed (payable now, still held), the payouts made to
// them, and the payout email PayPal pays. Every query is scoped by the shop and the affiliate the signed
// proxy request names; nothing of another affiliate's is read.
import type { PrismaClient } from "@prisma/client";
import { minorToDecimal } from "~/format/money";
import { balancesOf, paypalRecipient } from "~/models/payouts/balances.server";
import { PayoutMethod, PayoutStatus, payoutReference } from "~/models/payouts/codes";
import { getPayoutSettings } from "~/models/payouts/settings.server";
import { payoutEmailField } from "./sign-up.server";
import type { PayoutEmailForm, PortalPayout, PortalPayoutsView } from "./views";

/** How many of their newest payouts the portal lists. */
export const PORTAL_PAYOUTS_SHOWN = 50;

/** The payouts an affiliate sees: those that hold their lines (failed and cancelled ones released them). */
const SHOWN_STATUSES = [PayoutStatus.draft, PayoutStatus.sent, PayoutStatus.paid];

export async function getPortalPayouts(
  db: PrismaClient,
  affiliate: { id: string; shop: string; email: string | null; payoutEmail: string | null },
  now = new Date(),
): Promise<PortalPayoutsView> {
  const { shop } = affiliate;
  const settings = await getPayoutSettings(db, shop);
  const [balances, payouts] = await Promise.all([
    balancesOf(db, shop, settings, now, { affiliateIds: [affiliate.id] }),
    db.payout.findMany({
      where: { shop, affiliateId: affiliate.id, status: { in: SHOWN_STATUSES } },
      orderBy: [{ createdAt: "desc" }, { number: "desc" }],
      take: PORTAL_PAYOUTS_SHOWN,
      select: {
        number: true,
        amount: true,
        currency: true,
        method: true,
        status: true,
        reference: true,
        createdAt: true,
        sentAt: true,
        paidAt: true,
      },
    }),
  ]);
  return {
    balances: balances.map((balance) => ({
      currency: balance.currency,
      payable: minorToDecimal(balance.payableMinor, balance.currency),
      held: minorToDecimal(balance.heldMinor, balance.currency),
      minimum: balance.minimumMinor > 0 ? minorToDecimal(balance.minimumMinor, balance.currency) : null,
      payableNow: balance.payable,
    })),
    payouts: payouts.map(
      (payout): PortalPayout => ({
        reference: payoutReference(payout.number),
        date: (payout.paidAt ?? payout.sentAt ?? payout.createdAt).toISOString(),
        amount: payout.amount,
        currency: payout.currency,
        method: payout.method,
        status: payout.status as PortalPayout["status"],
        // Only PayPal's transaction id is the affiliate's to see: a store credit transaction id means nothing
        // to them, and a manual reference is the merchant's own note (it may be an internal one).
        paymentReference:
          payout.method === PayoutMethod.paypal && payout.status === PayoutStatus.paid
            ? payout.reference
            : null,
      }),
    ),
    holdingDays: settings.holdingDays,
    holdingFrom: settings.holdingFrom,
    paypalEmail: paypalRecipient(affiliate),
    payoutEmail: affiliate.payoutEmail,
    paysByPaypal: settings.methods.includes(PayoutMethod.paypal),
  };
}

/**
 * Sets the affiliate's payout email (the address PayPal pays; empty: their own email). Only this affiliate's
 * row of this shop is written.
 */
export async function savePayoutEmail(
  db: PrismaClient,
  affiliate: { id: string; shop: string },
  typed: string,
): Promise<PayoutEmailForm> {
  const value = typed.slice(0, 2_000);
  const parsed = payoutEmailField.safeParse(value);
  if (!parsed.success) return { saved: false, value, error: parsed.error.issues[0].message };
  const { count } = await db.affiliate.updateMany({
    where: { shop: affiliate.shop, id: affiliate.id },
    data: { payoutEmail: parsed.data === "" ? null : parsed.data },
  });
  if (count !== 1) return { saved: false, value, error: "Your affiliate account was not found" };
  return { saved: true };
}
