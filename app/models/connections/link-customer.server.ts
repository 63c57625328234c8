// Linking a store customer to an affiliate from the Connections screen: an existing customer (checked in
// Shopify), or a new one created in Shopify first. Every check that only reads runs on every well-formed
// field before anything is written, so one submit shows every error.
import type { Affiliate, CustomerConnection, PrismaClient } from "@prisma/client";
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
import {
  CUSTOMER_BY_EMAIL,
  type CustomerByEmailData,
  type CustomerByEmailVariables,
} from "~/graphql/customer-by-email";
import { connectCustomer, isConnectionActive } from "./connections.server";
import { customerCreateErrors } from "./customer-create-errors.server";
import { customerLabel, type StoreCustomerOption } from "./customers";
import {
  parseLinkCustomerForm,
  type LinkCustomerErrors,
  type LinkCustomerField,
  type LinkCustomerFields,
} from "./link-customer-form.server";
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
  | {
      ok: false;
      errors: LinkCustomerErrors;
      /** The store customer who already has the new customer's email, offered instead (not connected yet). */
      existingCustomer?: StoreCustomerOption;
    };

/**
 * Links a store customer to an affiliate, from the "Link customer to affiliate" form: an existing customer
 * (checked in Shopify), or a new one created in Shopify with CustomerCreate. A customer who already has a
 * connection keeps it: the form says so next to the customer field, and nothing changes (in particular, no
 * customer is created). A new customer whose email a store customer already has is not created: that
 * customer is offered instead.
 */
