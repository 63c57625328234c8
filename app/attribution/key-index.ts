/** Up to this many keys, scanning beats hashing: no table to allocate and grow, no hash to compute. */
const SCAN_LIMIT = 8;

/**
 * Values by a string key (an id), for the small lists an order usually brings: its lines, the handful
 * of affiliates the order pipeline passes. The keys are scanned while they are few; beyond SCAN_LIMIT
 * they are also hashed in a Map, so that a large input stays linear.
 */
export class KeyIndex<T extends object> {
  // Fields are declared and assigned in the constructor: the production build (ES2020 target) turns
  // field initializers into Object.defineProperty calls, a measurable cost per order.
  declare private readonly keys: string[];
  /** In the order they were added. */
  declare readonly values: T[];
  declare private map: Map<string, T> | null;

  constructor() {
    this.keys = [];
    this.values = [];
    this.map = null;
  }

  get(key: string): T | undefined {
    if (this.map !== null) return this.map.get(key);
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) return this.values[i];
    return undefined;
  }

  /** Adds `value` under `key`; false (and nothing added) when the key is already there. */
  add(key: string, value: T): boolean {
    if (this.get(key) !== undefined) return false;
    this.keys.push(key);
    this.values.push(value);
    if (this.map !== null) this.map.set(key, value);
    else if (this.keys.length > SCAN_LIMIT) this.map = this.hashAll();
    return true;
  }

  private hashAll(): Map<string, T> {
    const map = new Map<string, T>();
    for (let i = 0; i < this.keys.length; i++) map.set(this.keys[i], this.values[i]);
    return map;
  }
}
