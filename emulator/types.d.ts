// Types shared by the emulator's `.mjs` modules (checked with `// @ts-check` + JSDoc `@import`).

/** The `store` object of a scenario file: what the emulated Shopify store contains. */
export interface StoreJson {
  /** The shop itself, as `shop { name contactEmail ianaTimezone currencyCode }` answers. */
  shop?: ShopJson;
  customers?: CustomerJson[];
  products?: ProductJson[];
  discountCodes?: DiscountCodeJson[];
  /** Orders the app may ask about (subscription orders: their lines' selling plans and contracts). */
  orders?: OrderJson[];
  subscriptionContracts?: SubscriptionContractJson[];
}

export interface OrderJson {
  id: string;
  lineItems?: Array<{
    id: string;
    /** The selling plan the line was bought on (a subscription), if any. */
    sellingPlan?: { id?: string | null; name: string } | null;
    /** The id of the subscription contract the line belongs to, if any (in `subscriptionContracts`). */
    contract?: string | null;
  }>;
}

export interface SubscriptionContractJson {
  id: string;
  /** The order the contract was created from (in `orders`), if any. */
  originOrder?: string | null;
}

export interface ShopJson {
  /** Default "Emulated Shop". */
  name?: string;
  /** Default "shop@example.com". */
  contactEmail?: string;
  /** IANA time zone; default "UTC". */
  ianaTimezone?: string;
  /** ISO 4217; default "USD". */
  currencyCode?: string;
}

/** The shop, as the store answers it. */
export interface Shop {
  id: string;
  name: string;
  contactEmail: string;
  ianaTimezone: string;
  currencyCode: string;
}

export interface CustomerJson {
  /** Shopify's numeric id as a string, e.g. "7001". */
  id: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  /** ISO 8601; defaults to 2020-01-01T00:00:00Z (an old customer). */
  createdAt?: string;
  /** Orders Shopify counts for the customer; defaults to 0. */
  numberOfOrders?: number | string;
  tags?: string[];
}

export interface ProductJson {
  id: string;
  title: string;
  handle?: string;
  status?: ProductStatus;
  imageUrl?: string;
}

export type ProductStatus = "ACTIVE" | "ARCHIVED" | "DRAFT";

export type DiscountType = "basic" | "bxgy" | "freeShipping" | "app";
export type DiscountStatus = "ACTIVE" | "EXPIRED" | "SCHEDULED";

export interface DiscountCodeJson {
  /** The DiscountCodeNode's numeric id. */
  id: string;
  code: string;
  /** Defaults to the code. */
  title?: string;
  /** Defaults to "basic" (DiscountCodeBasic). */
  type?: DiscountType;
  /** Derived from startsAt/endsAt when absent. */
  status?: DiscountStatus;
  startsAt?: string;
  endsAt?: string | null;
  /** Fraction (0.1 = 10 %) for percentage discounts. */
  percentage?: number | null;
}

export interface Customer {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
  numberOfOrders: number;
  tags: string[];
  note: string | null;
}

export interface Product {
  id: string;
  title: string;
  handle: string;
  status: ProductStatus;
  /** The product's featured image (its first media), if it has one. */
  imageUrl: string | null;
  createdAt: string;
}

export interface DiscountCode {
  /** DiscountCodeNode id. */
  id: string;
  /** DiscountRedeemCode id. */
  codeId: string;
  code: string;
  title: string;
  type: DiscountType;
  /** Explicit status from the store file; otherwise derived from the dates. */
  fixedStatus: DiscountStatus | null;
  startsAt: string;
  endsAt: string | null;
  createdAt: string;
  percentage: number | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
}

export interface Order {
  id: string;
  lineItems: Array<{
    id: string;
    sellingPlan: { id: string | null; name: string } | null;
    contractId: string | null;
  }>;
}

export interface SubscriptionContract {
  id: string;
  originOrderId: string | null;
}

