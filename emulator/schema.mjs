// @ts-check
// The slice of the Shopify Admin GraphQL schema the emulator serves. Queries are validated against it, so
// a field or argument the real API lacks (or the emulator does not know yet) fails loudly.
// Names and nullability follow the Admin API; from 2025-10 the discount buyer selection is `context` only.

import { buildSchema } from "graphql";
import { SHOP_CURRENCIES } from "./store-json.mjs";

/** @import { GraphQLSchema } from "graphql" */

const CONNECTION_ARGS = "first: Int, after: String, last: Int, before: String, reverse: Boolean = false";
// Shopify's DiscountCodeApp has no `summary`; the other code discounts do.
const CODE_DISCOUNT_FIELDS = `
  title: String!
  status: DiscountStatus!
  startsAt: DateTime!
  endsAt: DateTime
  createdAt: DateTime!
  updatedAt: DateTime!
  asyncUsageCount: Int!
  usageLimit: Int
  appliesOncePerCustomer: Boolean!
  codes(${CONNECTION_ARGS}, query: String): DiscountRedeemCodeConnection!
  codesCount: Count
`;

/** @param {string} name @param {string} node */
function connection(name, node) {
  return `
type ${name}Connection { nodes: [${node}!]! edges: [${name}Edge!]! pageInfo: PageInfo! }
type ${name}Edge { cursor: String! node: ${node}! }`;
}

