/**
 * The attribution engine: rules 0–8 of docs/attribution.md, as a pure function of its input.
 * No I/O, no clock, no randomness; the input is never mutated.
 */
import { formatIsoDateTime, MS_PER_DAY } from "./iso-date";
import { KeyIndex } from "./key-index";
import { type Units, addUnits, formatUnits, isZeroUnits, multiplyUnits, roundUnits } from "./money";
import type {
  Affiliate,
  AttributionInput,
  AttributionResult,
  Commission,
  CommissionRule,
  CommissionSource,
  ConnectInstruction,
  ProductConnection,
  TraceCode,
  TraceEntry,
} from "./types";
import {
  type ParsedInput,
  type ParsedLine,
  type ParsedRate,
  normalizeKey,
  parseInput,
  parseRate,
} from "./validate";

type ReferrerSource = Exclude<CommissionSource, "product">;

interface Candidate {
  source: ReferrerSource;
  affiliate: Affiliate;
  /** How the merchant reads the signal: "link of alice", "coupon BOB15 of bob". */
  label: string;
}

interface ProductGroup {
  productId: string;
  /** The product's eligible lines, in input order. */
  lines: ParsedLine[];
  connections: ProductConnection[];
}

/** A product, the affiliate that owns it and the connection through which it does (rule 5). */
interface OwnedProduct {
  group: ProductGroup;
  owner: Affiliate;
  connection: ProductConnection;
}

interface RateChoice {
  rule: CommissionRule;
  rate: ParsedRate;
  /** Why this rule, in plain English. */
  reason: string;
}

