import type { FieldError, ModuleHost } from '@ph/contracts';
import { EmptyState, errorCodeOf, ErrorMessage, LoadingState, type ModuleTranslate } from '@ph/ui';
import { createMemo, createResource, createSignal, For, Match, Show, Switch } from 'solid-js';

/** GraphQL: the report schedules the user may see. */
export const REPORT_SCHEDULES_QUERY = /* GraphQL */ `
  query ReportSchedules {
    reportSchedules {
      id
      templateName
      frequency
      timeOfDay
      weekday
      dayOfMonth
      timeZone
      owner
      nextRunAt
    }
  }
`;

/** GraphQL: schedule a report. */
export const CREATE_SCHEDULE_MUTATION = /* GraphQL */ `
  mutation CreateReportSchedule($input: CreateReportScheduleInput!) {
    createReportSchedule(input: $input) {
      id
    }
  }
`;

export interface ReportSchedule {
  id: string;
  templateName: string;
  frequency: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  timeOfDay: string;
  weekday: number | null;
  dayOfMonth: number | null;
  timeZone: string;
  owner: string;
  nextRunAt: string;
}

interface Props {
  host: ModuleHost;
  t: ModuleTranslate;
  templates: { id: string; key: string; name: string }[];
  templateName: (template: { key: string; name: string }) => string;
  /** A schedule's stored template name as shown (default templates translated). */
  storedTemplateName: (name: string) => string;
}

/** The form's inputs by the BFF's field name (`input.<field>` in a GraphQL error's `extensions.fields`). */
const FIELD_INPUTS = {
  templateId: 'schedule-template',
  frequency: 'schedule-frequency',
  weekday: 'schedule-weekday',
  dayOfMonth: 'schedule-day',
  timeOfDay: 'schedule-time',
  timeZone: 'schedule-zone',
} as const;
type ScheduleField = keyof typeof FIELD_INPUTS;
const isScheduleField = (name: string): name is ScheduleField => Object.hasOwn(FIELD_INPUTS, name);

