import { ErrorCode, type FieldError } from '@ph/contracts';
import { errorCodeOf, GraphQLRequestError } from '@ph/ui';
import { createResource, createSignal, For, Show } from 'solid-js';
import { useShell } from '../shell-context';
import { PRODUCTS } from './resources-page';
import { ShellLoadable } from '../shell-loadable';

/** How to reach the helpdesk (GraphQL `HelpdeskContact`). */
export interface HelpdeskContactRow {
  products: string[];
  email: string;
  hours: string;
  phones: { region: string; number: string }[];
}

/** A request sent to the helpdesk (GraphQL `HelpdeskRequest`), as full admins see it. */
export interface HelpdeskRequestRow {
  id: string;
  createdAt: string;
  userEmail: string;
  subject: string;
  product: string;
  customerName: string | null;
  status: string;
  attempts: number;
}

export const HELPDESK_CONTACTS_QUERY = 'query HelpdeskContacts($locale: String!) { helpdeskContacts(locale: $locale) { products email hours phones { region number } } }';
export const HELPDESK_CUSTOMERS_QUERY = 'query HelpdeskCustomers($region: Region!) { customers(region: $region, first: 200) { nodes { id name } } }';
export const SUBMIT_HELPDESK_REQUEST = 'mutation SubmitHelpdeskRequest($input: HelpdeskRequestInput!) { submitHelpdeskRequest(input: $input) { id status } }';
export const HELPDESK_REQUESTS_QUERY = 'query HelpdeskRequests { helpdeskRequests { id createdAt userEmail subject product customerName status attempts } }';

const MAX = { subject: 200, message: 5000 } as const;

/** A load's outcome: its value, or the error code it failed with. */
type Outcome<T> = { ok: true; value: T } | { ok: false; code: string };
const loaded = <T,>(outcome: Outcome<T> | undefined) => (outcome?.ok ? outcome.value : undefined);
const failed = <T,>(outcome: Outcome<T> | undefined) => (outcome && !outcome.ok ? outcome.code : undefined);

