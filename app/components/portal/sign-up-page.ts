// The sign-up form, and what an applicant sees before the merchant decides.
import { formatDate } from "~/format/dates";
import type { SignUpErrors, SignUpValues } from "~/models/portal/views";
import { frame, loginLink, note } from "./frame";
import { html, type Markup } from "./markup";

export interface SignUpPageProps {
  pathPrefix: string;
  /** A store customer is logged in (the application is theirs). */
  loggedIn: boolean;
  terms: string;
  values: SignUpValues;
  errors: SignUpErrors;
  formToken: string;
  /** A problem that belongs to no field: too many sign-ups, Shopify unreachable, an expired form. */
  formError?: string | null;
}

function field(
  props: SignUpPageProps,
  name: "name" | "email" | "refCode" | "promotion" | "payoutEmail",
  label: string,
  input: {
    type?: "text" | "email";
    help?: string;
    autocomplete?: string;
    multiline?: boolean;
    prefill?: Markup;
  },
): Markup {
  const error = props.errors[name];
  const id = `afp-${name}`;
  // After a refused submit, the first field in error takes the focus (and a screen reader reads its error).
  const focus = firstInvalid(props.errors) === name ? html` autofocus` : "";
  const described = [input.help ? `${id}-help` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  const value = props.values[name] ? html`${props.values[name]}` : (input.prefill ?? "");
  const aria = html`${described ? html` aria-describedby="${described}"` : ""}${error
    ? html` aria-invalid="true"`
    : ""}${focus}`;
  const control = input.multiline
    ? html`<textarea id="${id}" name="${name}" maxlength="500" ${aria}>${value}</textarea>`
    : html`<input
        id="${id}"
        type="${input.type ?? "text"}"
        name="${name}"
        value="${value}"
        autocomplete="${input.autocomplete ?? "off"}"
        ${aria}
      />`;
  return html`<div class="afp-field${error ? " afp-invalid" : ""}">
    <label for="${id}">${label}</label>
    ${input.help ? html`<span class="afp-help" id="${id}-help">${input.help}</span>` : ""} ${control}
    ${error ? html`<span class="afp-error" id="${id}-error">${error}</span>` : ""}
  </div>`;
}

const FIELD_ORDER = ["name", "email", "refCode", "promotion", "payoutEmail", "terms"] as const;

/** The first field of the form, top to bottom, with an error. */
function firstInvalid(errors: SignUpErrors): (typeof FIELD_ORDER)[number] | undefined {
  return FIELD_ORDER.find((name) => errors[name]);
}

/** The application form, with what was typed and the errors next to their fields when it comes back. */
export function signUpPage(props: SignUpPageProps): Markup {
  const termsError = props.errors.terms;
  const formError = props.formError ?? props.errors.form;
  const errorCount = Object.keys(props.errors).length;
  return frame(
    html` <h1>Join the {{ shop.name }} affiliate program</h1>
      <p class="afp-lead">
        Share {{ shop.name }} with your audience and earn a commission on every order you refer. Apply below:
        you will hear from us by email once your application is reviewed.
      </p>
      ${formError
        ? note(formError, "error")
        : errorCount > 0
          ? note("Please correct the fields marked below.", "error")
          : ""}
      ${props.loggedIn
        ? html`<p>
            You are logged in{% if customer %} as {{ customer.email | escape }}{% endif %}: your application
            will be linked to this account, and you will see your portal here.
          </p>`
        : html`<p>Already an affiliate? ${loginLink(props.pathPrefix, "Log in")} to see your portal.</p>`}
      <form method="post" class="afp-card" novalidate action="${props.pathPrefix}/apply">
        <input type="hidden" name="form_token" value="${props.formToken}" />
        ${field(props, "name", "Your name", {
          autocomplete: "name",
          prefill: props.loggedIn
            ? html`{% if customer %}{{ customer.name | escape }}{% endif %}`
            : undefined,
        })}
        ${field(props, "email", "Email", {
          type: "email",
          autocomplete: "email",
          help: props.loggedIn
            ? "Where we write to you about your application and commissions."
            : "We create your customer account with it, or link the one you have: you log in with it to see your portal.",
          prefill: props.loggedIn
            ? html`{% if customer %}{{ customer.email | escape }}{% endif %}`
            : undefined,
        })}
        ${field(props, "refCode", "Your ref code", {
          help: "Your link will end in ?ref= and this code: 2 to 64 letters, digits, dashes or underscores.",
        })}
        ${field(props, "promotion", "Where will you promote us?", {
          multiline: true,
          help: "Your blog, channel, social accounts or community, with links.",
        })}
        ${field(props, "payoutEmail", "Payout email (optional)", {
          type: "email",
          help: "Where your commissions are paid, e.g. your PayPal address. Leave empty to use your email.",
        })}
        <div class="afp-field${termsError ? " afp-invalid" : ""}">
          <h2>The program's terms</h2>
          <div class="afp-terms" tabindex="0">${props.terms}</div>
          <label class="afp-check" for="afp-terms"
            ><input
              id="afp-terms"
              type="checkbox"
              name="terms"
              value="true"
              ${props.values.terms ? html` checked` : ""}${termsError
                ? html` aria-invalid="true" aria-describedby="afp-terms-error"`
                : ""}${firstInvalid(props.errors) === "terms" ? html` autofocus` : ""}
            />
            <span>I have read and accept the program's terms</span></label
          >
          ${termsError ? html`<span class="afp-error" id="afp-terms-error">${termsError}</span>` : ""}
        </div>
        <button class="afp-button" type="submit">Apply</button>
      </form>`,
  );
}

/** Sign-up is closed: existing affiliates can still log in. */
export function signUpClosedPage(props: { pathPrefix: string; loggedIn: boolean }): Markup {
  return frame(
    html` <h1>The {{ shop.name }} affiliate program</h1>
      <p class="afp-lead">The program is not taking applications right now. Please check back later.</p>
      ${props.loggedIn
        ? ""
        : html`<p>Already an affiliate? ${loginLink(props.pathPrefix, "Log in")} to see your portal.</p>`}`,
  );
}

/** After a successful application. */
export function applicationReceivedPage(props: {
  pathPrefix: string;
  name: string;
  email: string;
  approved: boolean;
  loggedIn: boolean;
}): Markup {
  const next = props.loggedIn
    ? html`<p>
        <a class="afp-button" href="${props.pathPrefix}"
          >${props.approved ? "Open your portal" : "See your application"}</a
        >
      </p>`
    : html`<p>
        ${loginLink(props.pathPrefix, `Log in with ${props.email}`)} to
        ${props.approved ? "open your portal" : "see where your application stands"}.
      </p>`;
  return frame(
    html` <h1>${props.approved ? `Welcome aboard, ${props.name}!` : `Thank you, ${props.name}!`}</h1>
      <p class="afp-lead">
        ${props.approved
          ? "Your application is approved: your affiliate link and your numbers are in your portal."
          : html`Your application to the {{ shop.name }} affiliate program was received. We will write to
            ${props.email} once it has been reviewed.`}
      </p>
      ${next}`,
  );
}

/** A logged-in applicant whose application waits for the merchant. */
export function pendingPage(props: {
  name: string;
  appliedAt: string | null;
  refCode: string;
  timeZone: string;
}): Markup {
  return frame(
    html` <h1>Your application is being reviewed</h1>
      <p class="afp-lead">
        Thank you, ${props.name}. You applied to the {{ shop.name }} affiliate
        program${props.appliedAt ? ` on ${formatDate(props.appliedAt, { timeZone: props.timeZone })}` : ""},
        with the ref code <strong>${props.refCode}</strong>.
      </p>
      <div class="afp-card">
        <p><span class="afp-badge afp-badge--pending">Pending</span></p>
        <p>
          We will email you when it has been reviewed. Your affiliate link and your numbers will be here once
          you are approved.
        </p>
      </div>`,
  );
}

/** A logged-in applicant the merchant declined. */
export function declinedPage(props: {
  name: string;
  decidedAt: string | null;
  reason: string | null;
  timeZone: string;
}): Markup {
  return frame(
    html` <h1>Your application was not accepted</h1>
      <p class="afp-lead">
        Thank you for your interest, ${props.name}. Your application to the {{ shop.name }} affiliate program
        was
        declined${props.decidedAt ? ` on ${formatDate(props.decidedAt, { timeZone: props.timeZone })}` : ""}.
      </p>
      <div class="afp-card">
        <p><span class="afp-badge afp-badge--declined">Declined</span></p>
        ${props.reason
          ? html`<p><strong>The shop's reason:</strong></p>
              <p style="white-space:pre-wrap">${props.reason}</p>`
          : html`<p>The shop gave no reason.</p>`}
      </div>`,
  );
}

/** A proxy path the app does not serve. */
export function notFoundPage(props: { pathPrefix: string }): Markup {
  return frame(
    html` <h1>Page not found</h1>
      <p class="afp-lead">
        There is nothing here. The affiliate program is at <a href="${props.pathPrefix}">its own page</a>.
      </p>`,
  );
}

/** Too many requests from here, or Shopify could not be reached: come back later. */
export function unavailablePage(props: { message: string }): Markup {
  return frame(
    html` <h1>Please try again later</h1>
      <p class="afp-lead">${props.message}</p>`,
  );
}
