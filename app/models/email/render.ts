// Emails to affiliates as text and simple HTML, from their facts and the shop's profile. Pure: no I/O.
// Everything that comes from people (names, the merchant's messages, order names) is escaped in the HTML;
// links are http(s) only (checked when queued) and escaped too.
import { formatDate } from "~/format/dates";
import { describeStatus, describeType } from "~/format/ledger";
import { formatMinor, formatMoney } from "~/format/money";
import { countOf } from "~/format/counts";
import type {
  AffiliateEmailContent,
  ApplicationReceivedFacts,
  ApprovedFacts,
  CommissionDigestFacts,
  DeclinedFacts,
  PayoutSentFacts,
  ShopProfile,
} from "./kinds";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A piece of the email: its text lines and its HTML, written once. */
interface Part {
  text: string;
  html: string;
}

const paragraph = (text: string): Part => ({
  text,
  html: `<p style="margin:0 0 16px">${escapeHtml(text).replace(/\n/g, "<br>")}</p>`,
});

const link = (label: string, url: string): Part => ({
  text: `${label}: ${url}`,
  html: `<p style="margin:0 0 16px">${escapeHtml(label)}:<br><a href="${escapeHtml(url)}" style="color:#005bd3">${escapeHtml(url)}</a></p>`,
});

/** The merchant's own words, kept apart from ours. */
const quoted = (text: string): Part => ({
  text: text
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n"),
  html: `<blockquote style="margin:0 0 16px;padding:0 0 0 12px;border-left:3px solid #d4d4d4;color:#303030">${escapeHtml(text).replace(/\n/g, "<br>")}</blockquote>`,
});

function assemble(subject: string, parts: Part[]): RenderedEmail {
  const body = parts.map((part) => part.html).join("\n");
  return {
    subject,
    text: `${parts.map((part) => part.text).join("\n\n")}\n`,
    html:
      `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n` +
      `<body style="margin:0;padding:24px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">\n` +
      `<div style="max-width:560px">\n${body}\n</div>\n</body></html>\n`,
  };
}

const greeting = (name: string) => paragraph(`Hi ${name},`);
const signature = (shop: ShopProfile) => paragraph(shop.name);

function applicationReceived(facts: ApplicationReceivedFacts, shop: ShopProfile): RenderedEmail {
  return assemble(`We received your application to the ${shop.name} affiliate program`, [
    greeting(facts.name),
    paragraph(
      `Thank you for applying to the ${shop.name} affiliate program. We will review your application and email you as soon as it is decided.`,
    ),
    signature(shop),
  ]);
}

function approved(facts: ApprovedFacts, shop: ShopProfile): RenderedEmail {
  return assemble(`Welcome to the ${shop.name} affiliate program`, [
    greeting(facts.name),
    paragraph(`Your application to the ${shop.name} affiliate program was approved.`),
    ...(facts.welcomeMessage ? [quoted(facts.welcomeMessage)] : []),
    link("Your link", facts.referralLink),
    paragraph(
      "Share it: orders from visitors who arrive at the store through it are credited to you, and earn you a commission.",
    ),
    link("Your affiliate portal", facts.portalUrl),
    paragraph(
      `Log in with your ${shop.name} customer account to see your clicks, referred orders and commissions.`,
    ),
    signature(shop),
  ]);
}

function declined(facts: DeclinedFacts, shop: ShopProfile): RenderedEmail {
  return assemble(`Your application to the ${shop.name} affiliate program`, [
    greeting(facts.name),
    paragraph(
      `Thank you for your interest in the ${shop.name} affiliate program. We are not able to accept your application.`,
    ),
    ...(facts.reason ? [paragraph("The reason we were given:"), quoted(facts.reason)] : []),
    signature(shop),
  ]);
}

