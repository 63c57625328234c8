/**
 * The storefront script (assets/affiliate-capture.js) in a happy-dom browser: one BrowserContext is one
 * visitor's browser (shared cookie jar); a BrowserPage is a tab (its own sessionStorage); `view()` loads
 * a storefront page in that tab, renders the embed's config and evaluates the asset's source against the
 * page's window, the way the deferred <script> would. The cart is a fake Ajax Cart API that records calls.
 */
import { Browser, CookieSameSiteEnum, type BrowserPage, type BrowserWindow, type ICookie } from "happy-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderEmbed, SCRIPT_SOURCE } from "./test-support";

const DAY_MS = 86_400_000;
const T0 = new Date("2026-03-02T10:00:00Z").getTime();
const SHOP = "http://shop.example";
const SHOP_HTTPS = "https://shop.example";

type CartMode = "ok" | "network" | "http500" | "badJson";

interface FetchCall {
  url: string;
  method: string;
  body: unknown;
}

interface FakeResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

/** The Ajax Cart API of one shop: `attributes` of POST /cart/update.js merge into the cart's. */
class FakeCart {
  attributes: Record<string, string> = {};
  calls: FetchCall[] = [];
  getMode: CartMode = "ok";
  postMode: CartMode = "ok";

  readonly fetch = (input: unknown, init?: { method?: string; body?: unknown }): Promise<FakeResponse> => {
    const url = String(input);
    const method = (init?.method ?? "GET").toUpperCase();
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : init?.body;
    this.calls.push({ url, method, body });
    const isUpdate = method === "POST" && /\/cart\/update\.js$/.test(url);
    const mode = isUpdate ? this.postMode : this.getMode;
    if (mode === "network") return Promise.reject(new TypeError("Failed to fetch"));
    if (mode === "http500") return Promise.resolve(respond(500, { status: 500, message: "Internal error" }));
    if (mode === "badJson") {
      return Promise.resolve({
        ok: true,
        status: 200,
        json: () => Promise.reject(new SyntaxError("Unexpected token < in JSON at position 0")),
      });
    }
    if (isUpdate) {
      const update = body as { attributes?: Record<string, string> };
      Object.assign(this.attributes, update.attributes ?? {});
    }
    return Promise.resolve(
      respond(200, { token: "c1-abc", item_count: 0, attributes: { ...this.attributes } }),
    );
  };

  get posts(): FetchCall[] {
    return this.calls.filter((call) => call.method === "POST");
  }
}

function respond(status: number, data: unknown): FakeResponse {
  return { ok: status >= 200 && status < 300, status, json: () => Promise.resolve(data) };
}

function configHtml(config: Record<string, unknown> | string | null): string {
  if (config === null) return "";
  const text = typeof config === "string" ? config : JSON.stringify(config);
  return `<script type="application/json" id="affiliate-capture-config">${text}</script>`;
}

interface ViewOptions {
  /** Config object or raw text of the config element; `null` renders no element. Default: 30 days. */
  config?: Record<string, unknown> | string | null;
  /** Full HTML of the embed instead of `config`, e.g. from `renderEmbed()`. */
  embedHtml?: string;
  /** Runs after the page exists, before the script is evaluated. */
  before?: (window: BrowserWindow) => void;
  /** Run the deferred work (default). `false` leaves it queued. */
  settle?: boolean;
}

/** Puts page globals (fetch, Shopify, requestIdleCallback...) on the window, whatever happy-dom types them as. */
function setOnWindow(window: BrowserWindow, values: Record<string, unknown>): void {
  Object.assign(window, values);
}

/** navigator.sendBeacon: records the click reports (the app proxy answers them; see test/clicks). */
class FakeBeacon {
  urls: string[] = [];
  accepts = true;
  readonly send = (url: unknown): boolean => {
    this.urls.push(String(url));
    return this.accepts;
  };
}

