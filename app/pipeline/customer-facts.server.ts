// What Shopify says of an order's customer, for the rules that need more than the payload: whether the
// customer is new (created minutes before the order, this their only order), and their email when the
// payload carries none (for the self-referral check). One Admin API call answers both.
import type { TraceEntry } from "~/attribution";
import { queryAdminAllowingDenied, ShopifyUnavailableError, type AdminGraphqlClient } from "~/graphql/client";
import {
  CUSTOMER_FOR_ATTRIBUTION,
  type CustomerForAttributionData,
} from "~/graphql/customer-for-attribution";
import { toGid } from "~/graphql/ids";
import type { OrderFacts } from "./order-facts.server";

/** A customer counts as new when Shopify created it at most this long before the order. */
export const NEW_CUSTOMER_WINDOW_MS = 10 * 60 * 1000;

/**
 * The customer's email is protected customer data: to an app Shopify has not approved for it, Shopify
 * answers the rest of the customer and refuses the email (null, with an access error).
 */
const EMAIL_PATH = "customer.defaultEmailAddress";

export type CustomerAnswer =
  | {
      found: true;
      createdAt: string;
      numberOfOrders: number;
      /** Null when the customer has none, or when Shopify refused it (`emailRefused`). */
      email: string | null;
      emailRefused: boolean;
    }
  | { found: false };

/** Asks Shopify about the customer. Throws `ShopifyUnavailableError` when Shopify does not answer. */
export async function askCustomer(graphql: AdminGraphqlClient, customerId: string): Promise<CustomerAnswer> {
  const { data, denied } = await queryAdminAllowingDenied<CustomerForAttributionData>(
    graphql,
    CUSTOMER_FOR_ATTRIBUTION,
    { id: toGid("Customer", customerId) },
    [EMAIL_PATH],
  );
  const customer = data.customer;
  if (!customer) return { found: false };
  return {
    found: true,
    createdAt: customer.createdAt,
    numberOfOrders: Number(customer.numberOfOrders),
    email: customer.defaultEmailAddress?.emailAddress ?? null,
    emailRefused: denied.includes(EMAIL_PATH),
  };
}

export interface CustomerFacts {
  isNew: boolean;
  /** The payload's email, else Shopify's; null when neither gave one. */
  email: string | null;
  trace: TraceEntry[];
}

/**
 * The customer facts the engine needs for an order, asking Shopify only when a rule needs it: the new
 * customer rule (when on), and the customer's email when the payload has none and an affiliate the order
 * could credit has an email to compare (when self-referrals are excluded). Says in the trace what was asked
 * and answered. Throws `ShopifyUnavailableError` when Shopify does not answer (or the shop has no session):
 * the order is retried, never credited on a guess.
 */
export async function customerFacts(
  facts: OrderFacts,
  needs: { newCustomer: boolean; email: boolean },
  graphql: AdminGraphqlClient | null,
): Promise<CustomerFacts> {
  const customer = facts.customer;
  const fromPayload = customer?.email ?? null;
  const askForEmail = needs.email && fromPayload === null;
  if (!customer || (!needs.newCustomer && !askForEmail))
    return { isNew: false, email: fromPayload, trace: [] };
  if (!graphql) {
    throw new ShopifyUnavailableError(
      "The shop has no offline session: cannot ask Shopify about the customer",
    );
  }
  const answer = await askCustomer(graphql, customer.id);
  if (!answer.found) {
    const also = askForEmail ? ", and self-referral by email could not be checked" : "";
    return {
      isNew: false,
      email: null,
      trace: [
        {
          code: "customer_not_found",
          message: `Shopify has no customer ${customer.id}: treated as a returning customer${also}`,
        },
      ],
    };
  }
  const trace: TraceEntry[] = [];
  let isNew = false;
  if (needs.newCustomer) {
    isNew =
      Date.parse(answer.createdAt) >= Date.parse(facts.createdAt) - NEW_CUSTOMER_WINDOW_MS &&
      answer.numberOfOrders <= 1;
    const counted = `Shopify created the customer at ${answer.createdAt} and counts ${answer.numberOfOrders} order(s)`;
    trace.push(
      isNew
        ? { code: "customer_new", message: `New customer: ${counted}` }
        : { code: "customer_returning", message: `Returning customer: ${counted}` },
    );
  }
  if (!askForEmail) return { isNew, email: fromPayload, trace };
  const noEmail = "The order carries no email";
  if (answer.email) {
    trace.push({
      code: "customer_email",
      message: `${noEmail}: Shopify gave the customer's, for the self-referral check`,
    });
  } else {
    const why = answer.emailRefused
      ? "Shopify did not give the customer's either (the app is not approved for customers' emails)"
      : "the customer has none in Shopify either";
    trace.push({
      code: "customer_email_unknown",
      message: `${noEmail} and ${why}: self-referral by email could not be checked`,
    });
  }
  return { isNew, email: answer.email, trace };
}
