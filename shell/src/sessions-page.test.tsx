import { ErrorCode } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeUserAgent, SessionsPage, type SessionRow } from './sessions-page';
import { createFakeGql, renderShell } from './testing';

afterEach(cleanup);

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

function sessions(): SessionRow[] {
  return [
    { id: 's-old', createdAt: '2026-03-01T08:00:00Z', lastSeenAt: '2026-03-02T09:30:00Z', userAgent: FIREFOX, current: false },
    { id: 's-now', createdAt: '2026-03-05T10:00:00Z', lastSeenAt: '2026-03-05T10:05:00Z', userAgent: CHROME, current: true },
    { id: 's-cli', createdAt: '2026-03-04T10:00:00Z', lastSeenAt: '2026-03-04T11:00:00Z', userAgent: null, current: false },
  ];
}

async function renderSessions(revokeFails?: ErrorCode) {
  let signedIn = true;
  let rows = sessions();
  const revoked: unknown[] = [];
  const { gql } = createFakeGql({
    signedIn: () => signedIn,
    answers: {
      MySessions: () => ({ mySessions: rows }),
      RevokeSession: (variables) => {
        if (revokeFails) throw new GraphQLRequestError(revokeFails);
        revoked.push(variables?.id);
        const target = rows.find((row) => row.id === variables?.id);
        rows = rows.filter((row) => row.id !== variables?.id);
        if (target?.current) signedIn = false;
        return { revokeSession: true };
      },
    },
  });
  const history = await renderShell({ gql, path: '/account/sessions' });
  await screen.findByRole('heading', { name: 'Sessions' });
  return { history, revoked };
}

describe(SessionsPage.name, () => {
  beforeEach(() => localStorage.clear());

  it('lists the sessions, current first, with browser, dates in the locale and a marker', async () => {
    await renderSessions();
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'Chrome 131 on Linux This session',
      'Unknown browser',
      'Firefox 128 on Windows',
    ]);
    const created = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2026-03-01T08:00:00Z'));
    expect(within(rows[2]).getByText(created)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Sessions' }).getAttribute('aria-current')).toBe('page');
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
    const createdNl = new Intl.DateTimeFormat('nl', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2026-03-01T08:00:00Z'));
    expect(await screen.findByText(createdNl)).toBeTruthy();
    expect(screen.getByText('Deze sessie')).toBeTruthy();
  });

  it('revokes another session and keeps the user signed in', async () => {
    const { revoked } = await renderSessions();
    await screen.findByRole('table');
    fireEvent.click(screen.getByRole('button', { name: /^Revoke the session in Firefox 128 on Windows/ }));
    await waitFor(() => expect(screen.queryByText('Firefox 128 on Windows')).toBeNull());
    expect(revoked).toEqual(['s-old']);
    expect(screen.getByText('Fran Full')).toBeTruthy();
  });

  it('revoking this session signs out', async () => {
    const { history, revoked } = await renderSessions();
    await screen.findByRole('table');
    fireEvent.click(screen.getByRole('button', { name: /^Revoke this session/ }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Partner Hub' })).toBeTruthy();
    expect(revoked).toEqual(['s-now']);
    await waitFor(() => expect(history.get()).toBe('/sign-in'));
  });

  it('shows a translated error when revoking fails', async () => {
    await renderSessions(ErrorCode.Network);
    await screen.findByRole('table');
    fireEvent.click(screen.getAllByRole('button', { name: /^Revoke/ })[1]);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Partner Hub could not be reached. Check your connection and try again.'));
  });
});

describe('describeUserAgent', () => {
  it('names common browsers and systems', () => {
    expect(describeUserAgent(FIREFOX)).toEqual({ browser: 'Firefox 128', system: 'Windows' });
    expect(describeUserAgent(CHROME)).toEqual({ browser: 'Chrome 131', system: 'Linux' });
    expect(
      describeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'),
    ).toEqual({ browser: 'Safari 17', system: 'macOS' });
    expect(describeUserAgent('curl/8.5.0')).toEqual({ browser: undefined, system: undefined });
  });
});
