// @ts-check
// An order's trace in the merchant's words: what the engine and the pipeline stored with the order (a stable
// code and an English message naming affiliates by ref code, products and lines by id, money as bare
// decimals and dates in UTC) rewritten with the affiliates' names, the products' titles, money in the
// shop's currency and dates in its time zone. No rule ids, ref codes in brackets or raw timestamps.
//
// Each code's message has a fixed shape (app/attribution/engine.ts, app/pipeline/*): it is read with the
// pattern below and said again from its parts. A message no pattern reads (a code added later) is shown as
// it is, with its dates, products and lines made readable. The order page, the Orders view, the CSV's
// reason column and the demo's table all read the trace through this module.
//
// Plain JavaScript checked by TypeScript, so the demo's Node scripts import it as it is.
import { countOf } from "./counts.js";
import { formatDate } from "./dates.js";
import { formatMoney } from "./money.js";

/**
 * A piece of a sentence: plain text, or an affiliate's name (a link to the affiliate where it is shown).
 * @typedef {{ text: string, affiliateId?: string }} Segment
 */

/**
 * One trace entry in words.
 * @typedef {{ code: string, segments: Segment[] }} Sentence
 */

/**
 * @typedef {object} TraceWordsContext
 * @property {string} currency the order's (the shop's) currency
 * @property {string} timeZone the shop's IANA time zone
 * @property {(refCode: string) => string | null} affiliateIdByRef the affiliate a ref code in a message names
 * @property {(affiliateId: string) => string | null} affiliateName
 * @property {(lineId: string) => string | null} lineTitle the title of a line's product, when known
 * @property {(productId: string) => string | null} productTitle
 */

/**
 * @typedef {object} ContextFacts
 * @property {unknown} input the engine input stored with the order (object or JSON text)
 * @property {string} currency
 * @property {string} timeZone
 * @property {Record<string, string>} [names] affiliate id → name (the affiliates' current names)
 * @property {Record<string, string>} [productTitles] product id → title (e.g. the store's products)
 * @property {Array<{ id: string, refCode: string, name: string }>} [affiliates] the shop's affiliates, to
 *   read ref codes by when there is no input at hand (the CSV export reads the whole ledger)
 */

/**
 * The context to put one order's trace into words: ref codes and lines from the engine input stored with
 * the order (line titles were stored with it since titles are recorded), names and titles from the caller.
 * @param {ContextFacts} facts
 * @returns {TraceWordsContext}
 */
export function traceWordsContext({
  input,
  currency,
  timeZone,
  names = {},
  productTitles = {},
  affiliates = [],
}) {
  const parsed = parseInput(input);
  /** @type {Map<string, string>} */
  const refs = new Map();
  /** @type {Map<string, string>} */
  const refCodes = new Map();
  /** @type {Record<string, string>} */
  const allNames = { ...names };
  for (const affiliate of affiliates) {
    refs.set(affiliate.refCode.trim().toLowerCase(), affiliate.id);
    refCodes.set(affiliate.id, affiliate.refCode.trim());
    allNames[affiliate.id] ??= affiliate.name;
  }
  for (const affiliate of parsed.affiliates) {
    refs.set(affiliate.refCode.trim().toLowerCase(), affiliate.id);
    refCodes.set(affiliate.id, affiliate.refCode.trim());
  }
  /** @type {Map<string, { productId: string | null, title: string | null }>} */
  const lines = new Map();
  /** @type {Map<string, string>} */
  const titlesFromLines = new Map();
  for (const line of parsed.lineItems) {
    lines.set(line.id, { productId: line.productId, title: line.title });
    if (line.productId && line.title && !titlesFromLines.has(line.productId))
      titlesFromLines.set(line.productId, line.title);
  }
  // A Map: product ids are numbers too big to be an object's fast (array index) keys.
  const titles = new Map(Object.entries(productTitles));
  /** @param {string} productId */
  const productTitle = (productId) => titles.get(productId) ?? titlesFromLines.get(productId) ?? null;
  return {
    currency,
    timeZone,
    // A ref code as stored is found as it is; another spelling of it once trimmed and lowercased.
    affiliateIdByRef: (refCode) => refs.get(refCode) ?? refs.get(refCode.trim().toLowerCase()) ?? null,
    affiliateName: (id) => allNames[id] ?? refCodes.get(id) ?? null,
    lineTitle: (lineId) => {
      const line = lines.get(lineId);
      if (!line) return null;
      return line.title ?? (line.productId ? productTitle(line.productId) : null);
    },
    productTitle,
  };
}