function commissionDigest(facts: CommissionDigestFacts, shop: ShopProfile): RenderedEmail {
  const timeZone = shop.timeZone;
  const commissions = facts.totals.reduce((sum, total) => sum + total.commissionCount, 0);
  const reversals = facts.totals.reduce((sum, total) => sum + total.reversalCount, 0);
  const headline = [
    commissions > 0 ? countOf(commissions, "new commission") : null,
    reversals > 0 ? countOf(reversals, "reversal") : null,
  ]
    .filter(Boolean)
    .join(" and ");
  const rows = facts.lines.map((line) => ({
    date: formatDate(line.createdAt, { timeZone }),
    order: line.orderName ?? `Order ${line.orderId}`,
    type: describeType(line.type),
    amount: formatMoney(line.amount, line.currency),
    status: describeStatus(line.status),
  }));
  const table: Part = {
    text: rows.map((r) => `  ${r.date}  ${r.order}  ${r.type}  ${r.amount}  ${r.status}`).join("\n"),
    html:
      `<table style="border-collapse:collapse;margin:0 0 16px;font-size:14px">\n` +
      `<tr>${["Date", "Order", "", "Amount", "Status"].map((h) => `<th style="text-align:left;padding:4px 12px 4px 0;border-bottom:1px solid #e3e3e3">${h}</th>`).join("")}</tr>\n` +
      rows
        .map(
          (r) =>
            `<tr>${[r.date, r.order, r.type, r.amount, r.status]
              .map(
                (cell, i) =>
                  `<td style="padding:4px 12px 4px 0${i === 3 ? ";text-align:right" : ""}">${escapeHtml(cell)}</td>`,
              )
              .join("")}</tr>`,
        )
        .join("\n") +
      `\n</table>`,
  };
  const totals = facts.totals.map((total) => {
    const parts = [`${formatMinor(total.commissionsMinor, total.currency)} in new commissions`];
    if (total.reversalCount > 0) parts.push(`${formatMinor(total.reversalsMinor, total.currency)} reversed`);
    return parts.join(", ");
  });
  return assemble(`${headline} at ${shop.name}`, [
    greeting(facts.name),
    paragraph(
      `Here is what was recorded for you since ${formatDate(facts.from, { timeZone })}: ${headline}.`,
    ),
    table,
    ...(facts.moreLines > 0 ? [paragraph(`And ${countOf(facts.moreLines, "more line")}.`)] : []),
    paragraph(`In all: ${totals.join("; ")}.`),
    ...(reversals > 0
      ? [paragraph("A reversal takes back part or all of a commission after a refund or a cancellation.")]
      : []),
    ...(facts.portalUrl ? [link("Everything is in your affiliate portal", facts.portalUrl)] : []),
    signature(shop),
  ]);
}

const PAID_BY: Record<string, string> = {
  paypal: "to your PayPal account",
  store_credit: "as store credit on your customer account (used at checkout when you are logged in)",
  manual: "by the payment method agreed with you",
};

function payoutSent(facts: PayoutSentFacts, shop: ShopProfile): RenderedEmail {
  const amount = formatMoney(facts.amount, facts.currency);
  return assemble(`${shop.name} paid you ${amount}`, [
    greeting(facts.name),
    paragraph(
      `We paid you ${amount} in commissions on ${formatDate(facts.paidAt, { timeZone: shop.timeZone })}, ${PAID_BY[facts.method] ?? PAID_BY.manual}.`,
    ),
    paragraph(`Payout reference: ${facts.reference}`),
    signature(shop),
  ]);
}

/** The subject, text and HTML of an email to an affiliate. */
export function renderAffiliateEmail(content: AffiliateEmailContent, shop: ShopProfile): RenderedEmail {
  switch (content.kind) {
    case "application_received":
      return applicationReceived(content.facts, shop);
    case "approved":
      return approved(content.facts, shop);
    case "declined":
      return declined(content.facts, shop);
    case "commission_digest":
      return commissionDigest(content.facts, shop);
    case "payout_sent":
      return payoutSent(content.facts, shop);
  }
}
