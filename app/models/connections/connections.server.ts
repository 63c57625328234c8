// Customer–affiliate connections: one affiliate per customer per shop. The merchant lists them,
// disconnects them, and connects customers (./link-customer.server for a store customer, ./referred.server
// for one an affiliate referred; an order's lifetime connection is ./lifetime.server). Every query is
// scoped by the shop.
import { Prisma, type CustomerConnection, type PrismaClient } from "@prisma/client";
import type { BulkSelection } from "~/lib/forms";
import { readPage, type CursorPageInfo, type KeyTerm, type PageRequest } from "~/lib/keyset";
import { PAGE_SIZE } from "~/lib/pagination";
import type { ListSort } from "~/lib/sorting";
import { customerLabel } from "./customers";
import {
  EXPIRING_SOON_DAYS,
  isConnectionExpiry,
  isConnectionOrigin,
  type ConnectionExpiry,
  type ConnectionFilters,
  type ConnectionOrigin,
  type ConnectionSort,
} from "./views";

export type { ConnectionOrigin } from "./views";

/** A connection counts until it expires (no expiry: for good). */
export function isConnectionActive(connection: { expiresAt: Date | null }, now: Date): boolean {
  return connection.expiresAt === null || connection.expiresAt > now;
}

export interface ConnectionRow {
  id: string;
  customerId: string;
  customerName: string | null;
  customerEmail: string | null;
  affiliate: { id: string; name: string; refCode: string; active: boolean };
  origin: string;
  orderId: string | null;
  /** The name ("#1001") of the order that made the connection, when the app recorded it. */
  orderName: string | null;
  expiresAt: string | null;
  expired: boolean;
  createdAt: string;
}