/** The Partner Helpdesk: contact options from the catalogue, a contact form and (for full admins) the requests sent and their delivery. */
export function HelpdeskPage() {
  const shell = useShell();
  const t = shell.t;
  const isFullAdmin = () => shell.user()?.role === 'FULL_ADMIN';

  const [contacts, { refetch: refetchContacts }] = createResource(
    () => shell.locale(),
    async (locale) => {
      try {
        return { ok: true as const, value: (await shell.gql.request<{ helpdeskContacts: HelpdeskContactRow[] }>(HELPDESK_CONTACTS_QUERY, { locale })).helpdeskContacts };
      } catch (error) {
        return { ok: false as const, code: errorCodeOf(error) };
      }
    },
  );
  const [customers] = createResource(
    () => shell.region(),
    async (region) => {
      try {
        return (await shell.gql.request<{ customers: { nodes: { id: string; name: string }[] } }>(HELPDESK_CUSTOMERS_QUERY, { region })).customers.nodes;
      } catch {
        return [];
      }
    },
  );
  const [requests, { refetch: refetchRequests }] = createResource(
    () => isFullAdmin() || null,
    async () => {
      try {
        return { ok: true as const, value: (await shell.gql.request<{ helpdeskRequests: HelpdeskRequestRow[] }>(HELPDESK_REQUESTS_QUERY)).helpdeskRequests };
      } catch (error) {
        return { ok: false as const, code: errorCodeOf(error) };
      }
    },
  );

  const [subject, setSubject] = createSignal('');
  const [message, setMessage] = createSignal('');
  const [product, setProduct] = createSignal('');
  const [customerId, setCustomerId] = createSignal('');
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, FieldError>>({});
  const [formError, setFormError] = createSignal<string | null>(null);
  const [sending, setSending] = createSignal(false);
  const [sent, setSent] = createSignal(false);
  let summary: HTMLDivElement | undefined;

  const fieldMessage = (field: string) => {
    const error = fieldErrors()[field];
    return error ? t(`helpdesk.form.reasons.${error.reason}`, { defaultValue: t('helpdesk.form.reasons.invalid'), ...(error.params ?? {}) }) : null;
  };

  /** The same checks as the BFF, so most mistakes show before a round trip. */
  const validate = (): FieldError[] => {
    const problems: FieldError[] = [];
    if (!subject().trim()) problems.push({ field: 'subject', reason: 'required' });
    else if (subject().trim().length > MAX.subject) problems.push({ field: 'subject', reason: 'tooLong', params: { max: MAX.subject } });
    if (!message().trim()) problems.push({ field: 'message', reason: 'required' });
    else if (message().trim().length > MAX.message) problems.push({ field: 'message', reason: 'tooLong', params: { max: MAX.message } });
    if (!product()) problems.push({ field: 'product', reason: 'required' });
    return problems;
  };

  const showProblems = (problems: FieldError[]) => {
    setFieldErrors(Object.fromEntries(problems.map((p) => [p.field.replace(/^input\./, ''), { ...p, field: p.field.replace(/^input\./, '') }])));
    setFormError(t('helpdesk.form.fixErrors'));
    queueMicrotask(() => summary?.focus());
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSent(false);
    setFormError(null);
    const problems = validate();
    if (problems.length > 0) return showProblems(problems);
    setFieldErrors({});
    setSending(true);
    try {
      await shell.gql.request(SUBMIT_HELPDESK_REQUEST, {
        input: { subject: subject().trim(), message: message().trim(), product: product(), ...(customerId() ? { customerRegion: shell.region(), customerId: customerId() } : {}) },
      });
      setSubject('');
      setMessage('');
      setProduct('');
      setCustomerId('');
      setSent(true);
      queueMicrotask(() => summary?.focus());
      if (isFullAdmin()) void refetchRequests();
    } catch (error) {
      if (error instanceof GraphQLRequestError && error.code === ErrorCode.BadUserInput && error.fields.length > 0) return showProblems(error.fields);
      const code = errorCodeOf(error);
      if (code === ErrorCode.Unauthenticated) return;
      setFormError(t(`errors.${code}`));
      queueMicrotask(() => summary?.focus());
    } finally {
      setSending(false);
    }
  };

  const formatDate = (value: string) => new Intl.DateTimeFormat(shell.locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
  const describedBy = (field: string) => (fieldErrors()[field] ? `helpdesk-${field}-error` : undefined);

  return (
    <section class="ph-page ph-helpdesk" aria-labelledby="helpdesk-title">
      <h1 id="helpdesk-title">{t('helpdesk.title')}</h1>
      <p>{t('helpdesk.intro')}</p>

      <section aria-labelledby="helpdesk-contacts">
        <h2 id="helpdesk-contacts">{t('helpdesk.contacts')}</h2>
        <ShellLoadable
          value={loaded(contacts())}
          error={failed(contacts())}
          loadingLabel={t('helpdesk.loading')}
          onRetry={() => void refetchContacts()}
        >
          {(list) => (
            <div class="ph-helpdesk__contacts">
              <For each={list()}>
                {(contact) => (
                  <article class="ph-helpdesk__contact">
                    <h3>{contact.products.map((p) => t(`resources.products.${p}`)).join(', ')}</h3>
                    <dl>
                      <dt>{t('helpdesk.email')}</dt>
                      <dd>
                        <a href={`mailto:${contact.email}`}>{contact.email}</a>
                      </dd>
                      <dt>{t('helpdesk.hours')}</dt>
                      <dd>{contact.hours}</dd>
                      <dt>{t('helpdesk.phones')}</dt>
                      <dd>
                        <ul>
                          <For each={contact.phones}>
                            {(phone) => (
                              <li>
                                {t(`helpdesk.regions.${phone.region}`)}: <a href={`tel:${phone.number.replace(/ /g, '')}`}>{phone.number}</a>
                              </li>
                            )}
                          </For>
                        </ul>
                      </dd>
                    </dl>
                  </article>
                )}
              </For>
            </div>
          )}
        </ShellLoadable>
      </section>

      <section aria-labelledby="helpdesk-form-title">
        <h2 id="helpdesk-form-title">{t('helpdesk.form.title')}</h2>
        <div ref={summary} tabindex="-1" role="status" aria-live="polite">
          <Show when={formError()}>{(text) => <p class="ph-error">{text()}</p>}</Show>
          <Show when={sent()}>
            <p class="ph-success">{t('helpdesk.form.sent')}</p>
          </Show>
        </div>
        <form class="ph-form" novalidate onSubmit={(event) => void submit(event)}>
          <div class="ph-form__field">
            <label for="helpdesk-subject">{t('helpdesk.form.subject')}</label>
            <input id="helpdesk-subject" name="subject" required maxlength={MAX.subject} value={subject()} onInput={(e) => setSubject(e.currentTarget.value)} aria-invalid={Boolean(fieldErrors().subject)} aria-describedby={describedBy('subject')} />
            <Show when={fieldMessage('subject')}>{(text) => <p id="helpdesk-subject-error" class="ph-error ph-field-error">{text()}</p>}</Show>
          </div>
          <div class="ph-form__field">
            <label for="helpdesk-product">{t('helpdesk.form.product')}</label>
            <select id="helpdesk-product" name="product" required value={product()} onChange={(e) => setProduct(e.currentTarget.value)} aria-invalid={Boolean(fieldErrors().product)} aria-describedby={describedBy('product')}>
              <option value="">{t('helpdesk.form.chooseProduct')}</option>
              <For each={PRODUCTS}>{(p) => <option value={p}>{t(`resources.products.${p}`)}</option>}</For>
            </select>
            <Show when={fieldMessage('product')}>{(text) => <p id="helpdesk-product-error" class="ph-error ph-field-error">{text()}</p>}</Show>
          </div>
          <div class="ph-form__field">
            <label for="helpdesk-customer">{t('helpdesk.form.customer')}</label>
            <select id="helpdesk-customer" name="customer" value={customerId()} onChange={(e) => setCustomerId(e.currentTarget.value)} aria-invalid={Boolean(fieldErrors().customerId)} aria-describedby={describedBy('customerId')}>
              <option value="">{t('helpdesk.form.noCustomer')}</option>
              <For each={customers() ?? []}>{(c) => <option value={c.id}>{c.name}</option>}</For>
            </select>
            <Show when={fieldMessage('customerId')}>{(text) => <p id="helpdesk-customerId-error" class="ph-error ph-field-error">{text()}</p>}</Show>
          </div>
          <div class="ph-form__field">
            <label for="helpdesk-message">{t('helpdesk.form.message')}</label>
            <textarea id="helpdesk-message" name="message" required rows={6} maxlength={MAX.message} value={message()} onInput={(e) => setMessage(e.currentTarget.value)} aria-invalid={Boolean(fieldErrors().message)} aria-describedby={describedBy('message')} />
            <Show when={fieldMessage('message')}>{(text) => <p id="helpdesk-message-error" class="ph-error ph-field-error">{text()}</p>}</Show>
          </div>
          <button type="submit" class="ph-button" disabled={sending()}>
            {sending() ? t('helpdesk.form.submitting') : t('helpdesk.form.submit')}
          </button>
        </form>
      </section>

      <Show when={isFullAdmin()}>
        <section aria-labelledby="helpdesk-requests">
          <h2 id="helpdesk-requests">{t('helpdesk.requests.title')}</h2>
          <ShellLoadable
            value={loaded(requests())}
            error={failed(requests())}
            loadingLabel={t('helpdesk.loading')}
            onRetry={() => void refetchRequests()}
            emptyMessage={t('helpdesk.requests.empty')}
          >
            {(rows) => (
              <table class="ph-table">
                <caption class="ph-visually-hidden">{t('helpdesk.requests.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('helpdesk.requests.createdAt')}</th>
                    <th scope="col">{t('helpdesk.requests.subject')}</th>
                    <th scope="col">{t('helpdesk.requests.from')}</th>
                    <th scope="col">{t('helpdesk.requests.product')}</th>
                    <th scope="col">{t('helpdesk.requests.customer')}</th>
                    <th scope="col">{t('helpdesk.requests.status')}</th>
                    <th scope="col">{t('helpdesk.requests.attempts')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={rows()}>
                    {(row) => (
                      <tr>
                        <td>{formatDate(row.createdAt)}</td>
                        <th scope="row">{row.subject}</th>
                        <td>{row.userEmail}</td>
                        <td>{t(`resources.products.${row.product}`)}</td>
                        <td>{row.customerName ?? ''}</td>
                        <td>{t(`helpdesk.requests.statuses.${row.status}`)}</td>
                        <td>{new Intl.NumberFormat(shell.locale()).format(row.attempts)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            )}
          </ShellLoadable>
        </section>
      </Show>
    </section>
  );
}
