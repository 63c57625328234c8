// Which storefront clicks count, decided in memory and never stored: a visitor's repeated report of the
// same link is counted once per window, and a visitor gets a bounded number of counted clicks an hour.
// A visitor is known only as a salted hash of the shop and the address Shopify forwards (X-Forwarded-For);
// the salt is random per process, so the keys mean nothing outside it and nothing about a visitor is kept
// on disk. A restart forgets everything, which at worst counts one more click per visitor.
import { createHash, randomBytes } from "node:crypto";
import { RateLimiter } from "~/lib/rate-limit";

export interface VisitorGateOptions {
  /** The same visitor and link within this long count once. */
  repeatWindowMs?: number;
  /** Counted clicks per visitor per hour, over every link of the shop. */
  clicksPerVisitorPerHour?: number;
  /** Most visitors (and visitor-link pairs) remembered at once; the oldest are forgotten first. */
  maxKeys?: number;
}

export type GateVerdict = "count" | "repeat" | "over_rate";

export const DEFAULT_REPEAT_WINDOW_MS = 30 * 60_000;
export const DEFAULT_CLICKS_PER_VISITOR_PER_HOUR = 20;

export class VisitorGate {
  private readonly salt = randomBytes(16);
  private readonly seen = new Map<string, number>(); // visitor|ref → until (ms)
  private readonly rate: RateLimiter;
  private readonly repeatWindowMs: number;
  private readonly maxKeys: number;

  constructor(options: VisitorGateOptions = {}) {
    this.repeatWindowMs = options.repeatWindowMs ?? DEFAULT_REPEAT_WINDOW_MS;
    this.maxKeys = options.maxKeys ?? 50_000;
    this.rate = new RateLimiter({
      limit: options.clicksPerVisitorPerHour ?? DEFAULT_CLICKS_PER_VISITOR_PER_HOUR,
      windowMs: 3_600_000,
      maxKeys: this.maxKeys,
    });
  }

  /** The visitor's key: a salted hash, never the address itself. */
  visitorKey(shop: string, forwardedFor: string | null): string {
    // The first address is the client's; proxies on the way append theirs.
    const address = (forwardedFor ?? "").split(",")[0].trim() || "unknown";
    return createHash("sha256").update(this.salt).update(`${shop}\n${address}`).digest("base64url");
  }

  /** Whether this visitor's click on `refKey` counts now; a click that counts is remembered. */
  admit(visitor: string, refKey: string, now: number): GateVerdict {
    const pair = `${visitor}|${refKey}`;
    const until = this.seen.get(pair);
    if (until !== undefined && until > now) return "repeat";
    if (!this.rate.take(visitor, now)) return "over_rate";
    this.seen.delete(pair);
    if (this.seen.size >= this.maxKeys) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.set(pair, now + this.repeatWindowMs);
    return "count";
  }
}
