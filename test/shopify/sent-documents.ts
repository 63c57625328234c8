// Every Admin GraphQL request a test file makes, kept so that, once the file is done, the app's own
// documents among them are checked with the variables the app actually sent (test/setup.ts).
import type { SetupServerApi } from "msw/node";

interface SentRequest {
  query: string;
  variables?: Record<string, unknown>;
}

const ADMIN_GRAPHQL_PATH = /^\/admin\/api\/[^/]+\/graphql\.json$/;

export function recordAdminRequests(server: SetupServerApi): () => Promise<SentRequest[]> {
  const sent: Array<Promise<SentRequest | null>> = [];
  server.events.on("request:start", ({ request }) => {
    if (request.method !== "POST" || !ADMIN_GRAPHQL_PATH.test(new URL(request.url).pathname)) return;
    sent.push(
      request
        .clone()
        .json()
        .then((body: unknown) =>
          typeof (body as SentRequest)?.query === "string" ? (body as SentRequest) : null,
        )
        .catch(() => null),
    );
  });
  return async () => (await Promise.all(sent)).filter((request): request is SentRequest => request !== null);
}

/**
 * Problems with the variables the app sent with its documents, against the real 2025-10 schema (the
 * documents themselves are checked in admin-documents.test.ts). Requests with other documents (the
 * emulator's own tests send invalid ones on purpose) are not the app's and are left alone. Loads the
 * schema only when there is something to check.
 */
export async function sentDocumentProblems(requests: SentRequest[]): Promise<string[]> {
  const { APP_DOCUMENTS } = await import("./app-documents");
  const appSources = new Map(APP_DOCUMENTS.map((document) => [document.source, document]));
  const ours = requests.filter((request) => appSources.has(request.query));
  if (ours.length === 0) return [];
  const { variableProblems } = await import("./admin-schema");
  const problems = new Set<string>();
  for (const request of ours) {
    const { where } = appSources.get(request.query)!;
    for (const problem of variableProblems(request.query, request.variables))
      problems.add(`${where} sent with ${JSON.stringify(request.variables ?? {})}: ${problem}`);
  }
  return [...problems];
}
