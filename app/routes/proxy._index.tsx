// GET {path_prefix} (Shopify's app proxy: https://{shop}/apps/affiliates → /proxy): the affiliate's side of
// the program on the shop's own domain, answered as Liquid inside the shop's theme. Who asks is the store
// customer Shopify signs in `logged_in_customer_id`: an approved affiliate sees their portal (their own
// numbers only), a pending or declined applicant where they stand, anyone else the sign-up form.
import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { authenticateAppProxy } from "~/lib/app-proxy.server";
import { issueFormToken } from "~/lib/form-token.server";
import { authenticate } from "~/shopify.server";
import {
  getPortalView,
  affiliatePath,
  findPortalAffiliate,
  parseDayRange,
  today,
} from "~/models/portal/portal.server";
import { getPortalSettings, rememberProxyPath } from "~/models/portal/settings.server";
import { EMPTY_SIGN_UP, formSubject } from "~/models/portal/sign-up.server";
import { PRIVATE_PAGE } from "~/models/portal/views";
import { getShopProfile } from "~/models/shop/profile.server";
import { parsePage } from "~/lib/pagination";
import { portalPage } from "~/components/portal/portal-page";
import { declinedPage, pendingPage, signUpClosedPage, signUpPage } from "~/components/portal/sign-up-page";
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
    const view = await getPortalView(prisma, affiliate, {
      range: parseDayRange(params, today(timeZone)),
      timeZone,
      page: parsePage(params.get("page")),
      showCustomerEmails: settings.showCustomerEmails,
    });
    const linkTo = params.get("link_to");
    page = portalPage({
      view,
      pathPrefix: proxy.pathPrefix,
      timeZone,
      welcomeMessage: settings.welcomeMessage,
      built:
        linkTo === null
          ? null
          : { input: linkTo.slice(0, 500), path: affiliatePath(linkTo, affiliate.refCode) },
    });
  }
  return liquid(page.text, { headers: PRIVATE_PAGE });
};
