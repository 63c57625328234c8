// The field paths a zod schema reads from a payload, in the notation of shopifyPayloadPaths
// (`line_items[].price_set.shop_money.amount`). The payload readers are built on zod's v4 engine.
import { z } from "zod/v4";

export function zodFieldPaths(schema: z.ZodType, prefix = ""): string[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    return zodFieldPaths(schema.unwrap() as z.ZodType, prefix);
  if (schema instanceof z.ZodDefault) return zodFieldPaths(schema.unwrap() as z.ZodType, prefix);
  if (schema instanceof z.ZodPipe) return zodFieldPaths(schema.in as z.ZodType, prefix);
  if (schema instanceof z.ZodUnion)
    return [...new Set((schema.options as z.ZodType[]).flatMap((option) => zodFieldPaths(option, prefix)))];
  if (schema instanceof z.ZodArray)
    return zodFieldPaths(schema.element as z.ZodType, prefix ? `${prefix.slice(0, -1)}[].` : "[].");
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, child]) => [
      `${prefix}${key}`,
      ...zodFieldPaths(child, `${prefix}${key}.`),
    ]);
  }
  return [];
}
