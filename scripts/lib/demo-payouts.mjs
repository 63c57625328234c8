// The end of the demo's story: the merchant has reviewed the scenario's orders (its commissions approved,
// as the Commissions screen would) and pays affiliates with no holding period, so balances are owed and a
// newcomer can pay one in store credit against the emulator and export a PayPal batch.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { formatMinor } from "../../app/format/money.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The app's own review and payout modules, compiled with esbuild into node_modules/.cache (packages left as
 * imports, so the database driver is the app's own), so the demo approves and pays as the screens do.
 */
async function loadPayoutsModules() {
  const { build } = await import("esbuild");
  const outfile = path.join(ROOT, "node_modules/.cache/demo/payouts.mjs");
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    stdin: {
      contents: [
        'export { createPrismaClient } from "~/lib/prisma-client.server";',
        'export { approveLines } from "~/models/ledger/review.server";',
        'export { savePayoutSettings, getPayoutSettings } from "~/models/payouts/settings.server";',
        'export { balancesOf } from "~/models/payouts/balances.server";',
      ].join("\n"),
      resolveDir: ROOT,
      loader: "ts",
    },
    plugins: [
      {
        name: "app-alias",
        setup(plugin) {
          // "~/x" is the app's own code (tsconfig's paths): bundled; packages stay imports.
          plugin.onResolve({ filter: /^~\// }, (args) =>
            plugin.resolve(`./${args.path.slice(2)}`, {
              resolveDir: path.join(ROOT, "app"),
              kind: args.kind,
            }),
          );
        },
      },
    ],
    bundle: true,
    packages: "external",
    format: "esm",
    platform: "node",
    outfile,
    logLevel: "silent",
  });
  return import(pathToFileURL(outfile).href);
}

/**
 * Approves the shop's pending commissions, sets payouts to pay at once by any method, and answers the
 * balances owed: [{ affiliate, amount }]. The app is running on the database meanwhile (its worker sends
 * emails and digests): so the review writes on a client of the app's own kind, whose transactions take
 * SQLite's write lock as they begin, waiting for the app's writers there rather than inside Prisma's
 * five-second transaction timeout.
 * @param {string} databaseUrl
 * @param {string} shop
 */
export async function settleDemoReview(databaseUrl, shop, now = new Date()) {
  const modules = await loadPayoutsModules();
  /** @type {import("@prisma/client").PrismaClient} */
  const db = modules.createPrismaClient(databaseUrl);
  try {
    return await settle(modules, db, shop, now);
  } finally {
    await db.$disconnect();
  }
}

/**
 * @param {Awaited<ReturnType<typeof loadPayoutsModules>>} modules
 * @param {import("@prisma/client").PrismaClient} db
 * @param {string} shop
 * @param {Date} now
 */
async function settle(modules, db, shop, now) {
  const { approveLines, savePayoutSettings, getPayoutSettings, balancesOf } = modules;
  const pending = await db.ledgerLine.findMany({
    where: { shop, type: "commission", status: "pending" },
    select: { id: true },
  });
  await approveLines(
    db,
    shop,
    pending.map((line) => line.id),
    now,
  );
  const refused = await savePayoutSettings(db, shop, {
    holdingDays: "0",
    holdingFrom: "approval",
    minimums: { USD: "1.00" },
    methods: ["paypal", "store_credit", "manual"],
  });
  // Refused settings would leave nothing payable and the payout scenario would pass over it in silence.
  if (refused) throw new Error(`The demo's payout settings were refused: ${JSON.stringify(refused)}`);
  const balances = await balancesOf(db, shop, await getPayoutSettings(db, shop), now);
  const names = new Map(
    (await db.affiliate.findMany({ where: { shop }, select: { id: true, refCode: true } })).map((a) => [
      a.id,
      a.refCode,
    ]),
  );
  return balances
    .filter((balance) => balance.payable)
    .sort((a, b) => b.payableMinor - a.payableMinor)
    .map((balance) => ({
      affiliate: names.get(balance.affiliateId) ?? balance.affiliateId,
      amount: formatMinor(balance.payableMinor, balance.currency),
    }));
}
