/* Affiliate capture (see ../README.md). ES2017, no deps, no DOM writes, never throws. */
(function (w) {
  "use strict";
  var NAME = "_affiliate_ref";
  var REF = /^[A-Za-z0-9_-]{1,64}$/;
  var CLICK = "/apps/affiliates/click"; // the app proxy (shopify.app.toml)

  function noop() {}

  function safely(f) {
    try {
      f();
    } catch (e) {
      noop(e); // swallowed: the page must never see our errors
    }
  }

  function clean(v) {
    if (typeof v !== "string" || v.length > 256) return null;
    v = v.trim();
    return REF.test(v) ? v : null;
  }

  function config() {
    var c = {};
    safely(function () {
      c = JSON.parse(w.document.getElementById("affiliate-capture-config").textContent) || {};
    });
    var d = Number(c.cookieWindowDays);
    return {
      days: Math.floor(d) === d && d >= 1 && d <= 365 ? d : 30,
      param: typeof c.param === "string" && /^[A-Za-z_]{1,32}$/.test(c.param) ? c.param : "ref",
      consent: c.consent !== false,
    };
  }

  function cookie(name) {
    var parts = String(w.document.cookie).split(";");
    for (var i = 0; i < parts.length; i++) {
      var p = parts[i].trim();
      if (p.indexOf(name + "=") === 0) return p.slice(name.length + 1);
    }
    return null;
  }

  function setCookie(value, maxAge) {
    var secure = w.location.protocol === "https:" ? "; Secure" : "";
    w.document.cookie = `${NAME}=${value}; path=/; max-age=${maxAge}; SameSite=Lax${secure}`;
  }

  // Value: encodeURIComponent("ref|capturedAtMs"); the time enforces a window that shrank later.
  function storedRef(days, now) {
    var raw = cookie(NAME);
    var ref = null;
    if (raw === null) return null;
    safely(function () {
      var p = decodeURIComponent(raw).split("|");
      if (p.length === 2 && p[1] > 0 && now - p[1] <= days * 864e5) ref = clean(p[0]);
    });
    if (!ref) setCookie("", 0);
    return ref;
  }

  function session(key, value) {
    var got = null;
    safely(function () {
      var s = w.sessionStorage;
      if (value) s.setItem(NAME + key, value);
      else got = s.getItem(NAME + key);
    });
    return got;
  }

  function synced(value) {
    return session("_synced", value);
  }

  // Reports a link click to the app's proxy, once per ref and tab session; a failure marks nothing.
  function report(ref) {
    var url = CLICK + "?ref=" + encodeURIComponent(ref);
    var done = function () {
      session("_clicked", ref);
    };
    var sent = false;
    if (session("_clicked") === ref) return;
    safely(function () {
      sent = w.navigator.sendBeacon(url, "");
    });
    if (sent) done();
    else if (typeof w.fetch === "function")
      w.fetch(url, { method: "POST", keepalive: true, credentials: "same-origin" })
        .then(function (res) {
          if (res && res.ok) done();
        })
        .catch(noop);
  }

  function json(res) {
    if (!res || !res.ok) throw new Error("cart");
    return res.json();
  }

  function has(cart, ref) {
    return !!cart && !!cart.attributes && cart.attributes[NAME] === ref;
  }

  // Once per ref and cart (a new `cart` cookie after an order syncs again). A failure marks
  // nothing, so the next page view retries.
  function syncCart(ref) {
    var marker = function () {
      return `${ref}|${cookie("cart") || ""}`;
    };
    if (typeof w.fetch !== "function" || synced() === marker()) return;
    var r = w.Shopify && w.Shopify.routes && w.Shopify.routes.root;
    var root = typeof r === "string" && /^\/(?![/\\])/.test(r) ? r.replace(/\/?$/, "/") : "/";
    var headers = { Accept: "application/json", "Content-Type": "application/json" };
    w.fetch(root + "cart.js", { credentials: "same-origin", headers: headers })
      .then(json)
      .then(function (cart) {
        if (has(cart, ref)) return;
        // The Ajax Cart API merges `attributes` (keys left out are kept), so other apps'
        // attributes are untouched. Not the updateCart standard action: it replaces the set.
        var attributes = {};
        attributes[NAME] = ref;
        return w
          .fetch(root + "cart/update.js", {
            method: "POST",
            credentials: "same-origin",
            headers: headers,
            body: JSON.stringify({ attributes: attributes }),
          })
          .then(json)
          .then(function (updated) {
            if (!has(updated, ref)) throw new Error("cart");
          });
      })
      .then(function () {
        synced(marker());
      })
      .catch(noop);
  }

  function capture(cfg) {
    var now = Date.now();
    var ref = null;
    safely(function () {
      ref = clean(new w.URLSearchParams(w.location.search).get(cfg.param));
    });
    if (ref) {
      setCookie(encodeURIComponent(ref + "|" + now), cfg.days * 86400);
      report(ref);
    } else ref = storedRef(cfg.days, now);
    if (ref) syncCart(ref);
  }

  // Where the shop collects consent, an affiliate cookie is marketing: wait until it is allowed.
  function withConsent(cfg, go) {
    var S = w.Shopify;
    var check = function () {
      var cp = S.customerPrivacy;
      if (!cp || typeof cp.marketingAllowed !== "function" || cp.marketingAllowed()) return go();
      w.document.addEventListener("visitorConsentCollected", function on(e) {
        if (!e.detail || !e.detail.marketingAllowed) return;
        w.document.removeEventListener("visitorConsentCollected", on);
        safely(go);
      });
    };
    if (!cfg.consent || !S) go();
    else if (S.customerPrivacy || typeof S.loadFeatures !== "function") check();
    else {
      S.loadFeatures([{ name: "consent-tracking-api", version: "0.1" }], function (err) {
        if (!err) safely(check);
      });
    }
  }

  function run() {
    safely(function () {
      var cfg = config();
      withConsent(cfg, function () {
        capture(cfg);
      });
    });
  }

  safely(function () {
    if (typeof w.requestIdleCallback === "function") w.requestIdleCallback(run, { timeout: 3000 });
    else w.setTimeout(run, 1);
  });
})(window);
