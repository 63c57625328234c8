import type { InStatement, InValue } from "@libsql/client";
import type { Prisma } from "@prisma/client";

/** Runs statements built for the driver (`?` placeholders) in a Prisma transaction, in order. */
export async function executeStatements(
  tx: Prisma.TransactionClient,
  statements: InStatement[],
): Promise<void> {
  for (const statement of statements) {
    if (typeof statement === "string") await tx.$executeRawUnsafe(statement);
    else await tx.$executeRawUnsafe(statement.sql, ...((statement.args ?? []) as InValue[]));
  }
}
