import { CSRF_HEADER, ErrorCode, isErrorCode, type FieldError, type GraphQLClient } from '@ph/contracts';

/** A failed GraphQL request. Show `code` (translated), never `message`. */
export class GraphQLRequestError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];

  constructor(code: ErrorCode, message?: string, fields: FieldError[] = []) {
    super(message ?? code);
    this.name = 'GraphQLRequestError';
    this.code = code;
    this.fields = fields;
  }
}

export interface GraphQLClientOptions {
  /** Endpoint, usually contracts' `GRAPHQL_PATH`. */
  url: string;
  /** Abort and report `NETWORK` after this many milliseconds (default 15000). */
  timeoutMs?: number;
  /** Injected fetch for tests; defaults to the global one. */
  fetch?: typeof fetch;
}

interface GraphQLResponseBody<TData> {
  data?: TData | null;
  errors?: { message?: string; extensions?: { code?: unknown; fields?: FieldError[] } }[];
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BadUserInput,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  429: ErrorCode.RateLimited,
  502: ErrorCode.Unavailable,
  503: ErrorCode.Unavailable,
  504: ErrorCode.Unavailable,
};

/** Maps any thrown value to an error code the UI can translate. */
export function errorCodeOf(error: unknown): ErrorCode {
  if (error instanceof GraphQLRequestError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return isErrorCode(code) ? code : ErrorCode.Internal;
}

/** Creates a fetch-based GraphQL client that sends the CSRF header and maps failures to error codes. */
export function createGraphQLClient(options: GraphQLClientOptions): GraphQLClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    async request<TData, TVars extends Record<string, unknown> = Record<string, unknown>>(
      query: string,
      variables?: TVars,
      requestOptions?: { signal?: AbortSignal },
    ): Promise<TData> {
      const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
      const controller = new AbortController();
      const outer = requestOptions?.signal;
      const onOuterAbort = () => controller.abort(outer?.reason);
      if (outer?.aborted) onOuterAbort();
      outer?.addEventListener('abort', onOuterAbort, { once: true });
      const timer = setTimeout(() => controller.abort(new GraphQLRequestError(ErrorCode.Network, 'timeout')), timeoutMs);
      try {
        let response: Response;
        try {
          response = await doFetch(options.url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'content-type': 'application/json', accept: 'application/json', [CSRF_HEADER]: '1' },
            body: JSON.stringify({ query, variables: variables ?? {} }),
            signal: controller.signal,
          });
        } catch (cause) {
          if (outer?.aborted) throw outer.reason ?? cause;
          throw new GraphQLRequestError(ErrorCode.Network, cause instanceof Error ? cause.message : 'network');
        }
        let body: GraphQLResponseBody<TData> | undefined;
        try {
          body = (await response.json()) as GraphQLResponseBody<TData>;
        } catch {
          body = undefined;
        }
        const first = body?.errors?.[0];
        if (first) {
          const code = first.extensions?.code;
          throw new GraphQLRequestError(
            isErrorCode(code) ? code : (STATUS_CODES[response.status] ?? ErrorCode.Internal),
            first.message,
            first.extensions?.fields ?? [],
          );
        }
        if (!response.ok) throw new GraphQLRequestError(STATUS_CODES[response.status] ?? ErrorCode.Internal, `HTTP ${response.status}`);
        if (!body || body.data == null) throw new GraphQLRequestError(ErrorCode.Internal, 'empty response');
        return body.data;
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onOuterAbort);
      }
    },
  };
}