/** How the merchant knows an affiliate: its ref code. */
function nameOf(affiliate: Affiliate): string {
  return affiliate.refCode.trim();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isEligible(line: ParsedLine): boolean {
  return !line.giftCard && line.quantity > 0;
}

/** "a, b, c", as `join(", ")` but several times faster on an order's few lines. */
function commaList(items: string[]): string {
  let text = items.length === 0 ? "" : items[0];
  for (let i = 1; i < items.length; i++) text += `, ${items[i]}`;
  return text;
}

/** The commission on `base` (units of 10^-scale), rounded half away from zero to `digits` decimals. */
function commissionAmount(
  rate: ParsedRate,
  base: Units,
  scale: number,
  quantity: number,
  digits: number,
): Units {
  switch (rate.kind) {
    case "percent": // base × value ÷ 100
      return roundUnits(multiplyUnits(base, rate.units), scale + rate.scale + 2, digits);
    case "flat_per_order":
      return roundUnits(rate.units, rate.scale, digits);
    case "flat_per_item":
      return roundUnits(multiplyUnits(rate.units, quantity), rate.scale, digits);
  }
}

/** Attributes one order: who earns, under which rule, how much, and why (the trace). */
export function attributeOrder(input: AttributionInput): AttributionResult {
  return new Attribution(parseInput(input)).run();
}

class Attribution {
  // Declared, then assigned in the constructor: see KeyIndex.
  declare private readonly v: ParsedInput;
  declare private readonly trace: TraceEntry[];
  /** Lines of products the referrer owns that leave its base for its product commission (rule 5). */
  declare private movedLines: Set<ParsedLine> | null;

  constructor(v: ParsedInput) {
    this.v = v;
    this.trace = [];
    this.movedLines = null;
  }

  private note(code: TraceCode, message: string, affiliateId?: string): void {
    this.trace.push(affiliateId === undefined ? { code, message } : { code, message, affiliateId });
  }

  /** An amount of the order's money units, rounded and formatted to the currency. */
  private money(units: Units): string {
    return formatUnits(roundUnits(units, this.v.scale, this.v.digits), this.v.digits);
  }

  private rateText(rate: ParsedRate, baseText: string, quantity: number): string {
    const value = formatUnits(rate.units, rate.scale);
    switch (rate.kind) {
      case "percent":
        return `${value} % of ${baseText}`;
      case "flat_per_order":
        return `${value} per order (base ${baseText})`;
      case "flat_per_item":
        return `${value} per item × ${quantity} ${quantity === 1 ? "item" : "items"} (base ${baseText})`;
    }
  }

  /** Rule 2: why `affiliate` is the customer, or null. */
  private selfReferral(affiliate: Affiliate): string | null {
    const customer = this.v.customer;
    if (!this.v.program.excludeSelfReferrals || customer === null) return null;
    if (
      customer.emailKey !== null &&
      affiliate.email !== null &&
      normalizeKey(affiliate.email) === customer.emailKey
    ) {
      return `the customer's email is ${nameOf(affiliate)}'s`;
    }
    if (affiliate.customerId !== null && affiliate.customerId === customer.id) {
      return `the customer is ${nameOf(affiliate)}'s own customer account`;
    }
    return null;
  }

  run(): AttributionResult {
    const { candidates, connectionValid } = this.collectSignals();
    const winner = this.chooseReferrer(candidates);
    let referrer: Affiliate | null = null;
    if (winner !== null) {
      const reason = this.selfReferral(winner.affiliate);
      if (reason === null) {
        referrer = winner.affiliate;
      } else {
        this.note(
          "self_referral",
          `Self-referral: ${reason}; ${nameOf(winner.affiliate)} earns nothing as referrer on this order, and no other signal takes its place`,
          winner.affiliate.id,
        );
      }
    }
    this.noteLines();
    const choice = referrer !== null && winner !== null ? this.chooseRule(referrer, winner.source) : null;

    const commissions: Commission[] = [];
    const products = this.productOwners(referrer, choice);
    if (referrer !== null && winner !== null && choice !== null) {
      const commission = this.referrerCommission(referrer, winner.source, choice);
      if (commission !== null) commissions.push(commission);
    }
    for (const product of products) {
      const commission = this.productCommission(product);
      if (commission !== null) commissions.push(commission);
    }
    const connect =
      referrer !== null && winner !== null
        ? this.lifetimeConnect(referrer, winner.source, connectionValid)
        : null;
    return { commissions, connect, trace: this.trace };
  }

  /** Rules 0 and 1: every signal, in priority order; the valid ones become candidates. */
  private collectSignals(): { candidates: Candidate[]; connectionValid: boolean } {
    const { v } = this;
    const candidates: Candidate[] = [];
    let connectionValid = false;

    // A credit by hand is the merchant's word on this one order: it ranks above every signal.
    if (v.manualAffiliateId !== null) {
      const affiliateId = v.manualAffiliateId;
      const affiliate = v.affiliatesById.get(affiliateId);
      if (affiliate === undefined) {
        this.note(
          "affiliate_unknown",
          `The credit by hand points at unknown affiliate ${affiliateId}: ignored`,
          affiliateId,
        );
      } else if (!affiliate.active) {
        this.note(
          "affiliate_inactive",
          `Credit by hand to ${nameOf(affiliate)} ignored: ${nameOf(affiliate)} is inactive`,
          affiliateId,
        );
      } else {
        candidates.push({ source: "manual", affiliate, label: `credit by hand to ${nameOf(affiliate)}` });
      }
    }

    if (v.connection !== null) {
      const { affiliateId, expiresAtMs } = v.connection;
      const affiliate = v.affiliatesById.get(affiliateId);
      if (v.customer === null) {
        this.note(
          "connection_no_customer",
          "The customer connection was ignored: the order has no customer",
          affiliateId,
        );
      } else if (affiliate === undefined) {
        this.note(
          "affiliate_unknown",
          `The customer's connection points at unknown affiliate ${affiliateId}: ignored`,
          affiliateId,
        );
      } else if (!affiliate.active) {
        this.note(
          "affiliate_inactive",
          `Connection to ${nameOf(affiliate)} ignored: ${nameOf(affiliate)} is inactive`,
          affiliateId,
        );
      } else if (expiresAtMs !== null && expiresAtMs <= v.createdAtMs) {
        this.note(
          "connection_expired",
          `Connection to ${nameOf(affiliate)} expired on ${formatIsoDateTime(expiresAtMs)}`,
          affiliateId,
        );
      } else {
        connectionValid = true;
        candidates.push({ source: "connection", affiliate, label: `connection to ${nameOf(affiliate)}` });
      }
    }

    for (const code of v.discountCodes) {
      const { coupons, owner } = code;
      if (coupons.length === 0) {
        this.note("code_not_coupon", `Discount code ${code.text} is not an affiliate coupon`);
        continue;
      }
      if (owner !== null) {
        candidates.push({
          source: "coupon",
          affiliate: owner,
          label: `coupon ${code.text} of ${nameOf(owner)}`,
        });
        continue;
      }
      for (const coupon of coupons) {
        const affiliate = v.affiliatesById.get(coupon.affiliateId);
        if (affiliate === undefined) {
          this.note(
            "affiliate_unknown",
            `Coupon ${code.text} points at unknown affiliate ${coupon.affiliateId}: ignored`,
            coupon.affiliateId,
          );
        } else {
          this.note(
            "affiliate_inactive",
            `Coupon ${code.text} of ${nameOf(affiliate)} ignored: ${nameOf(affiliate)} is inactive`,
            affiliate.id,
          );
        }
      }
    }

    if (v.ref !== null) {
      const affiliate = v.refAffiliate;
      if (affiliate === null) {
        this.note("ref_unknown", `Ref code ${JSON.stringify(v.ref)} matches no affiliate: ignored`);
      } else if (!affiliate.active) {
        this.note(
          "affiliate_inactive",
          `Link of ${nameOf(affiliate)} ignored: ${nameOf(affiliate)} is inactive`,
          affiliate.id,
        );
      } else {
        candidates.push({ source: "link", affiliate, label: `link of ${nameOf(affiliate)}` });
      }
    }

    const renewalAffiliateId = v.renewalAffiliateId;
    if (renewalAffiliateId === null) {
      this.note("renewal_without_affiliate", "This renewal's original order was credited to no affiliate");
    } else if (renewalAffiliateId !== undefined) {
      const affiliate = v.affiliatesById.get(renewalAffiliateId);
      const who = affiliate === undefined ? `unknown affiliate ${renewalAffiliateId}` : nameOf(affiliate);
      if (!v.program.recurring) {
        this.note(
          "recurring_disabled",
          `Renewal of an order credited to ${who}: recurring commission is off`,
          renewalAffiliateId,
        );
      } else if (affiliate === undefined) {
        this.note(
          "affiliate_unknown",
          `The renewal points at unknown affiliate ${renewalAffiliateId}: ignored`,
          renewalAffiliateId,
        );
      } else if (!affiliate.active) {
        this.note(
          "affiliate_inactive",
          `Renewal of an order credited to ${who} ignored: ${who} is inactive`,
          renewalAffiliateId,
        );
      } else {
        candidates.push({ source: "recurring", affiliate, label: `renewal of an order credited to ${who}` });
      }
    }
    return { candidates, connectionValid };
  }

  /** Rule 1: the first candidate wins; every other one is traced as merged (same affiliate) or beaten. */
  private chooseReferrer(candidates: Candidate[]): Candidate | null {
    const winner = candidates[0];
    if (winner === undefined) {
      this.note(
        "no_referrer",
        "No referrer: no valid connection, affiliate coupon, affiliate link or renewal",
      );
      return null;
    }
    this.note(
      "referrer_selected",
      `${nameOf(winner.affiliate)} is the referrer, through ${winner.label}`,
      winner.affiliate.id,
    );
    for (let i = 1; i < candidates.length; i++) {
      const loser = candidates[i];
      if (loser.affiliate === winner.affiliate) {
        this.note(
          "signal_merged",
          `${capitalize(loser.label)} points at the same affiliate as ${winner.label}: credited once`,
          loser.affiliate.id,
        );
      } else {
        this.note(
          "signal_beaten",
          `${capitalize(loser.label)} was beaten by ${winner.label}`,
          loser.affiliate.id,
        );
      }
    }
    return winner;
  }

  /** Rule 3 notes: lines that are not eligible, or whose base is floored. */
  private noteLines(): void {
    for (const line of this.v.lines) {
      if (line.giftCard) {
        this.note("line_gift_card", `Line ${line.id} is a gift card: never eligible`);
      } else if (line.quantity === 0) {
        this.note("line_zero_quantity", `Line ${line.id} has quantity 0: not eligible`);
      } else if (line.rawBase < 0) {
        this.note(
          "line_base_floored",
          `Line ${line.id}'s base comes to ${this.money(line.rawBase)}: counted as 0`,
        );
      }
    }
  }

  /** Rule 4: the referrer's rule and rate. */
  private chooseRule(referrer: Affiliate, source: ReferrerSource): RateChoice {
    const { program, customer, discountCodes } = this.v;
    if (program.newCustomer.enabled && customer !== null && customer.isNew) {
      return {
        rule: "new_customer",
        rate: parseRate(program.newCustomer.rate),
        reason: "the customer is new",
      };
    }
    if (program.couponCommission.enabled) {
      if (program.couponCommission.appliesTo === "any_coupon") {
        if (discountCodes.length > 0) {
          return {
            rule: "coupon_commission",
            rate: parseRate(program.couponCommission.rate),
            reason: `the order used discount code ${discountCodes[0].text}`,
          };
        }
      } else {
        const code = discountCodes.find((c) =>
          c.coupons.some((coupon) => coupon.affiliateId === referrer.id),
        );
        if (code !== undefined) {
          return {
            rule: "coupon_commission",
            rate: parseRate(program.couponCommission.rate),
            reason: `the order used ${nameOf(referrer)}'s coupon ${code.text}`,
          };
        }
      }
    }
    if (program.firstCommission.enabled) {
      if (program.newCustomer.enabled) {
        this.note(
          "first_commission_ignored",
          "First commission ignored: new customer commission is on",
          referrer.id,
        );
      } else if (
        (source === "coupon" || source === "link" || source === "manual") &&
        customer !== null &&
        customer.referredOrdersBefore === 0
      ) {
        return {
          rule: "first_commission",
          rate: parseRate(program.firstCommission.rate),
          reason: `the customer's first referred order, through a ${source === "manual" ? "credit by hand" : source}`,
        };
      }
    }
    if (referrer.rate !== null) {
      return {
        rule: "affiliate_rate",
        rate: parseRate(referrer.rate),
        reason: `${nameOf(referrer)}'s own rate`,
      };
    }
    return { rule: "default", rate: parseRate(program.defaultRate), reason: "the program's default rate" };
  }

  /**
   * Rule 5, ownership: the first active connection of each product owns it. Lines of products the
   * referrer owns leave the referrer's base (into `movedLines`) unless its rule ranks above products.
   * Returns the products that earn, in the order of their first lines.
   */
  private productOwners(referrer: Affiliate | null, choice: RateChoice | null): OwnedProduct[] {
    const { v } = this;
    const earning: OwnedProduct[] = [];
    if (v.productConnections.length === 0) return earning;

    const groups = new KeyIndex<ProductGroup>(); // in the order each product's first line appears
    for (const line of v.lines) {
      if (line.productId === null) continue;
      let group = groups.get(line.productId);
      if (group === undefined) {
        group = { productId: line.productId, lines: [], connections: [] };
        groups.add(line.productId, group);
      }
      if (isEligible(line)) group.lines.push(line);
    }
    for (const connection of v.productConnections)
      groups.get(connection.productId)?.connections.push(connection);

    for (const group of groups.values) {
      if (group.connections.length === 0) continue;
      const owned = this.productOwner(group);
      if (owned === null) continue;
      const { owner } = owned;
      const product = group.productId;
      const selfReason = this.selfReferral(owner);
      if (selfReason !== null) {
        this.note(
          "self_referral",
          `Self-referral: ${selfReason}; ${nameOf(owner)} earns nothing on product ${product}`,
          owner.id,
        );
        continue;
      }
      if (group.lines.length === 0) {
        this.note(
          "product_no_eligible_lines",
          `Product ${product} is connected to ${nameOf(owner)}, but none of its lines is eligible`,
          owner.id,
        );
        continue;
      }
      if (owner === referrer && choice !== null) {
        if (choice.rule === "new_customer" || choice.rule === "coupon_commission") {
          this.note(
            "product_kept_in_referrer",
            `Product ${product} is connected to ${nameOf(owner)}, the referrer: its lines stay in the referrer commission, whose ${choice.rule} rule ranks above product connections`,
            owner.id,
          );
          continue;
        }
        const moved = (this.movedLines ??= new Set());
        for (const line of group.lines) moved.add(line);
        this.note(
          "product_lines_moved",
          `Product ${product} is connected to ${nameOf(owner)}, the referrer: its lines (${commaList(group.lines.map((l) => l.id))}) are paid once, in the product commission, not in the referrer commission`,
          owner.id,
        );
      }
      earning.push(owned);
    }
    return earning;
  }

  /** The first active connection of a product owns it; the others are traced. */
  private productOwner(group: ProductGroup): OwnedProduct | null {
    const product = group.productId;
    let owned: OwnedProduct | null = null;
    for (const connection of group.connections) {
      const affiliate = this.v.affiliatesById.get(connection.affiliateId);
      if (affiliate === undefined) {
        this.note(
          "affiliate_unknown",
          `Product ${product}'s connection to unknown affiliate ${connection.affiliateId} ignored`,
          connection.affiliateId,
        );
      } else if (!affiliate.active) {
        this.note(
          "affiliate_inactive",
          `Product ${product}'s connection to ${nameOf(affiliate)} ignored: ${nameOf(affiliate)} is inactive`,
          affiliate.id,
        );
      } else if (owned === null) {
        owned = { group, owner: affiliate, connection };
      } else if (affiliate !== owned.owner) {
        this.note(
          "product_connection_shadowed",
          `Product ${product} is also connected to ${nameOf(affiliate)}, but the earlier connection to ${nameOf(owned.owner)} owns it`,
          affiliate.id,
        );
      }
    }
    return owned;
  }

  /** Rules 3, 4 and 6 for the referrer. */
  private referrerCommission(
    referrer: Affiliate,
    source: ReferrerSource,
    choice: RateChoice,
  ): Commission | null {
    const { v, movedLines } = this;
    const lineItemIds: string[] = [];
    let base: Units = 0;
    let quantity = 0;
    for (const line of v.lines) {
      if (!isEligible(line) || (movedLines !== null && movedLines.has(line))) continue;
      lineItemIds.push(line.id);
      base = addUnits(base, line.base);
      quantity += line.quantity;
    }
    if (lineItemIds.length === 0) {
      this.note(
        "commission_dropped",
        movedLines !== null
          ? `${nameOf(referrer)}'s referrer commission dropped: all its lines are paid in its product commissions`
          : `${nameOf(referrer)}'s referrer commission dropped: the order has no eligible line`,
        referrer.id,
      );
      return null;
    }
    if (v.program.includeShipping && !isZeroUnits(v.shipping)) {
      base = addUnits(base, v.shipping);
      this.note(
        "shipping_included",
        `Shipping of ${this.money(v.shipping)} is part of ${nameOf(referrer)}'s base`,
        referrer.id,
      );
    }
    const baseText = this.money(base);
    const amount = commissionAmount(choice.rate, base, v.scale, quantity, v.digits);
    const amountText = formatUnits(amount, v.digits);
    this.note(
      "rule_applied",
      `${nameOf(referrer)} earns ${amountText} through ${source}, rule ${choice.rule} (${choice.reason}): ${this.rateText(choice.rate, baseText, quantity)}`,
      referrer.id,
    );
    if (isZeroUnits(amount)) {
      this.note(
        "commission_dropped",
        `${nameOf(referrer)}'s referrer commission rounds to ${amountText}: dropped`,
        referrer.id,
      );
      return null;
    }
    return {
      affiliateId: referrer.id,
      source,
      rule: choice.rule,
      base: baseText,
      amount: amountText,
      lineItemIds,
    };
  }

  /** Rules 5 and 6 for one product's owner. */
  private productCommission({ group, owner, connection }: OwnedProduct): Commission | null {
    let rate: ParsedRate;
    let rateSource: string;
    if (connection.rate !== null) {
      rate = parseRate(connection.rate);
      rateSource = "the product connection's rate";
    } else if (owner.rate !== null) {
      rate = parseRate(owner.rate);
      rateSource = `${nameOf(owner)}'s own rate`;
    } else {
      rate = parseRate(this.v.program.defaultRate);
      rateSource = "the program's default rate";
    }
    const { v } = this;
    let base: Units = 0;
    let quantity = 0;
    const lineItemIds: string[] = [];
    for (const line of group.lines) {
      lineItemIds.push(line.id);
      base = addUnits(base, line.base);
      quantity += line.quantity;
    }
    const baseText = this.money(base);
    const amount = commissionAmount(rate, base, v.scale, quantity, v.digits);
    const amountText = formatUnits(amount, v.digits);
    this.note(
      "product_commission",
      `${nameOf(owner)} earns ${amountText} on product ${group.productId} (lines ${commaList(lineItemIds)}), ${rateSource}: ${this.rateText(rate, baseText, quantity)}`,
      owner.id,
    );
    if (isZeroUnits(amount)) {
      this.note(
        "commission_dropped",
        `${nameOf(owner)}'s commission on product ${group.productId} rounds to ${amountText}: dropped`,
        owner.id,
      );
      return null;
    }
    return {
      affiliateId: owner.id,
      source: "product",
      rule: "product",
      base: baseText,
      amount: amountText,
      lineItemIds,
    };
  }

  /** Rule 7. */
  private lifetimeConnect(
    referrer: Affiliate,
    source: ReferrerSource,
    connectionValid: boolean,
  ): ConnectInstruction | null {
    const { v } = this;
    if (!v.program.lifetime.enabled || (source !== "coupon" && source !== "link") || connectionValid)
      return null;
    if (v.customer === null) {
      this.note(
        "connect_skipped",
        `No lifetime connection to ${nameOf(referrer)}: the order has no customer`,
        referrer.id,
      );
      return null;
    }
    const days = v.program.lifetime.expiresAfterDays;
    const expiresAt = days === null ? null : formatIsoDateTime(v.createdAtMs + days * MS_PER_DAY);
    this.note(
      "connect",
      `The customer is now connected to ${nameOf(referrer)} for lifetime commissions, ${expiresAt === null ? "with no end date" : `until ${expiresAt}`}`,
      referrer.id,
    );
    return { affiliateId: referrer.id, customerId: v.customer.id, expiresAt };
  }
}
