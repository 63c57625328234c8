// @ts-check
// Gift cards as Shopify documents them (Admin API 2025-10): `giftCardCreate` issues one in the shop's
// currency (the input has no currency), with an optional code of 8–20 letters a-z and digits (not case
// sensitive, unique in the shop; random 16 characters when omitted), an optional customer and recipient,
// a note the customer never sees. Afterwards only the last four characters of the code are readable.
// `giftCards(query:)` searches the codes by default, and by customer_id and created_at.

import { randomBytes } from "node:crypto";
import { connection } from "./connection.mjs";
import { parseGid, toGid } from "./gid.mjs";
import { searchRecords } from "./search-query.mjs";
import { shopifyDateTime } from "./store-json.mjs";
import { customerView } from "./views.mjs";

/**
 * @import { ShopifyStore } from "./types"
 * @import { ConnectionArgs } from "./connection.mjs"
 * @import { SearchSpec } from "./search-query.mjs"
 * @typedef {{ id: string, code: string, initialValue: string, currency: string, customerId: string | null,
 *   recipientId: string | null, note: string | null, expiresOn: string | null, createdAt: string }} GiftCard
 * @typedef {{ initialValue: string | number, code?: string | null, customerId?: string | null,
 *   note?: string | null, expiresOn?: string | null, templateSuffix?: string | null,
 *   recipientAttributes?: { id: string, message?: string | null, preferredName?: string | null,
 *   sendNotificationAt?: string | null } | null }} GiftCardCreateInput
 */

/** @type {SearchSpec<GiftCard>} */
export const GIFT_CARD_SEARCH = {
  fields: {
    id: { kind: "number", get: (g) => g.id },
    customer_id: { kind: "number", get: (g) => g.customerId },
    recipient_id: { kind: "number", get: (g) => g.recipientId },
    created_at: { kind: "date", get: (g) => g.createdAt },
  },
  // The default search covers the code (case-insensitively).
  text: (g) => [g.code],
};

/** @param {ShopifyStore} store */
export function createGiftCards(store) {
  /** @type {GiftCard[]} */
  const cards = [];

  /** @param {GiftCard} card */
  const view = (card) => {
    const customer = card.customerId ? store.getCustomer(card.customerId) : null;
    return {
      __typename: "GiftCard",
      id: toGid("GiftCard", card.id),
      createdAt: card.createdAt,
      updatedAt: card.createdAt,
      enabled: true,
      expiresOn: card.expiresOn,
      note: card.note,
      lastCharacters: card.code.slice(-4),
      maskedCode: `•••• •••• •••• ${card.code.slice(-4)}`,
      initialValue: { amount: card.initialValue, currencyCode: card.currency },
      balance: { amount: card.initialValue, currencyCode: card.currency },
      customer: customer ? customerView(store, customer) : null,
    };
  };

  return {
    /** Every gift card issued, oldest first, codes included (for tests and the demo). */
    issued: () => cards.map((card) => ({ ...card })),

    /** `giftCards(query:, sortKey:, reverse:)`. @param {ConnectionArgs & { query?: string | null, sortKey?: string | null }} args */
    list: (args) => {
      const found = [...searchRecords(cards, args.query, GIFT_CARD_SEARCH)].sort(
        (a, b) => a.createdAt.localeCompare(b.createdAt) || Number(a.id) - Number(b.id),
      );
      return connection(found, args, (card) => card.id, view);
    },

    /** `giftCardCreate(input:)`, with Shopify's userErrors. @param {{ input: GiftCardCreateInput }} args */
    create: ({ input }) => {
      /** @param {string} code @param {string[]} field @param {string} message */
      const refuse = (code, field, message) => ({
        giftCard: null,
        giftCardCode: null,
        userErrors: [{ code, field, message }],
      });
      const value = String(input.initialValue);
      if (!/^\d+(\.\d+)?$/.test(value) || !/[1-9]/.test(value)) {
        return refuse("GREATER_THAN", ["input", "initialValue"], "Initial value must be greater than 0");
      }
      const code =
        input.code == null ? randomBytes(12).toString("hex").slice(0, 16) : input.code.toLowerCase();
      if (code.length < 8)
        return refuse("TOO_SHORT", ["input", "code"], "Code is too short (minimum is 8 characters)");
      if (code.length > 20)
        return refuse("TOO_LONG", ["input", "code"], "Code is too long (maximum is 20 characters)");
      if (!/^[a-z0-9]+$/.test(code)) {
        return refuse("INVALID", ["input", "code"], "Code can only contain letters (a-z) and numbers (0-9)");
      }
      if (cards.some((card) => card.code === code))
        return refuse("TAKEN", ["input", "code"], "Code has already been taken");
      /** @param {string | null | undefined} id */
      const customerOf = (id) => {
        const gid = id ? parseGid(id) : null;
        return gid?.type === "Customer" && store.getCustomer(gid.id) ? gid.id : null;
      };
      const customerId = input.customerId ? customerOf(input.customerId) : null;
      if (input.customerId && !customerId) {
        return refuse("CUSTOMER_NOT_FOUND", ["input", "customerId"], "Customer could not be found");
      }
      const recipientId = input.recipientAttributes ? customerOf(input.recipientAttributes.id) : null;
      if (input.recipientAttributes && !recipientId) {
        return refuse(
          "RECIPIENT_NOT_FOUND",
          ["input", "recipientAttributes", "id"],
          "Recipient could not be found",
        );
      }
      /** @type {GiftCard} */
      const card = {
        id: store.nextId(),
        code,
        initialValue: value,
        currency: String(store.shop.currencyCode),
        customerId,
        recipientId,
        note: input.note ?? null,
        expiresOn: input.expiresOn ?? null,
        createdAt: shopifyDateTime(store.now()),
      };
      cards.push(card);
      return { giftCard: view(card), giftCardCode: code, userErrors: [] };
    },
  };
}