/** @param {{ legacyDiscountSelection: boolean }} flavor */
function sdl({ legacyDiscountSelection }) {
  return `
schema { query: QueryRoot mutation: Mutation }

scalar Date
scalar DateTime
scalar Decimal
scalar JSON
scalar UnsignedInt64
scalar URL

interface Node { id: ID! }
interface HasMetafields {
  metafield(namespace: String, key: String!): Metafield
  metafields(${CONNECTION_ARGS}, namespace: String, keys: [String!]): MetafieldConnection!
}

type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
type Count { count: Int! precision: CountPrecision! }
enum CountPrecision { AT_LEAST EXACT }

type QueryRoot {
  customer(id: ID!): Customer
  customerByIdentifier(identifier: CustomerIdentifierInput!): Customer
  customers(${CONNECTION_ARGS}, query: String, sortKey: CustomerSortKeys = ID): CustomerConnection!
  order(id: ID!): Order
  product(id: ID!): Product
  products(${CONNECTION_ARGS}, query: String, sortKey: ProductSortKeys = ID): ProductConnection!
  codeDiscountNode(id: ID!): DiscountCodeNode @deprecated(reason: "Use \`discountNode\` instead.")
  codeDiscountNodeByCode(code: String!): DiscountCodeNode
  codeDiscountNodes(${CONNECTION_ARGS}, query: String, sortKey: CodeDiscountSortKeys = ID): DiscountCodeNodeConnection!
    @deprecated(reason: "Use \`discountNodes\` instead.")
  discountNodes(${CONNECTION_ARGS}, query: String, sortKey: DiscountSortKeys = ID): DiscountNodeConnection!
  currentAppInstallation: AppInstallation!
  shop: Shop!
  giftCards(${CONNECTION_ARGS}, query: String, sortKey: GiftCardSortKeys = ID): GiftCardConnection!
  node(id: ID!): Node
  nodes(ids: [ID!]!): [Node]!
}

type Mutation {
  customerCreate(input: CustomerInput!): CustomerCreatePayload
  discountCodeBasicCreate(basicCodeDiscount: DiscountCodeBasicInput!): DiscountCodeBasicCreatePayload
  metafieldsSet(metafields: [MetafieldsSetInput!]!): MetafieldsSetPayload
  storeCreditAccountCredit(id: ID!, creditInput: StoreCreditAccountCreditInput!): StoreCreditAccountCreditPayload
  giftCardCreate(input: GiftCardCreateInput!): GiftCardCreatePayload
}

enum CustomerSortKeys { CREATED_AT ID LOCATION NAME RELEVANCE UPDATED_AT }
enum ProductSortKeys { CREATED_AT ID PRODUCT_TYPE RELEVANCE TITLE UPDATED_AT VENDOR }
enum CodeDiscountSortKeys { CREATED_AT ENDS_AT ID RELEVANCE STARTS_AT TITLE UPDATED_AT }
enum DiscountSortKeys { CREATED_AT ENDS_AT ID RELEVANCE STARTS_AT TITLE UPDATED_AT }

type Customer implements Node & HasMetafields {
  id: ID!
  legacyResourceId: UnsignedInt64!
  firstName: String
  lastName: String
  displayName: String!
  email: String @deprecated(reason: "Use \`defaultEmailAddress.emailAddress\` instead.")
  phone: String @deprecated(reason: "Use \`defaultPhoneNumber.phoneNumber\` instead.")
  defaultEmailAddress: CustomerEmailAddress
  numberOfOrders: UnsignedInt64!
  createdAt: DateTime!
  updatedAt: DateTime!
  note: String
  tags: [String!]!
  verifiedEmail: Boolean!
  state: CustomerState!
  metafield(namespace: String, key: String!): Metafield
  metafields(${CONNECTION_ARGS}, namespace: String, keys: [String!]): MetafieldConnection!
  storeCreditAccounts(first: Int, after: String, last: Int, before: String, query: String): StoreCreditAccountConnection!
}
type CustomerEmailAddress { emailAddress: String! marketingState: CustomerEmailAddressMarketingState! }
enum CustomerEmailAddressMarketingState { INVALID NOT_SUBSCRIBED PENDING SUBSCRIBED UNSUBSCRIBED }
enum CustomerState { DECLINED DISABLED ENABLED INVITED }
${connection("Customer", "Customer")}

type Product implements Node & HasMetafields {
  id: ID!
  legacyResourceId: UnsignedInt64!
  title: String!
  handle: String!
  status: ProductStatus!
  createdAt: DateTime!
  updatedAt: DateTime!
  featuredMedia: Media
  metafield(namespace: String, key: String!): Metafield
  metafields(${CONNECTION_ARGS}, namespace: String, keys: [String!]): MetafieldConnection!
}
enum ProductStatus { ACTIVE ARCHIVED DRAFT }
interface Media {
  alt: String
  id: ID!
  mediaContentType: MediaContentType!
  preview: MediaPreviewImage
  status: MediaStatus!
}
type MediaImage implements Media & Node {
  alt: String
  id: ID!
  mediaContentType: MediaContentType!
  preview: MediaPreviewImage
  status: MediaStatus!
}
enum MediaContentType { EXTERNAL_VIDEO IMAGE MODEL_3D VIDEO }
enum MediaStatus { FAILED PROCESSING READY UPLOADED }
type MediaPreviewImage { image: Image status: MediaPreviewImageStatus! }
enum MediaPreviewImageStatus { FAILED PROCESSING READY UPLOADED }
type Image { altText: String url(transform: ImageTransformInput): URL! }
input ImageTransformInput { maxWidth: Int maxHeight: Int scale: Int = 1 }
${connection("Product", "Product")}

type Order implements Node {
  id: ID!
  lineItems(${CONNECTION_ARGS}): LineItemConnection!
}
type LineItem implements Node {
  id: ID!
  sellingPlan: LineItemSellingPlan
  contract: SubscriptionContract
}
${connection("LineItem", "LineItem")}
type LineItemSellingPlan { name: String! sellingPlanId: ID }
type SubscriptionContract implements Node { id: ID! originOrder: Order }

type DiscountNode implements Node { id: ID! discount: Discount! }
${connection("DiscountNode", "DiscountNode")}
union Discount = DiscountCodeApp | DiscountCodeBasic | DiscountCodeBxgy | DiscountCodeFreeShipping

type DiscountCodeNode implements Node { id: ID! codeDiscount: DiscountCode! }
${connection("DiscountCodeNode", "DiscountCodeNode")}
union DiscountCode = DiscountCodeApp | DiscountCodeBasic | DiscountCodeBxgy | DiscountCodeFreeShipping
type DiscountCodeApp { ${CODE_DISCOUNT_FIELDS} }
type DiscountCodeBasic { ${CODE_DISCOUNT_FIELDS} summary: String! }
type DiscountCodeBxgy { ${CODE_DISCOUNT_FIELDS} summary: String! }
type DiscountCodeFreeShipping { ${CODE_DISCOUNT_FIELDS} summary: String! }
enum DiscountStatus { ACTIVE EXPIRED SCHEDULED }
type DiscountRedeemCode { id: ID! code: String! asyncUsageCount: Int! }
${connection("DiscountRedeemCode", "DiscountRedeemCode")}

type Shop implements Node {
  id: ID!
  name: String!
  contactEmail: String!
  ianaTimezone: String!
  currencyCode: CurrencyCode!
}
enum CurrencyCode { ${SHOP_CURRENCIES.join(" ")} }

type AppInstallation implements Node & HasMetafields {
  id: ID!
  metafield(namespace: String, key: String!): Metafield
  metafields(${CONNECTION_ARGS}, namespace: String, keys: [String!]): MetafieldConnection!
}

type Metafield implements Node {
  id: ID!
  namespace: String!
  key: String!
  value: String!
  type: String!
  jsonValue: JSON!
  createdAt: DateTime!
  updatedAt: DateTime!
}
${connection("Metafield", "Metafield")}

type UserError { field: [String!] message: String! }

input CustomerIdentifierInput @oneOf {
  emailAddress: String
  id: ID
  phoneNumber: String
}
input CustomerInput {
  id: ID
  email: String
  firstName: String
  lastName: String
  phone: String
  note: String
  tags: [String!]
  locale: String
  taxExempt: Boolean
}
type CustomerCreatePayload { customer: Customer userErrors: [UserError!]! }

input DiscountCodeBasicInput {
  title: String
  code: String
  startsAt: DateTime
  endsAt: DateTime
  context: DiscountContextInput
  ${legacyDiscountSelection ? "customerSelection: DiscountCustomerSelectionInput" : ""}
  customerGets: DiscountCustomerGetsInput
  minimumRequirement: DiscountMinimumRequirementInput
  usageLimit: Int
  appliesOncePerCustomer: Boolean
  combinesWith: DiscountCombinesWithInput
  recurringCycleLimit: Int
}
input DiscountContextInput {
  all: DiscountBuyerSelection
  customers: DiscountCustomersInput
  customerSegments: DiscountCustomerSegmentsInput
}
enum DiscountBuyerSelection { ALL }
${
  legacyDiscountSelection
    ? `input DiscountCustomerSelectionInput {
  all: Boolean
  customers: DiscountCustomersInput
  customerSegments: DiscountCustomerSegmentsInput
}`
    : ""
}
input DiscountCustomersInput { add: [ID!] remove: [ID!] }
input DiscountCustomerSegmentsInput { add: [ID!] remove: [ID!] }
input DiscountCustomerGetsInput {
  value: DiscountCustomerGetsValueInput
  items: DiscountItemsInput
  appliesOnOneTimePurchase: Boolean
  appliesOnSubscription: Boolean
}
input DiscountCustomerGetsValueInput { percentage: Float discountAmount: DiscountAmountInput }
input DiscountAmountInput { amount: Decimal appliesOnEachItem: Boolean }
input DiscountItemsInput { all: Boolean products: DiscountProductsInput }
input DiscountProductsInput {
  productsToAdd: [ID!]
  productsToRemove: [ID!]
  productVariantsToAdd: [ID!]
  productVariantsToRemove: [ID!]
}
input DiscountMinimumRequirementInput {
  quantity: DiscountMinimumQuantityInput
  subtotal: DiscountMinimumSubtotalInput
}
input DiscountMinimumQuantityInput { greaterThanOrEqualToQuantity: UnsignedInt64 }
input DiscountMinimumSubtotalInput { greaterThanOrEqualToSubtotal: Decimal }
input DiscountCombinesWithInput { orderDiscounts: Boolean productDiscounts: Boolean shippingDiscounts: Boolean }
type DiscountUserError { field: [String!] message: String! code: DiscountErrorCode extraInfo: String }
enum DiscountErrorCode {
  ACTIVE_PERIOD_OVERLAP BLANK CONFLICT DUPLICATE EQUAL_TO EXCEEDED_MAX GREATER_THAN GREATER_THAN_OR_EQUAL_TO
  IMPLICIT_DUPLICATE INCLUSION INTERNAL_ERROR INVALID LESS_THAN LESS_THAN_OR_EQUAL_TO MISSING_ARGUMENT
  MAX_APP_DISCOUNTS MINIMUM_SUBTOTAL_AND_QUANTITY_RANGE_BOTH_PRESENT PRESENT TAKEN TOO_LONG TOO_MANY_ARGUMENTS
  TOO_SHORT VALUE_OUTSIDE_RANGE
}
type DiscountCodeBasicCreatePayload { codeDiscountNode: DiscountCodeNode userErrors: [DiscountUserError!]! }

input MetafieldsSetInput {
  ownerId: ID!
  namespace: String
  key: String!
  value: String!
  type: String
  compareDigest: String
}
type MetafieldsSetUserError {
  field: [String!]
  message: String!
  code: MetafieldsSetUserErrorCode
  elementIndex: Int
}
enum MetafieldsSetUserErrorCode {
  APP_NOT_AUTHORIZED BLANK CAPABILITY_VIOLATION INCLUSION INTERNAL_ERROR INVALID_COMPARE_DIGEST INVALID_TYPE
  INVALID_VALUE LESS_THAN_OR_EQUAL_TO PRESENT STALE_OBJECT TOO_LONG TOO_SHORT
}
type MetafieldsSetPayload { metafields: [Metafield!] userErrors: [MetafieldsSetUserError!]! }

type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
input MoneyInput { amount: Decimal! currencyCode: CurrencyCode! }
type StoreCreditAccount implements Node {
  id: ID!
  balance: MoneyV2!
  transactions(${CONNECTION_ARGS}, query: String, sortKey: TransactionSortKeys = CREATED_AT): StoreCreditAccountTransactionConnection!
}
${connection("StoreCreditAccount", "StoreCreditAccount")}
enum TransactionSortKeys { CREATED_AT EXPIRES_AT }
interface StoreCreditAccountTransaction {
  account: StoreCreditAccount!
  amount: MoneyV2!
  balanceAfterTransaction: MoneyV2!
  createdAt: DateTime!
}
${connection("StoreCreditAccountTransaction", "StoreCreditAccountTransaction")}
type StoreCreditAccountCreditTransaction implements Node & StoreCreditAccountTransaction {
  id: ID!
  account: StoreCreditAccount!
  amount: MoneyV2!
  balanceAfterTransaction: MoneyV2!
  createdAt: DateTime!
  expiresAt: DateTime
}
input StoreCreditAccountCreditInput { creditAmount: MoneyInput! expiresAt: DateTime }
type StoreCreditAccountCreditUserError { code: StoreCreditAccountCreditUserErrorCode field: [String!] message: String! }
enum StoreCreditAccountCreditUserErrorCode {
  ACCOUNT_NOT_FOUND CREDIT_LIMIT_EXCEEDED EXPIRES_AT_IN_PAST MISMATCHING_CURRENCY NEGATIVE_OR_ZERO_AMOUNT
  OWNER_NOT_FOUND UNSUPPORTED_CURRENCY
}
type StoreCreditAccountCreditPayload {
  storeCreditAccountTransaction: StoreCreditAccountCreditTransaction
  userErrors: [StoreCreditAccountCreditUserError!]!
}

type GiftCard implements Node {
  id: ID!
  createdAt: DateTime!
  updatedAt: DateTime!
  enabled: Boolean!
  expiresOn: Date
  note: String
  lastCharacters: String!
  maskedCode: String!
  initialValue: MoneyV2!
  balance: MoneyV2!
  customer: Customer
}
${connection("GiftCard", "GiftCard")}
enum GiftCardSortKeys { AMOUNT_SPENT BALANCE CODE CREATED_AT CUSTOMER_NAME DISABLED_AT EXPIRES_ON ID INITIAL_VALUE UPDATED_AT }
input GiftCardRecipientInput { id: ID! message: String preferredName: String sendNotificationAt: DateTime }
input GiftCardCreateInput {
  initialValue: Decimal!
  code: String
  customerId: ID
  expiresOn: Date
  note: String
  recipientAttributes: GiftCardRecipientInput
  templateSuffix: String
}
type GiftCardUserError { code: GiftCardErrorCode field: [String!] message: String! }
enum GiftCardErrorCode {
  CUSTOMER_NOT_FOUND GIFT_CARD_LIMIT_EXCEEDED GREATER_THAN INTERNAL_ERROR INVALID MISSING_ARGUMENT RECIPIENT_NOT_FOUND
  TAKEN TOO_LONG TOO_SHORT
}
type GiftCardCreatePayload { giftCard: GiftCard giftCardCode: String userErrors: [GiftCardUserError!]! }
`;
}

/** @type {Map<string, GraphQLSchema>} */
const schemas = new Map();

/**
 * The schema served for an API version: `customerSelection` is accepted before 2025-10 only.
 * @param {string} apiVersion e.g. "2025-10" or "unstable"
 */
export function schemaFor(apiVersion) {
  const legacyDiscountSelection = apiVersion !== "unstable" && apiVersion < "2025-10";
  const key = legacyDiscountSelection ? "legacy" : "current";
  let schema = schemas.get(key);
  if (!schema) {
    schema = buildSchema(sdl({ legacyDiscountSelection }));
    schemas.set(key, schema);
  }
  return schema;
}
