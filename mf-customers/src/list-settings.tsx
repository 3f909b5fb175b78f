import type { ModuleHost } from '@ph/contracts';
import { LoadingState, type ModuleTranslate } from '@ph/ui';
import { createSignal, For, Show, splitProps } from 'solid-js';
import { closeModal, openModal } from './modal';
import { errorText } from './tag-tools';

/** GraphQL: the partner's status thresholds. */
export const LIST_SETTINGS_QUERY = /* GraphQL */ `query CustomerListSettings { customerListSettings { expiringSoonDays noRecentActivityDays } }`;
const UPDATE_SETTINGS = /* GraphQL */ `mutation UpdateCustomerListSettings($input: CustomerListSettingsInput!) { updateCustomerListSettings(input: $input) { expiringSoonDays noRecentActivityDays } }`;

/** The thresholds, each a whole number of days in this range (the BFF checks it too). */
export const THRESHOLD_RANGE = { min: 1, max: 365 } as const;
/** Thresholds a partner has before a full admin changes them (PRODUCT.md "Customer list"). */
export const DEFAULT_THRESHOLDS = { expiringSoonDays: 30, noRecentActivityDays: 30 } as const;

type Threshold = keyof typeof DEFAULT_THRESHOLDS;
type Thresholds = Record<Threshold, number>;
const THRESHOLDS: Threshold[] = ['expiringSoonDays', 'noRecentActivityDays'];
const ERROR_STYLE = { color: 'var(--ph-color-danger, #b3261e)' };

/** True when the signed-in role may change the thresholds (full partner administrators; the BFF enforces it). */
export function canChangeThresholds(host: ModuleHost): boolean {
  return host.user()?.role === 'FULL_ADMIN';
}

/** The field error of one typed value, or '' when it is a whole number in {@link THRESHOLD_RANGE}. */
export function thresholdError(t: ModuleTranslate, key: Threshold, text: string): string {
  const field = t(`fields.${key}`);
  if (text.trim() === '') return t('fieldErrors.required', { field });
  if (!/^\d+$/.test(text.trim())) return t('fieldErrors.wholeNumber', { field });
  const value = Number(text);
  return value < THRESHOLD_RANGE.min || value > THRESHOLD_RANGE.max ? t('fieldErrors.outOfRange', { field, ...THRESHOLD_RANGE }) : '';
}

export interface ListSettingsProps {
  host: ModuleHost;
  t: ModuleTranslate;
  /** Called after the thresholds changed (the list's statuses must be reloaded). */
  onSaved: () => void;
}

/**
 * "List settings" of the customer list: the status thresholds with their meaning. A full partner admin
 * edits them (whole days, 1–365; a refused value keeps what was typed); every other role reads them.
 */
