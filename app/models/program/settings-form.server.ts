// The Settings screen's form: every field of the engine's `program` plus the settings around it, as a
// flat map of input name → string. Input names are the dotted zod paths of `programSchema`, so an
// issue's path names the field it belongs to.
import { z } from "zod";
import {
  DEFAULT_COOKIE_WINDOW_DAYS,
  programSchema,
  type Program,
  type ProgramSettingsView,
} from "./program.server";
import { COOKIE_WINDOW_DAYS_MAX, COOKIE_WINDOW_DAYS_MIN } from "~/models/storefront/cookie-window.server";
import { fieldErrorsFromZod, type FieldErrors } from "~/lib/forms";

export type SettingsForm = Record<SettingsField, string>;

export const SETTINGS_FIELDS = [
  "defaultRate.kind",
  "defaultRate.value",
  "newCustomer.enabled",
  "newCustomer.rate.kind",
  "newCustomer.rate.value",
  "couponCommission.enabled",
  "couponCommission.rate.kind",
  "couponCommission.rate.value",
  "couponCommission.appliesTo",
  "firstCommission.enabled",
  "firstCommission.rate.kind",
  "firstCommission.rate.value",
  "lifetime.enabled",
  "lifetime.expires",
  "lifetime.expiresAfterDays",
  "recurring.enabled",
  "base.includeShipping",
  "base.includeTax",
  "excludeSelfReferrals",
  "autoApprove",
  "autoApproveDays",
  "creditTestOrders",
  "cookieWindowDays",
] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

// The window the storefront embed accepts (and publishCookieWindow refuses anything else).
const COOKIE_WINDOW_MIN = COOKIE_WINDOW_DAYS_MIN;
const COOKIE_WINDOW_MAX = COOKIE_WINDOW_DAYS_MAX;
const AUTO_APPROVE_MAX = 365;

const flag = (value: boolean) => (value ? "true" : "false");

/** The saved settings as form values. */
export function settingsToForm(view: Omit<ProgramSettingsView, "saved">): SettingsForm {
  const p = view.program;
  return {
    "defaultRate.kind": p.defaultRate.kind,
    "defaultRate.value": p.defaultRate.value,
    "newCustomer.enabled": flag(p.newCustomer.enabled),
    "newCustomer.rate.kind": p.newCustomer.rate.kind,
    "newCustomer.rate.value": p.newCustomer.rate.value,
    "couponCommission.enabled": flag(p.couponCommission.enabled),
    "couponCommission.rate.kind": p.couponCommission.rate.kind,
    "couponCommission.rate.value": p.couponCommission.rate.value,
    "couponCommission.appliesTo": p.couponCommission.appliesTo,
    "firstCommission.enabled": flag(p.firstCommission.enabled),
    "firstCommission.rate.kind": p.firstCommission.rate.kind,
    "firstCommission.rate.value": p.firstCommission.rate.value,
    "lifetime.enabled": flag(p.lifetime.enabled),
    "lifetime.expires": p.lifetime.expiresAfterDays === null ? "never" : "after",
    "lifetime.expiresAfterDays": String(p.lifetime.expiresAfterDays ?? 365),
    "recurring.enabled": flag(p.recurring.enabled),
    "base.includeShipping": flag(p.base.includeShipping),
    "base.includeTax": flag(p.base.includeTax),
    excludeSelfReferrals: flag(p.excludeSelfReferrals),
    autoApprove: view.autoApproveDays === null ? "off" : "after",
    autoApproveDays: String(view.autoApproveDays ?? 30),
    creditTestOrders: flag(view.creditTestOrders),
    cookieWindowDays: String(view.cookieWindowDays ?? DEFAULT_COOKIE_WINDOW_DAYS),
  };
}

/** A checkbox-like field: "true" or "on" is on; anything else (or absent) is off. */
const bool = z
  .string()
  .optional()
  .transform((value) => value === "true" || value === "on");

