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
 * Runs a query and returns its `data`, turning transport failures into `ShopifyUnavailableError`. A call
 * that takes longer than SHOPIFY_TIMEOUT_MS is aborted and fails the same way, whether or not the client
 * heeds the abort.
 */
export async function queryAdmin<T>(
  graphql: AdminGraphqlClient,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
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
  try {
    let response: Response;
    try {
      response = await Promise.race([
        graphql(query, { ...(variables ? { variables } : {}), signal: controller.signal }),
        timedOut,
      ]);
    } catch (error) {
      if (error instanceof ShopifyUnavailableError) throw error;
      throw new ShopifyUnavailableError(`Shopify Admin API request failed: ${describe(error)}`, error);
    }
    return await readData<T>(response, timedOut);
  } finally {
    clearTimeout(timer);
  }
}

/** The `data` of Shopify's answer, its body read within the same time limit. */
async function readData<T>(response: Response, timedOut: Promise<never>): Promise<T> {
  if (!response.ok) {
    throw new ShopifyUnavailableError(`Shopify Admin API answered HTTP ${response.status}`);
  }
  const body = (await Promise.race([response.json(), timedOut])) as { data?: T; errors?: unknown };
  if (!body.data) {
    throw new ShopifyUnavailableError(
      `Shopify Admin API answered without data: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`,
    );
  }
  return body.data;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error instanceof Response) return `HTTP ${error.status}`;
  return String(error);
}
