import type { ModuleHost } from '@ph/contracts';
import type { ModuleTranslate } from '@ph/ui';
import { createSignal, For, splitProps } from 'solid-js';
import { PRODUCTS } from './list-state';
import { errorText } from './tag-tools';

const START_TRIAL = /* GraphQL */ `mutation StartTrial($input: StartTrialInput!) { startTrial(input: $input) { trialId endDate } }`;
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
  customerId: string;
  onStarted: () => void;
}

/** Start a trial for an existing customer: products, licences, length (default 30 days). */
export function TrialForm(props: TrialFormProps) {
  const [local] = splitProps(props, ['host', 't', 'customerId', 'onStarted']);
  const t = (key: string, options?: Record<string, unknown>) => local.t(key, options);
  const [message, setMessage] = createSignal<string | null>(null);
  return (
    <form
      class="ph-card"
      aria-labelledby="start-trial-title"
      onSubmit={async (event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        try {
          await local.host.gql.request(START_TRIAL, {
            input: {
              region: local.host.region(),
              customerId: local.customerId,
              products: data.getAll('product').map(String),
              licenses: Number(data.get('licenses')),
              days: Number(data.get('days')),
            },
          });
          setMessage(t('trials.started'));
          local.onStarted();
        } catch (error) {
          setMessage(errorText(local.t, error));
        }
      }}
    >
      <h2 id="start-trial-title">{t('trials.start')}</h2>
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
