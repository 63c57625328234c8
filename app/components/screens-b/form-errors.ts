import type { ZodError } from "zod";

/** Field name (dotted path, as the form names its inputs) → the first message for it. */
export type FieldErrors = Record<string, string>;

/** Turns zod issues into per-field messages; `prefix` is prepended to every path. */
export function fieldErrors(error: ZodError, prefix = ""): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || "form";
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors;
}

/** FormData → plain object of strings (the last value wins), for zod schemas of single-valued fields. */
export function formFields(form: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string") fields[key] = value;
  }
  return fields;
}

/** Every string value of a repeated field (e.g. the ids of a bulk action), trimmed and without blanks. */
export function formList(form: FormData, name: string): string[] {
  return form
    .getAll(name)
    .filter((value): value is string => typeof value === "string")
    .map((value) => value.trim())
    .filter(Boolean);
}
