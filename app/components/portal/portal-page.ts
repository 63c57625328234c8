// The approved affiliate's portal: their link and link builder, coupons, and their own numbers for a range of
// days — clicks, referred orders, conversion, sales and commissions by status, and each order.
import { formatDate } from "~/format/dates";
import { describeStatus } from "~/format/ledger";
import { formatMoney } from "~/format/money";
import type { PortalTotals, PortalView } from "~/models/portal/views";
import { frame, note } from "./frame";
import { html, trusted, type Markup } from "./markup";

export interface PortalPageProps {
  view: PortalView;
  pathPrefix: string;
  timeZone: string;
  welcomeMessage: string;
  /** The link builder's answer: the page asked for, and its path with the ref (null when it was refused). */
  built: { input: string; path: string | null } | null;
  /** The affiliate's payouts, balance and payout email (components/portal/payouts-section). */
  payouts: Markup;
}

// Copies an input's value; without JavaScript the link stays selectable by hand.
const COPY_SCRIPT = trusted(`<script>
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-afp-copy]");
  if (!button) return;
  var input = document.getElementById(button.getAttribute("data-afp-copy"));
  if (!input) return;
  input.select();
  var done = function () { button.textContent = "Copied"; setTimeout(function () { button.textContent = "Copy"; }, 2000); };
  if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
  else { document.execCommand("copy"); done(); }
});
</script>`);

function copyField(id: string, label: string, link: Markup): Markup {
  return html`<div class="afp-field">
    <label for="${id}">${label}</label>
    <div class="afp-copy">
      <input id="${id}" type="text" readonly value="${link}" /><button
        class="afp-button afp-button--quiet"
        type="button"
        data-afp-copy="${id}"
      >
        Copy
      </button>
    </div>
  </div>`;
}

function statusBadge(status: string): Markup {
  const word = status === "mixed" ? "Mixed" : describeStatus(status);
  return html`<span class="afp-badge afp-badge--${status}">${word}</span>`;
}

function query(params: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
}

function totalsTable(totals: PortalTotals): Markup {
  const row = (label: string, figures: { sales: string; commission: string }, strong = false) =>
    html`<tr>
      <th scope="row">${strong ? html`<strong>${label}</strong>` : label}</th>
      <td class="afp-num">${formatMoney(figures.sales, totals.currency)}</td>
      <td class="afp-num">
        ${strong
          ? html`<strong>${formatMoney(figures.commission, totals.currency)}</strong>`
          : formatMoney(figures.commission, totals.currency)}
      </td>
    </tr>`;
  return html`<div class="afp-scroll">
    <table>
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col" class="afp-num">Sales</th>
          <th scope="col" class="afp-num">Commission</th>
        </tr>
      </thead>
      <tbody>
        ${row("Pending", totals.pending)}${row("Approved", totals.approved)}${row("Paid", totals.paid)}${row(
          "Total",
          totals.total,
          true,
        )}
      </tbody>
    </table>
  </div>`;
}