export function ListSettings(props: ListSettingsProps) {
  const [local] = splitProps(props, ['host', 't', 'onSaved']);
  const t = (key: string, options?: Record<string, unknown>) => local.t(key, options);
  const [settings, setSettings] = createSignal<Thresholds | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [loadError, setLoadError] = createSignal('');
  const [values, setValues] = createSignal<Record<Threshold, string> | null>(null);
  const [errors, setErrors] = createSignal<Partial<Record<Threshold, string>>>({});
  const [formError, setFormError] = createSignal('');
  const [saved, setSaved] = createSignal('');
  const [saving, setSaving] = createSignal(false);
  const editable = () => canChangeThresholds(local.host);
  const value = (key: Threshold) => values()?.[key] ?? String(settings()?.[key] ?? '');
  let dialog!: HTMLDialogElement;
  let opener!: HTMLButtonElement;
  let form: HTMLFormElement | undefined;

  const open = async () => {
    setValues(null);
    setErrors({});
    setFormError('');
    setSaved('');
    setLoadError('');
    openModal(dialog);
    setLoading(true);
    try {
      setSettings((await local.host.gql.request<{ customerListSettings: Thresholds }>(LIST_SETTINGS_QUERY)).customerListSettings);
    } catch (error) {
      setLoadError(`${t('settings.loadFailed')} ${errorText(local.t, error)}`);
    } finally {
      setLoading(false);
    }
    queueMicrotask(() => (form?.querySelector<HTMLElement>('input') ?? dialog.querySelector<HTMLElement>('button'))?.focus());
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const typed = Object.fromEntries(THRESHOLDS.map((key) => [key, value(key)])) as Record<Threshold, string>;
    setValues(typed);
    setSaved('');
    setFormError('');
    const found = Object.fromEntries(THRESHOLDS.map((key) => [key, thresholdError(local.t, key, typed[key])]).filter(([, error]) => error));
    setErrors(found);
    if (Object.keys(found).length) {
      form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setSaving(true);
    try {
      const input = { expiringSoonDays: Number(typed.expiringSoonDays), noRecentActivityDays: Number(typed.noRecentActivityDays) };
      const result = (await local.host.gql.request<{ updateCustomerListSettings: Thresholds }>(UPDATE_SETTINGS, { input })).updateCustomerListSettings;
      setSettings(result);
      setValues(null);
      setSaved(t('settings.saved'));
      local.onSaved();
    } catch (error) {
      const fields = (error as { fields?: { field: string }[] }).fields ?? [];
      const byField: Partial<Record<Threshold, string>> = {};
      for (const key of THRESHOLDS) if (fields.some((f) => f.field === `input.${key}`)) byField[key] = errorText(local.t, { fields: fields.filter((f) => f.field === `input.${key}`) });
      setErrors(byField);
      if (Object.keys(byField).length === 0) setFormError(errorText(local.t, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <button type="button" class="ph-button ph-button--secondary" ref={opener} onClick={() => void open()}>
        {t('settings.open')}
      </button>
      <dialog ref={dialog} aria-labelledby="list-settings-title" aria-describedby="list-settings-intro" onClose={() => opener.focus()}>
        <h2 id="list-settings-title">{t('settings.title')}</h2>
        <p id="list-settings-intro">{t('settings.intro')}</p>
        <p role="alert" style={ERROR_STYLE}>
          {loadError()}
        </p>
        <Show when={loading() && !settings()}>
          <LoadingState label={t('settings.loading')} />
        </Show>
        <Show when={settings()}>
          <Show
            when={editable()}
            fallback={
              <>
                <dl class="ph-settings" data-testid="list-settings-values">
                  <For each={THRESHOLDS}>
                    {(key) => (
                      <>
                        <dt>{t(`settings.${key}.label`)}</dt>
                        <dd>{t('settings.days', { count: settings()![key] })}</dd>
                        <dd class="ph-muted">{t(`settings.${key}.help`, { default: DEFAULT_THRESHOLDS[key] })}</dd>
                      </>
                    )}
                  </For>
                </dl>
                <p>{t('settings.readOnly')}</p>
              </>
            }
          >
            <form ref={form} noValidate onSubmit={(event) => void submit(event)}>
              <For each={THRESHOLDS}>
                {(key) => (
                  <div class="ph-form__field">
                    <label for={`threshold-${key}`}>{t(`settings.${key}.label`)}</label>
                    <input
                      id={`threshold-${key}`}
                      name={key}
                      type="number"
                      inputmode="numeric"
                      min={THRESHOLD_RANGE.min}
                      max={THRESHOLD_RANGE.max}
                      step={1}
                      value={value(key)}
                      onInput={(event) => setValues({ ...(values() ?? { expiringSoonDays: value('expiringSoonDays'), noRecentActivityDays: value('noRecentActivityDays') }), [key]: event.currentTarget.value })}
                      aria-invalid={errors()[key] ? 'true' : undefined}
                      aria-describedby={`threshold-${key}-help threshold-${key}-error`}
                    />
                    <span id={`threshold-${key}-help`} class="ph-muted">
                      {t(`settings.${key}.help`, { default: DEFAULT_THRESHOLDS[key] })}
                    </span>
                    <span id={`threshold-${key}-error`} style={ERROR_STYLE}>
                      {errors()[key] ?? ''}
                    </span>
                  </div>
                )}
              </For>
              <div role="alert" style={ERROR_STYLE} data-testid="list-settings-errors">
                {[...Object.values(errors()), formError()].filter(Boolean).join(' ')}
              </div>
              <p role="status">{saved()}</p>
              <button type="submit" class="ph-button" disabled={saving()}>
                {t('settings.save')}
              </button>
            </form>
          </Show>
        </Show>
        <p>
          <button type="button" class="ph-button ph-button--secondary" onClick={() => closeModal(dialog, opener)}>
            {t('settings.close')}
          </button>
        </p>
      </dialog>
    </>
  );
}