/** Report schedules: a form to add one and the list. */
export function Schedules(props: Props) {
  const t = props.t;
  const [schedules, { refetch }] = createResource(async () => (await props.host.gql.request<{ reportSchedules: ReportSchedule[] }>(REPORT_SCHEDULES_QUERY)).reportSchedules);
  const [templateId, setTemplateId] = createSignal(props.templates[0]?.id ?? '');
  /** The chosen template while it still exists (a reloaded list may have lost it: then the first, as the select shows). */
  const chosenTemplate = () => (props.templates.some((template) => template.id === templateId()) ? templateId() : (props.templates[0]?.id ?? ''));
  const [frequency, setFrequency] = createSignal<ReportSchedule['frequency']>('WEEKLY');
  const [time, setTime] = createSignal('08:00');
  const [weekday, setWeekday] = createSignal(1);
  const [dayOfMonth, setDayOfMonth] = createSignal(1);
  const [timeZone, setTimeZone] = createSignal(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  /** The last failed save (translated when shown, so a language switch re-translates it). */
  const [failure, setFailure] = createSignal<unknown>(null);
  const failedFields = () => (failure() as { fields?: FieldError[] } | null)?.fields ?? [];
  /** Fields changed since the failed save: their old reasons no longer apply and are no longer shown. */
  const [edited, setEdited] = createSignal<ReadonlySet<ScheduleField>>(new Set());
  const edit = (field: ScheduleField) => setEdited((fields) => new Set([...fields, field]));
  const [saving, setSaving] = createSignal(false);
  const weekdayName = (day: number) => new Intl.DateTimeFormat(props.host.locale(), { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));
  const when = (iso: string) => new Intl.DateTimeFormat(props.host.locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const describe = (s: ReportSchedule) =>
    s.frequency === 'WEEKLY'
      ? t('schedules.weeklyAt', { day: weekdayName(s.weekday ?? 1), time: s.timeOfDay })
      : s.frequency === 'MONTHLY'
        ? t('schedules.monthlyAt', { day: s.dayOfMonth, time: s.timeOfDay })
        : t('schedules.dailyAt', { time: s.timeOfDay });

  /** The BFF's reasons per field, in the user's language; a reason without a text reads as a generic "not valid". */
  const fieldErrors = createMemo(() => {
    const out: Partial<Record<ScheduleField | 'form', string[]>> = {};
    for (const f of failedFields()) {
      const name = f.field.split('.').pop() ?? '';
      // A field the form has no input for (e.g. the region) is named in the alert only.
      const field = isScheduleField(name) ? name : 'form';
      if (field !== 'form' && edited().has(field)) continue;
      (out[field] ??= []).push(t(`schedules.errors.${f.reason}`, { ...f.params, defaultValue: t('schedules.errors.invalid') }));
    }
    return out;
  });
  const error = () => {
    const failed = failure();
    if (failed === null) return null;
    const reasons = Object.values(fieldErrors()).flat();
    if (reasons.length > 0) return `${t('schedules.saveFailed')} ${reasons.join(' ')}`;
    // Every field named by the failure has been corrected since: no generic reason in its place.
    if (failedFields().length > 0) return t('schedules.saveFailed');
    return `${t('schedules.saveFailed')} ${t(`errors.${errorCodeOf(failed)}`)}`;
  };
  const errorId = (field: ScheduleField) => `${FIELD_INPUTS[field]}-error`;
  /** An input's invalid state and the reason it points to, spread onto the input (getters: they follow the failure). */
  const fieldState = (field: ScheduleField) => ({
    get 'aria-invalid'() {
      return fieldErrors()[field]?.length ? true : undefined;
    },
    get 'aria-describedby'() {
      return fieldErrors()[field]?.length ? errorId(field) : undefined;
    },
  });
  /** The reason next to its input (the input points to it with aria-describedby). */
  const FieldReason = (p: { field: ScheduleField }) => (
    <Show when={fieldErrors()[p.field]?.length}>
      <span id={errorId(p.field)} class="ph-field-error">
        {fieldErrors()[p.field]!.join(' ')}
      </span>
    </Show>
  );

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    setEdited(new Set<ScheduleField>());
    try {
      await props.host.gql.request(CREATE_SCHEDULE_MUTATION, {
        input: {
          templateId: chosenTemplate(),
          region: props.host.region(),
          locale: props.host.locale(),
          frequency: frequency(),
          timeOfDay: time(),
          weekday: frequency() === 'WEEKLY' ? weekday() : null,
          dayOfMonth: frequency() === 'MONTHLY' ? dayOfMonth() : null,
          timeZone: timeZone(),
        },
      });
      await refetch();
    } catch (failed) {
      // What the user typed stays in the inputs; the reasons show next to them.
      setFailure(failed);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div class="ph-card">
      <h2 id="report-schedules-title">{t('schedules.heading')}</h2>
      <form onSubmit={(e) => void submit(e)} aria-labelledby="report-schedules-title">
        <span>
          <label for="schedule-template">{t('schedules.template')}</label>{' '}
          <select
            id="schedule-template"
            value={chosenTemplate()}
            {...fieldState('templateId')}
            onChange={(e) => {
              setTemplateId(e.currentTarget.value);
              edit('templateId');
            }}
          >
            <For each={props.templates}>{(template) => <option value={template.id}>{props.templateName(template)}</option>}</For>
          </select>{' '}
          <FieldReason field="templateId" />
        </span>{' '}
        <span>
          <label for="schedule-frequency">{t('schedules.frequency')}</label>{' '}
          <select
            id="schedule-frequency"
            value={frequency()}
            {...fieldState('frequency')}
            onChange={(e) => {
              setFrequency(e.currentTarget.value as ReportSchedule['frequency']);
              edit('frequency');
            }}
          >
            <option value="DAILY">{t('schedules.frequencies.DAILY')}</option>
            <option value="WEEKLY">{t('schedules.frequencies.WEEKLY')}</option>
            <option value="MONTHLY">{t('schedules.frequencies.MONTHLY')}</option>
          </select>{' '}
          <FieldReason field="frequency" />
        </span>{' '}
        <Show when={frequency() === 'WEEKLY'}>
          <span>
            <label for="schedule-weekday">{t('schedules.weekday')}</label>{' '}
            <select
              id="schedule-weekday"
              value={String(weekday())}
              {...fieldState('weekday')}
              onChange={(e) => {
                setWeekday(Number(e.currentTarget.value));
                edit('weekday');
              }}
            >
              <For each={[1, 2, 3, 4, 5, 6, 7]}>{(day) => <option value={String(day)}>{weekdayName(day)}</option>}</For>
            </select>{' '}
            <FieldReason field="weekday" />
          </span>
        </Show>
        <Show when={frequency() === 'MONTHLY'}>
          <span>
            <label for="schedule-day">{t('schedules.dayOfMonth')}</label>{' '}
            <input
              id="schedule-day"
              type="number"
              min="1"
              max="31"
              value={dayOfMonth()}
              {...fieldState('dayOfMonth')}
              onInput={(e) => {
                setDayOfMonth(Number(e.currentTarget.value));
                edit('dayOfMonth');
              }}
            />{' '}
            <FieldReason field="dayOfMonth" />
          </span>
        </Show>{' '}
        <span>
          <label for="schedule-time">{t('schedules.time')}</label>{' '}
          <input
            id="schedule-time"
            type="time"
            required
            value={time()}
            {...fieldState('timeOfDay')}
            onInput={(e) => {
              setTime(e.currentTarget.value);
              edit('timeOfDay');
            }}
          />{' '}
          <FieldReason field="timeOfDay" />
        </span>{' '}
        <span>
          <label for="schedule-zone">{t('schedules.timeZone')}</label>{' '}
          <input
            id="schedule-zone"
            type="text"
            required
            value={timeZone()}
            {...fieldState('timeZone')}
            onInput={(e) => {
              setTimeZone(e.currentTarget.value);
              edit('timeZone');
            }}
          />{' '}
          <FieldReason field="timeZone" />
        </span>{' '}
        <button type="submit" disabled={saving()}>
          {t('schedules.add')}
        </button>
      </form>
      <Show when={error()}>{(message) => <p role="alert">{message()}</p>}</Show>
      <Switch>
        <Match when={schedules.error}>
          {(failure) => <ErrorMessage message={`${t('schedules.loadFailed')} ${t(`errors.${errorCodeOf(failure())}`)}`} retryLabel={t('retry')} onRetry={() => void refetch()} />}
        </Match>
        <Match when={schedules.state === 'pending'}>
          <LoadingState label={t('schedules.loading')} />
        </Match>
        <Match when={schedules.latest?.length === 0}>
          <EmptyState message={t('schedules.empty')} />
        </Match>
        <Match when={schedules.latest}>
          {(list) => (
            <table aria-labelledby="report-schedules-title" data-testid="report-schedules">
              <thead>
                <tr>
                  <th scope="col">{t('schedules.template')}</th>
                  <th scope="col">{t('schedules.when')}</th>
                  <th scope="col">{t('schedules.timeZone')}</th>
                  <th scope="col">{t('schedules.owner')}</th>
                  <th scope="col">{t('schedules.next')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={list()}>
                  {(s) => (
                    <tr data-schedule-id={s.id}>
                      <td>{props.storedTemplateName(s.templateName)}</td>
                      <td>{describe(s)}</td>
                      <td>{s.timeZone}</td>
                      <td>{s.owner}</td>
                      <td>{when(s.nextRunAt)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          )}
        </Match>
      </Switch>
    </div>
  );
}
