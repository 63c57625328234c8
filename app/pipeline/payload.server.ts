// What every webhook payload reader shares: the error that keeps a payload from being retried, and how
// Shopify's ids arrive.
import { z } from "zod";

/** Thrown when a payload is signed but cannot be read as what its topic promises: never retried. */
export class MalformedPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedPayloadError";
  }
}

/** A Shopify numeric id as webhooks send it (a number, or its digits as a string), read as a string. */
export const shopifyId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
  .transform(String);

/** The first few problems zod found, each with the place in the payload: "line_items.0.quantity: Required". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}
