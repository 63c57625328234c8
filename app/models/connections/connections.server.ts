// Customer–affiliate connections: one affiliate per customer per shop. The merchant lists them, links a
// store customer (existing or created in Shopify) to an affiliate, connects a customer an affiliate
// referred, and disconnects. Every query is scoped by the shop.
import { Prisma, type CustomerConnection, type PrismaClient } from "@prisma/client";
import { z } from "zod";
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
import { isGid, legacyId } from "~/graphql/ids";
import type { ShopifyCustomerSummary } from "~/graphql/types";
import { fieldErrorsFromZod, formValues, type BulkSelection, type FieldErrors } from "~/lib/forms";
import { paginate, type Page } from "~/lib/pagination";

export const CONNECTION_ORIGINS = ["manual", "referred_order", "import"] as const;
export type ConnectionOrigin = (typeof CONNECTION_ORIGINS)[number];

/** A connection counts until it expires (no expiry: for good). */
export function isConnectionActive(connection: { expiresAt: Date | null }, now: Date): boolean {
  return connection.expiresAt === null || connection.expiresAt > now;
}

/** How a customer is named in messages: email, else name, else "Customer <id>". */
export function customerLabel(customer: {
  customerId: string;
  customerEmail?: string | null;
  customerName?: string | null;
}): string {
  return customer.customerEmail || customer.customerName || `Customer ${customer.customerId}`;
}

// ---------------------------------------------------------------------------------------------------------
// The list

export interface ConnectionRow {
  id: string;
  customerId: string;
  customerName: string | null;
  customerEmail: string | null;
  affiliate: { id: string; name: string; refCode: string; active: boolean };
  origin: string;
  orderId: string | null;
  expiresAt: string | null;
  expired: boolean;
  createdAt: string;
}

function connectionSearchWhere(shop: string, query: string): Prisma.CustomerConnectionWhereInput {
  const where: Prisma.CustomerConnectionWhereInput = { shop };
  if (query) {
    // SQLite's LIKE (Prisma's `contains`) ignores ASCII letter case.
    where.OR = [
      { customerEmail: { contains: query } },
      { customerName: { contains: query } },
      { customerId: query },
      { affiliate: { name: { contains: query } } },
      { affiliate: { refCode: { contains: query } } },
    ];
  }
  return where;
}

/** The shop's connections, newest first, searched by customer (name, email, id) or affiliate (name, ref code). */
export async function listConnections(
  db: PrismaClient,
  shop: string,
  options: { query?: string; page?: number; now?: Date } = {},
): Promise<Page<ConnectionRow>> {
  const now = options.now ?? new Date();
  const where = connectionSearchWhere(shop, options.query ?? "");
  const total = await db.customerConnection.count({ where });
  const { pageInfo, skip, take } = paginate(total, options.page ?? 1);
  const rows = await db.customerConnection.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip,
    take,
    include: { affiliate: { select: { id: true, name: true, refCode: true, active: true } } },
  });
  return {
    pageInfo,
    items: rows.map((row) => ({
      id: row.id,
      customerId: row.customerId,
      customerName: row.customerName,
      customerEmail: row.customerEmail,
      affiliate: row.affiliate,
      origin: row.origin,
      orderId: row.orderId,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      expired: !isConnectionActive(row, now),
      createdAt: row.createdAt.toISOString(),
    })),
  };
}

/** Which connections a bulk action applies to: the selected ids, or every connection matching a search. */
export type ConnectionSelection = BulkSelection;

/** Deletes the selected connections of this shop; returns how many were deleted. */
export async function disconnectCustomers(
  db: PrismaClient,
  shop: string,
  selection: ConnectionSelection,
): Promise<number> {
  const where =
    "ids" in selection
      ? { shop, id: { in: selection.ids } }
      : connectionSearchWhere(shop, selection.allMatching);
  const { count } = await db.customerConnection.deleteMany({ where });
  return count;
}

// ---------------------------------------------------------------------------------------------------------
// Connecting

export type ConnectResult =
  | { ok: true; connection: CustomerConnection; replacedExpired: boolean }
  | {
      ok: false;
      reason: "already_connected";
      message: string;
      existing: { id: string; affiliateId: string; affiliateName: string };
    };

