// The frame of every portal page: a block of its own inside the shop's theme layout (Shopify renders the
// Liquid answer within the theme's header and footer), with styles scoped to `.afp` so the theme's stay
// untouched and its fonts and colours carry through. One column under 640 px; tap targets of 44 px.
import { html, trusted, type Markup } from "./markup";

const STYLES = trusted(`<style>
.afp{max-width:960px;margin:0 auto;padding:32px 16px 48px;line-height:1.5}
.afp *{box-sizing:border-box}
.afp h1{font-size:1.9em;line-height:1.2;margin:0 0 8px}
.afp h2{font-size:1.2em;margin:0 0 12px}
.afp p{margin:0 0 12px}
.afp a{color:inherit;text-decoration:underline}
.afp-lead{opacity:.8;margin-bottom:24px}
.afp-card{border:1px solid rgba(127,127,127,.35);border-radius:10px;padding:20px;margin:0 0 20px}
.afp-note{border-radius:10px;padding:14px 16px;margin:0 0 20px;background:rgba(127,127,127,.12)}
.afp-note--warn{background:rgba(234,179,8,.18)}
.afp-note--error{background:rgba(220,38,38,.14)}
.afp-field{margin:0 0 18px}
.afp-field label{display:block;font-weight:600;margin:0 0 4px}
.afp-help{display:block;font-size:.9em;opacity:.75;margin:2px 0 6px}
.afp input[type=text],.afp input[type=email],.afp input[type=date],.afp input[type=url],.afp textarea{width:100%;min-height:44px;padding:10px 12px;border:1px solid rgba(127,127,127,.6);border-radius:6px;font:inherit;color:inherit;background:transparent}
.afp textarea{min-height:96px;resize:vertical}
.afp-invalid input,.afp-invalid textarea{border-color:#c0392b}
.afp-error{display:block;color:#c0392b;font-weight:600;margin-top:4px}
.afp-check{display:flex;gap:10px;align-items:flex-start}
.afp-check input{width:22px;height:22px;margin:2px 0 0;flex:none}
.afp-terms{max-height:220px;overflow:auto;white-space:pre-wrap;border:1px solid rgba(127,127,127,.35);border-radius:6px;padding:12px;margin:0 0 12px;font-size:.92em}
.afp-button{display:inline-flex;align-items:center;justify-content:center;min-height:44px;padding:10px 22px;border:0;border-radius:6px;background:#1f2937;color:#fff;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
.afp-button--quiet{background:transparent;color:inherit;border:1px solid rgba(127,127,127,.6)}
.afp-row{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end}
.afp-row .afp-field{flex:1 1 200px;margin:0}
.afp-copy{display:flex;gap:8px}
.afp-copy input{flex:1 1 auto;min-width:0}
.afp-stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:0 0 20px}
.afp-stat{border:1px solid rgba(127,127,127,.35);border-radius:10px;padding:14px 16px}
.afp-stat span{display:block;font-size:.9em;opacity:.75}
.afp-stat strong{display:block;font-size:1.45em;line-height:1.3}
.afp-scroll{overflow-x:auto}
.afp table{width:100%;border-collapse:collapse;font-size:.95em}
.afp th,.afp td{text-align:left;padding:10px 8px;border-bottom:1px solid rgba(127,127,127,.25);vertical-align:top}
.afp th{font-weight:600}
.afp .afp-num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.afp-badge{display:inline-block;padding:1px 10px;border-radius:999px;font-size:.85em;font-weight:600;background:rgba(127,127,127,.18);white-space:nowrap}
.afp-badge--pending{background:rgba(234,179,8,.25)}
.afp-badge--approved{background:rgba(59,130,246,.22)}
.afp-badge--paid{background:rgba(34,197,94,.25)}
.afp-badge--denied,.afp-badge--declined{background:rgba(220,38,38,.2)}
.afp-codes{display:flex;flex-wrap:wrap;gap:8px;margin:0;padding:0;list-style:none}
.afp-codes li{font-family:monospace;font-size:1.05em;border:1px dashed rgba(127,127,127,.7);border-radius:6px;padding:4px 10px}
.afp-pages{display:flex;gap:12px;align-items:center;justify-content:space-between;margin-top:12px}
.afp-muted{opacity:.75}
@media (max-width:640px){
.afp{padding:20px 12px 32px}
.afp h1{font-size:1.5em}
.afp-card{padding:16px}
.afp-orders thead{display:none}
.afp-orders tr{display:block;border-bottom:1px solid rgba(127,127,127,.35);padding:6px 0}
.afp-orders td{display:flex;justify-content:space-between;gap:12px;border:0;padding:4px 0;text-align:right}
.afp-orders td::before{content:attr(data-label);font-weight:600;text-align:left}
}
</style>`);

/** A portal page: the scoped styles and the page's own markup. */
export function frame(content: Markup): Markup {
  return html`${STYLES}
    <div class="afp">${content}</div>`;
}

/**
 * A link to the shop's customer login that comes back to `path` (a proxy path: `/apps/affiliates`, checked
 * by the proxy context). Built in Liquid: the login URL is the theme's (`routes.account_login_url`), and it
 * may already have a query string.
 */
export function loginLink(path: string, label: string): Markup {
  return html`<a
    href="{{ routes.account_login_url }}{% if routes.account_login_url contains '?' %}&amp;{% else %}?{% endif %}return_url={{ '${trusted(
      path,
    )}' | url_encode }}"
    >${label}</a
  >`;
}

/** A note above the page's content: `error` or `warn` tone, or neutral. */
export function note(content: Markup | string, tone?: "error" | "warn"): Markup {
  return html`<div
    class="afp-note${tone ? ` afp-note--${tone}` : ""}"
    role="${tone === "error" ? "alert" : "status"}"
  >
    ${content}
  </div>`;
}
