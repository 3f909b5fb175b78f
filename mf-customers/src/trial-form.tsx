import type { ModuleHost } from '@ph/contracts';
import { createCountryName, type ModuleTranslate } from '@ph/ui';
import { createSignal, For, Show, splitProps } from 'solid-js';
import { PRODUCTS } from './list-state';
import { errorText } from './tag-tools';

const START_TRIAL = /* GraphQL */ `mutation StartTrial($input: StartTrialInput!) { startTrial(input: $input) { trialId endDate } }`;
/** Extending sets a trial's end to this many days from today (the BFF's rule; it refuses an extension that would not lengthen the trial). */
export const EXTEND_DAYS = 30;
export const EXTEND_TRIAL = /* GraphQL */ `mutation ExtendTrial($input: TrialRefInput!) { extendTrial(input: $input) { endDate } }`;
export const CONVERT_TRIAL = /* GraphQL */ `mutation ConvertTrial($input: TrialRefInput!) { convertTrial(input: $input) { endDate } }`;

/** True when the role may start, extend or convert trials (CUSTOMER_ACTIONS.manageTrials; the BFF enforces it). */
export function canManageTrials(host: ModuleHost): boolean {
  const role = host.user()?.role;
  return role === 'FULL_ADMIN' || role === 'ADMIN' || role === 'SALES_FULL_ADMIN' || role === 'SALES_ADMIN';
}

export interface TrialFormProps {
  host: ModuleHost;
  t: ModuleTranslate;
  /** The existing customer; without it the form asks for a new customer (its country decides the region). */
  customerId?: string;
  onStarted: () => void;
}

/** Countries a new customer may be in: US, CA, AE and the EU member states. */
export const COUNTRIES = ['US', 'CA', 'AE', 'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];

/** Start a trial for an existing or a new customer: products, licences, length (default 30 days). */
export function TrialForm(props: TrialFormProps) {
  const [local] = splitProps(props, ['host', 't', 'customerId', 'onStarted']);
  const t = (key: string, options?: Record<string, unknown>) => local.t(key, options);
  const [message, setMessage] = createSignal<string | null>(null);
  const countryName = createCountryName(local.host);
  const titleId = () => (local.customerId ? 'start-trial-title' : 'new-trial-title');
  return (
    <form
      class="ph-card"
      aria-labelledby={titleId()}
      onSubmit={async (event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        try {
          const customer = local.customerId
            ? { region: local.host.region(), customerId: local.customerId }
            : {
                newCustomer: {
                  name: String(data.get('name')),
                  country: String(data.get('country')),
                  contactName: String(data.get('contactName')),
                  contactEmail: String(data.get('contactEmail')),
                },
              };
          const result = await local.host.gql.request<{ startTrial: { region: string } }>(START_TRIAL, {
            input: {
              ...customer,
              products: data.getAll('product').map(String),
              licenses: Number(data.get('licenses')),
              days: Number(data.get('days')),
            },
          });
          setMessage(local.customerId ? t('trials.started') : t('trials.startedNew', { region: result.startTrial.region }));
          local.onStarted();
        } catch (error) {
          setMessage(errorText(local.t, error));
        }
      }}
    >
      <h2 id={titleId()}>{local.customerId ? t('trials.start') : t('trials.startNew')}</h2>
      <Show when={!local.customerId}>
        <label>
          {t('trials.name')} <input name="name" required maxLength={200} />
        </label>
        <label>
          {t('trials.country')}{' '}
          <select name="country" required>
            <For each={COUNTRIES}>{(code) => <option value={code}>{countryName(code)}</option>}</For>
          </select>
        </label>
        <label>
          {t('trials.contactName')} <input name="contactName" required maxLength={200} />
        </label>
        <label>
          {t('trials.contactEmail')} <input name="contactEmail" type="email" required maxLength={320} />
        </label>
      </Show>
      <fieldset>
        <legend>{t('filters.product')}</legend>
        <For each={PRODUCTS}>
          {(product) => (
            <label class="ph-filter__option">
              <input type="checkbox" name="product" value={product} /> {t(`product.${product}`)}
            </label>
          )}
        </For>
      </fieldset>
      <label>
        {t('trials.licenses')} <input name="licenses" type="number" min="1" max="1000" value="10" required />
      </label>
      <label>
        {t('trials.days')} <input name="days" type="number" min="1" max="90" value="30" required />
      </label>
      <button type="submit" class="ph-button">
        {t('trials.startButton')}
      </button>
      <p role="status">{message()}</p>
    </form>
  );
}
