// The demo's readable ledger: one row per ledger line (commission or reversal), plus a row for each
// commission the engine dropped and for each order that earned nothing, each with a short "why" taken
// from the trace the app stored with the order (AttributedOrder.trace). Sources, rules, statuses and money
// read as the admin screens show them (app/format).
import { describeRule, describeSource, describeStatus } from "../../app/format/ledger.js";
import { formatMoney } from "../../app/format/money.js";

/**
 * The shop's orders as the app recorded them, oldest order first, with their ledger lines.
 * @param {import("@prisma/client").PrismaClient} db
 */
export async function readLedger(db, shop) {
  return db.attributedOrder.findMany({
    where: { shop },
    orderBy: [{ orderCreatedAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    include: {
      ledgerLines: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        include: { affiliate: { select: { refCode: true } } },
      },
    },
  });
}

/**
 * Ledger rows to print: { order, affiliate, source, rule, amount, currency, status, why }.
 * `productTitle(id)` names products in the explanations.
 */
export function ledgerRows(orders, productTitle = () => null) {
  const rows = [];
  for (const order of orders) {
    const trace = parseTrace(order.trace);
    const say = (message) => humanize(message, productTitle);
    const orderName = order.orderName ?? `order ${order.orderId}`;
    const before = rows.length;
    for (const line of order.ledgerLines) {
      const why =
        line.type === "reversal"
          ? reversalWhy(line, order.ledgerLines)
          : line.source === "product"
            ? productWhy(line, trace, say)
            : referrerWhy(line, trace, say);
      rows.push({
        order: orderName,
        affiliate: line.affiliate.refCode,
        source: line.source,
        rule: line.rule,
        amount: line.amount,
        currency: line.currency,
        status: line.status,
        why,
      });
    }
    for (const entry of trace.filter((e) => e.code === "commission_dropped")) {
      rows.push({
        order: orderName,
        affiliate: refCodeOf(entry.message),
        source: "",
        rule: "",
        amount: "",
        currency: order.currency,
        status: "dropped",
        why:
          say(entry.message.replace(/^\S+'s /, "")) +
          (giftCardsOnly(entry, trace) ? " (gift cards never earn)" : ""),
      });
    }
    if (rows.length === before) {
      rows.push({
        order: orderName,
        affiliate: "",
        source: "",
        rule: "",
        amount: "",
        currency: order.currency,
        status: "",
        why: nothingWhy(trace, say),
      });
    }
  }
  return rows;
}

const giftCardsOnly = (entry, trace) =>
  entry.message.endsWith("has no eligible line") && trace.some((e) => e.code === "line_gift_card");

function parseTrace(text) {
  try {
    const trace = JSON.parse(text);
    return Array.isArray(trace) ? trace : [];
  } catch {
    return [];
  }
}

/** "alice's referrer commission…" → "alice". */
function refCodeOf(message) {
  return /^(\S+?)'s /.exec(message)?.[1] ?? "";
}

/** Product ids read as titles; line ids (long numbers the merchant never sees) go. */
function humanize(message, productTitle) {
  return message
    .replace(/ \(lines? [\d, ]+\)/g, "")
    .replace(/\bproduct (\d+)/g, (match, id) => productTitle(id) ?? match)
    .replace(/\blines? \([\d, ]+\) /g, "");
}

function referrerWhy(line, trace, say) {
  const mine = trace.filter((e) => e.affiliateId === line.affiliateId);
  const applied = mine.find((e) => e.code === "rule_applied");
  // "alice earns 13.60 through link, rule default (the program's default rate): 10 % of 136.00"
  const match = applied && /, rule \S+ \((.*)\): (.*)$/.exec(applied.message);
  const parts = [match ? `${match[2]}: ${match[1]}` : say(applied?.message ?? "")];
  if (mine.some((e) => e.code === "shipping_included")) parts.push("shipping included");
  for (const entry of trace) {
    const product = /^Product (\d+)/.exec(entry.message)?.[1];
    if (entry.code === "signal_beaten") parts.push(say(lowerFirst(entry.message)));
    else if (entry.affiliateId !== line.affiliateId || !product) continue;
    else if (entry.code === "product_lines_moved")
      parts.push(`${say(`product ${product}`)}, its own product, is paid apart`);
    else if (entry.code === "product_kept_in_referrer")
      parts.push(`${say(`product ${product}`)}, its own product, stays in this commission`);
  }
  return parts.join("; ");
}

function productWhy(line, trace, say) {
  const ids = JSON.parse(line.lineItemIds);
  const entry =
    trace.find(
      (e) =>
        e.code === "product_commission" &&
        e.affiliateId === line.affiliateId &&
        ids.every((id) => e.message.includes(id)),
    ) ?? trace.find((e) => e.code === "product_commission" && e.affiliateId === line.affiliateId);
  if (!entry) return "";
  // "dan earns 2.00 on product 8002 (lines 1), dan's own rate: 2.00 per item × 1 item (base 170.10)"
  const match = / on (product \d+) \([^)]*\), (.*?): (.*)$/.exec(entry.message);
  return match ? say(`${match[1]}: ${match[3]}, ${match[2]}`) : say(entry.message);
}

function reversalWhy(line, all) {
  const original = all.find((l) => l.id === line.reversalOfId);
  const amount = line.amount.replace(/^-/, "");
  if (line.reversalKey === "cancel") return `order cancelled: the remaining ${amount} reversed`;
  const refund = line.reversalKey?.replace(/^refund:/, "") ?? "";
  const base = line.base.replace(/^-/, "");
  return original
    ? `refund ${refund}: ${base} of the ${original.base} base refunded, so ${original.amount} × ${base} ÷ ${original.base}`
    : `refund ${refund}: ${base} of the base refunded`;
}

function nothingWhy(trace, say) {
  const pick = (codes) => trace.filter((e) => codes.includes(e.code)).map((e) => say(e.message));
  const test = pick(["test_order_not_credited"]);
  if (test.length) return test[0];
  // "Self-referral: <reason>; alice earns nothing as referrer…", then the same reason for its products.
  const self = pick(["self_referral"]);
  if (self.length) {
    const [first, ...rest] = self;
    const reason = /^Self-referral: [^;]*; /.exec(first)?.[0] ?? "";
    return [first, ...rest.map((m) => (m.startsWith(reason) ? m.slice(reason.length) : m))].join("; ");
  }
  const ignored = pick(["affiliate_inactive", "ref_unknown", "connection_expired"]);
  const none = pick(["no_referrer"]);
  if (none.length) return [...ignored, ...none].map((m, i) => (i ? lowerFirst(m) : m)).join("; ");
  return say(trace.at(-1)?.message ?? "nothing to credit");
}

const lowerFirst = (text) => text.charAt(0).toLowerCase() + text.slice(1);

/** The table's own status: a commission the engine dropped (its "why" says why). */
const STATUS_WORDS = { dropped: "Dropped" };

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(text, width) {
  const lines = [];
  let current = "";
  for (const word of text.split(" ")) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines.length ? lines : [""];
}

/**
 * The rows as a text table. With `width` (a terminal's columns), the "why" column wraps to fit, or goes
 * under its row when the terminal is too narrow for it.
 * @param {ReturnType<typeof ledgerRows>} rows
 */
export function formatLedgerTable(rows, { width } = {}) {
  const columns = [
    { title: "Order", get: (r) => r.order },
    { title: "Affiliate", get: (r) => r.affiliate || "—" },
    { title: "Source", get: (r) => (r.source ? describeSource(r.source) : "—") },
    { title: "Rule", get: (r) => (r.rule ? describeRule(r.rule) : "—") },
    { title: "Amount", get: (r) => (r.amount ? formatMoney(r.amount, r.currency) : "—"), right: true },
    { title: "Status", get: (r) => (r.status ? (STATUS_WORDS[r.status] ?? describeStatus(r.status)) : "—") },
  ];
  const widths = columns.map((c) => Math.max(c.title.length, ...rows.map((r) => c.get(r).length)));
  const gap = "  ";
  const fixed = widths.reduce((sum, w) => sum + w + gap.length, 0);
  const whyWidth = width ? width - fixed - 1 : Infinity;
  const stacked = whyWidth < 30;
  const cells = (values) =>
    values.map((cell, i) => (columns[i].right ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(gap);
  const out = [];
  const push = (values, why) => {
    if (stacked) {
      out.push(cells(values).trimEnd());
      if (why) out.push(...wrap(why, Math.max(20, width - 5)).map((line) => `    ${line}`));
      return;
    }
    const [first, ...more] = Number.isFinite(whyWidth) ? wrap(why, whyWidth) : [why];
    out.push(`${cells(values)}${gap}${first}`.trimEnd());
    for (const line of more) out.push(`${" ".repeat(fixed)}${line}`);
  };
  push(
    columns.map((c) => c.title),
    stacked ? "" : "Why",
  );
  push(
    widths.map((w) => "─".repeat(w)),
    stacked ? "" : "─".repeat(Math.min(whyWidth, 40)),
  );
  let previous = null;
  for (const row of rows) {
    const values = columns.map((c) => c.get(row));
    if (row.order === previous) values[0] = "";
    previous = row.order;
    push(values, row.why);
  }
  return out.join("\n");
}