export interface Metafield {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewCustomerInput {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[] | null;
}

export interface NewDiscountCodeInput {
  code: string;
  title: string;
  startsAt: string;
  endsAt?: string | null;
  percentage?: number | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean | null;
}

export interface MetafieldSetInput {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

/** How an injected failure answers. */
export type FaultStatus = number | "network" | "throttled";

/** Which requests a fault applies to. */
export interface FaultOptions {
  status: FaultStatus;
  /** "graphql" (Admin API), "oauth" (token endpoint) or "any" (default). */
  kind?: RequestKind | "any";
  /** Only GraphQL requests with this operation name (implies kind "graphql"). */
  operation?: string;
  /** The request is carried out, then its answer is lost (a timeout after Shopify did the work). */
  answerLost?: boolean;
}

export type RequestKind = "graphql" | "oauth";

export interface Fault {
  remaining: number;
  status: FaultStatus;
  kind: RequestKind | "any";
  operation: string | null;
  answerLost: boolean;
}

/** One request the emulator answered (kept for the last 1000 requests). */
export interface CallRecord {
  at: string;
  kind: RequestKind;
  shop: string;
  /** GraphQL operation name, or the OAuth grant type. */
  operation: string | null;
  variables: Record<string, unknown> | null;
  /** HTTP status answered, or "network" for an injected network error. */
  status: number | "network";
}

export interface IssuedToken {
  accessToken: string;
  shop: string;
  online: boolean;
  userId: string | null;
  expiresAt: string | null;
  refreshToken: string | null;
}

export interface StoreOptions {
  /** Clock used for createdAt of new records and discount status; defaults to the real clock. */
  now?: () => Date;
}

export interface SearchWarning {
  field: string;
  message: string;
}

/** The in-memory Shopify store behind the handlers. */
export interface ShopifyStore {
  readonly appInstallationId: string;
  readonly shop: Shop;
  now(): Date;
  nextId(): string;

  getCustomer(id: string): Customer | null;
  findCustomerByEmail(email: string): Customer | null;
  searchCustomers(query: string | null | undefined, warnings?: SearchWarning[]): Customer[];
  createCustomer(input: NewCustomerInput): Customer;
  listCustomers(): Customer[];

  getProduct(id: string): Product | null;
  searchProducts(query: string | null | undefined, warnings?: SearchWarning[]): Product[];
  listProducts(): Product[];

  getDiscountCode(id: string): DiscountCode | null;
  findDiscountByCode(code: string): DiscountCode | null;
  /** `codeDiscountNodes` search: Shopify's documented filters for it (no `code`). */
  searchCodeDiscounts(query: string | null | undefined, warnings?: SearchWarning[]): DiscountCode[];
  /** `discountNodes` search (every discount here is a code discount). */
  searchDiscounts(query: string | null | undefined, warnings?: SearchWarning[]): DiscountCode[];
  createDiscountCode(input: NewDiscountCodeInput): DiscountCode;
  discountStatus(discount: DiscountCode): DiscountStatus;
  listDiscountCodes(): DiscountCode[];

  getOrder(id: string): Order | null;
  getSubscriptionContract(id: string): SubscriptionContract | null;

  /** Customers' store credit accounts and their credits (store-credit.mjs). */
  readonly storeCredit: ReturnType<typeof import("./store-credit.mjs").createStoreCredit>;
  /** Gift cards issued by giftCardCreate (gift-cards.mjs). */
  readonly giftCards: ReturnType<typeof import("./gift-cards.mjs").createGiftCards>;

  getMetafield(ownerId: string, namespace: string, key: string): Metafield | null;
  listMetafields(ownerId: string, namespace?: string | null): Metafield[];
  setMetafield(input: MetafieldSetInput): Metafield;

  /** Makes the next `count` matching requests fail. */
  failNext(count: number, options: FaultOptions | FaultStatus): void;
  /** Consumes one matching fault, if any (used by the handlers). */
  takeFault(kind: RequestKind, operation: string | null): Fault | null;
  clearFaults(): void;
  /** Delay (ms) added before every answer; 0 by default. */
  setLatency(ms: number): void;
  readonly latencyMs: number;

  recordCall(call: CallRecord): void;
  /** The last 1000 requests, oldest first. */
  readonly calls: readonly CallRecord[];
  callsTo(operation: string): CallRecord[];
  clearCalls(): void;

  issueToken(
    token: Omit<IssuedToken, "accessToken" | "refreshToken"> & { withRefreshToken?: boolean },
  ): IssuedToken;
  /** Returns the token a refresh token was issued with, and invalidates the refresh token (single use). */
  takeRefreshToken(refreshToken: string): IssuedToken | null;
}
