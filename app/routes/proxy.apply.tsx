// POST {path_prefix}/apply (through Shopify's app proxy): the sign-up form. The form must carry a token this
// app made for the same shop and customer (no cookie reaches the app to bind a CSRF token to); attempts are
// bounded per visitor and applications per shop. Errors go back next to their fields, nothing stored.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { authenticateAppProxy } from "~/lib/app-proxy.server";
import { FormTooLargeError, readBoundedForm } from "~/lib/bounded-form.server";
import { isValidFormToken, issueFormToken } from "~/lib/form-token.server";
import { authenticate } from "~/shopify.server";
import { getPortalSettings, rememberProxyPath } from "~/models/portal/settings.server";
import {
  MAX_SIGN_UP_BYTES,
  applyToProgram,
  formSubject,
  checkSignUpForm,
  signUpValues,
  takeSignUpAttempt,
} from "~/models/portal/sign-up.server";
import { PRIVATE_PAGE } from "~/models/portal/views";
import {
  applicationReceivedPage,
  signUpClosedPage,
  signUpPage,
  unavailablePage,
} from "~/components/portal/sign-up-page";

/** A GET of the form's address (a reload after sending it): the program's page. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { proxy } = await authenticateAppProxy(request, authenticate.public.appProxy);
  return new Response(null, { status: 303, headers: { Location: proxy.pathPrefix, ...PRIVATE_PAGE } });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { proxy, liquid, admin } = await authenticateAppProxy(request, authenticate.public.appProxy);
  const answer = (page: { text: string }) => liquid(page.text, { headers: PRIVATE_PAGE });
  const secret = process.env.SHOPIFY_API_SECRET ?? "";
  const subject = formSubject(proxy);
  const loggedIn = proxy.customerId !== null;

  if (!takeSignUpAttempt(proxy.shop, request.headers.get("X-Forwarded-For"))) {
    return answer(
      unavailablePage({
        message: "Too many applications were sent from here lately. Please try again in a few minutes.",
      }),
    );
  }
  let fields: Record<string, string>;
  try {
    fields = await readBoundedForm(request, MAX_SIGN_UP_BYTES);
  } catch (error) {
    if (!(error instanceof FormTooLargeError)) throw error;
    return answer(
      unavailablePage({
        message: "The application was too long to read. Please shorten it and send it again.",
      }),
    );
  }
  await rememberProxyPath(prisma, proxy.shop, proxy.pathPrefix);
  const settings = await getPortalSettings(prisma, proxy.shop);
  if (!settings.signUpOpen) return answer(signUpClosedPage({ pathPrefix: proxy.pathPrefix, loggedIn }));

  const values = signUpValues(fields);
  const form = (errors: Parameters<typeof signUpPage>[0]["errors"], formError?: string) =>
    answer(
      signUpPage({
        pathPrefix: proxy.pathPrefix,
        loggedIn,
        terms: settings.terms,
        values,
        errors,
        formError,
        formToken: issueFormToken(secret, subject),
      }),
    );
  if (!isValidFormToken(secret, subject, fields.form_token)) {
    return form({}, "This form has expired. Check your answers and send it again.");
  }
  const parsed = await checkSignUpForm(prisma, proxy.shop, values, proxy.customerId);
  if (!parsed.ok) return form(parsed.errors);

  const result = await applyToProgram(prisma, proxy.shop, parsed.input, {
    settings,
    customerId: proxy.customerId,
    pathPrefix: proxy.pathPrefix,
    graphql: admin ? admin.graphql : null,
  });
  if (result.ok) {
    return answer(
      applicationReceivedPage({
        pathPrefix: proxy.pathPrefix,
        name: result.affiliate.name,
        email: parsed.input.email,
        approved: result.affiliate.applicationStatus === "approved",
        loggedIn,
      }),
    );
  }
  switch (result.reason) {
    case "invalid":
      return form(result.errors);
    case "closed":
      return answer(signUpClosedPage({ pathPrefix: proxy.pathPrefix, loggedIn }));
    case "busy":
      return answer(
        unavailablePage({
          message: "The program received many applications in the last hour. Please try again later.",
        }),
      );
    case "unavailable":
      return answer(unavailablePage({ message: result.message }));
  }
};
