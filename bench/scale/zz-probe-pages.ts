// Temporary probe (not committed): OFFSET page 400 vs the cursor page, in process, alternated.
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import { cursorOf } from "~/lib/keyset";
import { listConnections } from "~/models/connections/connections.server";
import { listOrders, ORDERS_ORDER } from "~/models/orders/orders.server";
import { listAffiliates } from "~/models/affiliates/affiliates.server";
const db = new PrismaClient({ adapter: new PrismaLibSQL({ url: `file:${process.argv[2]}` }) });
const shop = "big-shop.myshopify.com";
const conn = await db.customerConnection.findMany({ where: { shop }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: 9974, take: 1 });
const connCursor = cursorOf(conn[0], [{ field: "createdAt", direction: "desc", type: "date" }, { field: "id", direction: "desc", type: "string" }]);
const ord = await db.attributedOrder.findMany({ where: { shop, credited: false }, orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }], skip: 974, take: 1 });
const ordCursor = cursorOf(ord[0], ORDERS_ORDER);
const cases: Record<string, () => Promise<unknown>> = {
  "trivial (findFirst shop profile)": () => db.shopProfile.findFirst({ where: { shop } }),
  "connections OFFSET 9975 (main's read)": () => db.customerConnection.findMany({ where: { shop }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: 9975, take: 25, include: { affiliate: true } }),
  "connections first page (listConnections)": () => listConnections(db, shop, { page: {} }),
  "connections after cursor, page 400 (listConnections)": () => listConnections(db, shop, { page: { after: connCursor } }),
  "orders not credited OFFSET 975 (main's read)": () => db.attributedOrder.findMany({ where: { shop, credited: false }, orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }], skip: 975, take: 26 }),
  "orders not credited after cursor, page 40 (listOrders)": () => listOrders(db, shop, { filter: "not_credited", page: { after: ordCursor } }, "America/New_York"),
  "orders not credited first page (listOrders)": () => listOrders(db, shop, { filter: "not_credited", page: {} }, "America/New_York"),
  "affiliates searched tanaka (listAffiliates)": () => listAffiliates(db, shop, { query: "tanaka", currency: "USD" }),
  "affiliates searched with main's _count join": () => db.affiliate.findMany({ where: { shop, OR: [{ name: { contains: "tanaka" } }, { email: { contains: "tanaka" } }, { refCode: { contains: "tanaka" } }] }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 25, include: { _count: { select: { customerConnections: { where: { shop } }, coupons: { where: { shop } } } } } }),
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const f of Object.values(cases)) await f();
for (let round = 0; round < 15; round++) for (const [name, f] of Object.entries(cases)) { const t = performance.now(); await f(); times[name].push(performance.now() - t); }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const trivial = median(times["trivial (findFirst shop profile)"]);
console.log(process.argv[2], "— in process, 15 rounds alternated, median ms (× trivial query)");
for (const [name, xs] of Object.entries(times)) console.log(`${name}: ${median(xs).toFixed(2)} ms (${(median(xs) / trivial).toFixed(1)}×)`);
await db.$disconnect();
