// Form parsing shared by actions: FormData to plain values, and zod issues to one message per field.
import type { ZodError } from "zod";
import { parseSearchTerm } from "./search";

/** Field name → the message shown next to that field; `form` holds errors that belong to no field. */
export type FieldErrors<Field extends string = string> = Partial<Record<Field | "form", string>>;

/** FormData → plain object of its string values (the last value of a repeated name wins). */
export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string") values[key] = value;
  }
  return values;
}

/** Every non-blank value of a repeated field (e.g. the ids of a bulk action), trimmed and de-duplicated. */
export function formList(form: FormData, name: string): string[] {
  const values = form
    .getAll(name)
    .filter((value): value is string => typeof value === "string")
    .map((value) => value.trim())
    .filter(Boolean);
  return [...new Set(values)];
}

/** A checkbox or switch value: "true", "on" and "1" are checked. */
export function formFlag(value: FormDataEntryValue | string | null | undefined): boolean {
  return value === "true" || value === "on" || value === "1";
}

/** The first message of each field path (dotted) of a zod error; pathless issues go to `form`. */
export function fieldErrorsFromZod<Field extends string = string>(error: ZodError): FieldErrors<Field> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors as FieldErrors<Field>;
}

/** The FormData of a bulk action: its `intent` and the `ids` it acts on (read back with `formList`). */
export function idsForm(intent: string, ids: string[]): FormData {
  const form = new FormData();
  form.set("intent", intent);
  for (const id of ids) form.append("ids", id);
  return form;
}

/** Which rows a bulk action applies to: the selected ids, or every row matching a search. */
export type BulkSelection = { ids: string[] } | { allMatching: string };

/**
 * The rows a bulk action's form names: every row matching its search `q` when `all` is checked, else its
 * `ids`; null when it names none.
 */
export function bulkSelection(form: FormData): BulkSelection | null {
  const ids = formList(form, "ids");
  if (formFlag(form.get("all"))) return { allMatching: parseSearchTerm(String(form.get("q") ?? "")) };
  return ids.length > 0 ? { ids } : null;
}
