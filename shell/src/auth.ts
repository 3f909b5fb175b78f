import { CSRF_HEADER, ErrorCode, isErrorCode, type GraphQLClient, type SignedInUser } from '@ph/contracts';
import { errorCodeOf } from '@ph/ui';

/** Where the sign-in page lives; the shell sends signed-out visitors here with `?next=`. */
export const SIGN_IN_PATH = '/sign-in';
/** Where single sign-on starts (a full-page navigation to the BFF, which redirects to the provider). */
export const OIDC_START_PATH = '/api/auth/oidc/start';
const SIGN_IN_URL = '/api/auth/sign-in';
const SIGN_OUT_URL = '/api/auth/sign-out';
const OPTIONS_URL = '/api/auth/options';

/** The GraphQL query for the signed-in user. */
export const ME_QUERY = 'query Me { me { id email displayName role partnerId partnerName } }';

/** A failed sign-in or sign-out call. Show `code` (translated), never `message`. */
export class AuthRequestError extends Error {
  readonly code: ErrorCode;
  /** From `Retry-After` on a 429, in seconds, when the BFF sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, retryAfterSeconds?: number) {
    super(code);
    this.name = 'AuthRequestError';
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The BFF's REST sign-in routes. */
export interface AuthApi {
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Which sign-in methods the BFF offers; single sign-on only when a provider is configured. */
  options(): Promise<SignInOptions>;
}

/** `GET /api/auth/options`. */
export interface SignInOptions {
  sso: boolean;
}

export interface AuthApiOptions {
  /** Injected fetch for tests; defaults to the global one. */
  fetch?: typeof fetch;
  /** `Date.now` for tests (an HTTP-date `Retry-After` is relative to it). */
  now?: () => number;
}

/** Reads `Retry-After` (delta seconds or an HTTP date) as whole seconds from now. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BadUserInput,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.CsrfRejected,
  429: ErrorCode.RateLimited,
  502: ErrorCode.Unavailable,
  503: ErrorCode.Unavailable,
  504: ErrorCode.Unavailable,
};

/** Creates the client of `POST /api/auth/sign-in` and `/sign-out` (JSON + the CSRF header; the cookie is HttpOnly). */
export function createAuthApi(options: AuthApiOptions = {}): AuthApi {
  const post = async (url: string, body: unknown): Promise<void> => {
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', [CSRF_HEADER]: '1' },
        body: JSON.stringify(body),
      });
    } catch {
      throw new AuthRequestError(ErrorCode.Network);
    }
    if (response.ok) return;
    let code: unknown;
    try {
      code = ((await response.json()) as { code?: unknown } | null)?.code;
    } catch {
      code = undefined;
    }
    throw new AuthRequestError(
      isErrorCode(code) ? code : (STATUS_CODES[response.status] ?? ErrorCode.Internal),
      response.status === 429 ? parseRetryAfter(response.headers.get('retry-after'), options.now?.()) : undefined,
    );
  };
  return {
    signIn: (email, password) => post(SIGN_IN_URL, { email, password }),
    signOut: () => post(SIGN_OUT_URL, {}),
    options: async () => {
      const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
      try {
        const response = await doFetch(OPTIONS_URL, { credentials: 'same-origin', headers: { accept: 'application/json' } });
        const body = response.ok ? ((await response.json()) as Partial<SignInOptions>) : {};
        return { sso: body.sso === true };
      } catch {
        return { sso: false };
      }
    },
  };
}

/** Asks the BFF who is signed in; resolves `null` when nobody is (UNAUTHENTICATED), rejects on other failures. */
export async function fetchSignedInUser(gql: GraphQLClient): Promise<SignedInUser | null> {
  try {
    const data = await gql.request<{ me: SignedInUser }>(ME_QUERY);
    return data.me;
  } catch (error) {
    if (errorCodeOf(error) === ErrorCode.Unauthenticated) return null;
    throw error;
  }
}

/** Wraps a GraphQL client so every UNAUTHENTICATED failure also calls `onUnauthenticated` (the promise still rejects). */
export function watchUnauthenticated(gql: GraphQLClient, onUnauthenticated: () => void): GraphQLClient {
  return {
    async request<TData, TVars extends Record<string, unknown> = Record<string, unknown>>(
      query: string,
      variables?: TVars,
      options?: { signal?: AbortSignal },
    ): Promise<TData> {
      try {
        return await gql.request<TData, TVars>(query, variables, options);
      } catch (error) {
        if (errorCodeOf(error) === ErrorCode.Unauthenticated) onUnauthenticated();
        throw error;
      }
    },
  };
}

/** A safe in-console return path from `?next=`: only same-origin absolute paths, never the sign-in page itself. */
export function safeNextPath(next: unknown): string | undefined {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return undefined;
  if (next === SIGN_IN_PATH || next.startsWith(`${SIGN_IN_PATH}?`) || next.startsWith(`${SIGN_IN_PATH}/`)) return undefined;
  return next;
}

/** The sign-in address that returns to `path` afterwards (no `next` for the start page). */
export function signInHref(path: string): string {
  const next = safeNextPath(path);
  return next && next !== '/' ? `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}` : SIGN_IN_PATH;
}
