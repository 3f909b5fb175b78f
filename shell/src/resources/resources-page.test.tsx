import { GraphQLRequestError } from '@ph/ui';
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeGql, renderShell, TEST_USER } from '../testing';

const resource = (id: string, title: string, extra: Record<string, unknown> = {}) => ({
  id,
  title,
  description: `About ${title}`,
  url: `https://help.example/${id}`,
  type: 'ARTICLE',
  products: ['CALLING'],
  language: 'en',
  ...extra,
});

function catalogueAnswer(variables: Record<string, unknown> | undefined) {
  const all = [resource('porting', variables?.locale === 'nl' ? 'Nummerportering' : 'Number porting'), resource('video', 'Tour video', { type: 'VIDEO' })];
  const results = all.filter((r) => (!variables?.search || r.title.toLowerCase().includes(String(variables.search).toLowerCase())) && (!variables?.type || r.type === variables.type));
  return { resources: { quickLinks: [all[0]], featured: [all[1]], results, languages: ['en', 'nl'] } };
}

// The pages are lazy-loaded: give the first render time on a busy machine.
configure({ asyncUtilTimeout: 5000 });
afterEach(cleanup);

describe('ResourcesPage', () => {
  it('shows quick links, featured resources and the catalogue, and puts the search and filters in the URL', async () => {
    const { gql, calls } = createFakeGql({ signedIn: () => true, answers: { Resources: catalogueAnswer } });
    const history = await renderShell({ gql, path: '/resources' });
    expect(await screen.findByRole('heading', { name: 'Resources & help', level: 1 }, { timeout: 5000 })).toBeTruthy();
    const quick = screen.getByRole('region', { name: 'Quick links' });
    expect(within(quick).getByRole('link', { name: 'Number porting' }).getAttribute('href')).toBe('https://help.example/porting');
    expect(within(screen.getByRole('region', { name: 'Featured resources' })).getByRole('link', { name: 'Tour video' })).toBeTruthy();
    expect(await screen.findByText('2 resources found')).toBeTruthy();

    fireEvent.input(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: 'porting' } });
    fireEvent.submit(screen.getByRole('search'));
    await waitFor(() => expect(history.get()).toBe('/resources?q=porting'));
    expect(await screen.findByText('1 resource found')).toBeTruthy();
    expect(calls.at(-1)).toMatchObject({ operation: 'Resources', variables: { locale: 'en', search: 'porting', type: null } });

    fireEvent.change(screen.getByRole('combobox', { name: 'Type' }), { target: { value: 'VIDEO' } });
    await waitFor(() => expect(history.get()).toBe('/resources?q=porting&type=VIDEO'));
    expect(await screen.findByText(/No resources match your search/)).toBeTruthy();
  });

  it('opens a deep link with its search and filters, in Dutch when the user switches language', async () => {
    const { gql, calls } = createFakeGql({ signedIn: () => true, answers: { Resources: catalogueAnswer } });
    await renderShell({ gql, path: '/resources?q=tour&type=VIDEO&product=CALLING&language=en' });
    expect(await screen.findByText('1 resource found')).toBeTruthy();
    expect((screen.getByRole('searchbox', { name: 'Search' }) as HTMLInputElement).value).toBe('tour');
    expect((screen.getByRole('combobox', { name: 'Type' }) as HTMLSelectElement).value).toBe('VIDEO');
    expect(calls.at(-1)?.variables).toEqual({ locale: 'en', search: 'tour', type: 'VIDEO', product: 'CALLING', language: 'en' });
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
    expect(await screen.findByRole('heading', { name: 'Bronnen en help', level: 1 })).toBeTruthy();
    expect(await screen.findByText('1 bron gevonden')).toBeTruthy();
  });

  it('shows a translated error with retry when the catalogue cannot be loaded', async () => {
    let fail = true;
    const { gql } = createFakeGql({
      signedIn: () => true,
      answers: {
        Resources: (v) => {
          if (fail) throw new GraphQLRequestError('UNAVAILABLE' as never);
          return catalogueAnswer(v);
        },
      },
    });
    await renderShell({ gql, path: '/resources' });
    expect((await screen.findByRole('alert')).textContent).toContain('Partner Hub is unavailable right now');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('2 resources found')).toBeTruthy();
  });
});