export async function linkCustomerToAffiliate(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  form: FormData,
  now = new Date(),
): Promise<LinkCustomerResult> {
  const parsed = parseLinkCustomerForm(form, now);
  try {
    const checked = await checkLinkCustomer(
      db,
      graphql,
      shop,
      parsed.ok ? null : parsed.fields,
      parsed.ok ? {} : parsed.errors,
      parsed.ok ? parsed.value : null,
      now,
    );
    if (!checked.ok) return checked;
    const { affiliate, customer: chosen } = checked;
    const value = checked.form;
    const customerField: LinkCustomerField = value.mode === "existing" ? "customerId" : "email";
    let customer = chosen;
    let createdCustomer = false;
    if (value.mode === "new") {
      const variables: CustomerCreateVariables = {
        input: {
          firstName: value.firstName,
          ...(value.lastName ? { lastName: value.lastName } : {}),
          email: value.email,
        },
      };
      const data = await queryAdmin<CustomerCreateData>(graphql, CUSTOMER_CREATE, { ...variables });
      const payload = data.customerCreate;
      if (!payload || payload.userErrors.length > 0 || !payload.customer) {
        const userErrors = payload?.userErrors ?? [];
        // Shopify knows the email although its search did not find it yet (its index lags): offer that customer.
        if (userErrors.some((error) => error.field?.includes("email") && /taken/i.test(error.message))) {
          const known = await storeCustomerWithEmail(db, graphql, shop, value.email, now, "exactly");
          if (known) return emailInUse(known);
        }
        const errors = customerCreateErrors(userErrors);
        return {
          ok: false,
          errors: Object.keys(errors).length ? errors : { form: "Shopify did not create the customer" },
        };
      }
      const created = payload.customer;
      customer = {
        id: legacyId(created.id, "Customer"),
        email: created.defaultEmailAddress?.emailAddress ?? value.email,
        name: customerName(created) ?? customerName(value),
      };
      createdCustomer = true;
    }
    if (!customer) throw new Error("The customer to connect is missing");
    const result = await connectCustomer(db, shop, {
      affiliate,
      customerId: customer.id,
      customerEmail: customer.email,
      customerName: customer.name,
      origin: "manual",
      expiresAt: value.expiresAt,
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

type ConnectableCustomer = { id: string; email: string | null; name: string | null };

/**
 * The form's checks that read the database and Shopify, run on every well-formed field whatever the others
 * hold: the affiliate, the existing customer (and its connection), the new customer's email (connected, or a
 * store customer's). `fields`/`errors` are those of a form with errors; `value` that of a valid one.
 */
async function checkLinkCustomer(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  fields: LinkCustomerFields | null,
  formErrors: LinkCustomerErrors,
  value: LinkCustomerFormValue | null,
  now: Date,
): Promise<
  | { ok: true; form: LinkCustomerFormValue; affiliate: Affiliate; customer: ConnectableCustomer | null }
  | Extract<LinkCustomerResult, { ok: false }>
> {
  const errors: LinkCustomerErrors = { ...formErrors };
  const affiliateId = value?.affiliateId ?? fields?.affiliateId ?? "";
  const mode = value?.mode ?? (errors.customerMode ? null : fields?.customerMode);
  const customerId =
    value?.mode === "existing" ? value.customerId : errors.customerId ? "" : fields?.customerId;
  const email = value?.mode === "new" ? value.email : errors.email ? "" : fields?.email;

  const [affiliate, customer, emailOwner] = await Promise.all([
    errors.affiliateId || !affiliateId ? null : db.affiliate.findFirst({ where: { id: affiliateId, shop } }),
    mode === "existing" && customerId ? findStoreCustomer(db, graphql, shop, customerId, now) : null,
    mode === "new" && email ? storeCustomerWithEmail(db, graphql, shop, email, now) : null,
  ]);
  if (!errors.affiliateId) {
    if (!affiliate) errors.affiliateId = "Choose the affiliate";
    else if (!earns(affiliate)) {
      const fix = affiliate.applicationStatus === "approved" ? "activate it" : "approve it";
      errors.affiliateId = `${affiliate.name} ${whyNotEarning(affiliate)}: ${fix} or choose another`;
    }
  }
  if (mode === "existing" && customerId) {
    if (!customer) errors.customerId = "Shopify has no customer with this id";
    else if (customer.connection && !customer.connection.expired) {
      errors.customerId = `${storeCustomerLabel(customer)} is already connected to ${customer.connection.affiliateName}`;
    }
  }
  let existingCustomer: StoreCustomerOption | undefined;
  if (emailOwner) {
    const inUse = emailInUse(emailOwner);
    errors.email = inUse.errors.email;
    existingCustomer = inUse.existingCustomer;
  }
  if (!value || !affiliate || Object.keys(errors).length > 0) {
    return { ok: false, errors, ...(existingCustomer ? { existingCustomer } : {}) };
  }
  return {
    ok: true,
    form: value,
    affiliate,
    customer: customer ? { id: customer.id, email: customer.email, name: customerName(customer) } : null,
  };
}

type LinkCustomerFormValue = Extract<ReturnType<typeof parseLinkCustomerForm>, { ok: true }>["value"];

function storeCustomerLabel(customer: StoreCustomerOption): string {
  return customerLabel({
    customerId: customer.id,
    customerEmail: customer.email,
    customerName: customerName(customer),
  });
}

/**
 * Who has this email: a customer with a live connection in this shop is an error naming its affiliate; a
 * store customer without one is offered instead of creating another.
 */
function emailInUse(
  owner: StoreCustomerOption | { connectedTo: string; email: string },
): Extract<LinkCustomerResult, { ok: false }> {
  if ("connectedTo" in owner) {
    return { ok: false, errors: { email: `${owner.email} is already connected to ${owner.connectedTo}` } };
  }
  if (owner.connection && !owner.connection.expired) {
    return {
      ok: false,
      errors: { email: `${owner.email} is already connected to ${owner.connection.affiliateName}` },
    };
  }
  return {
    ok: false,
    errors: { email: `A customer with this email already exists: ${owner.displayName}` },
    existingCustomer: owner,
  };
}

/**
 * What this shop and its store know of an email: a connection of ours that is live (by the email it was made
 * with), else the store customer Shopify has with it, with its connection; null when nobody has it. Shopify
 * is searched (`email:`), or asked `exactly` (by identifier) once it has said the email is taken, as its
 * search index may not have the customer yet.
 */
async function storeCustomerWithEmail(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  email: string,
  now: Date,
  how: "searched" | "exactly" = "searched",
): Promise<StoreCustomerOption | { connectedTo: string; email: string } | null> {
  const stored = await db.customerConnection.findMany({
    where: { shop, customerEmail: email },
    include: { affiliate: { select: { name: true } } },
  });
  const live = stored.find((connection) => isConnectionActive(connection, now));
  if (live) return { connectedTo: live.affiliate.name, email };
  if (how === "exactly") {
    const data = await queryAdmin<CustomerByEmailData>(graphql, CUSTOMER_BY_EMAIL, {
      email,
    } satisfies CustomerByEmailVariables);
    const customer = data.customerByIdentifier;
    return customer ? ((await withConnections(db, shop, [customer], now))[0] ?? null) : null;
  }
  const data = await queryAdmin<CustomerSearchData>(graphql, CUSTOMER_SEARCH, {
    query: emailSearchQuery(email),
    first: 5,
  } satisfies CustomerSearchVariables);
  const matches = (await withConnections(db, shop, data.customers.nodes, now)).filter(
    (customer) => customer.email?.toLowerCase() === email.toLowerCase(),
  );
  return (
    matches.find((customer) => customer.connection && !customer.connection.expired) ?? matches[0] ?? null
  );
}
