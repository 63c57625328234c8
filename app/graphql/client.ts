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

/** Runs a query and returns its `data`, turning transport failures into `ShopifyUnavailableError`. */
export async function queryAdmin<T>(
  graphql: AdminGraphqlClient,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  let response: Response;
  try {
    response = await graphql(query, variables ? { variables } : undefined);
  } catch (error) {
    throw new ShopifyUnavailableError(`Shopify Admin API request failed: ${describe(error)}`, error);
  }
  if (!response.ok) {
    throw new ShopifyUnavailableError(`Shopify Admin API answered HTTP ${response.status}`);
  }
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) {
    throw new ShopifyUnavailableError(
      `Shopify Admin API answered without data: ${JSON.stringify(body.errors ?? body)}`,
    );
  }
  return body.data;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error instanceof Response) return `HTTP ${error.status}`;
  return String(error);
}
