import type { ErrorCode, FieldError } from '@ph/contracts';

/**
 * A domain error whose code reaches the client in `extensions.code` (and, for bad input, the
 * offending fields in `extensions.fields`, which the UI translates by reason); its message must be safe to show.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: readonly FieldError[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}
