import { describe, expect, it } from "vitest";
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { CachedSessionStorage } from "./cached-session-storage.server";

function countingStorage() {
  const sessions = new Map<string, Session>();
  const calls = { load: 0 };
  const storage: SessionStorage = {
    async storeSession(session) {
      sessions.set(session.id, session);
      return true;
    },
    async loadSession(id) {
      calls.load += 1;
      return sessions.get(id);
    },
    async deleteSession(id) {
      return sessions.delete(id);
    },
    async deleteSessions(ids) {
      ids.forEach((id) => sessions.delete(id));
      return true;
    },
    async findSessionsByShop(shop) {
      return [...sessions.values()].filter((session) => session.shop === shop);
    },
  };
  return { storage, calls };
}

const offline = (scope: string) =>
  new Session({
    id: "offline_a.myshopify.com",
    shop: "a.myshopify.com",
    state: "x",
    isOnline: false,
    scope,
    accessToken: "t",
  });

describe("CachedSessionStorage", () => {
  it("loads a session once within its time to live", async () => {
    let now = 0;
    const { storage, calls } = countingStorage();
    const cached = new CachedSessionStorage(storage, 1_000, () => now);
    await cached.storeSession(offline("read_orders"));
    expect((await cached.loadSession("offline_a.myshopify.com"))?.scope).toBe("read_orders");
    await cached.loadSession("offline_a.myshopify.com");
    expect(calls.load).toBe(1);
    now = 1_001;
    await cached.loadSession("offline_a.myshopify.com");
    expect(calls.load).toBe(2);
  });

  it("never serves a session after it was changed or deleted through it", async () => {
    const { storage } = countingStorage();
    const cached = new CachedSessionStorage(storage, 60_000, () => 0);
    await cached.storeSession(offline("read_orders"));
    await cached.loadSession("offline_a.myshopify.com");
    await cached.storeSession(offline("read_orders,write_customers"));
    expect((await cached.loadSession("offline_a.myshopify.com"))?.scope).toBe("read_orders,write_customers");
    await cached.deleteSessions(["offline_a.myshopify.com"]);
    expect(await cached.loadSession("offline_a.myshopify.com")).toBeUndefined();
  });

  it("hands out copies, so a caller's changes do not leak into the cache", async () => {
    const { storage } = countingStorage();
    const cached = new CachedSessionStorage(storage, 60_000, () => 0);
    await cached.storeSession(offline("read_orders"));
    await cached.loadSession("offline_a.myshopify.com");
    const copy = await cached.loadSession("offline_a.myshopify.com");
    copy!.scope = "changed";
    expect((await cached.loadSession("offline_a.myshopify.com"))?.scope).toBe("read_orders");
  });
});
