import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";

/**
 * A read-through cache in front of the session storage. Every webhook and every inbox job loads the shop's
 * offline session; sessions change only through this storage (token exchange, uninstall, scope updates), so
 * this process sees every change and keeps the cache exact. The short TTL bounds staleness should another
 * process write the table.
 */
export class CachedSessionStorage implements SessionStorage {
  private readonly cache = new Map<string, { session: Session | undefined; expires: number }>();

  constructor(
    private readonly storage: SessionStorage,
    private readonly ttlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async loadSession(id: string): Promise<Session | undefined> {
    const hit = this.cache.get(id);
    if (hit && hit.expires > this.now()) return hit.session && new Session(hit.session.toObject());
    const session = await this.storage.loadSession(id);
    this.cache.set(id, { session, expires: this.now() + this.ttlMs });
    return session;
  }

  async storeSession(session: Session): Promise<boolean> {
    this.cache.delete(session.id);
    return this.storage.storeSession(session);
  }

  async deleteSession(id: string): Promise<boolean> {
    this.cache.delete(id);
    return this.storage.deleteSession(id);
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    for (const id of ids) this.cache.delete(id);
    return this.storage.deleteSessions(ids);
  }

  findSessionsByShop(shop: string): Promise<Session[]> {
    return this.storage.findSessionsByShop(shop);
  }
}