/**
 * @param {unknown} input
 * @returns {{ affiliates: Array<{ id: string, refCode: string }>, lineItems: Array<{ id: string, productId: string | null, title: string | null }> }}
 */
function parseInput(input) {
  let value = input;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      value = null;
    }
  }
  const record = /** @type {Record<string, any>} */ (value && typeof value === "object" ? value : {});
  const affiliates = Array.isArray(record.affiliates) ? record.affiliates : [];
  const lineItems = Array.isArray(record.order?.lineItems) ? record.order.lineItems : [];
  return {
    affiliates: affiliates.flatMap((/** @type {any} */ a) =>
      a && typeof a.id === "string" && typeof a.refCode === "string"
        ? [{ id: a.id, refCode: a.refCode }]
        : [],
    ),
    lineItems: lineItems.flatMap((/** @type {any} */ l) =>
      l && typeof l.id === "string"
        ? [
            {
              id: l.id,
              productId: typeof l.productId === "string" ? l.productId : null,
              title: typeof l.title === "string" && l.title.trim() ? l.title.trim() : null,
            },
          ]
        : [],
    ),
  };
}

/** The words a sentence is built of: text, or an affiliate. */
/** @typedef {string | Segment} Part */

/**
 * Joins parts into segments; each affiliate is a link once per sentence (its first mention).
 * @param {Part[]} parts
 * @returns {Segment[]}
 */
function segmentsOf(parts) {
  /** @type {Segment[]} */
  const segments = [];
  const linked = new Set();
  for (const part of parts) {
    if (typeof part === "string") {
      if (!part) continue;
      const last = segments.at(-1);
      if (last && last.affiliateId === undefined) last.text += part;
      else segments.push({ text: part });
    } else if (part.affiliateId && !linked.has(part.affiliateId)) {
      linked.add(part.affiliateId);
      segments.push({ text: part.text, affiliateId: part.affiliateId });
    } else {
      const last = segments.at(-1);
      if (last && last.affiliateId === undefined) last.text += part.text;
      else segments.push({ text: part.text });
    }
  }
  return segments;
}

/**
 * The words for one entry.
 * @param {{ code: string, message: string, affiliateId?: string }} entry
 * @param {TraceWordsContext} context
 * @returns {Sentence}
 */
export function describeTraceEntry(entry, context) {
  const say = new Words(context, entry.affiliateId);
  for (const [code, pattern, build] of TEMPLATES) {
    if (code !== entry.code) continue;
    const match = pattern.exec(entry.message);
    if (match) return { code: entry.code, segments: segmentsOf(finish(build(match, say))) };
  }
  return { code: entry.code, segments: segmentsOf([finish([say.readable(entry.message)])].flat()) };
}

/**
 * The words for one entry as plain text: `sentenceText(describeTraceEntry(entry, context))`, said without
 * building segments (the CSV's reason column says hundreds of thousands of entries).
 * @param {{ code: string, message: string, affiliateId?: string }} entry
 * @param {TraceWordsContext} context
 * @returns {string}
 */
export function traceEntryText(entry, context) {
  const say = new Words(context, entry.affiliateId);
  const templates = TEMPLATES_BY_CODE.get(entry.code);
  if (templates) {
    for (const [pattern, build] of templates) {
      const match = pattern.exec(entry.message);
      if (match) return finishedText(build(match, say));
    }
  }
  return finishedText([say.readable(entry.message)]);
}

/**
 * What `finish` makes of these parts, read as plain text (what `sentenceText` reads of their segments),
 * without the segments: a first part that is text capitalised, a full stop unless the last part is text
 * that ends a sentence.
 * @param {Part[]} parts
 */
function finishedText(parts) {
  let text = "";
  for (const part of parts) text += typeof part === "string" ? part : part.text;
  const first = parts[0];
  if (typeof first === "string" && first !== "") text = first.charAt(0).toUpperCase() + text.slice(1);
  const last = parts[parts.length - 1];
  return typeof last === "string" && SENTENCE_END.test(last) ? text : `${text}.`;
}