export function portalPage(props: PortalPageProps): Markup {
  const { view, pathPrefix, timeZone } = props;
  const { affiliate, range } = view;
  const date = (value: string) => formatDate(value, { timeZone });
  // A day of the range is a calendar day already: shown as it is, in no zone.
  const day = (value: string) => formatDate(`${value}T00:00:00Z`, { timeZone: "UTC" });
  const link = html`{{ shop.url }}/?ref=${affiliate.refCode}`;
  const rangeQuery = { from: range.from, to: range.to };
  const totals = view.totals.length > 0 ? view.totals : [];
  const headline = totals.length === 1 ? totals[0] : null;

  const orders = view.orders.items.length
    ? html`<div class="afp-scroll">
          <table class="afp-orders">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Order</th>
                ${view.showCustomerEmails ? html`<th scope="col">Customer</th>` : ""}
                <th scope="col" class="afp-num">Amount</th>
                <th scope="col" class="afp-num">Commission</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              ${view.orders.items.map(
                (order) =>
                  html`<tr>
                    <td data-label="Date">${date(order.placedAt)}</td>
                    <td data-label="Order">${order.orderName}</td>
                    ${view.showCustomerEmails
                      ? html`<td data-label="Customer">${order.customer ?? "—"}</td>`
                      : ""}
                    <td data-label="Amount" class="afp-num">${formatMoney(order.amount, order.currency)}</td>
                    <td data-label="Commission" class="afp-num">
                      ${formatMoney(order.commission, order.currency)}
                    </td>
                    <td data-label="Status">
                      ${statusBadge(order.status)}${order.reversed
                        ? html` <span class="afp-muted">refund deducted</span>`
                        : ""}
                    </td>
                  </tr> `,
              )}
            </tbody>
          </table>
        </div>
        ${view.orders.pageCount > 1
          ? html`<div class="afp-pages">
              ${view.orders.page > 1
                ? html`<a href="${pathPrefix}?${query({ ...rangeQuery, page: view.orders.page - 1 })}"
                    >Newer orders</a
                  >`
                : html`<span></span>`}<span class="afp-muted"
                >Page ${view.orders.page} of ${view.orders.pageCount}</span
              >${view.orders.page < view.orders.pageCount
                ? html`<a href="${pathPrefix}?${query({ ...rangeQuery, page: view.orders.page + 1 })}"
                    >Older orders</a
                  >`
                : html`<span></span>`}
            </div>`
          : ""}`
    : html`<p class="afp-muted">No referred orders between ${day(range.from)} and ${day(range.to)}.</p>`;

  return frame(
    html` <h1>Welcome, ${affiliate.name}</h1>
      <p class="afp-lead">Your affiliate portal for {{ shop.name }}.</p>
      ${affiliate.active
        ? ""
        : note(
            "Your affiliate account is paused: orders through your link or coupons earn no commission until the shop resumes it.",
            "warn",
          )}
      ${props.welcomeMessage
        ? html`<div class="afp-card" style="white-space:pre-wrap">${props.welcomeMessage}</div>`
        : ""}
      <section class="afp-card" aria-labelledby="afp-link-title">
        <h2 id="afp-link-title">Your link</h2>
        <p>Anyone who visits the shop through it is credited to you when they order.</p>
        ${copyField("afp-link", "Link to the shop", link)}
        <form method="get" action="${pathPrefix}" class="afp-row">
          <input type="hidden" name="from" value="${range.from}" /><input
            type="hidden"
            name="to"
            value="${range.to}"
          />
          <div class="afp-field">
            <label for="afp-page">Link to any page of the shop</label
            ><input
              id="afp-page"
              type="text"
              name="link_to"
              placeholder="/products/… or a full address"
              value="${props.built?.input ?? ""}"
            />
          </div>
          <button class="afp-button afp-button--quiet" type="submit">Make link</button>
        </form>
        ${props.built
          ? props.built.path
            ? html`<div style="margin-top:16px">
                ${copyField("afp-built", "Your link to that page", html`{{ shop.url }}${props.built.path}`)}
              </div>`
            : html`<p class="afp-error" role="alert">
                Enter a page of this shop, like /products/… or its full address.
              </p>`
          : ""}
      </section>
      <section class="afp-card" aria-labelledby="afp-coupons-title">
        <h2 id="afp-coupons-title">Your coupons</h2>
        ${view.coupons.length
          ? html`<p>Orders using one of these discount codes are credited to you.</p>
              <ul class="afp-codes">
                ${view.coupons.map((code) => html`<li>${code}</li>`)}
              </ul>`
          : html`<p class="afp-muted">No coupons yet.</p>`}
      </section>
      <section aria-labelledby="afp-numbers-title">
        <h2 id="afp-numbers-title">Your numbers</h2>
        <form method="get" action="${pathPrefix}" class="afp-row afp-card">
          <div class="afp-field">
            <label for="afp-from">From</label
            ><input id="afp-from" type="date" name="from" value="${range.from}" />
          </div>
          <div class="afp-field">
            <label for="afp-to">To</label><input id="afp-to" type="date" name="to" value="${range.to}" />
          </div>
          <button class="afp-button" type="submit">Show</button>
        </form>
        <div class="afp-stats">
          <div class="afp-stat">
            <span>Clicks</span><strong>${view.clicks.toLocaleString("en-US")}</strong>
          </div>
          <div class="afp-stat">
            <span>Referred orders</span><strong>${view.referredOrders.toLocaleString("en-US")}</strong>
          </div>
          <div class="afp-stat">
            <span>Conversion</span
            ><strong>${view.conversionPercent === null ? "—" : `${view.conversionPercent}%`}</strong>
          </div>
          ${headline
            ? html`<div class="afp-stat">
                  <span>Sales</span><strong>${formatMoney(headline.total.sales, headline.currency)}</strong>
                </div>
                <div class="afp-stat">
                  <span>Commission</span
                  ><strong>${formatMoney(headline.total.commission, headline.currency)}</strong>
                </div>`
            : ""}
        </div>
        <div class="afp-card">
          <h2>Sales and commissions by status</h2>
          <p class="afp-muted">
            Orders placed from ${day(range.from)} to ${day(range.to)}, refunds and cancellations deducted.
          </p>
          ${totals.length
            ? totals.map(totalsTable)
            : html`<p class="afp-muted">Nothing earned in these days yet.</p>`}
        </div>
        <div class="afp-card">
          <h2>Referred orders</h2>
          ${orders}
        </div>
      </section>
      ${props.payouts}
      <p class="afp-muted">
        Logged in{% if customer %} as {{ customer.email | escape }}{% endif %}.
        <a href="{{ routes.account_logout_url }}">Log out</a>
      </p>
      ${COPY_SCRIPT}`,
  );
}
