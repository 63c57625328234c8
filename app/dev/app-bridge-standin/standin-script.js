// App Bridge stand-in: the parts of App Bridge 4's `window.shopify` and its custom elements that this app
// uses, for running the embedded screens in an ordinary browser (browser tests, the demo). It is served by
// /app-bridge-standin.js only when the stand-in gate is on, and never in production.
//
// - shopify.idToken(): a fresh session token, signed on the server by /app-bridge-standin/token.
// - fetch: same-origin requests carry `Authorization: Bearer <idToken>`, as App Bridge does, and an invalid
//   session answer is retried once with a fresh token.
// - The bounce page (/auth/session-token?shopify-reload=...): reloads the app with `id_token`.
// - <ui-nav-menu>, <ui-title-bar>, <ui-modal> (and shopify.modal), shopify.toast, shopify.loading,
//   shopify.resourcePicker({ type: "product" }), shopify.config.
(function () {
  "use strict";
  if (window.shopify && window.shopify.__standin) return;

  var TOKEN_PATH = "/app-bridge-standin/token";
  var PRODUCTS_PATH = "/app-bridge-standin/products";
  var SHOP_KEY = "app-bridge-standin:shop";
  var HOST_KEY = "app-bridge-standin:host";

  var script = document.currentScript;
  var apiKey = (script && script.getAttribute("data-api-key")) || "";
  var params = new URLSearchParams(window.location.search);
  var shop = params.get("shop") || safeSession("get", SHOP_KEY) || "";
  var host = params.get("host") || safeSession("get", HOST_KEY) || "";
  if (params.get("shop")) safeSession("set", SHOP_KEY, shop);
  if (params.get("host")) safeSession("set", HOST_KEY, host);

  function safeSession(op, key, value) {
    try {
      if (op === "get") return window.sessionStorage.getItem(key);
      window.sessionStorage.setItem(key, value);
    } catch {
      return null;
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------------
  // Session tokens

  var originalFetch = window.fetch.bind(window);
  var cachedToken = null;
  var pendingToken = null;

  function idToken() {
    var now = Date.now() / 1000;
    if (cachedToken && cachedToken.exp - 10 > now) return Promise.resolve(cachedToken.token);
    if (!pendingToken) {
      if (!shop)
        return Promise.reject(new Error("App Bridge stand-in: no shop (open the app with ?shop=...)"));
      pendingToken = originalFetch(TOKEN_PATH + "?shop=" + encodeURIComponent(shop), {
        credentials: "same-origin",
        cache: "no-store",
      })
        .then(function (response) {
          if (!response.ok)
            throw new Error("App Bridge stand-in: token endpoint answered " + response.status);
          return response.json();
        })
        .then(function (body) {
          cachedToken = { token: body.token, exp: body.exp };
          return body.token;
        })
        .finally(function () {
          pendingToken = null;
        });
    }
    return pendingToken;
  }

  function sameOrigin(url) {
    try {
      return new URL(url, window.location.href).origin === window.location.origin;
    } catch {
      return false;
    }
  }

  // App Bridge 4 adds the session token to the app's own fetches, and follows the library's answers to them.
  window.fetch = function standinFetch(input, init) {
    var url = input instanceof Request ? input.url : String(input);
    if (!sameOrigin(url) || new URL(url, window.location.href).pathname === TOKEN_PATH) {
      return originalFetch(input, init);
    }
    var base = new Request(input, init);
    function attempt(retry) {
      if (retry) cachedToken = null;
      return idToken().then(function (token) {
        var request = base.clone();
        if (!request.headers.has("Authorization")) request.headers.set("Authorization", "Bearer " + token);
        return originalFetch(request).then(function (response) {
          if (response.status !== 401) return response;
          var reauthorize = response.headers.get("X-Shopify-API-Request-Failure-Reauthorize-Url");
          if (reauthorize) {
            window.open(reauthorize, "_top");
            return response;
          }
          if (!retry && response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1") {
            return attempt(true);
          }
          return response;
        });
      });
    }
    return attempt(false);
  };

  // The library's bounce page: get a token and reload the page it came from with `id_token`.
  var reload = params.get("shopify-reload");
  if (reload) {
    var target;
    try {
      target = new URL(reload, window.location.href);
    } catch {
      target = null;
    }
    if (!target || target.origin !== window.location.origin) {
      document.write("<p>App Bridge stand-in: refusing to reload a page of another origin.</p>");
    } else {
      idToken().then(
        function (token) {
          target.searchParams.set("id_token", token);
          window.location.replace(target.toString());
        },
        function (error) {
          document.write("<p>App Bridge stand-in: " + String(error && error.message) + "</p>");
        },
      );
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Styles (appended to the end of <head>, which React's hydration leaves alone)

  var css = [
    "ui-nav-menu{display:flex;flex-wrap:wrap;align-items:center;gap:4px;padding:8px 16px;background:#1a1a1a;position:sticky;top:0;z-index:510;font:500 13px/20px Inter,-apple-system,BlinkMacSystemFont,'San Francisco','Segoe UI',Roboto,sans-serif}",
    "ui-nav-menu::after{content:'App Bridge stand-in';margin-left:auto;color:#8a8a8a;font-size:12px}",
    "ui-nav-menu a{color:#e3e3e3;text-decoration:none;padding:4px 10px;border-radius:8px}",
    "ui-nav-menu a:hover{background:#303030;color:#fff}",
    "ui-nav-menu a[data-standin-active]{background:#4a4a4a;color:#fff}",
    "ui-title-bar{display:flex;align-items:center;flex-wrap:wrap;gap:8px;min-height:36px;margin:0 0 16px;padding:8px 12px;background:#fff;border-radius:12px;box-shadow:0 1px 0 rgba(26,26,26,.07),inset 0 0 0 1px #e3e3e3;font:500 13px/20px Inter,-apple-system,BlinkMacSystemFont,'San Francisco','Segoe UI',Roboto,sans-serif}",
    "ui-title-bar>button{order:2;font:inherit;padding:6px 12px;border-radius:8px;border:1px solid #c9c9c9;background:#fff;color:#303030;cursor:pointer}",
    "ui-title-bar>button:hover{background:#f7f7f7}",
    "ui-title-bar>button[variant=primary]{background:#303030;border-color:#303030;color:#fff}",
    "ui-title-bar>button[variant=primary][tone=critical]{background:#c70a24;border-color:#c70a24}",
    "ui-title-bar>button[variant=breadcrumb]{order:0;border:0;background:none;color:#005bd3;padding:0 2px}",
    "ui-title-bar>button[variant=breadcrumb]::after{content:' \\203A';color:#8a8a8a}",
    "ui-title-bar>button[disabled]{opacity:.5;cursor:default}",
    "ui-modal>ui-title-bar,ui-save-bar{display:none}",
    "ui-save-bar[data-standin-open]{display:flex;position:fixed;top:0;left:0;right:0;z-index:1500;align-items:center;gap:8px;padding:10px 16px;background:#1a1a1a;color:#fff;font:500 14px/20px Inter,-apple-system,BlinkMacSystemFont,'San Francisco','Segoe UI',Roboto,sans-serif}",
    "ui-save-bar[data-standin-open]::before{content:'Unsaved changes';flex:1 1 auto;font-weight:650}",
    "ui-save-bar>button{font:inherit;padding:6px 12px;border-radius:8px;border:1px solid #8a8a8a;background:#303030;color:#fff;cursor:pointer}",
    "ui-save-bar>button[variant=primary]{background:#fff;border-color:#fff;color:#1a1a1a;order:2}",
    "#app-bridge-standin-toasts{position:fixed;left:50%;bottom:24px;transform:translateX(-50%);z-index:2000;display:flex;flex-direction:column;align-items:center;gap:8px;font:500 14px/20px Inter,-apple-system,BlinkMacSystemFont,'San Francisco','Segoe UI',Roboto,sans-serif}",
    ".app-bridge-standin-toast{display:flex;align-items:center;gap:12px;padding:10px 14px;border-radius:10px;background:#1a1a1a;color:#fff;box-shadow:0 4px 12px rgba(0,0,0,.25);max-width:520px}",
    ".app-bridge-standin-toast[data-error]{background:#c70a24}",
    ".app-bridge-standin-toast button{border:0;background:none;color:inherit;font-size:16px;cursor:pointer;padding:0 2px}",
    "#app-bridge-standin-loading{position:fixed;top:0;left:0;height:3px;width:100%;z-index:2001;background:linear-gradient(90deg,#91d0ff,#005bd3,#91d0ff);background-size:200% 100%;animation:app-bridge-standin-loading 1s linear infinite}",
    "@keyframes app-bridge-standin-loading{from{background-position:200% 0}to{background-position:0 0}}",
  ].join("\n");
  var style = document.createElement("style");
  style.setAttribute("data-app-bridge-standin", "");
  style.textContent = css;
  document.head.appendChild(style);

  // ---------------------------------------------------------------------------------------------------
  // <ui-nav-menu>: the app's links, shown as a bar; the current one is marked.

  function markActiveNav() {
    var links = document.querySelectorAll("ui-nav-menu a[href]");
    var path = window.location.pathname.replace(/\/$/, "");
    var best = null;
    links.forEach(function (link) {
      var linkPath = new URL(link.getAttribute("href"), window.location.href).pathname.replace(/\/$/, "");
      var matches = path === linkPath || path.indexOf(linkPath + "/") === 0;
      if (matches && (!best || linkPath.length > best.path.length)) best = { link: link, path: linkPath };
    });
    links.forEach(function (link) {
      if (best && link === best.link) link.setAttribute("data-standin-active", "");
      else link.removeAttribute("data-standin-active");
    });
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var original = window.history[name];
    window.history[name] = function () {
      var result = original.apply(this, arguments);
      setTimeout(markActiveNav, 0);
      return result;
    };
  });
  window.addEventListener("popstate", function () {
    setTimeout(markActiveNav, 0);
  });
  document.addEventListener("DOMContentLoaded", markActiveNav);

  function define(name, constructor) {
    if (!window.customElements.get(name)) window.customElements.define(name, constructor);
  }

  define(
    "ui-nav-menu",
    class extends HTMLElement {
      connectedCallback() {
        // The admin's navigation is a landmark of its own.
        this.setAttribute("role", "navigation");
        this.setAttribute("aria-label", "App");
        setTimeout(markActiveNav, 0);
      }
    },
  );

  // <ui-title-bar>: shown in place (title from its attribute, its buttons as they are); inside a modal,
  // the modal shows its title and buttons.
  // The title is the page's heading, as the admin shows it above the app (an h1, with the app's buttons).
  define(
    "ui-title-bar",
    class extends HTMLElement {
      static get observedAttributes() {
        return ["title"];
      }
      connectedCallback() {
        if (!this.shadowRoot) {
          var root = this.attachShadow({ mode: "open" });
          root.innerHTML =
            "<style>h1{order:1;flex:1 1 auto;margin:0;font-size:20px;line-height:28px;font-weight:700;color:#303030}</style><h1></h1><slot></slot>";
        }
        this.attributeChangedCallback();
      }
      attributeChangedCallback() {
        var heading = this.shadowRoot && this.shadowRoot.querySelector("h1");
        if (heading) heading.textContent = this.getAttribute("title") || "";
      }
    },
  );
  // <ui-save-bar>: a bar fixed at the top while shown, "Unsaved changes" with the app's own buttons
  // (Save is the one with variant="primary"), as the admin shows it.
  define(
    "ui-save-bar",
    class extends HTMLElement {
      get showing() {
        return this.hasAttribute("data-standin-open");
      }
      show() {
        if (this.showing) return Promise.resolve();
        this.setAttribute("data-standin-open", "");
        this.setAttribute("role", "region");
        this.setAttribute("aria-label", "Unsaved changes");
        this.dispatchEvent(new Event("show"));
        return Promise.resolve();
      }
      hide() {
        if (!this.showing) return Promise.resolve();
        this.removeAttribute("data-standin-open");
        this.dispatchEvent(new Event("hide"));
        return Promise.resolve();
      }
      toggle() {
        return this.showing ? this.hide() : this.show();
      }
    },
  );

  // <ui-modal>: a dialog. app-bridge-react's <Modal> renders its children into `modal.content`, and its
  // <TitleBar> gives the dialog's title and buttons (clicking one clicks the app's own button).
  var modalStyles = [
    ":host{display:contents}",
    ".root{display:none}",
    ".root.open{display:flex;position:fixed;inset:0;z-index:1000;align-items:center;justify-content:center;padding:24px;background:rgba(0,0,0,.5)}",
    ".dialog{display:flex;flex-direction:column;width:min(620px,100%);max-height:calc(100vh - 48px);background:#fff;border-radius:12px;box-shadow:0 20px 40px rgba(0,0,0,.3);overflow:hidden;font:500 14px/20px Inter,-apple-system,BlinkMacSystemFont,'San Francisco','Segoe UI',Roboto,sans-serif;color:#303030}",
    ".dialog.large{width:min(980px,100%)}",
    "header{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:12px 16px;background:#f3f3f3;border-bottom:1px solid #e3e3e3}",
    "h2{margin:0;font-size:15px;font-weight:650}",
    ".close{border:0;background:none;font-size:20px;line-height:20px;cursor:pointer;color:#616161}",
    ".body{overflow:auto;flex:1 1 auto}",
    "footer{display:flex;justify-content:flex-end;gap:8px;padding:12px 16px;border-top:1px solid #e3e3e3}",
    "footer:empty{display:none}",
    "footer button{font:inherit;padding:6px 12px;border-radius:8px;border:1px solid #c9c9c9;background:#fff;color:#303030;cursor:pointer}",
    "footer button.primary{background:#303030;border-color:#303030;color:#fff}",
    "footer button.primary.critical{background:#c70a24;border-color:#c70a24}",
    "footer button:disabled{opacity:.5;cursor:default}",
  ].join("\n");

  class UiModal extends HTMLElement {
    constructor() {
      super();
      this._open = false;
      this._content = null;
      var shadow = this.attachShadow({ mode: "open" });
      shadow.innerHTML =
        "<style>" +
        modalStyles +
        "</style>" +
        '<div class="root" part="backdrop"><div class="dialog" role="dialog" aria-modal="true" aria-labelledby="title">' +
        '<header><h2 id="title"></h2><button class="close" type="button" aria-label="Close">\u00d7</button></header>' +
        '<div class="body"><slot></slot></div><footer></footer></div></div>';
      this._root = shadow.querySelector(".root");
      this._dialog = shadow.querySelector(".dialog");
      this._title = shadow.querySelector("h2");
      this._footer = shadow.querySelector("footer");
      shadow.querySelector(".close").addEventListener("click", () => this.hide());
      this._root.addEventListener("click", (event) => {
        if (event.target === this._root) this.hide();
      });
      this._onKey = (event) => {
        if (event.key === "Escape" && this._open) this.hide();
      };
      // The title and buttons come from the title bar: what happens in the content (typing, focus) leaves the
      // footer alone, or a button rebuilt between a click's mousedown and mouseup would never be clicked.
      this._observer = new MutationObserver((records) => {
        var content = this._content;
        if (records.some((record) => !content || !content.contains(record.target))) this._render();
      });
    }

    connectedCallback() {
      this._observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
      document.addEventListener("keydown", this._onKey);
      this._render();
    }

    disconnectedCallback() {
      this._observer.disconnect();
      document.removeEventListener("keydown", this._onKey);
    }

    /** Where app-bridge-react's Modal renders the modal's children. */
    get content() {
      if (!this._content) {
        this._content = document.createElement("div");
        this._content.setAttribute("data-app-bridge-standin-modal-content", "");
        this.appendChild(this._content);
      }
      return this._content;
    }

    get open() {
      return this._open;
    }

    show() {
      if (!this._open) {
        this._open = true;
        this._render();
        this._root.classList.add("open");
        this.dispatchEvent(new Event("show"));
      }
      return Promise.resolve();
    }

    hide() {
      if (this._open) {
        this._open = false;
        this._root.classList.remove("open");
        this.dispatchEvent(new Event("hide"));
      }
      return Promise.resolve();
    }

    toggle() {
      return this._open ? this.hide() : this.show();
    }

    _render() {
      var titleBar = this.querySelector(":scope > ui-title-bar");
      this._title.textContent = (titleBar && titleBar.getAttribute("title")) || "";
      var variant = this.getAttribute("variant");
      this._dialog.classList.toggle("large", variant === "large" || variant === "max");
      var footer = this._footer;
      footer.textContent = "";
      if (!titleBar) return;
      var buttons = Array.prototype.filter.call(titleBar.children, function (child) {
        return child.tagName === "BUTTON" && child.getAttribute("variant") !== "breadcrumb";
      });
      // Secondary actions first, the primary one last (on the right), as the admin lays them out.
      buttons.sort(function (a, b) {
        return (
          (a.getAttribute("variant") === "primary" ? 1 : 0) -
          (b.getAttribute("variant") === "primary" ? 1 : 0)
        );
      });
      buttons.forEach(function (original) {
        var proxy = document.createElement("button");
        proxy.type = "button";
        proxy.textContent = original.textContent;
        if (original.getAttribute("variant") === "primary") proxy.classList.add("primary");
        if (original.getAttribute("tone") === "critical") proxy.classList.add("critical");
        proxy.disabled = original.disabled || original.hasAttribute("loading");
        proxy.addEventListener("click", function () {
          original.click();
        });
        footer.appendChild(proxy);
      });
    }
  }
  define("ui-modal", UiModal);

  function modalById(id) {
    var element = document.getElementById(id);
    if (!element || element.tagName !== "UI-MODAL")
      throw new Error("App Bridge stand-in: no <ui-modal id=" + id + ">");
    return element;
  }

  // ---------------------------------------------------------------------------------------------------
  // Toasts and the loading bar (created on first use, after hydration)

  var toastCount = 0;
  function toastContainer() {
    var container = document.getElementById("app-bridge-standin-toasts");
    if (!container) {
      container = document.createElement("div");
      container.id = "app-bridge-standin-toasts";
      document.body.appendChild(container);
    }
    return container;
  }

  function hideToast(id) {
    var toast = document.getElementById(id);
    if (toast) toast.remove();
  }

  function showToast(message, options) {
    options = options || {};
    var id = "app-bridge-standin-toast-" + ++toastCount;
    var toast = document.createElement("div");
    toast.id = id;
    toast.className = "app-bridge-standin-toast";
    toast.setAttribute("role", options.isError ? "alert" : "status");
    if (options.isError) toast.setAttribute("data-error", "");
    var text = document.createElement("span");
    text.textContent = String(message);
    var close = document.createElement("button");
    close.type = "button";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () {
      hideToast(id);
      if (options.onDismiss) options.onDismiss();
    });
    toast.appendChild(text);
    if (options.action && options.onAction) {
      var action = document.createElement("button");
      action.type = "button";
      action.textContent = options.action;
      action.addEventListener("click", options.onAction);
      toast.appendChild(action);
    }
    toast.appendChild(close);
    toastContainer().appendChild(toast);
    setTimeout(function () {
      hideToast(id);
    }, options.duration || 5000);
    return id;
  }

  function setLoading(isLoading) {
    var bar = document.getElementById("app-bridge-standin-loading");
    if (isLoading === false) {
      if (bar) bar.remove();
      return;
    }
    if (!bar) {
      bar = document.createElement("div");
      bar.id = "app-bridge-standin-loading";
      bar.setAttribute("role", "progressbar");
      bar.setAttribute("aria-label", "Loading");
      document.body.appendChild(bar);
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Resource picker (products): lists the store's products (ProductSearch through the app's dev route) and
  // resolves with App Bridge's selection shape, or undefined when cancelled.

  var pickerStyles = [
    ":host{all:initial}",
    ".root{position:fixed;inset:0;z-index:1001;display:flex;align-items:center;justify-content:center;padding:24px;background:rgba(0,0,0,.5);font:500 14px/20px Inter,-apple-system,BlinkMacSystemFont,'San Francisco','Segoe UI',Roboto,sans-serif;color:#303030}",
    ".dialog{display:flex;flex-direction:column;width:min(620px,100%);max-height:calc(100vh - 48px);background:#fff;border-radius:12px;box-shadow:0 20px 40px rgba(0,0,0,.3);overflow:hidden}",
    "header{padding:12px 16px;background:#f3f3f3;border-bottom:1px solid #e3e3e3;font-weight:650}",
    ".search{padding:12px 16px;border-bottom:1px solid #e3e3e3}",
    "input[type=search]{box-sizing:border-box;width:100%;padding:6px 10px;border:1px solid #8a8a8a;border-radius:8px;font:inherit}",
    "ul{list-style:none;margin:0;padding:0;overflow:auto;flex:1 1 auto;min-height:120px}",
    "li label{display:flex;align-items:center;gap:10px;padding:10px 16px;border-bottom:1px solid #f1f1f1;cursor:pointer}",
    "li label:hover{background:#f7f7f7}",
    ".meta{color:#616161;font-weight:400}",
    ".message{padding:16px;color:#616161}",
    ".message.error{color:#c70a24}",
    "footer{display:flex;align-items:center;justify-content:flex-end;gap:8px;padding:12px 16px;border-top:1px solid #e3e3e3}",
    "footer .count{margin-right:auto;color:#616161}",
    "button{font:inherit;padding:6px 12px;border-radius:8px;border:1px solid #c9c9c9;background:#fff;color:#303030;cursor:pointer}",
    "button.primary{background:#303030;border-color:#303030;color:#fff}",
    "button:disabled{opacity:.5;cursor:default}",
  ].join("\n");

  function resourcePicker(options) {
    options = options || {};
    if (options.type !== "product") {
      return Promise.reject(new Error("App Bridge stand-in: resourcePicker supports type 'product' only"));
    }
    var limit =
      options.multiple === true ? Infinity : typeof options.multiple === "number" ? options.multiple : 1;
    var selected = new Map();
    (options.selectionIds || []).forEach(function (item) {
      if (item && item.id) selected.set(item.id, null);
    });

    return new Promise(function (resolve) {
      var host = document.createElement("div");
      host.id = "app-bridge-standin-resource-picker";
      var shadow = host.attachShadow({ mode: "open" });
      shadow.innerHTML =
        "<style>" +
        pickerStyles +
        "</style>" +
        '<div class="root"><div class="dialog" role="dialog" aria-modal="true" aria-label="' +
        (limit === 1 ? "Select product" : "Select products") +
        '"><header>' +
        (limit === 1 ? "Select product" : "Select products") +
        '</header><div class="search"><input type="search" placeholder="Search products" aria-label="Search products"></div>' +
        '<ul role="list"></ul><footer><span class="count"></span><button type="button" class="cancel">Cancel</button>' +
        '<button type="button" class="primary select">Select</button></footer></div></div>';
      var list = shadow.querySelector("ul");
      var input = shadow.querySelector("input");
      var count = shadow.querySelector(".count");
      var selectButton = shadow.querySelector(".select");
      var products = [];
      var searchTimer = null;
      var searchSeq = 0;

      function updateFooter() {
        count.textContent = selected.size + " selected";
        selectButton.disabled = selected.size === 0;
      }

      function finish(result) {
        document.removeEventListener("keydown", onKey);
        host.remove();
        resolve(result);
      }

      function onKey(event) {
        if (event.key === "Escape") finish(undefined);
      }

      function render(message, isError) {
        list.textContent = "";
        if (message) {
          var li = document.createElement("li");
          li.className = "message" + (isError ? " error" : "");
          li.textContent = message;
          list.appendChild(li);
          return;
        }
        products.forEach(function (product) {
          var li = document.createElement("li");
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = limit === 1 ? "radio" : "checkbox";
          box.name = "product";
          box.value = product.id;
          box.checked = selected.has(product.id);
          box.addEventListener("change", function () {
            if (limit === 1) selected.clear();
            if (box.checked) {
              if (selected.size >= limit) {
                box.checked = false;
                return;
              }
              selected.set(product.id, product);
            } else {
              selected.delete(product.id);
            }
            if (limit === 1) render();
            updateFooter();
          });
          var title = document.createElement("span");
          title.textContent = product.title;
          var meta = document.createElement("span");
          meta.className = "meta";
          meta.textContent =
            product.status && product.status !== "ACTIVE" ? product.status.toLowerCase() : "";
          label.appendChild(box);
          label.appendChild(title);
          label.appendChild(meta);
          li.appendChild(label);
          list.appendChild(li);
        });
        if (products.length === 0) render("No products found");
      }

      function load(query) {
        var seq = ++searchSeq;
        render("Loading products…");
        window
          .fetch(PRODUCTS_PATH + "?query=" + encodeURIComponent(query || ""), {
            headers: { Accept: "application/json" },
          })
          .then(function (response) {
            if (!response.ok) throw new Error("the app answered " + response.status);
            return response.json();
          })
          .then(function (body) {
            if (seq !== searchSeq) return;
            products = body.products || [];
            products.forEach(function (product) {
              if (selected.has(product.id)) selected.set(product.id, product);
            });
            render();
          })
          .catch(function (error) {
            if (seq === searchSeq) render("Could not load products: " + error.message, true);
          });
      }

      input.addEventListener("input", function () {
        clearTimeout(searchTimer);
        searchTimer = setTimeout(function () {
          load(input.value.trim());
        }, 250);
      });
      shadow.querySelector(".cancel").addEventListener("click", function () {
        finish(undefined);
      });
      selectButton.addEventListener("click", function () {
        var selection = [];
        selected.forEach(function (product, id) {
          selection.push(
            product
              ? {
                  id: product.id,
                  title: product.title,
                  handle: product.handle,
                  status: product.status,
                  variants: [],
                  images: [],
                }
              : { id: id, variants: [], images: [] },
          );
        });
        selection.selection = selection;
        finish(selection);
      });
      shadow.querySelector(".root").addEventListener("click", function (event) {
        if (event.target === event.currentTarget) finish(undefined);
      });
      document.addEventListener("keydown", onKey);
      document.body.appendChild(host);
      input.value = options.query || "";
      updateFooter();
      load(input.value);
      input.focus();
    });
  }

  // ---------------------------------------------------------------------------------------------------
  // window.shopify

  window.shopify = {
    __standin: true,
    config: { apiKey: apiKey, shop: shop, host: host, locale: "en" },
    origin: window.location.origin,
    environment: { embedded: true, mobile: false, pos: false },
    ready: Promise.resolve(),
    idToken: idToken,
    user: function () {
      return Promise.resolve({ id: 1, accountAccess: "Account owner" });
    },
    toast: { show: showToast, hide: hideToast },
    loading: setLoading,
    resourcePicker: resourcePicker,
    modal: {
      show: function (id) {
        return modalById(id).show();
      },
      hide: function (id) {
        return modalById(id).hide();
      },
      toggle: function (id) {
        return modalById(id).toggle();
      },
    },
    saveBar: {
      show: function (id) {
        var bar = document.getElementById(id);
        return bar && bar.show ? bar.show() : Promise.resolve();
      },
      hide: function (id) {
        var bar = document.getElementById(id);
        return bar && bar.hide ? bar.hide() : Promise.resolve();
      },
      toggle: function (id) {
        var bar = document.getElementById(id);
        return bar && bar.toggle ? bar.toggle() : Promise.resolve();
      },
      leaveConfirmation: function () {
        return Promise.resolve();
      },
    },
  };
})();