/**
 * Whether the entry's message has a shape this module reads (else it is shown as it came, made readable).
 * @param {{ code: string, message: string }} entry
 */
export function isWorded(entry) {
  return TEMPLATES.some(([code, pattern]) => code === entry.code && pattern.test(entry.message));
}

/**
 * Every entry in words, in the trace's order.
 * @param {Array<{ code: string, message: string, affiliateId?: string }>} entries
 * @param {TraceWordsContext} context
 * @returns {Sentence[]}
 */
export function describeTrace(entries, context) {
  return entries.map((entry) => describeTraceEntry(entry, context));
}

/**
 * A sentence as plain text (the CSV, the demo's table).
 * @param {Sentence} sentence
 */
export const sentenceText = (sentence) => sentence.segments.map((s) => s.text).join("");

/**
 * Sentences as one paragraph of plain text.
 * @param {Sentence[]} sentences
 */
export const sentencesText = (sentences) => sentences.map(sentenceText).join(" ");

/**
 * Capitalises the first letter and ends with a full stop.
 * @param {Part[]} parts
 * @returns {Part[]}
 */
function finish(parts) {
  const out = [...parts];
  const first = out[0];
  if (typeof first === "string") out[0] = first.charAt(0).toUpperCase() + first.slice(1);
  const last = out.at(-1);
  if (typeof last === "string" && !SENTENCE_END.test(last)) out[out.length - 1] = `${last}.`;
  else if (typeof last !== "string") out.push(".");
  return out;
}

const SENTENCE_END = /[.!?]$/;

/** What the entries' messages name, said for the merchant. */
class Words {
  /**
   * @param {TraceWordsContext} context
   * @param {string | undefined} entryAffiliateId
   */
  constructor(context, entryAffiliateId) {
    this.context = context;
    this.entryAffiliateId = entryAffiliateId;
  }

  /**
   * An affiliate named in a message by ref code (or as "unknown affiliate <id>").
   * @param {string} ref
   * @returns {Segment}
   */
  affiliate(ref) {
    if (ref.startsWith("unknown affiliate ") && /^unknown affiliate (\S+)$/.test(ref))
      return { text: "an affiliate no longer in the program" };
    const id = this.context.affiliateIdByRef(ref);
    if (!id) return { text: ref };
    return { text: this.context.affiliateName(id) ?? ref, affiliateId: id };
  }

  /**
   * The affiliate the entry is about (its `affiliateId`).
   * @returns {Segment}
   */
  entryAffiliate() {
    const id = this.entryAffiliateId;
    const name = id ? this.context.affiliateName(id) : null;
    return id && name ? { text: name, affiliateId: id } : { text: "an affiliate no longer in the program" };
  }

  /** @param {string} amount an exact decimal */
  money(amount) {
    return formatMoney(amount, this.context.currency);
  }

  /** @param {string} iso */
  date(iso) {
    return formatDate(iso, { timeZone: this.context.timeZone });
  }

  /** @param {string} productId */
  product(productId) {
    return this.context.productTitle(productId) ?? "a product";
  }

  /** @param {string} lineId */
  line(lineId) {
    return this.context.lineTitle(lineId) ?? "a line";
  }

  /**
   * A rate as the engine wrote it ("10 % of 136.00", "5.00 per order (base 136.00)",
   * "2.00 per item × 3 items (base 136.00)"), in money of the shop.
   * @param {string} text
   */
  rate(text) {
    const percent = /^(-?[\d.]+) % of (-?[\d.]+)$/.exec(text);
    if (percent) return `${percent[1]}% of ${this.money(percent[2])}`;
    const perOrder = /^(-?[\d.]+) per order \(base (-?[\d.]+)\)$/.exec(text);
    if (perOrder) return `${this.money(perOrder[1])} per order`;
    const perItem = /^(-?[\d.]+) per item × (\d+) items? \(base (-?[\d.]+)\)$/.exec(text);
    if (perItem) return `${this.money(perItem[1])} per item × ${countOf(Number(perItem[2]), "item")}`;
    return this.readable(text);
  }

