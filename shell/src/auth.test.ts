import { ErrorCode, type GraphQLClient } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { describe, expect, it, vi } from 'vitest';
import { AuthRequestError, createAuthApi, parseRetryAfter, safeNextPath, signInHref, watchUnauthenticated } from './auth';

describe('createAuthApi', () => {
  it('posts JSON with the CSRF header and resolves on 204', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    const sut = createAuthApi({ fetch });
    await sut.signIn('full@demo.example', 'secret');
    expect(fetch).toHaveBeenCalledWith(
      '/api/auth/sign-in',
      expect.objectContaining({
        method: 'POST',
        credentials: 'same-origin',
        headers: expect.objectContaining({ 'content-type': 'application/json', 'x-partner-hub': '1' }),
        body: JSON.stringify({ email: 'full@demo.example', password: 'secret' }),
      }),
    );
    await sut.signOut();
    expect(fetch).toHaveBeenLastCalledWith('/api/auth/sign-out', expect.objectContaining({ body: '{}' }));
  });

  it('maps 401, 429 with Retry-After and network failures to codes', async () => {
    const unauth = createAuthApi({ fetch: async () => Response.json({ code: 'UNAUTHENTICATED' }, { status: 401 }) });
    await expect(unauth.signIn('a@b.c', 'x')).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
    const limited = createAuthApi({
      fetch: async () => Response.json({ code: 'RATE_LIMITED' }, { status: 429, headers: { 'retry-after': '120' } }),
    });
    await expect(limited.signIn('a@b.c', 'x')).rejects.toMatchObject({ code: ErrorCode.RateLimited, retryAfterSeconds: 120 });
    const offline = createAuthApi({ fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(offline.signIn('a@b.c', 'x')).rejects.toBeInstanceOf(AuthRequestError);
    await expect(offline.signIn('a@b.c', 'x')).rejects.toMatchObject({ code: ErrorCode.Network });
    const html = createAuthApi({ fetch: async () => new Response('<h1>Bad gateway</h1>', { status: 502 }) });
    await expect(html.signIn('a@b.c', 'x')).rejects.toMatchObject({ code: ErrorCode.Unavailable });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(30);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('watchUnauthenticated', () => {
  it('notifies on UNAUTHENTICATED and still rejects; other outcomes pass through', async () => {
    const onUnauthenticated = vi.fn();
    let answer: () => Promise<unknown> = async () => ({ ok: true });
    const inner: GraphQLClient = { request: async <T,>() => (await answer()) as T };
    const sut = watchUnauthenticated(inner, onUnauthenticated);
    await expect(sut.request('{ ok }')).resolves.toEqual({ ok: true });
    answer = async () => Promise.reject(new GraphQLRequestError(ErrorCode.Forbidden));
    await expect(sut.request('{ ok }')).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    expect(onUnauthenticated).not.toHaveBeenCalled();
    answer = async () => Promise.reject(new GraphQLRequestError(ErrorCode.Unauthenticated));
    await expect(sut.request('{ ok }')).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });
});

describe('safeNextPath', () => {
  it('accepts only same-origin paths outside the sign-in page', () => {
    expect(safeNextPath('/customers?tag=a')).toBe('/customers?tag=a');
    expect(safeNextPath('//evil.example/x')).toBeUndefined();
    expect(safeNextPath('https://evil.example')).toBeUndefined();
    expect(safeNextPath('/\\evil.example')).toBeUndefined();
    expect(safeNextPath('/sign-in?next=/x')).toBeUndefined();
    expect(safeNextPath(null)).toBeUndefined();
    expect(signInHref('/reports/runs')).toBe('/sign-in?next=%2Freports%2Fruns');
    expect(signInHref('/')).toBe('/sign-in');
  });
});
