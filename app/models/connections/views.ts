// What the Connections list and its filters show and accept, shared by the server and the screen.

export const CONNECTION_ORIGINS = ["manual", "referred_order", "import"] as const;
export type ConnectionOrigin = (typeof CONNECTION_ORIGINS)[number];

/** The columns the Connections list sorts by. */
export const CONNECTION_SORTS = ["customer", "expiresAt", "createdAt"] as const;
export type ConnectionSort = (typeof CONNECTION_SORTS)[number];

/** The Connections list's expiry filter: still counting, expired, or ending within `EXPIRING_SOON_DAYS`. */
export const CONNECTION_EXPIRIES = ["active", "expired", "expiring_soon"] as const;
export type ConnectionExpiry = (typeof CONNECTION_EXPIRIES)[number];
export const EXPIRING_SOON_DAYS = 30;

export interface ConnectionFilters {
  /** Customer name, email or id, or affiliate name or ref code. */
  query?: string;
  affiliateId?: string | null;
  origin?: ConnectionOrigin | null;
  expiry?: ConnectionExpiry | null;
}

export function isConnectionOrigin(value: unknown): value is ConnectionOrigin {
  return (CONNECTION_ORIGINS as readonly unknown[]).includes(value);
}

export function isConnectionExpiry(value: unknown): value is ConnectionExpiry {
  return (CONNECTION_EXPIRIES as readonly unknown[]).includes(value);
}