  /**
   * A message no pattern reads, made readable: dates in the shop's zone, products by title, no line ids.
   * @param {string} text
   */
  readable(text) {
    return text
      .replace(/ \(lines? [^)]*\)/g, "")
      .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})/g, (iso) => this.date(iso))
      .replace(/\b[Pp]roduct (\d+)/g, (_, id) => this.product(id))
      .replace(/\border\(s\)/g, "orders");
  }

  /**
   * A signal as the engine labels it ("link of alice", "coupon ALICE10 of alice", "connection to alice",
   * "renewal of an order credited to alice"), as whose it was.
   * @param {string} label
   * @returns {Part[]}
   */
  signal(label) {
    let m = /^[Cc]onnection to (.+)$/.exec(label);
    if (m) return ["the customer's connection to ", this.affiliate(m[1])];
    m = /^[Cc]oupon (.+) of (\S+)$/.exec(label);
    if (m) return [this.affiliate(m[2]), `'s coupon ${m[1]}`];
    m = /^[Ll]ink of (\S+)$/.exec(label);
    if (m) return [this.affiliate(m[1]), "'s link"];
    m = /^[Rr]enewal of an order credited to (.+)$/.exec(label);
    if (m) return ["the subscription renewal of an order credited to ", this.affiliate(m[1])];
    return [this.readable(label)];
  }

  /**
   * How the referrer came to the order, for "X referred this order …".
   * @param {string} label
   * @returns {Part[]}
   */
  through(label) {
    let m = /^connection to (.+)$/.exec(label);
    if (m) return ["through the customer's connection to them"];
    m = /^coupon (.+) of (\S+)$/.exec(label);
    if (m) return [`through their coupon ${m[1]}`];
    m = /^link of (\S+)$/.exec(label);
    if (m) return ["through their link"];
    m = /^credit by hand to (\S+)$/.exec(label);
    if (m) return ["as the merchant credited the order to them by hand"];
    m = /^renewal of an order credited to (.+)$/.exec(label);
    if (m) return ["as the subscription renewal of an order credited to them"];
    return [`through ${this.readable(label)}`];
  }
}

/** How a commission's source reads after "earns $X". */
const SOURCE_PHRASES = /** @type {Record<string, string>} */ ({
  connection: "through the customer's connection",
  coupon: "through a coupon",
  link: "through a link",
  recurring: "on a subscription renewal",
  manual: "credited by hand",
});

/**
 * Why a rule applied, said after the amount.
 * @param {string} rule
 * @param {string} reason the engine's words for why
 * @param {Words} say
 * @returns {Part[]}
 */
function ruleWords(rule, reason, say) {
  switch (rule) {
    case "new_customer":
      return ["at the new customer rate, as the customer is new"];
    case "coupon_commission": {
      const own = /^the order used (\S+)'s coupon (.+)$/.exec(reason);
      if (own) return ["at the coupon commission rate, as the order used their coupon ", own[2]];
      const any = /^the order used discount code (.+)$/.exec(reason);
      return [`at the coupon commission rate, as the order used discount code ${any ? any[1] : ""}`.trim()];
    }
    case "first_commission":
      return ["at the first commission rate, as this is the customer's first referred order"];
    case "affiliate_rate":
      return ["at their own rate"];
    case "default":
      return ["at the program's default rate"];
    default:
      return [say.readable(reason)];
  }
}

/** Product-rate sources of a product commission. */
const PRODUCT_RATE_WORDS = /** @type {Record<string, string>} */ ({
  "the product connection's rate": "at the product connection's rate",
  "the program's default rate": "at the program's default rate",
});

const MONEY = "(-?\\d+(?:\\.\\d+)?)";

/**
 * Each code's message shapes and their words. A code may have several shapes; the first that matches wins.
 * @type {Array<[string, RegExp, (match: RegExpExecArray, say: Words) => Part[]]>}
 */