function expiryWhere(expiry: ConnectionExpiry, now: Date): Prisma.CustomerConnectionWhereInput {
  if (expiry === "expired") return { expiresAt: { lte: now } };
  if (expiry === "expiring_soon") {
    return { expiresAt: { gt: now, lte: new Date(now.getTime() + EXPIRING_SOON_DAYS * 86_400_000) } };
  }
  return { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

function connectionSearchWhere(
  shop: string,
  filters: ConnectionFilters | string,
  now: Date = new Date(),
): Prisma.CustomerConnectionWhereInput {
  const { query, affiliateId, origin, expiry } =
    typeof filters === "string" ? ({ query: filters } as ConnectionFilters) : filters;
  const where: Prisma.CustomerConnectionWhereInput = { shop };
  const and: Prisma.CustomerConnectionWhereInput[] = [];
  if (affiliateId) where.affiliateId = affiliateId;
  if (origin) where.origin = origin;
  if (expiry) and.push(expiryWhere(expiry, now));
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
  if (and.length) where.AND = and;
  return where;
}

/** The Connections list's order for `sort`, each ending with the id so that pages never overlap. */
function connectionOrder(sort: ListSort<ConnectionSort>): KeyTerm[] {
  const { direction } = sort;
  const id: KeyTerm = { field: "id", direction, type: "string" };
  if (sort.key === "customer") {
    // Named customers in name order, then those known only by email: (shop, customerName, customerEmail) index.
    return [
      { field: "customerName", direction, type: "string", nulls: "last" },
      { field: "customerEmail", direction, type: "string", nulls: "last" },
      id,
    ];
  }
  // SQLite's own place for a connection that never expires: first going up, last going down.
  if (sort.key === "expiresAt")
    return [
      { field: "expiresAt", direction, type: "date", nulls: direction === "asc" ? "first" : "last" },
      id,
    ];
  return [{ field: "createdAt", direction, type: "date" }, id];
}

export interface ConnectionsPage {
  items: ConnectionRow[];
  /** Every connection the search and filters match. */
  total: number;
  pageInfo: CursorPageInfo;
}

/**
 * The shop's connections, newest first unless sorted otherwise, searched by customer (name, email, id) or
 * affiliate (name, ref code), filtered by affiliate, origin and expiry; a page at a cursor (~/lib/keyset).
 */
export async function listConnections(
  db: PrismaClient,
  shop: string,
  options: ConnectionFilters & { page?: PageRequest; now?: Date; sort?: ListSort<ConnectionSort> } = {},
): Promise<ConnectionsPage> {
  const now = options.now ?? new Date();
  const where = connectionSearchWhere(shop, options, now);
  const order = connectionOrder(options.sort ?? { key: "createdAt", direction: "desc" });
  const [total, { items: rows, pageInfo }] = await Promise.all([
    db.customerConnection.count({ where }),
    readPage(
      order,
      options.page ?? {},
      PAGE_SIZE,
      ({ where: at, orderBy, take }) =>
        db.customerConnection.findMany({
          where: { AND: [where, at as Prisma.CustomerConnectionWhereInput] },
          orderBy: orderBy as Prisma.CustomerConnectionOrderByWithRelationInput[],
          take,
          include: { affiliate: { select: { id: true, name: true, refCode: true, active: true } } },
        }),
      ({ where: at, orderBy, take }) =>
        db.customerConnection.findMany({
          where: { AND: [where, at as Prisma.CustomerConnectionWhereInput] },
          orderBy: orderBy as Prisma.CustomerConnectionOrderByWithRelationInput[],
          take,
          select: { id: true },
        }),
    ),
  ]);
  const orderIds = [...new Set(rows.flatMap((row) => (row.orderId ? [row.orderId] : [])))];
  const orders = orderIds.length
    ? await db.attributedOrder.findMany({
        where: { shop, orderId: { in: orderIds } },
        select: { orderId: true, orderName: true },
      })
    : [];
  const orderNames = new Map(orders.map((order) => [order.orderId, order.orderName]));
  return {
    total,
    pageInfo,
    items: rows.map((row) => ({
      id: row.id,
      customerId: row.customerId,
      customerName: row.customerName,
      customerEmail: row.customerEmail,
      affiliate: row.affiliate,
      origin: row.origin,
      orderId: row.orderId,
      orderName: (row.orderId && orderNames.get(row.orderId)) || null,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      expired: !isConnectionActive(row, now),
      createdAt: row.createdAt.toISOString(),
    })),
  };
}

/** The list's filters as the URL (or a bulk action's form) carries them; unknown values are ignored. */
export function connectionFiltersFrom(params: {
  get(name: string): unknown;
}): Required<Omit<ConnectionFilters, "query">> {
  const text = (name: string) => {
    const value = params.get(name);
    return typeof value === "string" && value.trim() ? value.trim() : null;
  };
  const origin = text("origin");
  const expiry = text("expiry");
  return {
    affiliateId: text("affiliateId"),
    origin: isConnectionOrigin(origin) ? origin : null,
    expiry: isConnectionExpiry(expiry) ? expiry : null,
  };
}

/**
 * Which connections a bulk action applies to: the selected ids, or every connection matching a search and
 * the list's filters.
 */
export type ConnectionSelection = BulkSelection;

/** Deletes the selected connections of this shop; returns how many were deleted. */
export async function disconnectCustomers(
  db: PrismaClient,
  shop: string,
  selection: ConnectionSelection,
  filters: Omit<ConnectionFilters, "query"> = {},
  now: Date = new Date(),
): Promise<number> {
  const where =
    "ids" in selection
      ? { shop, id: { in: selection.ids } }
      : connectionSearchWhere(shop, { ...filters, query: selection.allMatching }, now);
  const { count } = await db.customerConnection.deleteMany({ where });
  return count;
}

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

/** This shop's connection with this id, with its affiliate's name; null for another shop's. */
export function getConnection(db: PrismaClient, shop: string, id: string) {
  return db.customerConnection.findFirst({
    where: { id, shop },
    include: { affiliate: { select: { name: true } } },
  });
}
