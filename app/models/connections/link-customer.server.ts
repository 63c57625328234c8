// Linking a store customer to an affiliate from the Connections screen: an existing customer (checked in
// Shopify), or a new one created in Shopify first.
import type { CustomerConnection, PrismaClient } from "@prisma/client";
import { queryAdmin, ShopifyUnavailableError, type AdminGraphqlClient } from "~/graphql/client";
import {
  CUSTOMER_CREATE,
  type CustomerCreateData,
  type CustomerCreateVariables,
} from "~/graphql/customer-create";
import {
  CUSTOMER_SEARCH,
  emailSearchQuery,
  type CustomerSearchData,
  type CustomerSearchVariables,
} from "~/graphql/customer-search";
import { legacyId } from "~/graphql/ids";
import { connectCustomer, isConnectionActive } from "./connections.server";
import { customerCreateErrors } from "./customer-create-errors.server";
import { customerLabel } from "./customers";
import type { LinkCustomerErrors, LinkCustomerField, LinkCustomerForm } from "./link-customer-form.server";
import { customerName, findStoreCustomer, withConnections } from "./store-customers.server";
import { earns, whyNotEarning } from "~/models/affiliates/application";

export type LinkCustomerResult =
  | {
      ok: true;
      connection: CustomerConnection;
      affiliateName: string;
      customerLabel: string;
      createdCustomer: boolean;
    }
  | { ok: false; errors: LinkCustomerErrors };

/**
 * Links a store customer to an affiliate: an existing customer (checked in Shopify), or a new one created in
 * Shopify with CustomerCreate. A customer who already has a connection keeps it: the form says so next to the
 * customer field, and nothing changes (in particular, no customer is created).
 */
export async function linkCustomerToAffiliate(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  form: LinkCustomerForm,
  now = new Date(),
): Promise<LinkCustomerResult> {
  const affiliate = await db.affiliate.findFirst({ where: { id: form.affiliateId, shop } });
  if (!affiliate) return { ok: false, errors: { affiliateId: "Choose the affiliate" } };
  if (!earns(affiliate)) {
    const why = whyNotEarning(affiliate);
    const fix = affiliate.applicationStatus === "approved" ? "activate it" : "approve it";
    return { ok: false, errors: { affiliateId: `${affiliate.name} ${why}: ${fix} or choose another` } };
  }
  const customerField: LinkCustomerField = form.mode === "existing" ? "customerId" : "email";
  try {
    let customer: { id: string; email: string | null; name: string | null };
    let createdCustomer = false;
    if (form.mode === "existing") {
      const found = await findStoreCustomer(db, graphql, shop, form.customerId, now);
      if (!found) return { ok: false, errors: { customerId: "Shopify has no customer with this id" } };
      customer = { id: found.id, email: found.email, name: customerName(found) };
    } else {
      const taken = await connectedByEmail(db, graphql, shop, form.email, now);
      if (taken) return { ok: false, errors: { email: taken } };
      const variables: CustomerCreateVariables = {
        input: {
          firstName: form.firstName,
          ...(form.lastName ? { lastName: form.lastName } : {}),
          email: form.email,
        },
      };
      const data = await queryAdmin<CustomerCreateData>(graphql, CUSTOMER_CREATE, { ...variables });
      const payload = data.customerCreate;
      if (!payload || payload.userErrors.length > 0 || !payload.customer) {
        const errors = customerCreateErrors(payload?.userErrors ?? []);
        return {
          ok: false,
          errors: Object.keys(errors).length ? errors : { form: "Shopify did not create the customer" },
        };
      }
      const created = payload.customer;
      customer = {
        id: legacyId(created.id, "Customer"),
        email: created.defaultEmailAddress?.emailAddress ?? form.email,
        name: customerName(created) ?? customerName(form),
      };
      createdCustomer = true;
    }
    const result = await connectCustomer(db, shop, {
      affiliate,
      customerId: customer.id,
      customerEmail: customer.email,
      customerName: customer.name,
      origin: "manual",
      expiresAt: form.expiresAt,
      now,
    });
    if (!result.ok) return { ok: false, errors: { [customerField]: result.message } };
    return {
      ok: true,
      connection: result.connection,
      affiliateName: affiliate.name,
      customerLabel: customerLabel(result.connection),
      createdCustomer,
    };
  } catch (error) {
    if (error instanceof ShopifyUnavailableError) {
      console.error(`Link customer to affiliate (${shop}): ${error.message}`);
      return { ok: false, errors: { form: "Shopify could not be reached. Nothing was changed: try again." } };
    }
    throw error;
  }
}

/** "<email> is already connected to <affiliate>" when a store customer with this email has a live connection. */
async function connectedByEmail(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  email: string,
  now: Date,
): Promise<string | null> {
  const stored = await db.customerConnection.findMany({
    where: { shop, customerEmail: email },
    include: { affiliate: { select: { name: true } } },
  });
  const live = stored.find((connection) => isConnectionActive(connection, now));
  if (live) return `${email} is already connected to ${live.affiliate.name}`;
  const data = await queryAdmin<CustomerSearchData>(graphql, CUSTOMER_SEARCH, {
    query: emailSearchQuery(email),
    first: 5,
  } satisfies CustomerSearchVariables);
  const matches = await withConnections(db, shop, data.customers.nodes, now);
  const connected = matches.find(
    (customer) =>
      customer.email?.toLowerCase() === email.toLowerCase() &&
      customer.connection &&
      !customer.connection.expired,
  );
  return connected?.connection
    ? `${email} is already connected to ${connected.connection.affiliateName}`
    : null;
}
