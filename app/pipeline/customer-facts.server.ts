// What Shopify says of an order's customer, for the rules that need more than the payload: whether the
// customer is new (created minutes before the order, this their only order), and their email when the
// payload carries none (for the self-referral check). One Admin API query answers both, for the customers
// of a whole batch of orders at once.
import type { TraceEntry } from "~/attribution";
import { queryAdminAllowingDenied, ShopifyUnavailableError, type AdminGraphqlClient } from "~/graphql/client";
import {
  CUSTOMERS_FOR_ATTRIBUTION,
  CUSTOMERS_PER_QUERY,
  type CustomersForAttributionData,
} from "~/graphql/customers-for-attribution";
import { toGid } from "~/graphql/ids";
import type { OrderFacts } from "./order-facts.server";

/** A customer counts as new when Shopify created it at most this long before the order. */
export const NEW_CUSTOMER_WINDOW_MS = 10 * 60 * 1000;

/**
 * The customer's email is protected customer data: to an app Shopify has not approved for it, Shopify
 * answers the rest of the customer and refuses the email (null, with an access error at
 * ["nodes", index, "defaultEmailAddress"]).
 */
const EMAIL_PATH = "nodes.defaultEmailAddress";

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

/** What the rules in force need to know of an order's customer beyond the payload. */
export interface CustomerNeeds {
  newCustomer: boolean;
  email: boolean;
}

/** Whether Shopify must be asked about the order's customer: a rule needs what the payload lacks. */
export function needsShopifyCustomer(facts: OrderFacts, needs: CustomerNeeds): boolean {
  if (!facts.customer) return false;
  return needs.newCustomer || (needs.email && facts.customer.email === null);
}

/**
 * Asks Shopify about customers, CUSTOMERS_PER_QUERY to a query; the answers by customer id. Throws
 * `ShopifyUnavailableError` when Shopify does not answer (every order waiting on these answers is retried).
 */
export async function askCustomers(
  graphql: AdminGraphqlClient,
  customerIds: readonly string[],
): Promise<Map<string, CustomerAnswer>> {
  const ids = [...new Set(customerIds)];
  const answers = new Map<string, CustomerAnswer>();
  for (let start = 0; start < ids.length; start += CUSTOMERS_PER_QUERY) {
    const chunk = ids.slice(start, start + CUSTOMERS_PER_QUERY);
    const { data, denied } = await queryAdminAllowingDenied<CustomersForAttributionData>(
      graphql,
      CUSTOMERS_FOR_ATTRIBUTION,
      { ids: chunk.map((id) => toGid("Customer", id)) },
      [EMAIL_PATH],
    );
    if (!Array.isArray(data.nodes) || data.nodes.length !== chunk.length) {
      throw new ShopifyUnavailableError(
        `Shopify answered ${Array.isArray(data.nodes) ? data.nodes.length : "no"} customers for ${chunk.length} ids`,
      );
    }
    chunk.forEach((id, index) => {
      const customer = data.nodes[index];
      if (!customer?.id) return answers.set(id, { found: false });
      answers.set(id, {
        found: true,
        createdAt: customer.createdAt,
        numberOfOrders: Number(customer.numberOfOrders),
        email: customer.defaultEmailAddress?.emailAddress ?? null,
        emailRefused: denied.includes(EMAIL_PATH) && !customer.defaultEmailAddress,
      });
    });
  }
  return answers;
}

export interface CustomerFacts {
  isNew: boolean;
  /** The payload's email, else Shopify's; null when neither gave one. */
  email: string | null;
  trace: TraceEntry[];
}

/**
 * The customer facts the engine needs for an order, from Shopify's `answers` (askCustomers) where a rule
 * needs them (see needsShopifyCustomer): the new customer rule (when on), and the customer's email when the
 * payload has none and an affiliate the order could credit has an email to compare (when self-referrals are
 * excluded). Says in the trace what was asked and answered. Throws `ShopifyUnavailableError` when an answer
 * it needs is missing: the order is retried, never credited on a guess.
 */
export function customerFacts(
  facts: OrderFacts,
  needs: CustomerNeeds,
  answers: ReadonlyMap<string, CustomerAnswer>,
): CustomerFacts {
  const customer = facts.customer;
  const fromPayload = customer?.email ?? null;
  const askForEmail = needs.email && fromPayload === null;
  if (!customer || !needsShopifyCustomer(facts, needs))
    return { isNew: false, email: fromPayload, trace: [] };
  const answer = answers.get(customer.id);
  if (!answer) throw new ShopifyUnavailableError(`Shopify was not asked about customer ${customer.id}`);
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
