import type { ErrorCode } from '@ph/contracts';

/** A domain error whose code reaches the client in `extensions.code`; its message must be safe to show. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