export interface ConnectInput {
  affiliate: { id: string; name: string };
  customerId: string;
  customerEmail: string | null;
  customerName: string | null;
  origin: ConnectionOrigin;
  orderId?: string | null;
  expiresAt?: Date | null;
  now?: Date;
}

function alreadyConnected(
  label: string,
  existing: { id: string; affiliateId: string; affiliate: { name: string } },
): ConnectResult {
  return {
    ok: false,
    reason: "already_connected",
    message: `${label} is already connected to ${existing.affiliate.name}`,
    existing: { id: existing.id, affiliateId: existing.affiliateId, affiliateName: existing.affiliate.name },
  };
}

/**
 * Connects a customer to an affiliate. One affiliate per customer: a customer with a connection that has not
 * expired is reported as already connected and nothing changes; an expired connection is replaced.
 */
export async function connectCustomer(
  db: PrismaClient,
  shop: string,
  input: ConnectInput,
): Promise<ConnectResult> {
  const now = input.now ?? new Date();
  const label = customerLabel(input);
  const data = {
    affiliateId: input.affiliate.id,
    customerEmail: input.customerEmail,
    customerName: input.customerName,
    origin: input.origin,
    orderId: input.orderId ?? null,
    expiresAt: input.expiresAt ?? null,
  };
  const where = { shop_customerId: { shop, customerId: input.customerId } };
  const include = { affiliate: { select: { name: true } } };
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.customerConnection.findUnique({ where, include });
      if (existing && isConnectionActive(existing, now)) return alreadyConnected(label, existing);
      if (existing) {
        // Only replace the expired row we read: a connection made meanwhile stands.
        const { count } = await tx.customerConnection.updateMany({
          where: { id: existing.id, expiresAt: existing.expiresAt },
          data: { ...data, createdAt: now },
        });
        if (count === 0) throw new ConnectionRaceError();
        const connection = await tx.customerConnection.findUniqueOrThrow({ where: { id: existing.id } });
        return { ok: true, connection, replacedExpired: true };
      }
      const connection = await tx.customerConnection.create({
        data: { shop, customerId: input.customerId, ...data, createdAt: now },
      });
      return { ok: true, connection, replacedExpired: false };
    });
  } catch (error) {
    const raced =
      error instanceof ConnectionRaceError ||
      (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002");
    if (!raced) throw error;
    const existing = await db.customerConnection.findUnique({ where, include });
    if (existing) return alreadyConnected(label, existing);
    throw error;
  }
}

class ConnectionRaceError extends Error {
  constructor() {
    super("The customer's connection changed while connecting");
  }
}

// ---------------------------------------------------------------------------------------------------------
// Customers an affiliate referred (its page's Customers section)

export type CustomerConnectionState =
  | { state: "none" }
  | { state: "this_affiliate"; connectionId: string; expiresAt: string | null }
  | { state: "other_affiliate"; connectionId: string; affiliateId: string; affiliateName: string }
  | { state: "expired"; connectionId: string; affiliateId: string; affiliateName: string };

export interface ReferredCustomer {
  customerId: string;
  customerEmail: string | null;
  customerName: string | null;
  orderCount: number;
  lastOrderAt: string;
  lastOrderName: string | null;
  connection: CustomerConnectionState;
}

function connectionState(
  connection:
    | { id: string; affiliateId: string; expiresAt: Date | null; affiliate: { name: string } }
    | undefined,
  affiliateId: string,
  now: Date,
): CustomerConnectionState {
  if (!connection) return { state: "none" };
  if (!isConnectionActive(connection, now)) {
    return {
      state: "expired",
      connectionId: connection.id,
      affiliateId: connection.affiliateId,
      affiliateName: connection.affiliate.name,
    };
  }
  if (connection.affiliateId === affiliateId) {
    return {
      state: "this_affiliate",
      connectionId: connection.id,
      expiresAt: connection.expiresAt?.toISOString() ?? null,
    };
  }
  return {
    state: "other_affiliate",
    connectionId: connection.id,
    affiliateId: connection.affiliateId,
    affiliateName: connection.affiliate.name,
  };
}

/**
 * The distinct customers of the orders credited to this affiliate as referrer, latest order first, with their
 * order count, last order and connection (to this affiliate, another, or none). 25 a page.
 */
