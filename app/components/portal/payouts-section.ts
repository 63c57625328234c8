// The portal's payouts: what the affiliate is owed (payable now, still in the holding period), the payouts
// made to them, and the form for their payout email (the address PayPal pays).
import { formatDate } from "~/format/dates";
import { formatMoney } from "~/format/money";
import type { PayoutEmailForm, PortalBalance, PortalPayoutsView } from "~/models/portal/views";
import { note } from "./frame";
import { html, type Markup } from "./markup";

export interface PayoutsSectionProps {
  payouts: PortalPayoutsView;
  pathPrefix: string;
  timeZone: string;
  formToken: string;
  /** The payout email form as it came back from a POST; null on a plain visit. */
  payoutEmailForm: PayoutEmailForm | null;
}

const METHOD_WORDS: Record<string, string> = {
  paypal: "PayPal",
  store_credit: "Store credit",
  gift_card: "Gift card",
  manual: "Bank transfer or other",
};

const STATUS_WORDS: Record<string, string> = {
  draft: "Being prepared",
  sent: "On its way",
  paid: "Paid",
};

function balanceLine(
  balance: PortalBalance,
  holding: Pick<PortalPayoutsView, "holdingDays" | "holdingFrom">,
): Markup {
  const payable = formatMoney(balance.payable, balance.currency);
  const held = formatMoney(balance.held, balance.currency);
  const owedBack = balance.payable.startsWith("-");
  return html`<div class="afp-stat">
      <span>Payable now (${balance.currency})</span><strong>${payable}</strong>
      <span class="afp-muted"
        >${balance.payableNow
          ? "Paid in the next payout"
          : owedBack
            ? "A refund after a payout: taken off your next payout"
            : balance.minimum
              ? `Paid once it reaches ${formatMoney(balance.minimum, balance.currency)}`
              : "Nothing to pay yet"}</span
      >
    </div>
    <div class="afp-stat">
      <span>In the holding period (${balance.currency})</span><strong>${held}</strong>
      <span class="afp-muted"
        >${holding.holdingDays > 0
          ? `Approved commissions become payable ${holding.holdingDays} days after ${holding.holdingFrom === "order" ? "their order" : "approval"}`
          : "No holding period"}</span
      >
    </div>`;
}

function payoutEmailForm(props: PayoutsSectionProps): Markup {
  const { payouts, payoutEmailForm: form } = props;
  const error = form && !form.saved ? form.error : null;
  const value = form && !form.saved ? form.value : (payouts.payoutEmail ?? "");
  return html`<form method="post" action="${props.pathPrefix}" class="afp-card" id="afp-payout-email">
    <h2>Payout email</h2>
    ${form?.saved ? note("Your payout email is saved.") : ""}
    <p>
      ${payouts.paysByPaypal
        ? html`PayPal payouts go to <strong>${payouts.paypalEmail ?? "—"}</strong>.`
        : "The shop does not pay by PayPal at the moment; this is the address it would pay."}
    </p>
    <input type="hidden" name="intent" value="payout-email" /><input
      type="hidden"
      name="form_token"
      value="${props.formToken}"
    />
    <div class="afp-row">
      <div class="afp-field${error ? " afp-invalid" : ""}">
        <label for="afp-payoutEmail">PayPal email</label>
        <span class="afp-help" id="afp-payoutEmail-help">Leave it empty to be paid at your own email.</span>
        <input
          id="afp-payoutEmail"
          type="email"
          name="payoutEmail"
          value="${value}"
          autocomplete="email"
          aria-describedby="afp-payoutEmail-help${error ? " afp-payoutEmail-error" : ""}"
          ${error ? html`aria-invalid="true"` : ""}
        />
        ${error ? html`<span class="afp-error" id="afp-payoutEmail-error">${error}</span>` : ""}
      </div>
      <button class="afp-button" type="submit">Save</button>
    </div>
  </form>`;
}

export function payoutsSection(props: PayoutsSectionProps): Markup {
  const { payouts, timeZone } = props;
  const list = payouts.payouts.length
    ? html`<div class="afp-scroll">
        <table class="afp-orders afp-payouts">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Payout</th>
              <th scope="col" class="afp-num">Amount</th>
              <th scope="col">Method</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            ${payouts.payouts.map(
              (payout) =>
                html`<tr>
                  <td data-label="Date">${formatDate(payout.date, { timeZone })}</td>
                  <td data-label="Payout">
                    ${payout.reference}${payout.paymentReference
                      ? html`<br /><span class="afp-muted">PayPal ${payout.paymentReference}</span>`
                      : ""}
                  </td>
                  <td data-label="Amount" class="afp-num">${formatMoney(payout.amount, payout.currency)}</td>
                  <td data-label="Method">${METHOD_WORDS[payout.method] ?? payout.method}</td>
                  <td data-label="Status">
                    <span class="afp-badge afp-badge--${payout.status === "paid" ? "paid" : "pending"}"
                      >${STATUS_WORDS[payout.status] ?? payout.status}</span
                    >
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`
    : html`<p class="afp-muted">No payouts yet.</p>`;
  return html`<section aria-labelledby="afp-payouts-title">
    <h2 id="afp-payouts-title">Your payouts</h2>
    <div class="afp-stats">
      ${payouts.balances.length
        ? payouts.balances.map((balance) => balanceLine(balance, payouts))
        : html`<div class="afp-stat">
            <span>Payable now</span><strong>—</strong><span class="afp-muted">Nothing owed yet</span>
          </div>`}
    </div>
    <div class="afp-card">
      <h2>Payouts made to you</h2>
      ${list}
    </div>
    ${payoutEmailForm(props)}
  </section>`;
}
