// The lifetime connection an order leaves (attribution rule 7), as a statement for the batch that records
// the order (see ~/pipeline/record-orders.server).
import { randomUUID } from "node:crypto";
import type { InStatement, InValue } from "@libsql/client";
import type { CustomerConnection } from "@prisma/client";
import { sqliteDateTime } from "~/lib/sqlite.server";
import type { ConnectionOrigin } from "./connections.server";

export interface LifetimeConnection {
  customerId: string;
  customerEmail: string | null;
  /** The customer's name as the order gives it. */
  customerName: string | null;
  affiliateId: string;
  /** ISO 8601, or null for a connection that never expires. */
  expiresAt: string | null;
  /** The order that made it, and when it was placed. */
  orderId: string;
  orderCreatedAt: Date;
}

const origin: ConnectionOrigin = "referred_order";
// The columns written, checked against the model: renaming one in the schema fails the typecheck.
const columns = [
  "id",
  "shop",
  "customerId",
  "customerEmail",
  "customerName",
  "affiliateId",
  "expiresAt",
  "origin",
  "orderId",
  "createdAt",
] as const satisfies ReadonlyArray<keyof CustomerConnection>;

const updated = columns.filter((column) => column !== "id" && column !== "shop" && column !== "customerId");
const UPSERT = `INSERT INTO "CustomerConnection" AS existing (${columns.map((c) => `"${c}"`).join(", ")})
  VALUES (${columns.map(() => "?").join(", ")})
  ON CONFLICT ("shop", "customerId") DO UPDATE SET
    ${updated.map((c) => `"${c}" = excluded."${c}"`).join(", ")}
  WHERE NOT (
    EXISTS (SELECT 1 FROM "Affiliate" WHERE "Affiliate"."id" = existing."affiliateId"
      AND "Affiliate"."active" AND "Affiliate"."applicationStatus" = 'approved')
    AND (existing."expiresAt" IS NULL OR existing."expiresAt" > ?)
  )`;

/**
 * Makes the engine's lifetime connection. A connection made in the meantime (by the merchant, or another
 * order) that is still valid stands: valid as the engine reads it, not expired at the order's time and to
 * an affiliate that earns (rule 0: approved and active). Otherwise this one is made, or replaces the stale one.
 */
export function lifetimeConnectionStatement(
  shop: string,
  connection: LifetimeConnection,
  now: Date,
): InStatement {
  const row: Record<(typeof columns)[number], InValue> = {
    id: randomUUID(),
    shop,
    customerId: connection.customerId,
    customerEmail: connection.customerEmail,
    customerName: connection.customerName,
    affiliateId: connection.affiliateId,
    expiresAt: connection.expiresAt ? sqliteDateTime(new Date(connection.expiresAt)) : null,
    origin,
    orderId: connection.orderId,
    createdAt: sqliteDateTime(now),
  };
  return {
    sql: UPSERT,
    args: [...columns.map((column) => row[column]), sqliteDateTime(connection.orderCreatedAt)],
  };
}
