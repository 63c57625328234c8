import type { Client } from "@libsql/client";
import type { AdminGraphqlClient } from "~/graphql/client";
import type { RowReader } from "~/lib/row-reader.server";
import type { ShopProfile } from "~/models/email/kinds";
import {
  deliverDueEmails,
  fallbackShopProfile,
  fetchShopProfile,
  nextEmailDueAt,
  type OutboxDeps,
} from "~/models/email/outbox.server";
import { queueCommissionDigests } from "~/models/email/digest.server";
import { WakeableSleep } from "~/lib/wakeable-sleep";

const PROFILE_TTL_MS = 60 * 60_000;

/**
 * What the emails say of each shop, asked of Shopify once an hour at most. A shop Shopify does not answer
 * for (uninstalled, or unreachable) is named by its domain, in UTC: the email still goes.
 */
export function shopProfilesFrom(
  graphqlFor: (shop: string) => Promise<AdminGraphqlClient | null>,
  now: () => Date = () => new Date(),
): (shop: string) => Promise<ShopProfile> {
  const cache = new Map<string, { profile: ShopProfile; until: number }>();
  return async (shop) => {
    const cached = cache.get(shop);
    if (cached && cached.until > now().getTime()) return cached.profile;
    let profile: ShopProfile;
    try {
      const graphql = await graphqlFor(shop);
      if (!graphql) return fallbackShopProfile(shop);
      profile = await fetchShopProfile(graphql);
    } catch {
      return fallbackShopProfile(shop);
    }
    cache.set(shop, { profile, until: now().getTime() + PROFILE_TTL_MS });
    return profile;
  };
}

export interface EmailWorkerOptions extends OutboxDeps {
  /** The database on the driver, where the digests are read and queued in batches (digest.server). */
  sqlite: Client;
  /** How the digests are read (by default on `sqlite`). */
  read?: RowReader;
  /** Longest sleep between looks at the outbox (an email queued by a request waits at most this long). */
  pollMs?: number;
  /** How often affiliates due a commission digest are looked for. */
  digestEveryMs?: number;
  /**
   * Waited for before each batch of digests queued and each email delivered: the inbox worker shares this
   * thread, and crediting orders comes first (a big shop's daily digests are thousands).
   */
  giveWay?: () => Promise<void>;
  log?: (line: string) => void;
}

/**
 * Delivers queued emails to affiliates (models/email) beside the inbox worker, on the same thread: it
 * looks at the outbox every `pollMs` (sooner when a retry falls due), queues commission digests every
 * `digestEveryMs`, and on stop lets the email in hand finish.
 */
export class EmailWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly alarm = new WakeableSleep();
  private lastDigestRun = 0;

  constructor(private readonly options: EmailWorkerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.alarm.wake();
    await this.loop;
    this.options.mailer.close();
  }

  private async run(): Promise<void> {
    const {
      pollMs = 2_000,
      digestEveryMs = 15 * 60_000,
      log = console.error,
      db,
      sqlite,
      read,
      giveWay,
    } = this.options;
    while (this.running) {
      let failed = false;
      try {
        const now = this.options.now();
        if (now.getTime() - this.lastDigestRun >= digestEveryMs) {
          this.lastDigestRun = now.getTime();
          await queueCommissionDigests(sqlite, now, { between: giveWay, read });
        }
        await deliverDueEmails(this.options, { between: giveWay });
      } catch (error) {
        failed = true;
        log(`Email worker: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!this.running) break;
      const next = failed ? null : await nextEmailDueAt(db).catch(() => null);
      const untilNext = next ? next.getTime() - this.options.now().getTime() : pollMs;
      await this.alarm.sleep(Math.max(0, Math.min(pollMs, untilNext)));
    }
  }
}
