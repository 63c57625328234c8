// The program's payout settings: the holding period, the minimum payout per currency, the methods offered.
import type { Prisma, PrismaClient } from "@prisma/client";
import { currencyDigits, minorToDecimal } from "~/format/money";
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
  /** The minimum payout per currency as typed ("25.00"); "" or left out: no minimum in that currency. */
  minimums: Record<string, string>;
  methods: string[];
}

/** The errors by field; a minimum's error is under `minimums.<currency>`, the name of its field. */
export type PayoutSettingsErrors = Partial<
  Record<Exclude<keyof PayoutSettingsForm, "minimums"> | `minimums.${string}`, string>
>;

/**
 * The form's fields as the settings screen shows them: a minimum for the shop's currency first, then one for
 * each other currency the ledger has or that has a minimum (empty when it has none).
 */
export function payoutSettingsForm(
  settings: PayoutSettingsView,
  shopCurrency: string,
  ledgerCurrencies: readonly string[] = [],
): PayoutSettingsForm {
  const minimums: Record<string, string> = { [shopCurrency]: "" };
  for (const currency of [...ledgerCurrencies].sort()) minimums[currency] = "";
  for (const [currency, minor] of Object.entries(settings.minimumsMinor)) {
    minimums[currency] = minorToDecimal(minor, currency);
  }
  return {
    holdingDays: String(settings.holdingDays),
    holdingFrom: settings.holdingFrom,
    minimums,
    methods: settings.methods,
  };
}

/** The currencies the shop's ledger has lines in (from the per-affiliate totals: a few rows, not the lines). */
export async function ledgerCurrencies(db: Db, shop: string): Promise<string[]> {
  const rows = await db.affiliateStatusTotal.findMany({
    where: { shop },
    distinct: ["currency"],
    select: { currency: true },
  });
  return rows.map((row) => row.currency);
}

/** Why `text` is not a minimum payout in `currency`, or null when it is one ("" is: no minimum). */
export function minimumProblem(text: string, currency: string): string | null {
  const amount = text.trim();
  if (amount === "") return null;
  const digits = currencyDigits(currency);
  const example = digits === 0 ? "2500" : `25.${"0".repeat(digits)}`;
  if (/^-\s*\d/.test(amount)) return "A minimum can't be below zero";
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match) return `Enter an amount in ${currency}, like ${example}`;
  if (match[1].length > 12) return "Enter at most 12 digits before the decimal point";
  if ((match[2] ?? "").length > digits) {
    return digits === 0
      ? `${currency} has no decimals: enter a whole amount, like ${example}`
      : `${currency} has ${digits} decimal places: enter an amount like ${example}`;
  }
  return null;
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
  for (const [currency, text] of Object.entries(form.minimums)) {
    if (!/^[A-Z]{3}$/.test(currency)) {
      errors[`minimums.${currency}`] = "Not a currency code";
      continue;
    }
    const problem = minimumProblem(text, currency);
    if (problem) errors[`minimums.${currency}`] = problem;
    else if (text.trim() !== "") minimums[currency] = text.trim();
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
