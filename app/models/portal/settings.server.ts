// The merchant's settings for the affiliate's side: whether the sign-up form takes applications, whether they
// are approved as they arrive, the program's terms, the welcome message, and whether affiliates see their
// referred customers' emails (masked). Also the proxy path Shopify last signed for the shop, so links sent
// from the admin (the approval email) point where the shop serves the portal.
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { DEFAULT_PATH_PREFIX } from "~/lib/app-proxy.server";
import { fieldErrorsFromZod, formFlag, type FieldErrors } from "~/lib/forms";
import type { PortalSettingsField, PortalSettingsForm } from "./views";

export type { PortalSettingsField, PortalSettingsForm };

export const MAX_TERMS_LENGTH = 20_000;
export const MAX_WELCOME_LENGTH = 2_000;

export interface PortalSettings {
  signUpOpen: boolean;
  autoApprove: boolean;
  terms: string;
  welcomeMessage: string;
  showCustomerEmails: boolean;
}

/** A shop that never saved these settings: sign-up closed until the merchant opens it. */
export const DEFAULT_PORTAL_SETTINGS: PortalSettings = {
  signUpOpen: false,
  autoApprove: false,
  terms: "",
  welcomeMessage: "",
  showCustomerEmails: false,
};

export async function getPortalSettings(db: PrismaClient, shop: string): Promise<PortalSettings> {
  const row = await db.portalSettings.findUnique({ where: { shop } });
  if (!row) return { ...DEFAULT_PORTAL_SETTINGS };
  return {
    signUpOpen: row.signUpOpen,
    autoApprove: row.autoApprove,
    terms: row.terms,
    welcomeMessage: row.welcomeMessage,
    showCustomerEmails: row.showCustomerEmails,
  };
}

export async function savePortalSettings(
  db: PrismaClient,
  shop: string,
  settings: PortalSettings,
): Promise<void> {
  await db.portalSettings.upsert({ where: { shop }, create: { shop, ...settings }, update: settings });
}

export function portalSettingsToForm(settings: PortalSettings): PortalSettingsForm {
  return {
    "portal.signUpOpen": String(settings.signUpOpen),
    "portal.autoApprove": String(settings.autoApprove),
    "portal.terms": settings.terms,
    "portal.welcomeMessage": settings.welcomeMessage,
    "portal.showCustomerEmails": String(settings.showCustomerEmails),
  };
}

/** Text typed into a textarea: line ends made `\n`, trailing spaces of the whole trimmed. */
function multiline(value: string | undefined): string {
  return (value ?? "").replace(/\r\n?/g, "\n").trim();
}

const portalSettingsSchema = z
  .object({
    signUpOpen: z.boolean(),
    autoApprove: z.boolean(),
    terms: z
      .string()
      .max(MAX_TERMS_LENGTH, `Use at most ${MAX_TERMS_LENGTH.toLocaleString("en-US")} characters`),
    welcomeMessage: z
      .string()
      .max(MAX_WELCOME_LENGTH, `Use at most ${MAX_WELCOME_LENGTH.toLocaleString("en-US")} characters`),
    showCustomerEmails: z.boolean(),
  })
  .superRefine((settings, ctx) => {
    if (settings.signUpOpen && settings.terms === "") {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["terms"],
        message: "Write the program's terms: applicants accept them when they sign up",
      });
    }
  });

/** Validates the settings form; errors are keyed by the form's field names. */
export function parsePortalSettingsForm(
  values: Record<string, string>,
): { ok: true; settings: PortalSettings } | { ok: false; errors: FieldErrors<PortalSettingsField> } {
  const parsed = portalSettingsSchema.safeParse({
    signUpOpen: formFlag(values["portal.signUpOpen"]),
    autoApprove: formFlag(values["portal.autoApprove"]),
    terms: multiline(values["portal.terms"]),
    welcomeMessage: multiline(values["portal.welcomeMessage"]),
    showCustomerEmails: formFlag(values["portal.showCustomerEmails"]),
  });
  if (parsed.success) return { ok: true, settings: parsed.data };
  const errors: FieldErrors<PortalSettingsField> = {};
  for (const [field, message] of Object.entries(fieldErrorsFromZod(parsed.error))) {
    errors[`portal.${field}` as PortalSettingsField] = message;
  }
  return { ok: false, errors };
}

// The proxy path last seen per shop in this process, so a shop's every proxy request does not write.
const knownPathPrefixes = new Map<string, string>();

/**
 * Remembers the proxy path Shopify signed for the shop (the merchant can rename it per shop), for links
 * made outside a proxy request. Writes only when it changed.
 */
export async function rememberProxyPath(db: PrismaClient, shop: string, pathPrefix: string): Promise<void> {
  if (knownPathPrefixes.get(shop) === pathPrefix) return;
  await db.portalSettings.upsert({
    where: { shop },
    create: { shop, proxyPathPrefix: pathPrefix },
    update: { proxyPathPrefix: pathPrefix },
  });
  knownPathPrefixes.set(shop, pathPrefix);
}

/** Where the shop serves the portal: the proxy path Shopify last signed for it, else the default. */
export async function proxyPathOf(db: PrismaClient, shop: string): Promise<string> {
  const row = await db.portalSettings.findUnique({ where: { shop }, select: { proxyPathPrefix: true } });
  return row?.proxyPathPrefix ?? DEFAULT_PATH_PREFIX;
}
