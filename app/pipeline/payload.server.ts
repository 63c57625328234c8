// What every webhook payload reader shares: reading the stored bytes, the error that keeps a payload from
// being retried, and how Shopify's ids arrive.
import { z } from "zod/v4";
import { parseJsonExact } from "~/lib/exact-json";
import { payloadText } from "~/models/deliveries/deliveries.server";

/** Thrown when a payload is signed but cannot be read as what its topic promises: never retried. */
export class MalformedPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedPayloadError";
  }
}

/**
 * A stored payload read as JSON, exactly: Shopify's ids are JSON numbers, 18 digits long in its own examples
 * and test notifications, beyond what a JavaScript number holds; they are read as their digits.
 */
export function readPayload(raw: unknown): unknown {
  try {
    return parseJsonExact(payloadText(raw));
  } catch {
    throw new MalformedPayloadError("The payload is not valid JSON");
  }
}

/**
 * A Shopify numeric id as webhooks send it (a JSON number, read by readPayload as a number or, beyond 2^53,
 * as its digits), read as a string.
 */
export const shopifyId = z
  .union([z.number().int().nonnegative().safe(), z.string().regex(/^\d+$/)])
  .transform(String);

/** `admin_graphql_api_id`: the same id as a gid string, which no JSON reader can round. */
export const adminGraphqlApiId = z
  .string()
  .regex(/^gid:\/\/shopify\/\w+\/\d+$/)
  .nullable()
  .optional();

/** An object's id: the digits of its `admin_graphql_api_id` when it has one, else its `id`. */
export function exactId(id: string, gid: string | null | undefined): string {
  return gid ? gid.slice(gid.lastIndexOf("/") + 1) : id;
}

/** The first few problems zod found, each with the place in the payload: "line_items.0.quantity: Required". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}
