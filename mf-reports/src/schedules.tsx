import type { ModuleHost } from '@ph/contracts';
import { EmptyState, errorCodeOf, ErrorMessage, type ModuleTranslate } from '@ph/ui';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';

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
}

/** Report schedules: a form to add one and the list. */
export function Schedules(props: Props) {
  const t = props.t;
  const [schedules, { refetch }] = createResource(async () => (await props.host.gql.request<{ reportSchedules: ReportSchedule[] }>(REPORT_SCHEDULES_QUERY)).reportSchedules);
  const [templateId, setTemplateId] = createSignal(props.templates[0]?.id ?? '');
  const [frequency, setFrequency] = createSignal<ReportSchedule['frequency']>('WEEKLY');
  const [time, setTime] = createSignal('08:00');
  const [weekday, setWeekday] = createSignal(1);
  const [dayOfMonth, setDayOfMonth] = createSignal(1);
  const [timeZone, setTimeZone] = createSignal(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [error, setError] = createSignal<string | null>(null);
  const [saving, setSaving] = createSignal(false);
  const weekdayName = (day: number) => new Intl.DateTimeFormat(props.host.locale(), { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));
  const when = (iso: string) => new Intl.DateTimeFormat(props.host.locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const describe = (s: ReportSchedule) =>
    s.frequency === 'WEEKLY'
      ? t('schedules.weeklyAt', { day: weekdayName(s.weekday ?? 1), time: s.timeOfDay })
      : s.frequency === 'MONTHLY'
        ? t('schedules.monthlyAt', { day: s.dayOfMonth, time: s.timeOfDay })
        : t('schedules.dailyAt', { time: s.timeOfDay });

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await props.host.gql.request(CREATE_SCHEDULE_MUTATION, {
        input: {
          templateId: templateId(),
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
    } catch (failure) {
      setError(`${t('schedules.saveFailed')} ${t(`errors.${errorCodeOf(failure)}`)}`);
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
          <select id="schedule-template" value={templateId()} onChange={(e) => setTemplateId(e.currentTarget.value)}>
            <For each={props.templates}>{(template) => <option value={template.id}>{props.templateName(template)}</option>}</For>
          </select>
        </span>{' '}
        <span>
          <label for="schedule-frequency">{t('schedules.frequency')}</label>{' '}
          <select id="schedule-frequency" value={frequency()} onChange={(e) => setFrequency(e.currentTarget.value as ReportSchedule['frequency'])}>
            <option value="DAILY">{t('schedules.frequencies.DAILY')}</option>
            <option value="WEEKLY">{t('schedules.frequencies.WEEKLY')}</option>
            <option value="MONTHLY">{t('schedules.frequencies.MONTHLY')}</option>
          </select>
        </span>{' '}
        <Show when={frequency() === 'WEEKLY'}>
          <span>
            <label for="schedule-weekday">{t('schedules.weekday')}</label>{' '}
          <select id="schedule-weekday" value={String(weekday())} onChange={(e) => setWeekday(Number(e.currentTarget.value))}>
              <For each={[1, 2, 3, 4, 5, 6, 7]}>{(day) => <option value={String(day)}>{weekdayName(day)}</option>}</For>
            </select>
          </span>
        </Show>
        <Show when={frequency() === 'MONTHLY'}>
          <span>
            <label for="schedule-day">{t('schedules.dayOfMonth')}</label>{' '}
          <input id="schedule-day" type="number" min="1" max="31" value={dayOfMonth()} onInput={(e) => setDayOfMonth(Number(e.currentTarget.value))} />
          </span>
        </Show>{' '}
        <span>
          <label for="schedule-time">{t('schedules.time')}</label>{' '}
          <input id="schedule-time" type="time" required value={time()} onInput={(e) => setTime(e.currentTarget.value)} />
        </span>{' '}
        <span>
          <label for="schedule-zone">{t('schedules.timeZone')}</label>{' '}
          <input id="schedule-zone" type="text" required value={timeZone()} onInput={(e) => setTimeZone(e.currentTarget.value)} />
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
        <Match when={schedules()?.length === 0}>
          <EmptyState message={t('schedules.empty')} />
        </Match>
        <Match when={schedules()}>
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
                      <td>{s.templateName}</td>
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
