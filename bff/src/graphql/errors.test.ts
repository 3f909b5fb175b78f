import { ErrorCode } from '@ph/contracts';
import { GraphQLError } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../common/app-error';
import { formatGraphQLErrors } from './errors';

const context = { app: { log: { error: vi.fn() } } } as unknown as MercuriusContext;
const failing = (original: Error) => ({ data: { x: null }, errors: [new GraphQLError(original.message, { originalError: original, path: ['x'] })] });

describe(formatGraphQLErrors.name, () => {
  it('passes a domain error with its code and field problems to the client', () => {
    const error = new AppError(ErrorCode.BadUserInput, 'Tag name too long', [{ field: 'input.name', reason: 'tooLong', params: { max: 25 } }]);
    const { response } = formatGraphQLErrors(failing(error), context);
    expect(response.errors).toEqual([
      expect.objectContaining({ message: 'Tag name too long', path: ['x'], extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input.name', reason: 'tooLong', params: { max: 25 } }] } }),
    ]);
  });

  it('hides anything else behind INTERNAL', () => {
    const { response } = formatGraphQLErrors(failing(new Error('select * from secret_table failed')), context);
    expect(response.errors).toEqual([expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL' } })]);
    expect(JSON.stringify(response)).not.toContain('secret_table');
  });
});
