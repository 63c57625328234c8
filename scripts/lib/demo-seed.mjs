// Seeds a fresh database with a checked scenario (demo-scenario.mjs): the shop's offline session (as
// installing the app would store it), the program settings (saved by the app's own saveProgramSettings),
// affiliates, coupons, customer connections and product connections; the sign-up form open.
import { storeOfflineSession } from "./app-server.mjs";
import { loadProgramModule } from "./demo-scenario.mjs";

const MINUTE = 60_000;

/**
 * @param {import("@prisma/client").PrismaClient} db
 * @param {Awaited<ReturnType<typeof import("./demo-scenario.mjs").loadScenario>>} scenario a checked scenario
 * @param {Date} now
 */
export async function seedScenario(db, scenario, now = new Date()) {
  const { shop, store } = scenario;
  const { saveProgramSettings, DEFAULT_COOKIE_WINDOW_DAYS } = await loadProgramModule();

  await storeOfflineSession(db, shop, `shpat_demo_${shop.split(".")[0]}`);
  await saveProgramSettings(db, shop, {
    program: scenario.program,
    autoApproveDays: null,
    creditTestOrders: false,
    cookieWindowDays: DEFAULT_COOKIE_WINDOW_DAYS,
  });

  // Rows made "before" the demo, a minute apart, in the scenario's order: lists sorted by date read as
  // written, and the first of several connections of a product (the one that owns it) is the first listed.
  const seeded = (index, count) => new Date(now.getTime() - (count - index) * MINUTE);

  const affiliateIds = new Map();
  for (const [index, affiliate] of scenario.affiliates.entries()) {
    const row = await db.affiliate.create({
      data: {
        shop,
        name: affiliate.name,
        email: affiliate.email,
        refCode: affiliate.refCode,
        refCodeKey: affiliate.refCode.toLowerCase(),
        customerId: affiliate.customerId,
        active: affiliate.active,
        rateKind: affiliate.rate?.kind ?? null,
        rateValue: affiliate.rate?.value ?? null,
        createdAt: seeded(index, scenario.affiliates.length),
      },
    });
    affiliateIds.set(affiliate.refCode.toLowerCase(), row.id);
  }
  const affiliateId = (refCode) => affiliateIds.get(refCode.toLowerCase());

  for (const [index, coupon] of scenario.coupons.entries()) {
    const discount = store.findDiscountByCode(coupon.code);
    await db.coupon.create({
      data: {
        shop,
        code: coupon.code,
        codeKey: coupon.code.toLowerCase(),
        affiliateId: affiliateId(coupon.affiliate),
        shopifyDiscountId: discount ? `gid://shopify/DiscountCodeNode/${discount.id}` : null,
        createdAt: seeded(index, scenario.coupons.length),
      },
    });
  }

  for (const [index, connection] of scenario.connections.entries()) {
    const customer = store.getCustomer(connection.customerId);
    const name = customer ? [customer.firstName, customer.lastName].filter(Boolean).join(" ") : "";
    await db.customerConnection.create({
      data: {
        shop,
        customerId: connection.customerId,
        customerEmail: customer?.email ?? null,
        customerName: name || null,
        affiliateId: affiliateId(connection.affiliate),
        expiresAt: connection.expiresAt ? new Date(connection.expiresAt) : null,
        origin: "import",
        createdAt: seeded(index, scenario.connections.length),
      },
    });
  }

  for (const [index, connection] of scenario.productConnections.entries()) {
    await db.productConnection.create({
      data: {
        shop,
        productId: connection.productId,
        productTitle: store.getProduct(connection.productId)?.title ?? null,
        affiliateId: affiliateId(connection.affiliate),
        rateKind: connection.rate?.kind ?? null,
        rateValue: connection.rate?.value ?? null,
        createdAt: seeded(index, scenario.productConnections.length),
      },
    });
  }

  // The affiliate's side open, so a newcomer can apply through the storefront stand-in and approve by hand.
  await db.portalSettings.create({
    data: {
      shop,
      signUpOpen: true,
      autoApprove: false,
      terms: DEMO_PORTAL_TERMS,
      welcomeMessage: "Thanks for sharing the trail with us! Your link and coupon are below.",
    },
  });
}

/** The demo program's terms, shown on the sign-up form. */
export const DEMO_PORTAL_TERMS = `Commission: 10% of each referred order (after discounts, before tax), unless agreed otherwise.
Commissions are approved once the order can no longer be returned, and paid monthly.
No paid ads on our brand name, no coupon sites, no spam. Self-referrals earn nothing.`;
