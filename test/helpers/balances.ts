// Payout balances recomputed from the ledger line by line, written apart from the app's balances code (which
// starts from maintained totals): every approved line no payout holds, payable when its holding period is
// over (a reversal when its commission is paid, or approved and past its own period). The tests compare
// `balancesOf` and the balances screen with it, under several holding periods and clocks.
import { expect } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { balancesOf } from "~/models/payouts/balances.server";
import { getPayoutSettings, type PayoutSettingsView } from "~/models/payouts/settings.server";
import { balancesPage } from "~/models/payouts/views.server";
import { getShopProfile } from "~/models/shop/profile.server";

const DAY = 86_400_000;

export async function recomputedBalances(
  db: PrismaClient,
  shop: string,
  settings: PayoutSettingsView,
  now: Date,
) {
  const lines = await db.ledgerLine.findMany({ where: { shop }, include: { payoutLine: true } });
  const byId = new Map(lines.map((line) => [line.id, line]));
  const cutoff = now.getTime() - settings.holdingDays * DAY;
  const over = (line: (typeof lines)[number]) =>
    (settings.holdingFrom === "order" ? line.orderCreatedAt : line.statusChangedAt).getTime() <= cutoff;
  const balances = new Map<
    string,
    { affiliateId: string; currency: string; payableMinor: number; payableLines: number; heldMinor: number }
  >();
  for (const line of lines) {
    if (line.status !== "approved" || line.payoutLine) continue;
    const commission = line.reversalOfId ? byId.get(line.reversalOfId) : undefined;
    const payable =
      line.type === "commission"
        ? over(line)
        : commission !== undefined &&
          (commission.status === "paid" || (commission.status === "approved" && over(commission)));
    const key = `${line.affiliateId}|${line.currency}`;
    const balance = balances.get(key) ?? {
      affiliateId: line.affiliateId,
      currency: line.currency,
      payableMinor: 0,
      payableLines: 0,
      heldMinor: 0,
    };
    if (payable) {
      balance.payableMinor += line.amountMinor;
      balance.payableLines += 1;
    } else {
      balance.heldMinor += line.amountMinor;
    }
    balances.set(key, balance);
  }
  return [...balances.values()]
    .map((balance) => {
      const minimumMinor = settings.minimumsMinor[balance.currency] ?? 0;
      const payable = balance.payableMinor > 0 && balance.payableMinor >= minimumMinor;
      return { ...balance, minimumMinor, payable };
    })
    .sort((a, b) => `${a.affiliateId}|${a.currency}`.localeCompare(`${b.affiliateId}|${b.currency}`));
}

/**
 * Checks the shop's balances (all of them, each affiliate's alone, the balances screen's counts and totals)
 * against the recomputation, for the shop's settings and for holding periods of 0 and 30 days from
 * approval and from the order, now and 45 days from now. Answers how many balances there were.
 */
export async function expectBalancesToMatchTheLedger(db: PrismaClient, shop: string): Promise<number> {
  const stored = await getPayoutSettings(db, shop);
  const now = Date.now();
  let count = 0;
  for (const holdingDays of [stored.holdingDays, 0, 30]) {
    for (const holdingFrom of ["approval", "order"] as const) {
      for (const at of [new Date(now), new Date(now + 45 * DAY)]) {
        const settings = { ...stored, holdingDays, holdingFrom };
        const expected = await recomputedBalances(db, shop, settings, at);
        const all = await balancesOf(db, shop, settings, at);
        const key = (b: { affiliateId: string; currency: string }) => `${b.affiliateId}|${b.currency}`;
        expect([...all].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected);
        for (const affiliateId of new Set(expected.map((balance) => balance.affiliateId))) {
          expect(await balancesOf(db, shop, settings, at, { affiliateIds: [affiliateId] })).toEqual(
            expected.filter((balance) => balance.affiliateId === affiliateId),
          );
        }
        count = Math.max(count, expected.length);
      }
    }
  }
  // The screen, as stored: every balance counted, the payable ones totalled per currency.
  const at = new Date(now);
  const expected = await recomputedBalances(db, shop, stored, at);
  const screen = await balancesPage(
    db,
    shop,
    (await getShopProfile(db, shop)).currency,
    { payableOnly: false },
    at,
  );
  expect(screen.balances.pageInfo.total).toBe(expected.length);
  const totals = new Map<string, { currency: string; amountMinor: number; count: number }>();
  for (const balance of expected.filter((b) => b.payable)) {
    const total = totals.get(balance.currency) ?? { currency: balance.currency, amountMinor: 0, count: 0 };
    total.amountMinor += balance.payableMinor;
    total.count += 1;
    totals.set(balance.currency, total);
  }
  expect(screen.payableTotals).toEqual(
    [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  );
  return count;
}