let browser: Browser;
let cart: FakeCart;
let beacon: FakeBeacon;
let unhandled: unknown[];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
  browser = new Browser({ settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  cart = new FakeCart();
  beacon = new FakeBeacon();
  unhandled = [];
  process.on("unhandledRejection", onUnhandled);
});

afterEach(async () => {
  process.off("unhandledRejection", onUnhandled);
  await browser.close();
  vi.useRealTimers();
});

function newTab(): BrowserPage {
  return browser.defaultContext.newPage();
}

async function flush(page: BrowserPage): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await page.waitUntilComplete();
    for (let j = 0; j < 10; j++) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Loads `url` in `page` (same tab: sessionStorage survives) and runs the script as the storefront would. */
async function view(page: BrowserPage, url: string, options: ViewOptions = {}): Promise<BrowserWindow> {
  page.url = url;
  const window = page.mainFrame.window;
  const html =
    options.embedHtml ?? configHtml(options.config === undefined ? { cookieWindowDays: 30 } : options.config);
  window.document.body.innerHTML = `<main><h1>Storefront</h1></main>${html}`;
  setOnWindow(window, { fetch: cart.fetch });
  Object.defineProperty(window.navigator, "sendBeacon", { configurable: true, value: beacon.send });
  options.before?.(window);
  const errors: unknown[] = [];
  window.addEventListener("error", (event) => errors.push(event));
  const evaluate = new Function("window", SCRIPT_SOURCE) as (window: BrowserWindow) => void;
  expect(() => evaluate(window)).not.toThrow();
  if (options.settle !== false) await flush(page);
  expect(errors).toEqual([]);
  expect(unhandled).toEqual([]);
  return window;
}

/** The `_affiliate_ref` cookies the browser still holds. */
function refCookies(): ICookie[] {
  // RFC 6265: `max-age=0` expires the cookie at once. happy-dom keeps it until the clock moves past
  // `expires` (a strict `<`), and the clock here is frozen, so an `expires` of now counts as deleted.
  return browser.defaultContext.cookieContainer
    .getCookies()
    .filter(
      (cookie) =>
        cookie.key === "_affiliate_ref" && !(cookie.expires && cookie.expires.getTime() <= Date.now()),
    );
}

function refCookie(): ICookie | undefined {
  const cookies = refCookies();
  expect(cookies.length).toBeLessThanOrEqual(1);
  return cookies[0];
}

function storedValue(): string | null {
  const cookie = refCookie();
  return cookie?.value == null ? null : decodeURIComponent(cookie.value);
}

function setDays(days: number): void {
  vi.setSystemTime(T0 + days * DAY_MS);
}

function cartCallsSummary(): string[] {
  return cart.calls.map((call) => `${call.method} ${new URL(call.url, SHOP).pathname}`);
}

