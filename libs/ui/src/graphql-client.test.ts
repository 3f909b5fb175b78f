import { CSRF_HEADER, ErrorCode } from '@ph/contracts';
import { describe, expect, it, vi } from 'vitest';
import { createGraphQLClient, errorCodeOf, GraphQLRequestError } from './graphql-client';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe(createGraphQLClient.name, () => {
  it('posts JSON with the CSRF header and returns data', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => json({ data: { ok: 1 } }));
    const sut = createGraphQLClient({ url: '/graphql', fetch });
    await expect(sut.request('{ ok }', { a: 1 })).resolves.toEqual({ ok: 1 });
    const init = fetch.mock.calls[0]![1]!;
    const headers = init.headers as Record<string, string>;
    expect(init.method).toBe('POST');
    expect(headers['content-type']).toBe('application/json');
    expect(headers[CSRF_HEADER]).toBe('1');
    expect(JSON.parse(init.body as string)).toEqual({ query: '{ ok }', variables: { a: 1 } });
  });

  it('maps extensions.code and keeps the raw message out of the code', async () => {
    const sut = createGraphQLClient({
      url: '/graphql',
      fetch: async () => json({ data: null, errors: [{ message: 'secret stack', extensions: { code: 'INVALID_REGION' } }] }),
    });
    const error = await sut.request('{ x }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect(errorCodeOf(error)).toBe(ErrorCode.InvalidRegion);
  });

  it('reports NETWORK when fetch fails', async () => {
    const sut = createGraphQLClient({ url: '/graphql', fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(sut.request('{ x }')).rejects.toMatchObject({ code: ErrorCode.Network });
  });

  it('reports NETWORK after the timeout', async () => {
    const hang = (_url: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const sut = createGraphQLClient({ url: '/graphql', timeoutMs: 20, fetch: hang });
    await expect(sut.request('{ x }')).rejects.toMatchObject({ code: ErrorCode.Network });
  });

  it('maps HTTP status without a GraphQL body', async () => {
    const sut = createGraphQLClient({ url: '/graphql', fetch: async () => new Response('busy', { status: 503 }) });
    await expect(sut.request('{ x }')).rejects.toMatchObject({ code: ErrorCode.Unavailable });
  });

  it('maps unknown server codes to INTERNAL', async () => {
    const sut = createGraphQLClient({
      url: '/graphql',
      fetch: async () => json({ errors: [{ message: 'x', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }),
    });
    await expect(sut.request('{ x }')).rejects.toMatchObject({ code: ErrorCode.Internal });
  });
});
