// The "Link customer to affiliate" form, validated: an existing store customer or a new one, an affiliate,
// and an optional expiry day.
import { z } from "zod";
import { isGid, legacyId } from "~/graphql/ids";
import { fieldErrorsFromZod, formValues, type FieldErrors } from "~/lib/forms";

export type LinkCustomerField =
  | "affiliateId"
  | "customerMode"
  | "customerId"
  | "firstName"
  | "lastName"
  | "email"
  | "expiresAt";
export type LinkCustomerErrors = FieldErrors<LinkCustomerField>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function endOfDay(day: string): Date | null {
  if (!DAY.test(day)) return null;
  const date = new Date(`${day}T23:59:59.999Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day ? null : date;
}

function linkCustomerSchema(now: Date) {
  const today = now.toISOString().slice(0, 10);
  return z
    .object({
      affiliateId: z.string().trim().min(1, "Choose the affiliate"),
      customerMode: z.enum(["existing", "new"], { message: "Choose an existing customer or create one" }),
      customerId: z.string().trim(),
      firstName: z.string().trim().max(100, "Use at most 100 characters"),
      lastName: z.string().trim().max(100, "Use at most 100 characters"),
      email: z.string().trim().max(254, "Use at most 254 characters"),
      expiresAt: z
        .string()
        .trim()
        .refine((value) => value === "" || endOfDay(value) !== null, "Enter a date as YYYY-MM-DD")
        .refine((value) => value === "" || value >= today, "Choose today or a later date"),
    })
    .superRefine((form, ctx) => {
      if (form.customerMode === "existing") {
        const id = isGid(form.customerId, "Customer") ? legacyId(form.customerId) : form.customerId;
        if (!/^[1-9]\d{0,19}$/.test(id)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["customerId"], message: "Choose a customer" });
        }
        return;
      }
      if (!form.firstName) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["firstName"], message: "Enter the first name" });
      }
      if (!form.email) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["email"], message: "Enter the email address" });
      } else if (!z.string().email().safeParse(form.email).success) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["email"],
          message: "Enter a valid email address",
        });
      }
    });
}

export type LinkCustomerForm =
  | { mode: "existing"; affiliateId: string; customerId: string; expiresAt: Date | null }
  | {
      mode: "new";
      affiliateId: string;
      firstName: string;
      lastName: string;
      email: string;
      expiresAt: Date | null;
    };

/** The form's fields as sent (trimmed), for the checks that can still run on a form with errors. */
export type LinkCustomerFields = Record<LinkCustomerField, string>;

/** Validates the "Link customer to affiliate" form; a form with errors comes back with its fields as sent. */
export function parseLinkCustomerForm(
  form: FormData,
  now = new Date(),
):
  | { ok: true; value: LinkCustomerForm }
  | { ok: false; errors: LinkCustomerErrors; fields: LinkCustomerFields } {
  const values = formValues(form);
  const fields: LinkCustomerFields = {
    affiliateId: (values.affiliateId ?? "").trim(),
    customerMode: (values.customerMode ?? "existing").trim(),
    customerId: (values.customerId ?? "").trim(),
    firstName: (values.firstName ?? "").trim(),
    lastName: (values.lastName ?? "").trim(),
    email: (values.email ?? "").trim(),
    expiresAt: (values.expiresAt ?? "").trim(),
  };
  const parsed = linkCustomerSchema(now).safeParse(fields);
  if (!parsed.success) {
    const customerId = isGid(fields.customerId, "Customer") ? legacyId(fields.customerId) : fields.customerId;
    return {
      ok: false,
      errors: fieldErrorsFromZod<LinkCustomerField>(parsed.error),
      fields: { ...fields, customerId },
    };
  }
  const data = parsed.data;
  const expiresAt = data.expiresAt ? endOfDay(data.expiresAt) : null;
  if (data.customerMode === "existing") {
    const customerId = isGid(data.customerId, "Customer") ? legacyId(data.customerId) : data.customerId;
    return { ok: true, value: { mode: "existing", affiliateId: data.affiliateId, customerId, expiresAt } };
  }
  return {
    ok: true,
    value: {
      mode: "new",
      affiliateId: data.affiliateId,
      firstName: data.firstName,
      lastName: data.lastName,
      email: data.email,
      expiresAt,
    },
  };
}