describe('HelpdeskPage', () => {
  const contacts = () => ({ helpdeskContacts: [{ products: ['CALLING'], email: 'calling@help.example', hours: 'Always', phones: [{ region: 'EU', number: '+31 20 555 0100' }] }] });
  const customers = () => ({ customers: { nodes: [{ id: 'c1', name: 'Acme' }] } });

  it('shows the contact options and checks the form field by field before sending', async () => {
    const { gql, calls } = createFakeGql({
      signedIn: () => true,
      user: { ...TEST_USER, role: 'ADMIN' },
      answers: { HelpdeskContacts: contacts, HelpdeskCustomers: customers, SubmitHelpdeskRequest: () => ({ submitHelpdeskRequest: { id: 'r1', status: 'QUEUED' } }) },
    });
    await renderShell({ gql, path: '/helpdesk' });
    expect(await screen.findByRole('link', { name: 'calling@help.example' }, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByRole('link', { name: '+31 20 555 0100' }).getAttribute('href')).toBe('tel:+31205550100');
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(await screen.findByText('Check the marked fields.')).toBeTruthy();
    expect(screen.getByLabelText('Subject').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByText('Fill in this field.')).toHaveLength(3);
    expect(calls.some((c) => c.operation === 'SubmitHelpdeskRequest')).toBe(false);
    // Not a full admin: no list of sent requests.
    expect(screen.queryByRole('heading', { name: 'Sent requests' })).toBeNull();

    fireEvent.input(screen.getByLabelText('Subject'), { target: { value: 'Porting stuck' } });
    fireEvent.change(screen.getByLabelText('Product'), { target: { value: 'CALLING' } });
    await screen.findByRole('option', { name: 'Acme' });
    fireEvent.change(screen.getByLabelText('Customer it concerns (optional)'), { target: { value: 'c1' } });
    fireEvent.input(screen.getByLabelText('Message'), { target: { value: 'The port has been pending for a week.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(await screen.findByText(/Your request has been received/)).toBeTruthy();
    expect(calls.find((c) => c.operation === 'SubmitHelpdeskRequest')?.variables).toEqual({
      input: { subject: 'Porting stuck', message: 'The port has been pending for a week.', product: 'CALLING', customerRegion: 'US', customerId: 'c1' },
    });
  });

  it("shows the BFF's field errors translated, and lists sent requests for full admins", async () => {
    const { gql } = createFakeGql({
      signedIn: () => true,
      answers: {
        HelpdeskContacts: contacts,
        HelpdeskCustomers: customers,
        HelpdeskRequests: () => ({ helpdeskRequests: [{ id: 'r1', createdAt: '2026-11-25T10:00:00Z', userEmail: 'full@demo.example', subject: 'Old one', product: 'CONTACT_CENTER', customerName: null, status: 'DELIVERED', attempts: 2 }] }),
        SubmitHelpdeskRequest: () => {
          throw new GraphQLRequestError('BAD_USER_INPUT' as never, 'bad', [{ field: 'input.message', reason: 'tooShort', params: { min: 10 } }]);
        },
      },
    });
    await renderShell({ gql, path: '/helpdesk' });
    const table = await screen.findByRole('table', { name: 'Requests sent to the helpdesk by your organisation' });
    expect(within(table).getByText('Delivered')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Subject'), { target: { value: 'Hi' } });
    fireEvent.change(screen.getByLabelText('Product'), { target: { value: 'CALLING' } });
    fireEvent.input(screen.getByLabelText('Message'), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(await screen.findByText('This is too short (at least 10 characters).')).toBeTruthy();
    expect(screen.getByLabelText('Message').getAttribute('aria-invalid')).toBe('true');
  });
});