const wholeDays = (min: number, max: number, what: string) =>
  z
    .string({ required_error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .regex(/^\d+$/, "Enter a whole number of days")
    .transform(Number)
    .refine((days) => days >= min && days <= max, `Enter a number of days from ${min} to ${max}`);

// The fields around the program. Program fields are checked by `programSchema` itself.
const settingsFields = z.object({
  "lifetime.expires": z.enum(["never", "after"], {
    errorMap: () => ({ message: "Choose when connections expire" }),
  }),
  autoApprove: z.enum(["off", "after"], {
    errorMap: () => ({ message: "Choose how commissions are approved" }),
  }),
  creditTestOrders: bool,
  cookieWindowDays: wholeDays(COOKIE_WINDOW_MIN, COOKIE_WINDOW_MAX, "the cookie window in days"),
});

export type ParsedSettings = Omit<ProgramSettingsView, "saved">;

/** Validates the submitted form. Every error is keyed by the input name it belongs to. */
export function parseSettingsForm(
  fields: Record<string, string>,
): { ok: true; settings: ParsedSettings } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const around = settingsFields.safeParse(fields);
  if (!around.success) Object.assign(errors, fieldErrorsFromZod(around.error));

  let autoApproveDays: number | null = null;
  if (fields.autoApprove === "after") {
    const days = wholeDays(0, AUTO_APPROVE_MAX, "the number of days").safeParse(fields.autoApproveDays ?? "");
    if (days.success) autoApproveDays = days.data;
    else errors.autoApproveDays = days.error.issues[0].message;
  }

  let expiresAfterDays: number | null = null;
  if (fields["lifetime.expires"] !== "never") {
    const days = wholeDays(1, 36500, "the number of days").safeParse(
      fields["lifetime.expiresAfterDays"] ?? "",
    );
    if (days.success) expiresAfterDays = days.data;
    else errors["lifetime.expiresAfterDays"] = days.error.issues[0].message;
  }

  const rate = (prefix: string) => ({
    kind: fields[`${prefix}.kind`] ?? "",
    value: fields[`${prefix}.value`] ?? "",
  });
  const candidate = {
    defaultRate: rate("defaultRate"),
    newCustomer: { enabled: bool.parse(fields["newCustomer.enabled"]), rate: rate("newCustomer.rate") },
    couponCommission: {
      enabled: bool.parse(fields["couponCommission.enabled"]),
      rate: rate("couponCommission.rate"),
      appliesTo: fields["couponCommission.appliesTo"] ?? "",
    },
    firstCommission: {
      enabled: bool.parse(fields["firstCommission.enabled"]),
      rate: rate("firstCommission.rate"),
    },
    lifetime: { enabled: bool.parse(fields["lifetime.enabled"]), expiresAfterDays },
    recurring: { enabled: bool.parse(fields["recurring.enabled"]) },
    base: {
      includeShipping: bool.parse(fields["base.includeShipping"]),
      includeTax: bool.parse(fields["base.includeTax"]),
    },
    excludeSelfReferrals: bool.parse(fields.excludeSelfReferrals),
  };
  const program = programSchema.safeParse(candidate);
  if (!program.success) {
    for (const [key, message] of Object.entries(fieldErrorsFromZod(program.error))) {
      // A day count already reported as typed keeps its own message.
      if (message !== undefined && !(key in errors)) errors[key] = friendly(key, message);
    }
    // zod skips the schema's cross-field rules while any field is malformed; check them here too,
    // so the merchant sees every problem at once.
    for (const [key, message] of Object.entries(crossFieldErrors(candidate))) {
      if (!(key in errors)) errors[key] = message;
    }
  }

  if (Object.keys(errors).length > 0 || !around.success || !program.success) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    settings: {
      program: program.data as Program,
      autoApproveDays,
      creditTestOrders: around.data.creditTestOrders,
      cookieWindowDays: around.data.cookieWindowDays,
    },
  };
}

/** The rules `programSchema` checks in its `superRefine`, on the raw candidate. */
function crossFieldErrors(candidate: {
  newCustomer: { enabled: boolean; rate: { kind: string; value: string } };
  firstCommission: { enabled: boolean; rate: { kind: string; value: string } };
  defaultRate: { kind: string; value: string };
  couponCommission: { rate: { kind: string; value: string } };
}): FieldErrors {
  const errors: FieldErrors = {};
  if (candidate.firstCommission.enabled && candidate.newCustomer.enabled) {
    errors["firstCommission.enabled"] = "First commission cannot be used while new customer commission is on";
  }
  const rates: Array<[string, { kind: string; value: string }]> = [
    ["defaultRate", candidate.defaultRate],
    ["newCustomer.rate", candidate.newCustomer.rate],
    ["couponCommission.rate", candidate.couponCommission.rate],
    ["firstCommission.rate", candidate.firstCommission.rate],
  ];
  for (const [prefix, rate] of rates) {
    if (rate.kind === "percent" && /^\d+(\.\d+)?$/.test(rate.value.trim()) && Number(rate.value) > 100) {
      errors[`${prefix}.value`] = "A percentage cannot exceed 100";
    }
  }
  return errors;
}

function friendly(key: string, message: string): string {
  if (key.endsWith(".kind")) return "Choose a rate kind";
  if (key === "couponCommission.appliesTo") return "Choose which coupons earn the coupon commission";
  return message;
}
