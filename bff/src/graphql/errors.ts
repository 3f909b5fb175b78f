import { ErrorCode, type FieldError } from '@ph/contracts';
import { GraphQLError, type ExecutionResult, type SourceLocation, type ValidationRule } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { AppError } from '../common/app-error';

const INTERNAL_MESSAGE = 'Internal server error';
const MERCURIUS_QUERY_DEPTH = 'MER_ERR_GQL_QUERY_DEPTH';

/** An error as it goes to the client: a safe message and a code from `@ph/contracts`. */
interface ClientError {
  message: string;
  locations?: readonly SourceLocation[];
  path?: readonly (string | number)[];
  extensions: { code: ErrorCode; fields?: readonly FieldError[] };
}

type ServerError = Error & { code?: string; statusCode?: number; errors?: Error[] };

/** Rejects documents with more than `max` field aliases (cheap protection against alias amplification). */
export function aliasLimitRule(max: number): ValidationRule {
  return (context) => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias && ++aliases === max + 1) {
          context.reportError(
            new GraphQLError(`Too many aliases (limit ${max})`, {
              nodes: node,
              extensions: { code: ErrorCode.QueryTooComplex },
            }),
          );
        }
      },
    };
  };
}

/** Maps one request-validation problem (syntax, unknown field, bad argument, depth, aliases) to a coded error. */
function validationError(error: ServerError & Partial<GraphQLError>): ClientError {
  const code = error.code === MERCURIUS_QUERY_DEPTH ? ErrorCode.QueryTooComplex : error.extensions?.code;
  return {
    message: error.message,
    locations: error.locations,
    extensions: { code: code === ErrorCode.QueryTooComplex ? code : ErrorCode.BadUserInput },
  };
}

/**
 * Mercurius `errorFormatter`: every error leaves with an `extensions.code`. Domain errors keep their
 * message, request errors become BAD_USER_INPUT / QUERY_TOO_COMPLEX, anything else becomes a generic
 * INTERNAL error and is logged (with the request id) instead of reaching the client.
 */
export function formatGraphQLErrors(
  execution: ExecutionResult,
  context: MercuriusContext,
): { statusCode: number; response: ExecutionResult } {
  const log = context.reply?.request.log ?? context.app.log;
  let statusCode = 200;
  const errors = (execution.errors ?? []).flatMap((error): ClientError[] => {
    const original = error.originalError as ServerError | undefined;
    const at = { locations: error.locations, path: error.path };
    if (Array.isArray(original?.errors)) {
      statusCode = 400;
      return original.errors.map(validationError);
    }
    if (original instanceof AppError) {
      if (original.code === ErrorCode.RateLimited) statusCode = 429;
      else if (original.code === ErrorCode.CsrfRejected && statusCode === 200) statusCode = 403;
      const extensions = original.fields ? { code: original.code, fields: original.fields } : { code: original.code };
      return [{ message: original.message, ...at, extensions }];
    }
    if (original && typeof original.statusCode === 'number' && original.statusCode < 500) {
      statusCode = original.statusCode;
      return [{ message: original.message, ...at, extensions: { code: ErrorCode.BadUserInput } }];
    }
    if (!original && execution.data === undefined) {
      return [{ message: error.message, ...at, extensions: { code: ErrorCode.BadUserInput } }];
    }
    log.error({ err: original ?? error, path: error.path }, 'GraphQL operation failed');
    return [{ message: INTERNAL_MESSAGE, ...at, extensions: { code: ErrorCode.Internal } }];
  });
  return { statusCode, response: { data: execution.data ?? null, errors: errors as unknown as ExecutionResult['errors'] } };
}
