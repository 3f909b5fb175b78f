import { CSRF_HEADER, ErrorCode, isErrorCode, type FieldError, type GraphQLClient, type SignedInUser } from '@ph/contracts';
import { errorCodeOf } from '@ph/ui';

/** Where the sign-in page lives; the shell sends signed-out visitors here with `?next=`. */
export const SIGN_IN_PATH = '/sign-in';
/** Where a set-password link (invitation or reset) lands; the token is in the fragment (`#token=…`), never sent to a server. */
export const SET_PASSWORD_PATH = '/set-password';
/** Where single sign-on starts (a full-page navigation to the BFF, which redirects to the provider). */
export const OIDC_START_PATH = '/api/auth/oidc/start';
const SIGN_IN_URL = '/api/auth/sign-in';
const SIGN_OUT_URL = '/api/auth/sign-out';
const OPTIONS_URL = '/api/auth/options';
const PASSWORD_LINK_URL = '/api/auth/password-link';
const SET_PASSWORD_URL = '/api/auth/set-password';

/** The GraphQL query for the signed-in user. */
export const ME_QUERY = 'query Me { me { id email displayName role partnerId partnerName } }';

/** A failed sign-in or sign-out call. Show `code` (translated), never `message`. */
export class AuthRequestError extends Error {
  readonly code: ErrorCode;
  /** From `Retry-After` on a 429, in seconds, when the BFF sent one. */
  readonly retryAfterSeconds: number | undefined;
  /** Field-level problems of a BAD_USER_INPUT answer (e.g. `token` → `expired`). */
  readonly fields: FieldError[];

  constructor(code: ErrorCode, retryAfterSeconds?: number, fields: FieldError[] = []) {
    super(code);
    this.name = 'AuthRequestError';
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.fields = fields;
  }
}

/** Whom a set-password link is for (`POST /api/auth/password-link`). */
export interface PasswordLinkInfo {
  email: string;
  displayName: string;
  /** `INVITE` or `RESET`. */
  purpose: string;
  expiresAt: string;
}

/** The BFF's REST sign-in routes. */
export interface AuthApi {
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Which sign-in methods the BFF offers; single sign-on only when a provider is configured. */
  options(): Promise<SignInOptions>;
  /** Checks a set-password link; rejects with the token's problem in `fields`. */
  passwordLink(token: string): Promise<PasswordLinkInfo>;
  /** Sets the password with a link; the BFF then starts a session. */
  setPassword(token: string, password: string): Promise<void>;
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

/** Creates the client of the BFF's auth routes: sign-in, sign-out, set-password (JSON + the CSRF header; the cookie is HttpOnly). */
export function createAuthApi(options: AuthApiOptions = {}): AuthApi {
  const post = async (url: string, body: unknown): Promise<unknown> => {
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
    let answer: { code?: unknown; fields?: unknown } | null = null;
    try {
      answer = response.status === 204 ? null : ((await response.json()) as { code?: unknown; fields?: unknown } | null);
    } catch {
      answer = null;
    }
    if (response.ok) return answer;
    const code = answer?.code;
    throw new AuthRequestError(
      isErrorCode(code) ? code : (STATUS_CODES[response.status] ?? ErrorCode.Internal),
      response.status === 429 ? parseRetryAfter(response.headers.get('retry-after'), options.now?.()) : undefined,
      Array.isArray(answer?.fields) ? (answer.fields as FieldError[]) : [],
    );
  };
  return {
    signIn: async (email, password) => {
      await post(SIGN_IN_URL, { email, password });
    },
    signOut: async () => {
      await post(SIGN_OUT_URL, {});
    },
    passwordLink: async (token) => (await post(PASSWORD_LINK_URL, { token })) as PasswordLinkInfo,
    setPassword: async (token, password) => {
      await post(SET_PASSWORD_URL, { token, password });
    },
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
