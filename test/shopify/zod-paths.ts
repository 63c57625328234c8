// The field paths a zod schema reads from a payload, in the notation of shopifyPayloadPaths
// (`line_items[].price_set.shop_money.amount`).
import { z } from "zod";

export function zodFieldPaths(schema: z.ZodTypeAny, prefix = ""): string[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    return zodFieldPaths(schema.unwrap(), prefix);
  if (schema instanceof z.ZodDefault) return zodFieldPaths(schema._def.innerType, prefix);
  if (schema instanceof z.ZodEffects) return zodFieldPaths(schema._def.schema, prefix);
  if (schema instanceof z.ZodPipeline) return zodFieldPaths(schema._def.in, prefix);
  if (schema instanceof z.ZodUnion)
    return [
      ...new Set((schema.options as z.ZodTypeAny[]).flatMap((option) => zodFieldPaths(option, prefix))),
    ];
  if (schema instanceof z.ZodArray)
    return zodFieldPaths(schema.element, prefix ? `${prefix.slice(0, -1)}[].` : "[].");
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodTypeAny>).flatMap(([key, child]) => [
      `${prefix}${key}`,
      ...zodFieldPaths(child, `${prefix}${key}.`),
    ]);
  }
  return [];
}