const TEMPLATES = [
  // ─ signals (rules 0 and 1)
  [
    "connection_no_customer",
    /^The customer connection was ignored: the order has no customer$/,
    (_, say) => [
      "A customer connection to ",
      say.entryAffiliate(),
      " was ignored: the order has no customer (a guest checkout)",
    ],
  ],
  [
    "affiliate_unknown",
    /^The customer's connection points at unknown affiliate \S+: ignored$/,
    () => ["The customer's connection was ignored: its affiliate is no longer in the program"],
  ],
  [
    "affiliate_unknown",
    /^Coupon (.+) points at unknown affiliate \S+: ignored$/,
    (m) => [`Coupon ${m[1]} was ignored: its affiliate is no longer in the program`],
  ],
  [
    "affiliate_unknown",
    /^The credit by hand points at unknown affiliate \S+: ignored$/,
    () => ["The credit by hand was ignored: its affiliate is no longer in the program"],
  ],
  [
    "affiliate_unknown",
    /^The renewal points at unknown affiliate \S+: ignored$/,
    () => ["The subscription renewal was ignored: its affiliate is no longer in the program"],
  ],
  [
    "affiliate_unknown",
    /^Product (\S+)'s connection to unknown affiliate \S+ ignored$/,
    (m, say) => [`${say.product(m[1])}'s connection was ignored: its affiliate is no longer in the program`],
  ],
  [
    "affiliate_inactive",
    /^Connection to (\S+) ignored: \S+ is inactive$/,
    (m, say) => ["The customer's connection to ", say.affiliate(m[1]), " was ignored: they are inactive"],
  ],
  [
    "affiliate_inactive",
    /^Coupon (.+) of (\S+) ignored: \S+ is inactive$/,
    (m, say) => [say.affiliate(m[2]), `'s coupon ${m[1]} was ignored: they are inactive`],
  ],
  [
    "affiliate_inactive",
    /^Credit by hand to (\S+) ignored: \S+ is inactive$/,
    (m, say) => ["The credit by hand to ", say.affiliate(m[1]), " was ignored: they are inactive"],
  ],
  [
    "affiliate_inactive",
    /^Link of (\S+) ignored: \S+ is inactive$/,
    (m, say) => [say.affiliate(m[1]), "'s link was ignored: they are inactive"],
  ],
  [
    "affiliate_inactive",
    /^Renewal of an order credited to (\S+) ignored: \S+ is inactive$/,
    (m, say) => [
      "This subscription renewal of an order credited to ",
      say.affiliate(m[1]),
      " was ignored: they are inactive",
    ],
  ],
  [
    "affiliate_inactive",
    /^Product (\S+)'s connection to (\S+) ignored: \S+ is inactive$/,
    (m, say) => [say.affiliate(m[2]), `'s connection to ${say.product(m[1])} was ignored: they are inactive`],
  ],
  [
    "connection_expired",
    /^Connection to (\S+) expired on (\S+)$/,
    (m, say) => ["The customer's connection to ", say.affiliate(m[1]), ` had expired on ${say.date(m[2])}`],
  ],
  [
    "code_not_coupon",
    /^Discount code (.+) is not an affiliate coupon$/,
    (m) => [`Discount code ${m[1]} is not an affiliate's coupon`],
  ],
  [
    "ref_unknown",
    /^Ref code (".*") matches no affiliate: ignored$/,
    (m) => [`The link's ref code ${m[1]} matches no affiliate: ignored`],
  ],
  [
    "renewal_without_affiliate",
    /^This renewal's original order was credited to no affiliate$/,
    () => ["This subscription renewal's first order was credited to no affiliate"],
  ],
  [
    "recurring_disabled",
    /^Renewal of an order credited to (.+): recurring commission is off$/,
    (m, say) => [
      "A subscription renewal of an order credited to ",
      say.affiliate(m[1]),
      ": recurring commission is off in Settings",
    ],
  ],
  [
    "referrer_selected",
    /^(\S+) is the referrer, through (.+)$/,
    (m, say) => [say.affiliate(m[1]), " referred this order ", ...say.through(m[2])],
  ],
  [
    "no_referrer",
    /^No referrer: /,
    () => [
      "No affiliate referred this order: it came with no affiliate link, affiliate coupon, valid customer " +
        "connection or subscription renewal",
    ],
  ],
  [
    "signal_beaten",
    /^(.+) was beaten by (.+)$/,
    (m, say) => [...say.signal(m[1]), " lost to ", ...say.signal(m[2])],
  ],
  [
    "signal_merged",
    /^(.+) points at the same affiliate as (.+): credited once$/,
    (m, say) => [...say.signal(m[1]), " led to the same affiliate: credited once"],
  ],
  // ─ rule 2
  [
    "self_referral",
    /^Self-referral: the customer's email is (\S+)'s; \S+ earns nothing as referrer on this order/,
    (m, say) => [
      "Self-referral: the customer's email is ",
      say.affiliate(m[1]),
      "'s own, so they earn nothing on this order and no one else is credited in their place",
    ],
  ],
  [
    "self_referral",
    /^Self-referral: the customer is (\S+)'s own customer account; \S+ earns nothing as referrer on this order/,
    (m, say) => [
      "Self-referral: the customer is ",
      say.affiliate(m[1]),
      " (their own customer account), so they earn nothing on this order and no one else is credited in their place",
    ],
  ],
  [
    "self_referral",
    /^Self-referral: the customer's email is (\S+)'s; \S+ earns nothing on product (\S+)$/,
    (m, say) => [
      "Self-referral: the customer's email is ",
      say.affiliate(m[1]),
      `'s own, so they earn nothing on ${say.product(m[2])}`,
    ],
  ],
  [
    "self_referral",
    /^Self-referral: the customer is (\S+)'s own customer account; \S+ earns nothing on product (\S+)$/,
    (m, say) => [
      "Self-referral: the customer is ",
      say.affiliate(m[1]),
      ` (their own customer account), so they earn nothing on ${say.product(m[2])}`,
    ],
  ],
  // ─ rule 3
  [
    "line_gift_card",
    /^Line (\S+) is a gift card: never eligible$/,
    (m, say) => [`${say.line(m[1])} is a gift card: gift cards never earn commission`],
  ],
  [
    "line_zero_quantity",
    /^Line (\S+) has quantity 0: not eligible$/,
    (m, say) => [`${say.line(m[1])} has a quantity of 0: it earns no commission`],
  ],
  [
    "line_base_floored",
    new RegExp(`^Line (\\S+)'s base comes to ${MONEY}: counted as 0$`),
    (m, say) => [
      `${say.line(m[1])} comes to ${say.money(m[2])} after discounts: counted as ${say.money("0")}`,
    ],
  ],
  [
    "shipping_included",
    new RegExp(`^Shipping of ${MONEY} is part of (\\S+)'s base$`),
    (m, say) => [`Shipping of ${say.money(m[1])} counts towards `, say.affiliate(m[2]), "'s commission"],
  ],
  // ─ rule 4
  [
    "rule_applied",
    new RegExp(`^(\\S+) earns ${MONEY} through (\\w+), rule (\\w+) \\((.*)\\): (${MONEY} (?:%|per) .*)$`),
    (m, say) => [
      say.affiliate(m[1]),
      ` earns ${say.money(m[2])} ${SOURCE_PHRASES[m[3]] ?? `through ${m[3]}`}, `,
      ...ruleWords(m[4], m[5], say),
      `: ${say.rate(m[6])}`,
    ],
  ],
  [
    "first_commission_ignored",
    /^First commission ignored: new customer commission is on$/,
    () => ["The first commission rate does not apply while new customer commission is on"],
  ],
  // ─ rule 5
  [
    "product_connection_shadowed",
    /^Product (\S+) is also connected to (\S+), but the earlier connection to (\S+) owns it$/,
    (m, say) => [
      `${say.product(m[1])} is also connected to `,
      say.affiliate(m[2]),
      ", but its earlier connection to ",
      say.affiliate(m[3]),
      " takes it",
    ],
  ],
  [
    "product_lines_moved",
    /^Product (\S+) is connected to (\S+), the referrer: /,
    (m, say) => [
      `${say.product(m[1])} is connected to `,
      say.affiliate(m[2]),
      ", who referred the order: it is paid once, as a product commission, and left out of the referral commission",
    ],
  ],
  [
    "product_kept_in_referrer",
    /^Product (\S+) is connected to (\S+), the referrer: its lines stay in the referrer commission, whose (\w+) rule/,
    (m, say) => [
      `${say.product(m[1])} is connected to `,
      say.affiliate(m[2]),
      `, who referred the order: it stays in the referral commission, as the ${
        m[3] === "new_customer" ? "new customer" : "coupon commission"
      } rate ranks above product connections`,
    ],
  ],
  [
    "product_no_eligible_lines",
    /^Product (\S+) is connected to (\S+), but none of its lines is eligible$/,
    (m, say) => [
      `${say.product(m[1])} is connected to `,
      say.affiliate(m[2]),
      ", but none of its lines can earn commission",
    ],
  ],
  [
    "product_commission",
    new RegExp(
      `^(\\S+) earns ${MONEY} on product (\\S+) \\(lines? [^)]*\\), (.+?): (${MONEY} (?:%|per) .*)$`,
    ),
    (m, say) => [
      say.affiliate(m[1]),
      ` earns ${say.money(m[2])} on ${say.product(m[3])}, `,
      PRODUCT_RATE_WORDS[m[4]] ?? "at their own rate",
      `: ${say.rate(m[5])}`,
    ],
  ],
  // ─ rule 6
  [
    "commission_dropped",
    /^(\S+)'s referrer commission dropped: all its lines are paid in its product commissions$/,
    (m, say) => [
      say.affiliate(m[1]),
      " gets no referral commission: everything they could earn on is paid as product commissions",
    ],
  ],
  [
    "commission_dropped",
    /^(\S+)'s referrer commission dropped: the order has no eligible line$/,
    (m, say) => [
      say.affiliate(m[1]),
      " gets no referral commission: nothing on the order can earn commission (gift cards never do)",
    ],
  ],
  [
    "commission_dropped",
    new RegExp(`^(\\S+)'s referrer commission rounds to ${MONEY}: dropped$`),
    (m, say) => [say.affiliate(m[1]), `'s referral commission comes to ${say.money(m[2])}: nothing to pay`],
  ],
  [
    "commission_dropped",
    new RegExp(`^(\\S+)'s commission on product (\\S+) rounds to ${MONEY}: dropped$`),
    (m, say) => [
      say.affiliate(m[1]),
      `'s commission on ${say.product(m[2])} comes to ${say.money(m[3])}: nothing to pay`,
    ],
  ],
  // ─ rule 7
  [
    "connect",
    /^The customer is now connected to (\S+) for lifetime commissions, (?:with no end date|until (\S+))$/,
    (m, say) => [
      "The customer is now connected to ",
      say.affiliate(m[1]),
      `: their later orders earn them commission ${m[2] ? `until ${say.date(m[2])}` : "with no end date"}`,
    ],
  ],
  [
    "connect_skipped",
    /^No lifetime connection to (\S+): the order has no customer$/,
    (m, say) => [
      "No lifetime connection to ",
      say.affiliate(m[1]),
      ": the order has no customer (a guest checkout)",
    ],
  ],
  // ─ the pipeline's own entries
  [
    "test_order_not_credited",
    /^Test order: /,
    () => ["A test order: not credited, as crediting test orders is off in Settings"],
  ],
  [
    "customer_new",
    /^New customer: Shopify created the customer at (\S+) and counts (\d+) order\(s\)$/,
    (m, say) => [
      `A new customer: Shopify created them on ${say.date(m[1])} and counts ${countOf(Number(m[2]), "order")}`,
    ],
  ],
  [
    "customer_returning",
    /^Returning customer: Shopify created the customer at (\S+) and counts (\d+) order\(s\)$/,
    (m, say) => [
      `A returning customer: Shopify created them on ${say.date(m[1])} and counts ${countOf(Number(m[2]), "order")}`,
    ],
  ],
  [
    "customer_not_found",
    /^Shopify has no customer \S+: treated as a returning customer(, and self-referral by email could not be checked)?$/,
    (m) => [`Shopify no longer has this customer: treated as a returning customer${m[1] ?? ""}`],
  ],
  [
    "renewal_origin",
    /recurring commission is off in Settings/,
    () => ["A subscription renewal: recurring commission is off in Settings"],
  ],
  [
    "renewal_origin",
    /is credited to (\S+)$|the ledger credits to (\S+)$/,
    (m, say) => ["A subscription renewal of an order credited to ", say.affiliate(m[1] ?? m[2])],
  ],
  [
    "renewal_origin",
    /the ledger credits to no affiliate$/,
    () => ["A subscription renewal of an order credited to no affiliate"],
  ],
  [
    "renewal_origin",
    /could not be found, so no recurring commission$/,
    () => ["A subscription renewal whose first order is not known: no recurring commission"],
  ],
  [
    "manual_credit",
    /^Credited by hand to (\S+) on (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)(?: by ([^:]+))?(?:: ([\s\S]*))?$/,
    (m, say) => [
      "Credited by hand to ",
      say.affiliate(m[1]),
      ` on ${say.date(m[2])}`,
      ...(m[3] ? [` by ${m[3]}`] : []),
      ...(m[4] ? [`: “${m[4]}”`] : []),
    ],
  ],
];

