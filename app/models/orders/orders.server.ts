// The Orders view: every order the app ran through the engine (AttributedOrder), credited or not, newest
// first; an order not credited says why in words (the trace's codes that mean nothing was earned).
import type { Prisma, PrismaClient } from "@prisma/client";
import { notCreditedReasons } from "~/format/trace-words";
import { minorToDecimal } from "~/format/money";
import { parseTrace } from "~/models/ledger/order-detail.server";
import { LedgerLineType } from "~/models/ledger/status";
import { readPage, type KeyTerm, type PageRequest } from "~/lib/keyset";
import { traceWordsContexts } from "./trace-context.server";
import type { OrdersFilter, OrdersPage } from "./views";

export const ORDERS_PAGE_SIZE = 25;

export function parseOrdersFilter(value: string | null): OrdersFilter {
  return value === "not_credited" || value === "credited" ? value : "all";
}

/**
 * Credited: at least one commission line (a referrer's or a product connection's), as the stored flag says
 * (the ledger's writer and the credit by hand keep it; its index serves these filters).
 */
function filterWhere(shop: string, filter: OrdersFilter): Prisma.AttributedOrderWhereInput {
  if (filter === "not_credited") return { shop, credited: false };
  if (filter === "credited") return { shop, credited: true };
  return { shop };
}

/** The Orders list's order: newest first, the id breaking ties (the (shop[, credited], orderCreatedAt) indexes). */
export const ORDERS_ORDER: KeyTerm[] = [
  { field: "orderCreatedAt", direction: "desc", type: "date" },
  { field: "id", direction: "desc", type: "string" },
];

/** A page of the shop's orders at a cursor (~/lib/keyset), newest first, with dates and words in `timeZone`. */
export async function listOrders(
  db: PrismaClient,
  shop: string,
  { filter, page }: { filter: OrdersFilter; page: PageRequest },
  timeZone: string,
): Promise<OrdersPage> {
  const { items: orders, pageInfo } = await readPage(
    ORDERS_ORDER,
    page,
    ORDERS_PAGE_SIZE,
    ({ where, orderBy, take }) =>
      db.attributedOrder.findMany({
        where: { AND: [filterWhere(shop, filter), where as Prisma.AttributedOrderWhereInput] },
        orderBy: orderBy as Prisma.AttributedOrderOrderByWithRelationInput[],
        take,
        select: {
          id: true,
          orderId: true,
          orderName: true,
          orderCreatedAt: true,
          currency: true,
          test: true,
          cancelledAt: true,
          input: true,
          trace: true,
          ledgerLines: {
            where: { type: LedgerLineType.commission },
            select: { amountMinor: true, affiliate: { select: { id: true, name: true } } },
          },
        },
      }),
    ({ where, orderBy, take }) =>
      db.attributedOrder.findMany({
        where: { AND: [filterWhere(shop, filter), where as Prisma.AttributedOrderWhereInput] },
        orderBy: orderBy as Prisma.AttributedOrderOrderByWithRelationInput[],
        take,
        select: { id: true },
      }),
  );
  const uncredited = orders.filter((order) => order.ledgerLines.length === 0);
  const contexts = await traceWordsContexts(db, shop, uncredited, timeZone);
  return {
    filter,
    pageInfo,
    rows: orders.map((order) => {
      const credited = order.ledgerLines.length > 0;
      const creditedTo = new Map(order.ledgerLines.map((line) => [line.affiliate.id, line.affiliate]));
      const context = contexts.get(order.id);
      return {
        id: order.id,
        orderId: order.orderId,
        orderName: order.orderName ?? `#${order.orderId}`,
        orderCreatedAt: order.orderCreatedAt.toISOString(),
        test: order.test,
        cancelled: order.cancelledAt !== null,
        credited,
        creditedTo: [...creditedTo.values()],
        commission: credited
          ? minorToDecimal(
              order.ledgerLines.reduce((sum, line) => sum + line.amountMinor, 0),
              order.currency,
            )
          : null,
        currency: order.currency,
        reason: !credited && context ? notCreditedReasons(parseTrace(order.trace), context) : [],
      };
    }),
  };
}
