import { ErrorCode } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeGql, renderShell } from '../testing';
import { ApiKeysPage, type ApiKeyRow } from './api-keys-page';

afterEach(cleanup);
beforeEach(() => localStorage.clear());

function fakeBff(options: { revokeFails?: boolean } = {}) {
  let keys: ApiKeyRow[] = [{ id: 'k1', name: 'old', prefix: 'phk_ab12', createdAt: '2026-01-01T00:00:00Z', lastUsedAt: null, revokedAt: null }];
  const { gql, calls } = createFakeGql({
    signedIn: () => true,
    answers: {
      ApiKeys: () => ({ apiKeys: keys }),
      CreateApiKey: (variables) => {
        const apiKey = { id: 'k2', name: String(variables?.name), prefix: 'phk_cd34', createdAt: '2026-03-01T00:00:00Z', lastUsedAt: null, revokedAt: null };
        keys = [apiKey, ...keys];
        return { createApiKey: { rawKey: 'phk_cd34-secret-value', apiKey } };
      },
      RevokeApiKey: (variables) => {
        if (options.revokeFails) throw new GraphQLRequestError(ErrorCode.Forbidden);
        keys = keys.map((key) => (key.id === variables?.id ? { ...key, revokedAt: '2026-03-02T00:00:00Z' } : key));
        return { revokeApiKey: keys.find((key) => key.id === variables?.id) };
      },
    },
  });
  return { gql, calls };
}

describe(ApiKeysPage.name, () => {
  it('creates a key, shows it once with Copy, and revokes a key', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { gql, calls } = fakeBff();
    await renderShell({ gql, path: '/api-keys' });
    await screen.findByRole('table', { name: 'API keys' });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('Enter a name for the key.')).toBeTruthy();
    expect(calls.some((call) => call.operation === 'CreateApiKey')).toBe(false);
    fireEvent.input(screen.getByLabelText('Key name'), { target: { value: ' ingest ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('phk_cd34-secret-value')).toBeTruthy();
    expect(calls.find((call) => call.operation === 'CreateApiKey')?.variables).toEqual({ name: 'ingest' });
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText('Copied to the clipboard.')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith('phk_cd34-secret-value');
    fireEvent.click(screen.getByRole('button', { name: 'Revoke the key old' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Revoke the key old' })).toBeNull());
    const row = within(screen.getByRole('table')).getByRole('row', { name: /^old/ });
    expect(row.textContent).toContain('Revoked');
  });

  it('shows a translated error when the BFF refuses', async () => {
    const { gql } = fakeBff({ revokeFails: true });
    await renderShell({ gql, path: '/api-keys' });
    await screen.findByRole('table');
    fireEvent.click(screen.getByRole('button', { name: 'Revoke the key old' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Your role does not allow this.'));
    expect(screen.getByRole('button', { name: 'Revoke the key old' })).toBeTruthy();
  });
});