export async function listReferredCustomers(
  db: PrismaClient,
  shop: string,
  affiliateId: string,
  options: { page?: number; now?: Date } = {},
): Promise<Page<ReferredCustomer>> {
  const now = options.now ?? new Date();
  const where = { shop, referrerAffiliateId: affiliateId, customerId: { not: null } };
  const counted = await db.$queryRaw<Array<{ total: number | bigint }>>`
    SELECT COUNT(DISTINCT "customerId") AS total FROM "AttributedOrder"
    WHERE "shop" = ${shop} AND "referrerAffiliateId" = ${affiliateId} AND "customerId" IS NOT NULL`;
  const total = Number(counted[0]?.total ?? 0);
  const { pageInfo, skip, take } = paginate(total, options.page ?? 1);
  if (total === 0) return { pageInfo, items: [] };
  const groups = await db.attributedOrder.groupBy({
    by: ["customerId"],
    where,
    _count: { _all: true },
    _max: { orderCreatedAt: true },
    orderBy: [{ _max: { orderCreatedAt: "desc" } }, { customerId: "asc" }],
    skip,
    take,
  });
  const customerIds = groups.map((group) => group.customerId).filter((id): id is string => id !== null);
  const [orders, connections] = await Promise.all([
    db.attributedOrder.findMany({
      where: { ...where, customerId: { in: customerIds } },
      orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }],
      select: { customerId: true, customerEmail: true, orderName: true },
    }),
    db.customerConnection.findMany({
      where: { shop, customerId: { in: customerIds } },
      include: { affiliate: { select: { name: true } } },
    }),
  ]);
  const latestOrder = new Map<string, (typeof orders)[number]>();
  const knownEmail = new Map<string, string>();
  for (const order of orders) {
    if (!order.customerId) continue;
    if (!latestOrder.has(order.customerId)) latestOrder.set(order.customerId, order);
    if (order.customerEmail && !knownEmail.has(order.customerId))
      knownEmail.set(order.customerId, order.customerEmail);
  }
  const connectionByCustomer = new Map(connections.map((c) => [c.customerId, c]));
  return {
    pageInfo,
    items: groups.map((group) => {
      const customerId = group.customerId as string;
      const connection = connectionByCustomer.get(customerId);
      return {
        customerId,
        customerEmail: knownEmail.get(customerId) ?? connection?.customerEmail ?? null,
        customerName: connection?.customerName ?? null,
        orderCount: group._count._all,
        lastOrderAt: (group._max.orderCreatedAt ?? new Date(0)).toISOString(),
        lastOrderName: latestOrder.get(customerId)?.orderName ?? null,
        connection: connectionState(connection, affiliateId, now),
      };
    }),
  };
}

export type ConnectReferredResult =
  | ConnectResult
  | { ok: false; reason: "not_referred" | "affiliate_inactive"; message: string };

/**
 * Connects a customer this affiliate referred (origin `referred_order`, through its latest referred order).
 * Null when the shop has no such affiliate. A customer already connected to any affiliate stays as it is.
 */
