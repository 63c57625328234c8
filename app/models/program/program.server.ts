import { z } from "zod";
import type { PrismaClient } from "@prisma/client";
import { RATE_KINDS } from "~/attribution";

const DECIMAL = /^\d+(\.\d+)?$/;

export const rateSchema = z.object({
  kind: z.enum(RATE_KINDS),
  value: z.string().trim().regex(DECIMAL, "Enter a number such as 10 or 7.5"),
});

export const programSchema = z
  .object({
    defaultRate: rateSchema,
    newCustomer: z.object({ enabled: z.boolean(), rate: rateSchema }),
    couponCommission: z.object({
      enabled: z.boolean(),
      rate: rateSchema,
      appliesTo: z.enum(["affiliate_coupons", "any_coupon"]),
    }),
    firstCommission: z.object({ enabled: z.boolean(), rate: rateSchema }),
    lifetime: z.object({
      enabled: z.boolean(),
      expiresAfterDays: z.number().int().min(1).max(36500).nullable(),
    }),
    recurring: z.object({ enabled: z.boolean() }),
    base: z.object({ includeShipping: z.boolean(), includeTax: z.boolean() }),
    excludeSelfReferrals: z.boolean(),
  })
  .superRefine((program, ctx) => {
    if (program.firstCommission.enabled && program.newCustomer.enabled) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["firstCommission", "enabled"],
        message: "First commission cannot be used while new customer commission is on",
      });
    }
    for (const path of ["defaultRate", "newCustomer.rate", "couponCommission.rate", "firstCommission.rate"]) {
      const rate = path
        .split(".")
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], program) as {
        kind: string;
        value: string;
      };
      if (rate.kind === "percent" && Number(rate.value) > 100) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [...path.split("."), "value"],
          message: "A percentage cannot exceed 100",
        });
      }
    }
  });

export type Program = z.infer<typeof programSchema>;
export type ProgramRate = z.infer<typeof rateSchema>;

export const DEFAULT_PROGRAM: Program = {
  defaultRate: { kind: "percent", value: "10" },
  newCustomer: { enabled: false, rate: { kind: "percent", value: "15" } },
  couponCommission: {
    enabled: false,
    rate: { kind: "percent", value: "10" },
    appliesTo: "affiliate_coupons",
  },
  firstCommission: { enabled: false, rate: { kind: "percent", value: "20" } },
  lifetime: { enabled: false, expiresAfterDays: 365 },
  recurring: { enabled: false },
  base: { includeShipping: false, includeTax: false },
  excludeSelfReferrals: true,
};

export const DEFAULT_COOKIE_WINDOW_DAYS = 30;

export interface ProgramSettingsView {
  program: Program;
  autoApproveDays: number | null;
  creditTestOrders: boolean;
  cookieWindowDays: number;
  /** False until the merchant saves the settings once. */
  saved: boolean;
}

export async function getProgramSettings(db: PrismaClient, shop: string): Promise<ProgramSettingsView> {
  const row = await db.programSettings.findUnique({ where: { shop } });
  if (!row) {
    return {
      program: DEFAULT_PROGRAM,
      autoApproveDays: null,
      creditTestOrders: false,
      cookieWindowDays: DEFAULT_COOKIE_WINDOW_DAYS,
      saved: false,
    };
  }
  return {
    program: programSchema.parse(JSON.parse(row.program)),
    autoApproveDays: row.autoApproveDays,
    creditTestOrders: row.creditTestOrders,
    cookieWindowDays: row.cookieWindowDays,
    saved: true,
  };
}

export async function saveProgramSettings(
  db: PrismaClient,
  shop: string,
  settings: Omit<ProgramSettingsView, "saved">,
): Promise<void> {
  const program = JSON.stringify(programSchema.parse(settings.program));
  const data = {
    program,
    autoApproveDays: settings.autoApproveDays,
    creditTestOrders: settings.creditTestOrders,
    cookieWindowDays: settings.cookieWindowDays,
  };
  await db.programSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}