/** TEMPLATES by code, in their order. */
const TEMPLATES_BY_CODE = (() => {
  /** @type {Map<string, Array<[RegExp, (match: RegExpExecArray, say: Words) => Part[]]>>} */
  const byCode = new Map();
  for (const [code, pattern, build] of TEMPLATES) {
    const list = byCode.get(code) ?? [];
    list.push([pattern, build]);
    byCode.set(code, list);
  }
  return byCode;
})();

/** The codes that say why an order earned nothing, in the order the reasons are given. */
export const NOT_CREDITED_CODES = [
  "test_order_not_credited",
  "self_referral",
  "affiliate_inactive",
  "affiliate_unknown",
  "connection_expired",
  "connection_no_customer",
  "ref_unknown",
  "code_not_coupon",
  "recurring_disabled",
  "renewal_without_affiliate",
  "product_no_eligible_lines",
  "commission_dropped",
  "no_referrer",
];

/**
 * Why an order earned nothing, in words: the entries that say so, in the trace's order (a test order's
 * note alone, as nothing else was looked at).
 * @param {Array<{ code: string, message: string, affiliateId?: string }>} entries
 * @param {TraceWordsContext} context
 * @returns {Sentence[]}
 */
export function notCreditedReasons(entries, context) {
  const test = entries.find((entry) => entry.code === "test_order_not_credited");
  if (test) return [describeTraceEntry(test, context)];
  const reasons = entries.filter((entry) => NOT_CREDITED_CODES.includes(entry.code));
  return describeTrace(reasons, context);
}