export async function connectReferredCustomer(
  db: PrismaClient,
  shop: string,
  affiliateId: string,
  customerId: string,
  now = new Date(),
): Promise<ConnectReferredResult | null> {
  const affiliate = await db.affiliate.findFirst({ where: { id: affiliateId, shop } });
  if (!affiliate) return null;
  const order = await db.attributedOrder.findFirst({
    where: { shop, referrerAffiliateId: affiliate.id, customerId },
    orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }],
  });
  if (!order) {
    return { ok: false, reason: "not_referred", message: `${affiliate.name} has not referred this customer` };
  }
  if (!affiliate.active) {
    return {
      ok: false,
      reason: "affiliate_inactive",
      message: `${affiliate.name} is inactive: activate it before connecting customers`,
    };
  }
  const emailOrder = order.customerEmail
    ? order
    : await db.attributedOrder.findFirst({
        where: { shop, customerId, customerEmail: { not: null } },
        orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }],
      });
  return connectCustomer(db, shop, {
    affiliate,
    customerId,
    customerEmail: emailOrder?.customerEmail ?? null,
    customerName: null,
    origin: "referred_order",
    orderId: order.orderId,
    now,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Store customers (searched in Shopify) for the "Link customer to affiliate" form

export interface StoreCustomerOption {
  /** Shopify's numeric customer id. */
  id: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  numberOfOrders: number;
  /** The customer's current connection in this shop, if any. */
  connection: null | { affiliateId: string; affiliateName: string; expired: boolean };
}

export const CUSTOMER_SEARCH_SIZE = 10;

function customerName(customer: { firstName: string | null; lastName: string | null }): string | null {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ").trim();
  return name || null;
}

async function withConnections(
  db: PrismaClient,
  shop: string,
  customers: ShopifyCustomerSummary[],
  now: Date,
): Promise<StoreCustomerOption[]> {
  const ids = customers.map((customer) => legacyId(customer.id, "Customer"));
  const connections = await db.customerConnection.findMany({
    where: { shop, customerId: { in: ids } },
    include: { affiliate: { select: { name: true } } },
  });
  const byCustomer = new Map(connections.map((c) => [c.customerId, c]));
  return customers.map((customer, index) => {
    const connection = byCustomer.get(ids[index]);
    const email = customer.defaultEmailAddress?.emailAddress ?? null;
    return {
      id: ids[index],
      displayName: customer.displayName || customerName(customer) || email || `Customer ${ids[index]}`,
      firstName: customer.firstName,
      lastName: customer.lastName,
      email,
      numberOfOrders: Number(customer.numberOfOrders) || 0,
      connection: connection
        ? {
            affiliateId: connection.affiliateId,
            affiliateName: connection.affiliate.name,
            expired: !isConnectionActive(connection, now),
          }
        : null,
    };
  });
}

/** Turns what the merchant typed into a Shopify customer search (free text over name and email). */
export function customerSearchQuery(text: string): string {
  return text
    .replace(/["'\\()]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 100);
}

/** Searches the store's customers in Shopify (CustomerSearch), each with its connection in this shop. */
export async function searchStoreCustomers(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  text: string,
  now = new Date(),
): Promise<StoreCustomerOption[]> {
  const variables: CustomerSearchVariables = {
    query: customerSearchQuery(text),
    first: CUSTOMER_SEARCH_SIZE,
  };
  const data = await queryAdmin<CustomerSearchData>(graphql, CUSTOMER_SEARCH, { ...variables });
  return withConnections(db, shop, data.customers.nodes, now);
}

/** One store customer by numeric id (CustomerSearch `id:`), or null when Shopify has none. */
export async function findStoreCustomer(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  customerId: string,
  now = new Date(),
): Promise<StoreCustomerOption | null> {
  const variables: CustomerSearchVariables = { query: `id:${customerId}`, first: 1 };
  const data = await queryAdmin<CustomerSearchData>(graphql, CUSTOMER_SEARCH, { ...variables });
  const match = data.customers.nodes.filter((node) => legacyId(node.id, "Customer") === customerId);
  const [customer] = await withConnections(db, shop, match, now);
  return customer ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// The "Link customer to affiliate" form

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

function endOfDay(day: string): Date | null {
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

/** Validates the "Link customer to affiliate" form. */
export function parseLinkCustomerForm(
  form: FormData,
  now = new Date(),
): { ok: true; value: LinkCustomerForm } | { ok: false; errors: LinkCustomerErrors } {
  const values = formValues(form);
  const parsed = linkCustomerSchema(now).safeParse({
    affiliateId: values.affiliateId ?? "",
    customerMode: values.customerMode ?? "existing",
    customerId: values.customerId ?? "",
    firstName: values.firstName ?? "",
    lastName: values.lastName ?? "",
    email: values.email ?? "",
    expiresAt: values.expiresAt ?? "",
  });
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod<LinkCustomerField>(parsed.error) };
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

const SHOPIFY_FIELDS: Record<string, LinkCustomerField> = {
  email: "email",
  firstName: "firstName",
  first_name: "firstName",
  lastName: "lastName",
  last_name: "lastName",
};

/** Shopify's userErrors of customerCreate, next to the form field each names (else on the form). */
export function customerCreateErrors(userErrors: Array<{ field: string[] | null; message: string }>) {
  const errors: LinkCustomerErrors = {};
  for (const error of userErrors) {
    const field = [...(error.field ?? [])]
      .reverse()
      .map((name) => SHOPIFY_FIELDS[name])
      .find(Boolean);
    const key = field ?? "form";
    errors[key] = errors[key] ? `${errors[key]}. ${error.message}` : error.message;
  }
  return errors;
}

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
  if (!affiliate.active) {
    return {
      ok: false,
      errors: { affiliateId: `${affiliate.name} is inactive: activate it or choose another` },
    };
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
