// What Shopify says of an order's subscription: which lines were sold on a selling plan, the subscription
// contract they belong to, and the order that contract was created from. Orders webhooks of API 2025-10
// carry none of it (`selling_plan_allocation` is not there; `selling_plan_id` comes in a later version), so
// the pipeline asks the Admin API, for the orders where it matters (see record-orders).
import type { TraceEntry } from "~/attribution";
import { queryAdminAllowingDenied, type AdminGraphqlClient } from "~/graphql/client";
import { legacyId, toGid } from "~/graphql/ids";
import {
  ORDER_SUBSCRIPTION_LINES,
  type OrderSubscriptionLine,
  type OrderSubscriptionLinesData,
  type OrderSubscriptionLinesVariables,
} from "~/graphql/order-subscription-lines";

/** Lines asked for at once: Shopify's most for a connection. */
const PAGE_SIZE = 250;
/**
 * A subscription contract is readable with read_own_subscription_contracts; one Shopify will not show the
 * app (another app's, say) comes back null with an access error, and the order's other facts stand.
 */
const CONTRACT_PATH = "order.lineItems.nodes.contract";

export interface SubscriptionLine {
  lineItemId: string;
  /** The selling plan's name ("Deliver every month"), when the line was sold on one. */
  sellingPlan: string | null;
  contractId: string | null;
  /** The order the line's subscription contract was created from, when Shopify names one. */
  originOrderId: string | null;
}

export type SubscriptionLines =
  | { found: false }
  | {
      found: true;
      lines: SubscriptionLine[];
      /** Shopify refused to show a line's subscription contract. */
      contractsRefused: boolean;
    };

/**
 * Asks Shopify for the order's lines' selling plans and subscription contracts. `lineCount` (from the
 * webhook) sizes the request, so Shopify reserves no more query cost than the order needs. Throws
 * `ShopifyUnavailableError` when Shopify does not answer: the caller retries rather than guess.
 */
export async function askSubscriptionLines(
  graphql: AdminGraphqlClient,
  orderId: string,
  lineCount: number,
): Promise<SubscriptionLines> {
  const lines: SubscriptionLine[] = [];
  let contractsRefused = false;
  let after: string | null = null;
  for (;;) {
    const variables: OrderSubscriptionLinesVariables = {
      id: toGid("Order", orderId),
      first: Math.max(1, Math.min(PAGE_SIZE, lineCount - lines.length)),
      after,
    };
    const { data, denied } = await queryAdminAllowingDenied<OrderSubscriptionLinesData>(
      graphql,
      ORDER_SUBSCRIPTION_LINES,
      { ...variables },
      [CONTRACT_PATH],
    );
    if (!data.order) return { found: false };
    contractsRefused ||= denied.length > 0;
    lines.push(...data.order.lineItems.nodes.map(subscriptionLine));
    const { hasNextPage, endCursor } = data.order.lineItems.pageInfo;
    if (!hasNextPage || !endCursor) return { found: true, lines, contractsRefused };
    after = endCursor;
  }
}

function subscriptionLine(line: OrderSubscriptionLine): SubscriptionLine {
  return {
    lineItemId: legacyId(line.id, "LineItem"),
    sellingPlan: line.sellingPlan?.name ?? null,
    contractId: line.contract ? legacyId(line.contract.id, "SubscriptionContract") : null,
    originOrderId: line.contract?.originOrder ? legacyId(line.contract.originOrder.id, "Order") : null,
  };
}

/** Whether Shopify says a line of the order was sold on a selling plan (or belongs to a subscription). */
export function hadSellingPlan(answer: SubscriptionLines): boolean {
  return answer.found && answer.lines.some((line) => line.sellingPlan !== null || line.contractId !== null);
}

/** What a renewal renews, as far as Shopify's answer tells. */
export type RenewalOrigin =
  /** The contract's origin order. */
  | { kind: "origin"; orderId: string; contractId: string; trace: string }
  /** Shopify named no origin order: the customer's earlier orders are looked at instead. */
  | { kind: "unknown"; trace: string };

/** Where the renewal's subscription contract started, and how Shopify said so (for the trace). */
export function renewalOrigin(orderId: string, answer: SubscriptionLines): RenewalOrigin {
  const asked = `Renewal: Shopify was asked for order ${orderId}'s selling plans and subscription contract`;
  if (!answer.found) return { kind: "unknown", trace: `${asked}, and has no such order` };
  const planned = answer.lines.filter((line) => line.sellingPlan !== null || line.contractId !== null);
  const plans = [...new Set(planned.flatMap((line) => (line.sellingPlan ? [`"${line.sellingPlan}"`] : [])))];
  const onPlans = plans.length > 0 ? `; its lines are on selling plan ${plans.join(", ")}` : "";
  const withOrigin = answer.lines.find((line) => line.contractId !== null && line.originOrderId !== null);
  if (withOrigin) {
    return {
      kind: "origin",
      orderId: withOrigin.originOrderId!,
      contractId: withOrigin.contractId!,
      trace: `${asked}${onPlans} of subscription contract ${withOrigin.contractId}, created from order ${withOrigin.originOrderId}`,
    };
  }
  const contract = answer.lines.find((line) => line.contractId !== null)?.contractId;
  const why = contract
    ? `; subscription contract ${contract} names no order it was created from`
    : answer.contractsRefused
      ? "; Shopify did not show the app the subscription contract (one the app may not read)"
      : planned.length > 0
        ? "; no line belongs to a subscription contract"
        : "; no line was sold on a selling plan";
  return { kind: "unknown", trace: `${asked}${onPlans}${why}` };
}

/** A pipeline trace entry (the engine's own entries come after). */
export function renewalTrace(message: string, affiliateId?: string): TraceEntry {
  return affiliateId ? { code: "renewal_origin", message, affiliateId } : { code: "renewal_origin", message };
}