describe("first visit with ?ref=", () => {
  it("keeps the ref in a first-party cookie for the window and writes it to the cart once", async () => {
    const tab = newTab();
    const window = await view(tab, `${SHOP}/products/trail-shoe?ref=alice&utm_source=ig`);

    const cookie = refCookie();
    expect(cookie).toBeDefined();
    expect(storedValue()).toBe(`alice|${T0}`);
    expect(cookie?.path).toBe("/");
    expect(cookie?.sameSite).toBe(CookieSameSiteEnum.lax);
    expect(cookie?.secure).toBe(false);
    expect(cookie?.httpOnly).toBe(false);
    expect(cookie?.expires?.getTime()).toBe(T0 + 30 * DAY_MS);

    expect(cartCallsSummary()).toEqual(["GET /cart.js", "POST /cart/update.js"]);
    expect(cart.posts[0]?.body).toEqual({ attributes: { _affiliate_ref: "alice" } });
    expect(cart.attributes).toEqual({ _affiliate_ref: "alice" });
    expect(window.sessionStorage.getItem("_affiliate_ref_synced")).toBe("alice|");
  });

  it("defers the work: nothing runs while the page is parsed, only when the browser is idle", async () => {
    const tab = newTab();
    let idle: (() => void) | undefined;
    const requestIdleCallback = vi.fn((callback: () => void) => {
      idle = callback;
      return 1;
    });
    await view(tab, `${SHOP}/?ref=alice`, {
      settle: false,
      before: (window) => {
        setOnWindow(window, { requestIdleCallback: requestIdleCallback });
      },
    });
    expect(requestIdleCallback).toHaveBeenCalledTimes(1);
    expect(refCookie()).toBeUndefined();
    expect(cart.calls).toEqual([]);

    idle?.();
    await flush(tab);
    expect(storedValue()).toBe(`alice|${T0}`);
    expect(cart.attributes._affiliate_ref).toBe("alice");
  });

  it("falls back to setTimeout without requestIdleCallback and still waits for the page", async () => {
    const tab = newTab();
    await view(tab, `${SHOP}/?ref=alice`, { settle: false });
    expect(refCookie()).toBeUndefined();
    expect(cart.calls).toEqual([]);
    await flush(tab);
    expect(cart.attributes._affiliate_ref).toBe("alice");
  });

  it("never writes to the DOM (no layout work, no layout shift)", async () => {
    const tab = newTab();
    const window = await view(tab, `${SHOP}/?ref=alice`, { settle: false });
    const before = window.document.documentElement.outerHTML;
    await flush(tab);
    expect(window.document.documentElement.outerHTML).toBe(before);
  });

  it("accepts a ref padded with spaces or encoded, after decoding and trimming", async () => {
    await view(newTab(), `${SHOP}/?ref=%20alice_01-B%20`);
    expect(storedValue()).toBe(`alice_01-B|${T0}`);
    expect(cart.attributes._affiliate_ref).toBe("alice_01-B");
  });

  it("uses the locale-aware cart routes from Shopify.routes.root", async () => {
    await view(newTab(), `${SHOP}/fr/?ref=alice`, {
      before: (window) => {
        setOnWindow(window, { Shopify: { routes: { root: "/fr/" } } });
      },
    });
    expect(cartCallsSummary()).toEqual(["GET /fr/cart.js", "POST /fr/cart/update.js"]);
  });

  it.each(["//evil.example/", "/\\evil.example/", "https://evil.example/", 42])(
    "ignores a Shopify.routes.root that could leave the shop (%s)",
    async (root) => {
      await view(newTab(), `${SHOP}/?ref=alice`, {
        before: (window) => setOnWindow(window, { Shopify: { routes: { root } } }),
      });
      expect(cart.calls.map((call) => call.url)).toEqual(["/cart.js", "/cart/update.js"]);
    },
  );
});

