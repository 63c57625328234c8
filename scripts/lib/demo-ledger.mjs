// The demo's readable ledger: one row per ledger line (commission or reversal), plus a row for each
// commission the engine dropped and for each order that earned nothing, each with a short "why": the trace
// the app stored with the order (AttributedOrder.trace) in the merchant's words, as the order page, the
// Orders view and the CSV's reason column say it (app/format/trace-words.js). Sources, rules, statuses and
// money read as the admin screens show them (app/format).
import { describeRule, describeSource, describeStatus } from "../../app/format/ledger.js";
import { formatMoney } from "../../app/format/money.js";
import {
  describeTraceEntry,
  ledgerLineReason,
  notCreditedReasons,
  sentencesText,
  sentenceText,
  traceWordsContext,
} from "../../app/format/trace-words.js";

/**
 * The shop's orders as the app recorded them, oldest order first, with their ledger lines, and the shop's
 * time zone and affiliates' names (for the words).
 * @param {import("@prisma/client").PrismaClient} db
 */
export async function readLedger(db, shop) {
  const [orders, profile, affiliates] = await Promise.all([
    db.attributedOrder.findMany({
      where: { shop },
      orderBy: [{ orderCreatedAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      include: {
        ledgerLines: {
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          include: { affiliate: { select: { refCode: true } } },
        },
      },
    }),
    db.shopProfile.findUnique({ where: { shop } }),
    db.affiliate.findMany({ where: { shop }, select: { id: true, name: true } }),
  ]);
  const names = Object.fromEntries(affiliates.map((a) => [a.id, a.name]));
  return Object.assign(orders, { timeZone: profile?.timeZone ?? "UTC", names });
}

/**
 * Ledger rows to print: { order, affiliate, source, rule, amount, currency, status, why }.
 * `productTitle(id)` names products the orders' lines do not.
 */
export function ledgerRows(orders, productTitle = () => null) {
  const rows = [];
  const timeZone = orders.timeZone ?? "UTC";
  const names = orders.names ?? {};
  for (const order of orders) {
    const trace = parseTrace(order.trace);
    const productTitles = {};
    for (const line of parseInput(order.input)?.order?.lineItems ?? []) {
      const title = line.productId ? productTitle(line.productId) : null;
      if (title) productTitles[line.productId] = title;
    }
    const context = traceWordsContext({
      input: order.input,
      currency: order.currency,
      timeZone,
      names,
      productTitles,
    });
    const orderName = order.orderName ?? `order ${order.orderId}`;
    const before = rows.length;
    for (const line of order.ledgerLines) {
      rows.push({
        order: orderName,
        affiliate: line.affiliate.refCode,
        source: line.source,
        rule: line.rule,
        amount: line.amount,
        currency: line.currency,
        status: line.status,
        why: sentencesText(ledgerLineReason(line, trace, context)),
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
        why: sentenceText(describeTraceEntry(entry, context)),
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
        why: sentencesText(notCreditedReasons(trace, context)) || "Nothing to credit.",
      });
    }
  }
  return rows;
}

function parseTrace(text) {
  try {
    const trace = JSON.parse(text);
    return Array.isArray(trace) ? trace : [];
  } catch {
    return [];
  }
}

function parseInput(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** "alice's referrer commission…" → "alice". */
function refCodeOf(message) {
  return /^(\S+?)'s /.exec(message)?.[1] ?? "";
}

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
