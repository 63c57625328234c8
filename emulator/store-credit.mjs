// @ts-check
// Store credit accounts as Shopify documents them (Admin API 2025-10): one account per customer and
// currency, opened by the first `storeCreditAccountCredit` to the customer's id; credits are transactions
// with an id, amount, balance after, and time. Only what the app uses: crediting, and reading an
// account's transactions newest first.

import { connection } from "./connection.mjs";
import { parseGid, toGid } from "./gid.mjs";
import { searchRecords } from "./search-query.mjs";
import { shopifyDateTime } from "./store-json.mjs";

/**
 * @import { ShopifyStore } from "./types"
 * @import { ConnectionArgs } from "./connection.mjs"
 * @import { SearchSpec } from "./search-query.mjs"
 * @typedef {{ id: string, customerId: string, currency: string, balance: string }} Account
 * @typedef {{ id: string, accountId: string, type: "credit", amount: string, balanceAfter: string,
 *   createdAt: string, expiresAt: string | null }} Transaction
 */

/** Exact decimal addition on strings ("10.5" + "2.25" = "12.75"). @param {string} a @param {string} b */
function addDecimals(a, b) {
  const scale = Math.max((a.split(".")[1] ?? "").length, (b.split(".")[1] ?? "").length);
  /** @param {string} text */
  const units = (text) => {
    const [whole, fraction = ""] = text.split(".");
    const negative = whole.startsWith("-");
    const value = BigInt(whole.replace("-", "") + fraction.padEnd(scale, "0"));
    return negative ? -value : value;
  };
  const sum = units(a) + units(b);
  const digits = (sum < 0n ? -sum : sum).toString().padStart(scale + 1, "0");
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return sum < 0n ? `-${text}` : text;
}

/** @type {SearchSpec<Account>} */
const ACCOUNT_SEARCH = {
  fields: {
    currency_code: { kind: "exact", get: (a) => a.currency },
    id: { kind: "number", get: (a) => a.id },
  },
  text: () => [],
};

/** @type {SearchSpec<Transaction>} */
const TRANSACTION_SEARCH = {
  fields: {
    type: { kind: "exact", get: (t) => t.type },
    id: { kind: "number", get: (t) => t.id },
    expires_at: { kind: "date", get: (t) => t.expiresAt },
  },
  text: () => [],
};

/** @param {ShopifyStore} store */
export function createStoreCredit(store) {
  /** @type {Map<string, Account>} */
  const accounts = new Map();
  /** @type {Transaction[]} */
  const transactions = [];

  /** @param {Account} account */
  const accountView = (account) => ({
    __typename: "StoreCreditAccount",
    id: toGid("StoreCreditAccount", account.id),
    balance: { amount: account.balance, currencyCode: account.currency },
    /** @param {ConnectionArgs & { query?: string | null, sortKey?: string | null }} args */
    transactions: (args) => {
      let list = searchRecords(
        transactions.filter((t) => t.accountId === account.id),
        args.query,
        TRANSACTION_SEARCH,
      );
      list = [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || Number(a.id) - Number(b.id));
      // `reverse` is applied by connection(): newest first with reverse: true, as Shopify sorts.
      return connection(list, args, (t) => t.id, transactionView);
    },
  });

  /** @param {Transaction} t */
  const transactionView = (t) => {
    const account = /** @type {Account} */ (accounts.get(t.accountId));
    return {
      __typename: "StoreCreditAccountCreditTransaction",
      id: toGid("StoreCreditAccountCreditTransaction", t.id),
      account: accountView(account),
      amount: { amount: t.amount, currencyCode: account.currency },
      balanceAfterTransaction: { amount: t.balanceAfter, currencyCode: account.currency },
      createdAt: t.createdAt,
      expiresAt: t.expiresAt,
    };
  };

  return {
    /** The customer's accounts (for `Customer.storeCreditAccounts`). @param {string} customerId */
    accountsField:
      (customerId) =>
      /** @param {ConnectionArgs & { query?: string | null }} args */
      (args) =>
        connection(
          searchRecords(
            [...accounts.values()].filter((a) => a.customerId === customerId),
            args.query,
            ACCOUNT_SEARCH,
          ),
          args,
          (a) => a.id,
          accountView,
        ),

    /** Every credit made, oldest first (for tests and the demo). */
    credits: () => transactions.map((t) => ({ ...t, customerId: accounts.get(t.accountId)?.customerId })),

    /**
     * `storeCreditAccountCredit(id:, creditInput:)`, with Shopify's userErrors.
     * @param {{ id: string, creditInput: { creditAmount: { amount: string | number, currencyCode: string }, expiresAt?: string | null } }} args
     */
    credit: ({ id, creditInput }) => {
      const amount = String(creditInput.creditAmount.amount);
      const currency = creditInput.creditAmount.currencyCode;
      /** @param {string} code @param {string[]} field @param {string} message */
      const refuse = (code, field, message) => ({
        storeCreditAccountTransaction: null,
        userErrors: [{ code, field, message }],
      });
      if (!/^\d+(\.\d+)?$/.test(amount) || !/[1-9]/.test(amount)) {
        return refuse(
          "NEGATIVE_OR_ZERO_AMOUNT",
          ["creditInput", "creditAmount", "amount"],
          "A positive amount must be used to credit a store credit account.",
        );
      }
      if (creditInput.expiresAt && Date.parse(creditInput.expiresAt) <= store.now().getTime()) {
        return refuse(
          "EXPIRES_AT_IN_PAST",
          ["creditInput", "expiresAt"],
          "The expiry date must be in the future.",
        );
      }
      const gid = parseGid(id);
      /** @type {Account | undefined} */
      let account;
      if (gid?.type === "StoreCreditAccount") {
        account = accounts.get(gid.id);
        if (!account) return refuse("ACCOUNT_NOT_FOUND", ["id"], "Store credit account does not exist.");
        if (account.currency !== currency) {
          return refuse(
            "MISMATCHING_CURRENCY",
            ["creditInput", "creditAmount", "currencyCode"],
            "The currency provided does not match the currency of the store credit account.",
          );
        }
      } else if (gid?.type === "Customer" && store.getCustomer(gid.id)) {
        account = [...accounts.values()].find((a) => a.customerId === gid.id && a.currency === currency);
        if (!account) {
          account = { id: store.nextId(), customerId: gid.id, currency, balance: "0" };
          accounts.set(account.id, account);
        }
      } else {
        return refuse("OWNER_NOT_FOUND", ["id"], "Owner does not exist.");
      }
      account.balance = addDecimals(account.balance, amount);
      /** @type {Transaction} */
      const transaction = {
        id: store.nextId(),
        accountId: account.id,
        type: "credit",
        amount,
        balanceAfter: account.balance,
        createdAt: shopifyDateTime(store.now()),
        expiresAt: creditInput.expiresAt ?? null,
      };
      transactions.push(transaction);
      return { storeCreditAccountTransaction: transactionView(transaction), userErrors: [] };
    },
  };
}
