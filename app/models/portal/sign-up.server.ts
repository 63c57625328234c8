// Applying to the affiliate program through the sign-up form on the shop's domain (the app proxy).
//
// An application names the applicant, their email, the ref code they would like, where they promote, a payout
// email, and accepts the program's terms. The applicant is a store customer: the one logged in, else the
// customer Shopify has with that email (linked), else one created in Shopify — so they later log in to the
// portal with the store's own customer login. The affiliate is stored *pending* the merchant's decision
// (approved at once when the merchant chose so). The same email, ref code or customer twice says so and
// creates nothing; sign-ups are bounded per shop (stored, so every instance counts them) and per visitor.
import { createHash } from "node:crypto";
import { Prisma, type Affiliate, type PrismaClient } from "@prisma/client";
import { z } from "zod";
import { queryAdmin, ShopifyUnavailableError, type AdminGraphqlClient } from "~/graphql/client";
import {
  CUSTOMER_BY_EMAIL,
  type CustomerByEmailData,
  type CustomerByEmailVariables,
} from "~/graphql/customer-by-email";
import {
  CUSTOMER_CREATE,
  type CustomerCreateData,
  type CustomerCreateVariables,
} from "~/graphql/customer-create";
import { legacyId } from "~/graphql/ids";
import { fieldErrorsFromZod, formFlag } from "~/lib/forms";
import { RateLimiter } from "~/lib/rate-limit";
import { REF_CODE_PATTERN, affiliateLink } from "~/models/affiliates/affiliates.server";
import {
  affiliatePortalUrl,
  queueApplicationReceivedEmail,
  queueApprovalEmail,
} from "~/models/email/queue.server";
import type { PortalSettings } from "./settings.server";
import type { SignUpErrors, SignUpField, SignUpValues } from "./views";

export type { SignUpErrors, SignUpField, SignUpValues };

export const EMPTY_SIGN_UP: SignUpValues = {
  name: "",
  email: "",
  refCode: "",
  promotion: "",
  payoutEmail: "",
  terms: false,
};

/** A valid application. */
export interface SignUpInput {
  name: string;
  email: string;
  refCode: string;
  promotion: string;
  /** Where commissions are paid; the email when left empty. */
  payoutEmail: string;
}

/** At most this many applications a shop receives in an hour; the next ones are asked to come back later. */
export const SIGN_UPS_PER_SHOP_PER_HOUR = 50;
/** At most this many sign-up attempts from one visitor (their address, as Shopify forwards it) … */
export const SIGN_UP_ATTEMPTS_PER_VISITOR = 10;
/** … in this long. */
export const SIGN_UP_VISITOR_WINDOW_MS = 15 * 60_000;

const email = (required: string) =>
  z
    .string()
    .trim()
    .min(1, required)
    .max(254, "Use at most 254 characters")
    .refine((value) => z.string().email().safeParse(value).success, "Enter a valid email address");

/** The payout email PayPal pays: an address, or empty for the affiliate's own (sign-up and portal). */
export const payoutEmailField = z
  .string()
  .trim()
  .max(254, "Use at most 254 characters")
  .refine(
    (value) => value === "" || z.string().email().safeParse(value).success,
    "Enter a valid email address, or leave it empty to be paid at your email",
  );

const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(120, "Use at most 120 characters"),
  email: email("Enter your email address"),
  refCode: z
    .string()
    .trim()
    .min(1, "Choose the ref code for your link")
    .regex(REF_CODE_PATTERN, "Use 2 to 64 letters, digits, dashes (-) or underscores (_)"),
  promotion: z
    .string()
    .trim()
    .min(1, "Tell us where you will promote the shop")
    .max(500, "Use at most 500 characters"),
  payoutEmail: payoutEmailField,
  terms: z.literal(true, { errorMap: () => ({ message: "Accept the program's terms to apply" }) }),
});

/** The sign-up form's fields, as sent. */
export function signUpValues(values: Record<string, string>): SignUpValues {
  const text = (name: string) => (values[name] ?? "").slice(0, 2_000);
  return {
    name: text("name"),
    email: text("email"),
    refCode: text("refCode"),
    promotion: text("promotion"),
    payoutEmail: text("payoutEmail"),
    terms: formFlag(values.terms),
  };
}

export function parseSignUpForm(
  values: SignUpValues,
): { ok: true; input: SignUpInput } | { ok: false; errors: SignUpErrors } {
  const parsed = signUpSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod<SignUpField>(parsed.error) };
  const { name, email, refCode, promotion, payoutEmail } = parsed.data;
  return { ok: true, input: { name, email, refCode, promotion, payoutEmail: payoutEmail || email } };
}