/** What earned a referrer's commission, and a product connection's. */
const REFERRER_REASON_CODES = ["manual_credit", "referrer_selected", "rule_applied", "shipping_included"];
const PRODUCT_REASON_CODES = ["product_commission"];

/** Every code a ledger line's reason can come from. */
export const LINE_REASON_CODES = new Set([...REFERRER_REASON_CODES, ...PRODUCT_REASON_CODES]);

/**
 * What a reversal's words say: the cancellation, or the refund and the base it took back.
 * @param {{ base: string, reversalKey: string | null }} line
 * @param {string} currency
 * @returns {string}
 */
export function reversalReasonText(line, currency) {
  if (line.reversalKey === "cancel")
    return "The order was cancelled: what remained of the commission is taken back.";
  const base = formatMoney(line.base.replace(/^-/, ""), currency);
  return `A refund took back the commission on ${base} of what it was paid on.`;
}

/**
 * The entries of an order's trace that say why a commission line is what it is: what the trace says of its
 * affiliate earning it (how they came to the order, the rate, the base), a product connection's or the
 * referrer's.
 * @template {{ code: string, message: string, affiliateId?: string }} Entry
 * @param {{ source: string, affiliateId: string }} line
 * @param {Entry[]} entries the order's trace
 * @returns {Entry[]}
 */
export function commissionReasonEntries(line, entries) {
  const codes = line.source === "product" ? PRODUCT_REASON_CODES : REFERRER_REASON_CODES;
  return entries.filter((entry) => entry.affiliateId === line.affiliateId && codes.includes(entry.code));
}

/**
 * Why a ledger line is what it is, in words: for a commission, what the trace says of its affiliate earning
 * it (commissionReasonEntries); for a reversal, the refund or cancellation (reversalReasonText).
 * @param {{ type: string, source: string, affiliateId: string, base: string, reversalKey: string | null }} line
 * @param {Array<{ code: string, message: string, affiliateId?: string }>} entries the order's trace
 * @param {TraceWordsContext} context
 * @returns {Sentence[]}
 */
export function ledgerLineReason(line, entries, context) {
  if (line.type === "reversal") {
    return [{ code: "reversal", segments: [{ text: reversalReasonText(line, context.currency) }] }];
  }
  return describeTrace(commissionReasonEntries(line, entries), context);
}