describe("later visits", () => {
  it("uses the cookie on a later visit without ?ref= and writes the attribute to that session's cart", async () => {
    await view(newTab(), `${SHOP}/?ref=alice`);
    cart = new FakeCart(); // days later: a different cart, without the attribute

    setDays(6);
    await view(newTab(), `${SHOP}/collections/all`);
    expect(storedValue()).toBe(`alice|${T0}`); // not refreshed: the window runs from the click
    expect(cartCallsSummary()).toEqual(["GET /cart.js", "POST /cart/update.js"]);
    expect(cart.attributes._affiliate_ref).toBe("alice");
  });

  it("writes the cart attribute once across several page views of a session", async () => {
    const tab = newTab();
    await view(tab, `${SHOP}/?ref=alice`);
    await view(tab, `${SHOP}/collections/all`);
    await view(tab, `${SHOP}/products/trail-shoe`);
    await view(tab, `${SHOP}/cart`);
    expect(cartCallsSummary()).toEqual(["GET /cart.js", "POST /cart/update.js"]);
  });

  it("does not rewrite an attribute the cart already has", async () => {
    cart.attributes = { _affiliate_ref: "alice" };
    const window = await view(newTab(), `${SHOP}/?ref=alice`);
    expect(cartCallsSummary()).toEqual(["GET /cart.js"]);
    expect(window.sessionStorage.getItem("_affiliate_ref_synced")).toBe("alice|");
  });

  it("leaves other apps' cart attributes alone: the update only carries _affiliate_ref", async () => {
    cart.attributes = { gift_note: "Happy birthday", "_other-app": "x1", _affiliate_ref: "old" };
    await view(newTab(), `${SHOP}/?ref=alice`);
    expect(cart.posts).toHaveLength(1);
    expect(cart.posts[0]?.body).toEqual({ attributes: { _affiliate_ref: "alice" } });
    expect(cart.attributes).toEqual({
      gift_note: "Happy birthday",
      "_other-app": "x1",
      _affiliate_ref: "alice",
    });
  });

  it("syncs again when the session's cart changes (a new cart after an order)", async () => {
    const tab = newTab();
    tab.mainFrame.url = `${SHOP}/`;
    tab.mainFrame.window.document.cookie = "cart=c1-first; path=/";
    await view(tab, `${SHOP}/?ref=alice`);
    expect(tab.mainFrame.window.sessionStorage.getItem("_affiliate_ref_synced")).toBe("alice|c1-first");

    cart = new FakeCart();
    tab.mainFrame.window.document.cookie = "cart=c1-second; path=/";
    await view(tab, `${SHOP}/`);
    expect(cartCallsSummary()).toEqual(["GET /cart.js", "POST /cart/update.js"]);
    expect(cart.attributes._affiliate_ref).toBe("alice");
  });

  it("does nothing without a ref in the URL or the cookie", async () => {
    await view(newTab(), `${SHOP}/?utm_source=ig`);
    expect(refCookies()).toEqual([]);
    expect(cart.calls).toEqual([]);
  });
});

describe("expiry", () => {
  it("forgets the ref once the cookie window has passed", async () => {
    await view(newTab(), `${SHOP}/?ref=alice`, { config: { cookieWindowDays: 30 } });
    cart = new FakeCart();

    setDays(29.9);
    await view(newTab(), `${SHOP}/`);
    expect(cart.attributes._affiliate_ref).toBe("alice");

    cart = new FakeCart();
    setDays(30.1);
    await view(newTab(), `${SHOP}/`);
    expect(refCookies()).toEqual([]);
    expect(cart.calls).toEqual([]);
  });

  it("applies a window that shrank after the capture (the cookie carries its capture time)", async () => {
    await view(newTab(), `${SHOP}/?ref=alice`, { config: { cookieWindowDays: 30 } });
    cart = new FakeCart();

    setDays(10);
    await view(newTab(), `${SHOP}/`, { config: { cookieWindowDays: 7 } });
    expect(refCookies()).toEqual([]); // deleted, not just ignored
    expect(cart.calls).toEqual([]);
  });

  it("ignores and deletes a cookie that was tampered with", async () => {
    const tab = newTab();
    tab.mainFrame.url = `${SHOP}/`;
    tab.mainFrame.window.document.cookie = `_affiliate_ref=${encodeURIComponent("<img src=x onerror=alert(1)>|1")}; path=/`;
    await view(tab, `${SHOP}/`);
    expect(refCookies()).toEqual([]);
    expect(cart.calls).toEqual([]);

    tab.mainFrame.window.document.cookie = "_affiliate_ref=alice%7Cnot-a-time; path=/";
    await view(tab, `${SHOP}/`);
    expect(refCookies()).toEqual([]);
    expect(cart.calls).toEqual([]);
  });
});

describe("last click wins", () => {
  it("a second affiliate's link replaces the first, restarts the window and updates the cart", async () => {
    const tab = newTab();
    await view(tab, `${SHOP}/?ref=alice`);
    expect(cart.attributes._affiliate_ref).toBe("alice");

    setDays(20);
    await view(tab, `${SHOP}/?ref=bob`);
    expect(storedValue()).toBe(`bob|${T0 + 20 * DAY_MS}`);
    expect(refCookie()?.expires?.getTime()).toBe(T0 + 50 * DAY_MS);
    expect(cart.posts.map((call) => call.body)).toEqual([
      { attributes: { _affiliate_ref: "alice" } },
      { attributes: { _affiliate_ref: "bob" } },
    ]);
    expect(cart.attributes._affiliate_ref).toBe("bob");

    cart = new FakeCart();
    setDays(45); // past alice's window, inside bob's
    await view(newTab(), `${SHOP}/`);
    expect(cart.attributes._affiliate_ref).toBe("bob");
  });
});

