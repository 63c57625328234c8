// The emails the app sends to affiliates, and what each one says (its facts), as they are queued and kept.
// Shared by the queue, the renderer and the outbox (no server code here).

export const AffiliateEmailKind = {
  applicationReceived: "application_received",
  approved: "approved",
  declined: "declined",
  commissionDigest: "commission_digest",
  payoutSent: "payout_sent",
} as const;
export type AffiliateEmailKind = (typeof AffiliateEmailKind)[keyof typeof AffiliateEmailKind];
export const AFFILIATE_EMAIL_KINDS: readonly AffiliateEmailKind[] = Object.values(AffiliateEmailKind);

/**
 * Where a queued email is: `pending` (due at `nextAttemptAt`), `sending` (claimed by the worker until
 * `nextAttemptAt`, after which a crash is assumed and it is sent again), `sent`, `logged` (no SMTP_URL:
 * written to the log instead), `failed` (refused by the mail server, or out of attempts).
 */
export const EmailState = {
  pending: "pending",
  sending: "sending",
  sent: "sent",
  logged: "logged",
  failed: "failed",
} as const;
export type EmailState = (typeof EmailState)[keyof typeof EmailState];

export interface ApplicationReceivedFacts {
  name: string;
}

export interface ApprovedFacts {
  name: string;
  /** The affiliate's store link (`https://{shop}/?ref={code}`). */
  referralLink: string;
  /** The portal on the shop's own domain, through the app proxy (`https://{shop}/apps/affiliates`). */
  portalUrl: string;
  /** The merchant's welcome message, plain text; null for none. */
  welcomeMessage: string | null;
}

export interface DeclinedFacts {
  name: string;
  /** The merchant's reason, plain text; null when none was given. */
  reason: string | null;
}

/** A ledger line of the digest: money as the ledger stores it (exact decimal, shop currency). */
export interface DigestLine {
  createdAt: string;
  orderName: string | null;
  orderId: string;
  type: string;
  status: string;
  amount: string;
  currency: string;
}

/** Sums of the digest's lines in one currency, in integer minor units. */
export interface DigestTotal {
  currency: string;
  commissionCount: number;
  commissionsMinor: number;
  reversalCount: number;
  reversalsMinor: number;
}

export interface CommissionDigestFacts {
  name: string;
  /** The portal link the affiliate was sent on approval, if any. */
  portalUrl: string | null;
  /** The ledger lines created in [from, until) are the digest's. ISO 8601. */
  from: string;
  until: string;
  /** The newest lines, at most DIGEST_MAX_LINES; `totals` count them all. */
  lines: DigestLine[];
  moreLines: number;
  totals: DigestTotal[];
}

/** A payout the app recorded as paid (app/models/payouts). Money as the payout stores it. */
export interface PayoutSentFacts {
  name: string;
  /** "P000042" */
  reference: string;
  amount: string;
  currency: string;
  /** paypal | store_credit | manual */
  method: string;
  /** ISO 8601 */
  paidAt: string;
}

export interface EmailFactsByKind {
  application_received: ApplicationReceivedFacts;
  approved: ApprovedFacts;
  declined: DeclinedFacts;
  commission_digest: CommissionDigestFacts;
  payout_sent: PayoutSentFacts;
}

/** An email as it is rendered: one kind and its facts. */
export type AffiliateEmailContent = {
  [K in AffiliateEmailKind]: { kind: K; facts: EmailFactsByKind[K] };
}[AffiliateEmailKind];

/** What the emails say of the shop (Shopify's `shop { name contactEmail ianaTimezone }`). */
export interface ShopProfile {
  name: string;
  /** Where the affiliate's replies go; null when unknown. */
  contactEmail: string | null;
  timeZone: string;
}
