/**
 * The shape of `admin.graphql` from `authenticate.admin` / `authenticate.webhook`.
 * Modules take this as an argument so tests can pass one backed by MSW.
 */
export type AdminGraphqlClient = (
  query: string,
  options?: { variables?: Record<string, unknown>; signal?: AbortSignal },
) => Promise<Response>;

/**
 * How long a call to Shopify may take before it counts as failed (and is retried like any failure). The
 * Admin API answers in well under a second; ten times that is a Shopify that is not answering.
 */
export const SHOPIFY_TIMEOUT_MS = 10_000;

/** Thrown when Shopify answered, but not with usable data (e.g. a 5xx body or missing `data`). */
export class ShopifyUnavailableError extends Error {
  constructor(
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = "ShopifyUnavailableError";
  }
}

/**
 * Runs a query and returns its `data`, turning transport failures and GraphQL errors into
 * `ShopifyUnavailableError`. A call that takes longer than SHOPIFY_TIMEOUT_MS fails the same way.
 */
export async function queryAdmin<T>(
  graphql: AdminGraphqlClient,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  return (await queryAdminAllowingDenied<T>(graphql, query, variables, [])).data;
}

export interface AdminAnswer<T> {
  data: T;
  /** The refusable fields Shopify refused to answer (they are null in `data`), as paths: "customer.defaultEmailAddress". */
  denied: string[];
}

interface GraphqlError {
  message?: string;
  path?: Array<string | number>;
  extensions?: { code?: string };
}

/**
 * Runs a query some of whose fields Shopify may refuse: protected customer data the app is not approved
 * for ("This app is not approved to use the email field"), or data another app owns. Shopify then answers
 * the rest, those fields null, with an ACCESS_DENIED error naming each. A refusal of one of the `refusable`
 * paths (field names from the root, list indexes left out: "order.lineItems.nodes.contract") is returned
 * in `denied`; any other error, or no answer, is `ShopifyUnavailableError`. A call that takes longer than
 * SHOPIFY_TIMEOUT_MS is aborted and fails the same way, whether or not the client heeds the abort.
 */
export async function queryAdminAllowingDenied<T>(
  graphql: AdminGraphqlClient,
  query: string,
  variables: Record<string, unknown> | undefined,
  refusable: readonly string[],
): Promise<AdminAnswer<T>> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new ShopifyUnavailableError(
        `Shopify Admin API did not answer within ${SHOPIFY_TIMEOUT_MS / 1000} s`,
      );
      controller.abort(error);
      reject(error);
    }, SHOPIFY_TIMEOUT_MS);
  });
  let body: { data?: T | null; errors?: unknown };
  try {
    body = await Promise.race([requestBody<T>(graphql, query, variables, controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
  const errors = (
    Array.isArray(body.errors) ? body.errors : body.errors ? [body.errors] : []
  ) as GraphqlError[];
  const denied: string[] = [];
  const other = errors.filter((error) => {
    const path = error.path?.filter((part) => typeof part === "string").join(".");
    if (!path || !refusable.includes(path) || !isAccessDenied(error)) return true;
    if (!denied.includes(path)) denied.push(path);
    return false;
  });
  if (other.length > 0 || !body.data) {
    throw new ShopifyUnavailableError(
      other.length > 0
        ? `Shopify Admin API answered with errors: ${JSON.stringify(other).slice(0, 500)}`
        : `Shopify Admin API answered without data: ${JSON.stringify(body).slice(0, 500)}`,
    );
  }
  return { data: body.data, denied };
}

/** Shopify's answer (data and errors), its body read too, or ShopifyUnavailableError. */
async function requestBody<T>(
  graphql: AdminGraphqlClient,
  query: string,
  variables: Record<string, unknown> | undefined,
  signal: AbortSignal,
): Promise<{ data?: T | null; errors?: unknown }> {
  try {
    const response = await graphql(query, { ...(variables ? { variables } : {}), signal });
    if (!response.ok) throw new ShopifyUnavailableError(`Shopify Admin API answered HTTP ${response.status}`);
    return (await response.json()) as { data?: T | null; errors?: unknown };
  } catch (error) {
    if (error instanceof ShopifyUnavailableError) throw error;
    // shopify-api throws on any GraphQL error, keeping Shopify's answer (data and errors) on the error.
    const answered = (error as { body?: { data?: T | null; errors?: { graphQLErrors?: unknown } } })?.body;
    if (!answered?.errors?.graphQLErrors)
      throw new ShopifyUnavailableError(`Shopify Admin API request failed: ${describe(error)}`, error);
    return { data: answered.data, errors: answered.errors.graphQLErrors };
  }
}

/** Shopify's refusal of a field: ACCESS_DENIED, or the protected customer data message. */
function isAccessDenied(error: GraphqlError): boolean {
  return (
    error.extensions?.code === "ACCESS_DENIED" || /not approved to (access|use)/i.test(error.message ?? "")
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error instanceof Response) return `HTTP ${error.status}`;
  return String(error);
}