/** Who a sign-up form is served to, as its form token names them (app/lib/form-token.server). */
export function formSubject(proxy: { shop: string; customerId: string | null }): string {
  return `${proxy.shop}|${proxy.customerId ?? ""}`;
}

/** The most a sign-up form's body may hold. */
export const MAX_SIGN_UP_BYTES = 16 * 1024;

const visitorAttempts = new RateLimiter({
  limit: SIGN_UP_ATTEMPTS_PER_VISITOR,
  windowMs: SIGN_UP_VISITOR_WINDOW_MS,
});

/**
 * Counts a sign-up attempt of a visitor (the first address of `X-Forwarded-For`, as Shopify forwards it;
 * kept only hashed, in memory); false when they made too many lately.
 */
export function takeSignUpAttempt(shop: string, forwardedFor: string | null, now = Date.now()): boolean {
  const address = (forwardedFor ?? "").split(",")[0].trim() || "unknown";
  const key = createHash("sha256").update(`${shop}|${address}`).digest("base64url");
  return visitorAttempts.take(key, now);
}

export type SignUpResult =
  | { ok: true; affiliate: Affiliate; customerCreated: boolean }
  /** Something to correct, next to its field (a duplicate email or ref code included); nothing was stored. */
  | { ok: false; reason: "invalid"; errors: SignUpErrors }
  | { ok: false; reason: "closed" | "busy" }
  /** Shopify could not be asked (no stored session, or it did not answer); nothing was stored. */
  | { ok: false; reason: "unavailable"; message: string };

export interface SignUpContext {
  settings: PortalSettings;
  /** The store customer logged in on the storefront, who applies as themselves; null for a visitor. */
  customerId: string | null;
  /** Where the shop serves the portal (the signed `path_prefix`), for the links the approval email gives. */
  pathPrefix: string;
  /** The shop's Admin API; null when the shop has no stored session (uninstalled). */
  graphql: AdminGraphqlClient | null;
  now?: Date;
}

/** Applies to the program. See the module's header. */
export async function applyToProgram(
  db: PrismaClient,
  shop: string,
  input: SignUpInput,
  context: SignUpContext,
): Promise<SignUpResult> {
  const now = context.now ?? new Date();
  if (!context.settings.signUpOpen) return { ok: false, reason: "closed" };

  const duplicate = await duplicateErrors(db, shop, input, context.customerId);
  if (duplicate) return { ok: false, reason: "invalid", errors: duplicate };

  const recent = await db.affiliate.count({
    where: { shop, appliedAt: { not: null }, createdAt: { gte: new Date(now.getTime() - 3_600_000) } },
  });
  if (recent >= SIGN_UPS_PER_SHOP_PER_HOUR) return { ok: false, reason: "busy" };

  let customer: { id: string; created: boolean };
  if (context.customerId) {
    customer = { id: context.customerId, created: false };
  } else {
    if (!context.graphql) {
      return { ok: false, reason: "unavailable", message: "The shop cannot take applications right now." };
    }
    try {
      const found = await storeCustomerFor(context.graphql, input);
      if (!found.ok) return { ok: false, reason: "invalid", errors: found.errors };
      customer = found;
    } catch (error) {
      if (!(error instanceof ShopifyUnavailableError)) throw error;
      return {
        ok: false,
        reason: "unavailable",
        message: "The shop could not be reached. Please try again.",
      };
    }
    // The email may belong to a customer who is an affiliate under another email.
    const holder = await db.affiliate.findUnique({
      where: { shop_customerId: { shop, customerId: customer.id } },
      select: { id: true },
    });
    if (holder) return { ok: false, reason: "invalid", errors: { email: ALREADY_APPLIED } };
  }

  const approved = context.settings.autoApprove;
  try {
    const affiliate = await db.$transaction(async (tx) => {
      const created = await tx.affiliate.create({
        data: {
          shop,
          name: input.name,
          email: input.email,
          refCode: input.refCode,
          refCodeKey: input.refCode.toLowerCase(),
          customerId: customer.id,
          active: true,
          applicationStatus: approved ? "approved" : "pending",
          appliedAt: now,
          promotion: input.promotion,
          payoutEmail: input.payoutEmail,
          termsAcceptedAt: now,
          decidedAt: approved ? now : null,
          createdAt: now,
        },
      });
      // The applicant hears back: received, or approved at once with their links.
      if (approved) {
        await queueApprovalEmail(tx, shop, created, {
          referralLink: affiliateLink(shop, created.refCode),
          portalUrl: affiliatePortalUrl(shop, context.pathPrefix),
          welcomeMessage: context.settings.welcomeMessage,
        });
      } else {
        await queueApplicationReceivedEmail(tx, shop, created);
      }
      return created;
    });
    return { ok: true, affiliate, customerCreated: customer.created };
  } catch (error) {
    // Two applications at once: the other one stored the same ref code, customer or email first.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const again = await duplicateErrors(db, shop, input, customer.id);
      return { ok: false, reason: "invalid", errors: again ?? { email: ALREADY_APPLIED } };
    }
    throw error;
  }
}