describe("malformed or hostile refs", () => {
  const hostile: Array<[string, string]> = [
    ["too long (65 characters)", "a".repeat(65)],
    ["very long (100 kB)", "b".repeat(100_000)],
    ["HTML", '"><img src=x onerror=alert(1)>'],
    ["a script tag", "<script>alert(document.cookie)</script>"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["cookie attribute injection", "alice; domain=.example; max-age=99999999"],
    ["our own separator", "alice|9999999999999"],
    ["a double-encoded value", "%3Cscript%3E"],
    ["inner whitespace", "ali ce"],
    ["non-ASCII", "alicé"],
    ["only spaces", "   "],
    ["empty", ""],
  ];

  it.each(hostile)("ignores %s: no cookie, no cart request, nothing in the DOM", async (_label, value) => {
    const tab = newTab();
    const window = await view(tab, `${SHOP}/?ref=${encodeURIComponent(value)}`);
    expect(refCookies()).toEqual([]);
    expect(cart.calls).toEqual([]);
    expect(window.document.documentElement.outerHTML).not.toContain("onerror");
    expect(window.document.querySelectorAll("img, script:not([type='application/json'])")).toHaveLength(0);
    expect(tab.virtualConsolePrinter.readAsString()).toBe("");
  });

  it("keeps the earlier valid affiliate when a hostile ref arrives", async () => {
    const tab = newTab();
    await view(tab, `${SHOP}/?ref=alice`);
    setDays(1);
    await view(tab, `${SHOP}/?ref=${encodeURIComponent("<script>alert(1)</script>")}`);
    expect(storedValue()).toBe(`alice|${T0}`);
    expect(cart.attributes._affiliate_ref).toBe("alice");
  });
});

describe("a failing cart request never breaks the page", () => {
  const failures: Array<[string, Partial<Pick<FakeCart, "getMode" | "postMode">>]> = [
    ["GET /cart.js network error", { getMode: "network" }],
    ["GET /cart.js HTTP 500", { getMode: "http500" }],
    ["GET /cart.js invalid JSON", { getMode: "badJson" }],
    ["POST /cart/update.js network error", { postMode: "network" }],
    ["POST /cart/update.js HTTP 500", { postMode: "http500" }],
    ["POST /cart/update.js invalid JSON", { postMode: "badJson" }],
  ];

  it.each(failures)("%s: no error, nothing marked, retried on the next page view", async (_label, modes) => {
    const tab = newTab();
    Object.assign(cart, modes);
    const window = await view(tab, `${SHOP}/?ref=alice`); // asserts: no throw, no error event, no rejection
    expect(window.sessionStorage.getItem("_affiliate_ref_synced")).toBeNull();
    expect(storedValue()).toBe(`alice|${T0}`); // the capture itself is kept

    cart.getMode = "ok";
    cart.postMode = "ok";
    cart.calls = [];
    await view(tab, `${SHOP}/collections/all`);
    expect(cart.attributes._affiliate_ref).toBe("alice");
    expect(window.sessionStorage.getItem("_affiliate_ref_synced")).toBe("alice|");
  });

  it("does not mark the session when the update answered without the attribute", async () => {
    const tab = newTab();
    const original = cart.fetch;
    (cart as { fetch: FakeCart["fetch"] }).fetch = (input, init) =>
      init?.method === "POST" ? Promise.resolve(respond(200, { attributes: {} })) : original(input, init);
    const window = await view(tab, `${SHOP}/?ref=alice`);
    expect(window.sessionStorage.getItem("_affiliate_ref_synced")).toBeNull();
  });

  it("survives a page without fetch, with throwing storage and with a throwing cookie jar", async () => {
    await view(newTab(), `${SHOP}/?ref=alice`, {
      before: (window) => {
        setOnWindow(window, { fetch: undefined });
      },
    });
    expect(storedValue()).toBe(`alice|${T0}`);

    const storageDenied = newTab();
    await view(storageDenied, `${SHOP}/?ref=alice`, {
      before: (window) => {
        Object.defineProperty(window, "sessionStorage", {
          get: () => {
            throw new DOMException("The operation is insecure.", "SecurityError");
          },
        });
      },
    });
    expect(cart.attributes._affiliate_ref).toBe("alice");

    await view(newTab(), `${SHOP}/?ref=alice`, {
      before: (window) => {
        Object.defineProperty(window.document, "cookie", {
          get: () => {
            throw new DOMException("The operation is insecure.", "SecurityError");
          },
          set: () => {
            throw new DOMException("The operation is insecure.", "SecurityError");
          },
        });
      },
    });
  });
});

describe("configuration", () => {
  it("sets the cookie's max-age from the configured window", async () => {
    await view(newTab(), `${SHOP}/?ref=alice`, { config: { cookieWindowDays: 14, param: "ref" } });
    expect(refCookie()?.expires?.getTime()).toBe(T0 + 14 * DAY_MS);
  });

  const fallbacks: Array<[string, Record<string, unknown> | string | null]> = [
    ["no config element", null],
    ["an empty element", ""],
    ["malformed JSON", "{cookieWindowDays: 7"],
    ["a blank window", { cookieWindowDays: "" }],
    ["a null window", { cookieWindowDays: null }],
    ["a zero window", { cookieWindowDays: 0 }],
    ["a negative window", { cookieWindowDays: -5 }],
    ["a window over 365 days", { cookieWindowDays: 400 }],
    ["a fractional window", { cookieWindowDays: 7.5 }],
    ["a text window", { cookieWindowDays: "two weeks" }],
  ];

  it.each(fallbacks)("defaults to 30 days with %s", async (_label, config) => {
    await view(newTab(), `${SHOP}/?ref=alice`, { config });
    expect(refCookie()?.expires?.getTime()).toBe(T0 + 30 * DAY_MS);
    expect(cart.attributes._affiliate_ref).toBe("alice");
  });

  it("marks the cookie Secure on https", async () => {
    await view(newTab(), `${SHOP_HTTPS}/?ref=alice`);
    expect(refCookie()?.secure).toBe(true);
    expect(refCookie()?.sameSite).toBe(CookieSameSiteEnum.lax);
  });

  it("runs from the config the app embed renders (metafield 21 days)", async () => {
    const embedHtml = (await renderEmbed({ cookieWindowDays: 21 })).replace(
      /<script src=[^>]*><\/script>/,
      "",
    );
    await view(newTab(), `${SHOP}/?ref=alice`, { embedHtml });
    expect(refCookie()?.expires?.getTime()).toBe(T0 + 21 * DAY_MS);
    expect(cart.attributes._affiliate_ref).toBe("alice");
  });
});

describe("customer privacy", () => {
  interface ConsentApi {
    marketingAllowed: () => boolean;
  }

  function withPrivacy(api: ConsentApi): ViewOptions["before"] {
    return (window) => {
      setOnWindow(window, { Shopify: { customerPrivacy: api } });
    };
  }

  it("waits for marketing consent where the shop collects it, then captures", async () => {
    const api = { marketingAllowed: vi.fn(() => false) };
    const tab = newTab();
    const window = await view(tab, `${SHOP}/?ref=alice`, { before: withPrivacy(api) });
    expect(refCookies()).toEqual([]);
    expect(cart.calls).toEqual([]);

    window.document.dispatchEvent(
      new window.CustomEvent("visitorConsentCollected", { detail: { marketingAllowed: false } }),
    );
    await flush(tab);
    expect(refCookies()).toEqual([]);

    window.document.dispatchEvent(
      new window.CustomEvent("visitorConsentCollected", { detail: { marketingAllowed: true } }),
    );
    await flush(tab);
    expect(storedValue()).toBe(`alice|${T0}`);
    expect(cart.attributes._affiliate_ref).toBe("alice");
  });

  it("captures at once when marketing is allowed", async () => {
    await view(newTab(), `${SHOP}/?ref=alice`, { before: withPrivacy({ marketingAllowed: () => true }) });
    expect(cart.attributes._affiliate_ref).toBe("alice");
  });

  it("loads Shopify's consent API when the page has not, and stays out when it cannot load", async () => {
    const loadFeatures = vi.fn((features: unknown, callback: (error: unknown) => void) => {
      expect(features).toEqual([{ name: "consent-tracking-api", version: "0.1" }]);
      callback(new Error("blocked"));
    });
    await view(newTab(), `${SHOP}/?ref=alice`, {
      before: (window) => {
        setOnWindow(window, { Shopify: { loadFeatures } });
      },
    });
    expect(loadFeatures).toHaveBeenCalledTimes(1);
    expect(refCookies()).toEqual([]);
    expect(cart.calls).toEqual([]);
  });

  it("ignores consent when the merchant turned the setting off", async () => {
    await view(newTab(), `${SHOP}/?ref=alice`, {
      config: { cookieWindowDays: 30, consent: false },
      before: withPrivacy({ marketingAllowed: () => false }),
    });
    expect(cart.attributes._affiliate_ref).toBe("alice");
  });
});

describe("click report", () => {
  it("reports a link's click to the app proxy once per tab session, never a ref from the cookie", async () => {
    const tab = newTab();
    await view(tab, `${SHOP}/products/tent?ref=alice`);
    expect(beacon.urls).toEqual(["/apps/affiliates/click?ref=alice"]);
    await view(tab, `${SHOP}/products/tent?ref=alice`); // a reload
    await view(tab, `${SHOP}/collections/all`); // a later page: the cookie's ref is no click
    expect(beacon.urls).toEqual(["/apps/affiliates/click?ref=alice"]);
    await view(tab, `${SHOP}/?ref=bob`); // another affiliate's link is another click
    expect(beacon.urls).toEqual(["/apps/affiliates/click?ref=alice", "/apps/affiliates/click?ref=bob"]);
    // The cart requests are the cart's own: the report is not one of them.
    expect(cart.calls.every((call) => !call.url.includes("/apps/"))).toBe(true);
  });

  it("reports nothing for a hostile ref, nor before marketing consent", async () => {
    await view(newTab(), `${SHOP}/?ref=${encodeURIComponent("<img src=x>")}`);
    expect(beacon.urls).toEqual([]);
    await view(newTab(), `${SHOP}/?ref=alice`, {
      before: (window) =>
        setOnWindow(window, { Shopify: { customerPrivacy: { marketingAllowed: () => false } } }),
    });
    expect(beacon.urls).toEqual([]);
  });

  it("falls back to a keepalive POST without sendBeacon, and reports again after a failure", async () => {
    const tab = newTab();
    beacon.accepts = false;
    const withoutBeacon = (window: BrowserWindow) =>
      Object.defineProperty(window.navigator, "sendBeacon", { configurable: true, value: undefined });
    cart.getMode = "http500"; // the fake answers every request but the cart update with getMode
    await view(tab, `${SHOP}/?ref=alice`, { before: withoutBeacon });
    const reports = () => cart.calls.filter((call) => call.url.startsWith("/apps/affiliates/click"));
    expect(reports().map((call) => `${call.method} ${call.url}`)).toEqual([
      "POST /apps/affiliates/click?ref=alice",
    ]);
    cart.getMode = "ok";
    await view(tab, `${SHOP}/?ref=alice`, { before: withoutBeacon });
    await view(tab, `${SHOP}/?ref=alice`, { before: withoutBeacon });
    expect(reports()).toHaveLength(2);
  });
});
