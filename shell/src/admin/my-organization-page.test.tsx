import { ErrorCode } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeGql, renderShell, TEST_USER } from '../testing';
import { MyOrganizationPage, type MyOrganization } from './my-organization-page';

afterEach(cleanup);
beforeEach(() => localStorage.clear());

function notSetUp(): MyOrganization {
  return {
    name: 'Demo Partner',
    setUp: false,
    setUpAt: null,
    setUpByName: null,
    termsUrl: '/terms/partner-2025-01',
    termsVersion: '2025-01',
    acceptedTermsVersion: null,
    subscription: { customerCount: 1234, products: ['MEETINGS', 'CALLING', 'MESSAGING', 'RTT', 'CONTACT_CENTER'] },
  };
}

function fakeBff(role: 'FULL_ADMIN' | 'READ_ONLY' = 'FULL_ADMIN') {
  let organization = notSetUp();
  const setUpCalls: unknown[] = [];
  const { gql } = createFakeGql({
    signedIn: () => true,
    user: { ...TEST_USER, role },
    answers: {
      MyOrganization: () => ({ myOrganization: organization }),
      SetUpMyOrganization: (variables) => {
        setUpCalls.push(variables);
        if (role !== 'FULL_ADMIN') throw new GraphQLRequestError(ErrorCode.Forbidden);
        organization = { ...organization, setUp: true, setUpAt: '2026-03-05T10:00:00Z', setUpByName: 'Fran Full', acceptedTermsVersion: '2025-01' };
        return { setUpMyOrganization: organization };
      },
    },
  });
  return { gql, setUpCalls };
}

describe(MyOrganizationPage.name, () => {
  it('shows the subscription and the terms, asks to accept them, then sets up and leads on', async () => {
    const { gql, setUpCalls } = fakeBff();
    await renderShell({ gql, path: '/my-organization' });
    expect(await screen.findByRole('heading', { name: 'Set up your organisation' })).toBeTruthy();
    expect(screen.getByText(new Intl.NumberFormat('en').format(1234))).toBeTruthy();
    const products = () => screen.getByText('Products').nextElementSibling!.querySelectorAll('li');
    expect([...products()].map((item) => item.textContent)).toEqual(['Meetings', 'Calling', 'Messaging', 'Real-Time Translations', 'Contact Center']);
    expect(screen.getByRole('link', { name: 'Read the terms (version 2025-01)' }).getAttribute('href')).toBe('/terms/partner-2025-01');
    fireEvent.click(screen.getByRole('button', { name: 'Get started' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Accept the terms to continue.'));
    expect(setUpCalls).toEqual([]);
    fireEvent.click(screen.getByRole('checkbox', { name: 'I accept the terms (version 2025-01)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Get started' }));
    expect(await screen.findByRole('heading', { name: 'Your organisation is set up' })).toBeTruthy();
    expect(setUpCalls).toEqual([{ acceptTerms: true }]);
    const at = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2026-03-05T10:00:00Z'));
    expect(screen.getByText(`Set up by Fran Full on ${at}.`)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Add users' }).getAttribute('href')).toBe('/users');
    expect(screen.getByRole('link', { name: 'Manage services' }).getAttribute('href')).toBe('/customers');
    expect(screen.getByRole('link', { name: 'View analytics' }).getAttribute('href')).toBe('/analytics');
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
    expect(await screen.findByRole('heading', { name: 'Mijn organisatie starten', level: 1 })).toBeTruthy();
  });

  it('is read-only for other roles', async () => {
    const { gql } = fakeBff('READ_ONLY');
    await renderShell({ gql, path: '/my-organization' });
    expect(await screen.findByText('Only a full partner administrator can set up the organisation.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Get started' })).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
  });

  it('says in Dutch: Aan de slag', async () => {
    localStorage.clear();
    const { gql } = fakeBff();
    await renderShell({ gql, path: '/my-organization' });
    await screen.findByRole('button', { name: 'Get started' });
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
    expect(await screen.findByRole('button', { name: 'Aan de slag' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Abonnementsoverzicht' })).toBeTruthy();
    const products = screen.getByText('Producten').nextElementSibling!.querySelectorAll('li');
    expect([...products].map((item) => item.textContent)).toEqual(['Vergaderingen', 'Bellen', 'Berichten', 'Real-Time Translations', 'Contact Center']);
  });
});