const ALREADY_APPLIED = "An application with this email was already received";

/**
 * The sign-up form checked whole: its fields, and whether an affiliate of the shop already holds its email
 * or ref code (when well formed) or the logged-in customer, so one submit shows every error.
 * `applyToProgram` checks a valid form's duplicates itself, inside the sign-up.
 */
export async function checkSignUpForm(
  db: PrismaClient,
  shop: string,
  values: SignUpValues,
  customerId: string | null,
): Promise<ReturnType<typeof parseSignUpForm>> {
  const parsed = parseSignUpForm(values);
  if (parsed.ok) return parsed;
  const duplicate = await duplicateErrors(
    db,
    shop,
    {
      email: parsed.errors.email ? null : values.email.trim(),
      refCode: parsed.errors.refCode ? null : values.refCode.trim(),
    },
    customerId,
  );
  return { ok: false, errors: { ...parsed.errors, ...duplicate } };
}

/** The fields an existing affiliate of the shop already holds: its email, ref code or store customer. */
async function duplicateErrors(
  db: PrismaClient,
  shop: string,
  input: { email: string | null; refCode: string | null },
  customerId: string | null,
): Promise<SignUpErrors | null> {
  const [byEmail, byRefCode, byCustomer] = await Promise.all([
    // Emails compare without letter case; lower() reads the same on SQLite and PostgreSQL.
    input.email
      ? db.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "Affiliate" WHERE "shop" = ${shop} AND lower("email") = lower(${input.email}) LIMIT 1`
      : [],
    input.refCode
      ? db.affiliate.findUnique({
          where: { shop_refCodeKey: { shop, refCodeKey: input.refCode.toLowerCase() } },
          select: { id: true },
        })
      : null,
    customerId
      ? db.affiliate.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { id: true } })
      : null,
  ]);
  const errors: SignUpErrors = {};
  if (byEmail.length > 0 || byCustomer) errors.email = ALREADY_APPLIED;
  if (byRefCode) errors.refCode = `The ref code ${input.refCode} is taken: choose another`;
  return Object.keys(errors).length > 0 ? errors : null;
}

/** "Ann Lee" → Ann / Lee; a single word is the first name. */
function splitName(name: string): { firstName: string; lastName?: string } {
  const [firstName, ...rest] = name.trim().split(/\s+/);
  return rest.length > 0 ? { firstName, lastName: rest.join(" ") } : { firstName };
}

/**
 * The store customer who applies: Shopify's customer with this email, else one created for them. A
 * concurrent sign-up may create it between the two: Shopify then refuses the email as taken, and the
 * customer is looked up again. Shopify's other refusals are shown next to the field they name.
 */
async function storeCustomerFor(
  graphql: AdminGraphqlClient,
  input: SignUpInput,
): Promise<{ ok: true; id: string; created: boolean } | { ok: false; errors: SignUpErrors }> {
  const lookUp = async () => {
    const variables: CustomerByEmailVariables = { email: input.email };
    const data = await queryAdmin<CustomerByEmailData>(graphql, CUSTOMER_BY_EMAIL, { ...variables });
    return data.customerByIdentifier ? legacyId(data.customerByIdentifier.id, "Customer") : null;
  };
  const existing = await lookUp();
  if (existing) return { ok: true, id: existing, created: false };

  const variables: CustomerCreateVariables = { input: { email: input.email, ...splitName(input.name) } };
  const data = await queryAdmin<CustomerCreateData>(graphql, CUSTOMER_CREATE, { ...variables });
  const payload = data.customerCreate;
  if (payload?.customer) return { ok: true, id: legacyId(payload.customer.id, "Customer"), created: true };
  const userErrors = payload?.userErrors ?? [];
  if (userErrors.some((error) => error.field?.includes("email") && /taken/i.test(error.message))) {
    const raced = await lookUp();
    if (raced) return { ok: true, id: raced, created: false };
  }
  if (userErrors.length === 0)
    throw new ShopifyUnavailableError("customerCreate answered no customer and no error");
  const errors: SignUpErrors = {};
  for (const error of userErrors) {
    const names = error.field ?? [];
    const field: SignUpField | "form" = names.includes("email")
      ? "email"
      : names.some((name) => /name/i.test(name))
        ? "name"
        : "form";
    errors[field] = errors[field] ? `${errors[field]}. ${error.message}` : error.message;
  }
  return { ok: false, errors };
}
