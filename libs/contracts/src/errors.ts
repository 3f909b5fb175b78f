/**
 * Error codes the BFF puts in GraphQL `extensions.code` (and REST error bodies).
 * The UI translates by code (`errors.<CODE>` in each namespace); raw messages never reach a user.
 */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  RateLimited: 'RATE_LIMITED',
  InvalidRegion: 'INVALID_REGION',
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  CsrfRejected: 'CSRF_REJECTED',
  Unavailable: 'UNAVAILABLE',
  Internal: 'INTERNAL',
  /** Client side only: the request did not reach the BFF or timed out. */
  Network: 'NETWORK',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_CODES: readonly ErrorCode[] = Object.values(ErrorCode);

/** True when the value is a known error code. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** One field-level problem in a BAD_USER_INPUT error (`extensions.fields`). */
export interface FieldError {
  /** Dotted path of the input field, e.g. `input.name`. */
  field: string;
  /** Machine code the UI translates, e.g. `tooLong`. */
  reason: string;
  /** Values for the translated message's placeholders. */
  params?: Record<string, string | number>;
}
