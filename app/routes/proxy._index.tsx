// GET {path_prefix} (Shopify's app proxy: https://{shop}/apps/affiliates → /proxy): the affiliate's side of
// the program on the shop's own domain, answered as Liquid inside the shop's theme. Who asks is the store
// customer Shopify signs in `logged_in_customer_id`: an approved affiliate sees their portal (their own
// numbers only), a pending or declined applicant where they stand, anyone else the sign-up form.
// POST {path_prefix} (intent payout-email): the approved affiliate sets their payout email, with a form token
// made for the same shop and customer; the portal comes back with "saved" or the error next to the field.
import type { Affiliate } from "@prisma/client";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { authenticateAppProxy } from "~/lib/app-proxy.server";
import { FormTooLargeError, readBoundedForm } from "~/lib/bounded-form.server";
import { isValidFormToken, issueFormToken } from "~/lib/form-token.server";
import { authenticate } from "~/shopify.server";
import {
  getPortalView,
  affiliatePath,
  findPortalAffiliate,
  parseDayRange,
  today,
} from "~/models/portal/portal.server";
import { getPortalPayouts, savePayoutEmail } from "~/models/portal/payouts.server";
import { getPortalSettings, rememberProxyPath, type PortalSettings } from "~/models/portal/settings.server";
import { EMPTY_SIGN_UP, formSubject } from "~/models/portal/sign-up.server";
import { PRIVATE_PAGE, type PayoutEmailForm } from "~/models/portal/views";
import { getShopProfile } from "~/models/shop/profile.server";
import type { AppProxyContext } from "~/lib/app-proxy.server";
import { payoutsSection } from "~/components/portal/payouts-section";
import { parsePage } from "~/lib/pagination";
import { portalPage } from "~/components/portal/portal-page";
import {
  declinedPage,
  pendingPage,
  signUpClosedPage,
  signUpPage,
  unavailablePage,
} from "~/components/portal/sign-up-page";
import type { Markup } from "~/components/portal/markup";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { proxy, liquid } = await authenticateAppProxy(request, authenticate.public.appProxy);
  await rememberProxyPath(prisma, proxy.shop, proxy.pathPrefix);
  const [settings, affiliate, { timeZone }] = await Promise.all([
    getPortalSettings(prisma, proxy.shop),
    proxy.customerId ? findPortalAffiliate(prisma, proxy.shop, proxy.customerId) : null,
    getShopProfile(prisma, proxy.shop),
  ]);
  const params = new URL(request.url).searchParams;
  let page: Markup;
  if (!affiliate) {
    page = settings.signUpOpen
      ? signUpPage({
          pathPrefix: proxy.pathPrefix,
          loggedIn: proxy.customerId !== null,
          terms: settings.terms,
          values: EMPTY_SIGN_UP,
          errors: {},
          formToken: issueFormToken(process.env.SHOPIFY_API_SECRET ?? "", formSubject(proxy)),
        })
      : signUpClosedPage({ pathPrefix: proxy.pathPrefix, loggedIn: proxy.customerId !== null });
  } else if (affiliate.applicationStatus === "pending") {
    page = pendingPage({
      name: affiliate.name,
      appliedAt: affiliate.appliedAt?.toISOString() ?? null,
      refCode: affiliate.refCode,
      timeZone,
    });
  } else if (affiliate.applicationStatus === "declined") {
    page = declinedPage({
      name: affiliate.name,
      decidedAt: affiliate.decidedAt?.toISOString() ?? null,
      reason: affiliate.declineReason,
      timeZone,
    });
  } else {
    page = await approvedPortal(affiliate, proxy, params, settings, timeZone, null);
  }
  return liquid(page.text, { headers: PRIVATE_PAGE });
};

/** The approved affiliate's portal: their numbers, and their payouts with the payout email form. */
async function approvedPortal(
  affiliate: Affiliate,
  proxy: AppProxyContext,
  params: URLSearchParams,
  settings: PortalSettings,
  timeZone: string,
  payoutEmailForm: PayoutEmailForm | null,
): Promise<Markup> {
  const [view, payouts] = await Promise.all([
    getPortalView(prisma, affiliate, {
      range: parseDayRange(params, today(timeZone)),
      timeZone,
      page: parsePage(params.get("page")),
      showCustomerEmails: settings.showCustomerEmails,
    }),
    getPortalPayouts(prisma, affiliate),
  ]);
  const linkTo = params.get("link_to");
  return portalPage({
    view,
    pathPrefix: proxy.pathPrefix,
    timeZone,
    welcomeMessage: settings.welcomeMessage,
    built:
      linkTo === null
        ? null
        : { input: linkTo.slice(0, 500), path: affiliatePath(linkTo, affiliate.refCode) },
    payouts: payoutsSection({
      payouts,
      pathPrefix: proxy.pathPrefix,
      timeZone,
      formToken: issueFormToken(process.env.SHOPIFY_API_SECRET ?? "", formSubject(proxy)),
      payoutEmailForm,
    }),
  });
}

/** The most the payout email form's body may hold. */
const MAX_PAYOUT_EMAIL_BYTES = 4 * 1024;

export const action = async ({ request }: ActionFunctionArgs) => {
  const { proxy, liquid } = await authenticateAppProxy(request, authenticate.public.appProxy);
  const answer = (page: Markup, status = 200) => liquid(page.text, { status, headers: PRIVATE_PAGE });
  const customerId = proxy.customerId;
  const affiliate = customerId ? await findPortalAffiliate(prisma, proxy.shop, customerId) : null;
  if (!customerId || !affiliate || affiliate.applicationStatus !== "approved") {
    return answer(
      unavailablePage({ message: "Only the program's affiliates can change their payout email." }),
      403,
    );
  }
  let fields: Record<string, string>;
  try {
    fields = await readBoundedForm(request, MAX_PAYOUT_EMAIL_BYTES);
  } catch (error) {
    if (!(error instanceof FormTooLargeError)) throw error;
    return answer(unavailablePage({ message: "The form was too long to read." }), 413);
  }
  await rememberProxyPath(prisma, proxy.shop, proxy.pathPrefix);
  const [settings, { timeZone }] = await Promise.all([
    getPortalSettings(prisma, proxy.shop),
    getShopProfile(prisma, proxy.shop),
  ]);
  const typed = fields.payoutEmail ?? "";
  let form: PayoutEmailForm;
  if (fields.intent !== "payout-email") {
    form = { saved: false, value: typed, error: "Unknown form" };
  } else if (!isValidFormToken(process.env.SHOPIFY_API_SECRET ?? "", formSubject(proxy), fields.form_token)) {
    form = {
      saved: false,
      value: typed,
      error: "This form has expired. Check the address and save it again.",
    };
  } else {
    form = await savePayoutEmail(prisma, affiliate, typed);
  }
  const current = form.saved ? await findPortalAffiliate(prisma, proxy.shop, customerId) : affiliate;
  return answer(
    await approvedPortal(
      current ?? affiliate,
      proxy,
      new URL(request.url).searchParams,
      settings,
      timeZone,
      form,
    ),
  );
};
