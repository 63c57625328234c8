// A bounded rate per key (a visitor, a shop) kept in memory: at most `limit` events per `windowMs`, counted
// in fixed windows. The map of keys is bounded too, so a flood of distinct keys cannot grow it without end.

export interface RateLimiterOptions {
  limit: number;
  windowMs: number;
  /** Most keys remembered at once; the oldest windows are forgotten first. */
  maxKeys?: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly maxKeys: number;

  constructor(private readonly options: RateLimiterOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Counts one event for `key`; false when the key has used up its window (the event is not counted). */
  take(key: string, now = Date.now()): boolean {
    const current = this.windows.get(key);
    if (current && now - current.start < this.options.windowMs) {
      if (current.count >= this.options.limit) return false;
      current.count += 1;
      return true;
    }
    this.windows.delete(key);
    if (this.windows.size >= this.maxKeys) {
      // Maps keep insertion order: the first key is the oldest window.
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    this.windows.set(key, { start: now, count: 1 });
    return true;
  }
}
