// The program's payout settings: the holding period, the minimum payout per currency, the methods offered.
import type { Prisma, PrismaClient } from "@prisma/client";
import { currencyDigits } from "~/format/money";
import { HoldingFrom, PAYOUT_METHODS, PayoutMethod, isPayoutMethod } from "./codes";

type Db = PrismaClient | Prisma.TransactionClient;

export interface PayoutSettingsView {
  holdingDays: number;
  holdingFrom: HoldingFrom;
  /** Minimum payout per currency, in minor units; a currency without one pays any positive balance. */
  minimumsMinor: Record<string, number>;
  methods: PayoutMethod[];
}

export const DEFAULT_PAYOUT_SETTINGS: PayoutSettingsView = {
  holdingDays: 30,
  holdingFrom: HoldingFrom.approval,
  minimumsMinor: {},
  methods: [PayoutMethod.manual, PayoutMethod.paypal, PayoutMethod.storeCredit],
};

export const MAX_HOLDING_DAYS = 365;

/** An exact decimal amount ("25", "25.5", "25.50") in a currency's minor units; null if it is not one. */
export function decimalToMinor(text: string, currency: string): number | null {
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const digits = currencyDigits(currency);
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
}

function parseMinimums(json: string): Record<string, number> {
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== "object") return {};
    const out: Record<string, number> = {};
    for (const [currency, amount] of Object.entries(value)) {
      const minor = typeof amount === "string" ? decimalToMinor(amount, currency) : null;
      if (minor !== null) out[currency] = minor;
    }
    return out;
  } catch {
    return {};
  }
}

export async function getPayoutSettings(db: Db, shop: string): Promise<PayoutSettingsView> {
  const row = await db.payoutSettings.findUnique({ where: { shop } });
  if (!row) return DEFAULT_PAYOUT_SETTINGS;
  return {
    holdingDays: row.holdingDays,
    holdingFrom: row.holdingFrom === HoldingFrom.order ? HoldingFrom.order : HoldingFrom.approval,
    minimumsMinor: parseMinimums(row.minimums),
    methods: row.methods.split(",").filter(isPayoutMethod),
  };
}

export interface PayoutSettingsForm {
  holdingDays: string;
  holdingFrom: string;
  /** One per line: "USD 25.00". */
  minimums: string;
  methods: string[];
}

export type PayoutSettingsErrors = Partial<Record<keyof PayoutSettingsForm, string>>;

/** The form's fields as the settings screen shows them. */
export function payoutSettingsForm(settings: PayoutSettingsView): PayoutSettingsForm {
  return {
    holdingDays: String(settings.holdingDays),
    holdingFrom: settings.holdingFrom,
    minimums: Object.entries(settings.minimumsMinor)
      .map(
        ([currency, minor]) =>
          `${currency} ${(minor / 10 ** currencyDigits(currency)).toFixed(currencyDigits(currency))}`,
      )
      .join("\n"),
    methods: settings.methods,
  };
}

/** Validates and stores the settings; answers the errors by field, or null when saved. */
export async function savePayoutSettings(
  db: Db,
  shop: string,
  form: PayoutSettingsForm,
): Promise<PayoutSettingsErrors | null> {
  const errors: PayoutSettingsErrors = {};
  const holdingDays = Number(form.holdingDays);
  if (!/^\d+$/.test(form.holdingDays.trim()) || holdingDays > MAX_HOLDING_DAYS) {
    errors.holdingDays = `A whole number of days from 0 to ${MAX_HOLDING_DAYS}`;
  }
  if (form.holdingFrom !== HoldingFrom.approval && form.holdingFrom !== HoldingFrom.order) {
    errors.holdingFrom = "Choose approval or order";
  }
  const minimums: Record<string, string> = {};
  for (const raw of form.minimums.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    const match = /^([A-Za-z]{3})\s+(\S+)$/.exec(line);
    const currency = match?.[1].toUpperCase() ?? "";
    if (!match || decimalToMinor(match[2], currency) === null) {
      errors.minimums = `"${line}" is not a currency and an amount, like "USD 25.00"`;
      break;
    }
    minimums[currency] = match[2];
  }
  const methods = PAYOUT_METHODS.filter((method) => form.methods.includes(method));
  if (methods.length === 0) errors.methods = "Offer at least one method";
  if (Object.keys(errors).length > 0) return errors;
  const data = {
    holdingDays,
    holdingFrom: form.holdingFrom,
    minimums: JSON.stringify(minimums),
    methods: methods.join(","),
  };
  await db.payoutSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
  return null;
}
