/**
 * The shape of `admin.graphql` from `authenticate.admin` / `authenticate.webhook`.
 * Modules take this as an argument so tests can pass one backed by MSW.
 */
export type AdminGraphqlClient = (
  query: string,
  options?: { variables?: Record<string, unknown> },
) => Promise<Response>;

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

/** Runs a query and returns its `data`, turning transport failures and GraphQL errors into `ShopifyUnavailableError`. */
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
 * in `denied`; any other error, or no answer, is `ShopifyUnavailableError`.
 */
export async function queryAdminAllowingDenied<T>(
  graphql: AdminGraphqlClient,
  query: string,
  variables: Record<string, unknown> | undefined,
  refusable: readonly string[],
): Promise<AdminAnswer<T>> {
  let body: { data?: T | null; errors?: unknown };
  try {
    const response = await graphql(query, variables ? { variables } : undefined);
    if (!response.ok) throw new ShopifyUnavailableError(`Shopify Admin API answered HTTP ${response.status}`);
    body = (await response.json()) as typeof body;
  } catch (error) {
    if (error instanceof ShopifyUnavailableError) throw error;
    // shopify-api throws on any GraphQL error, keeping Shopify's answer (data and errors) on the error.
    const answered = (error as { body?: { data?: T | null; errors?: { graphQLErrors?: unknown } } })?.body;
    if (!answered?.errors?.graphQLErrors)
      throw new ShopifyUnavailableError(`Shopify Admin API request failed: ${describe(error)}`, error);
    body = { data: answered.data, errors: answered.errors.graphQLErrors };
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
        ? `Shopify Admin API answered with errors: ${JSON.stringify(other)}`
        : `Shopify Admin API answered without data: ${JSON.stringify(body)}`,
    );
  }
  return { data: body.data, denied };
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
