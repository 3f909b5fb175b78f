import { DateTime, IANAZone } from 'luxon';
import type { ScheduleFrequency } from './report-schedule.entity';

/** When a schedule fires. */
export interface ScheduleRule {
  frequency: ScheduleFrequency;
  /** `HH:mm`. */
  timeOfDay: string;
  weekday: number | null;
  dayOfMonth: number | null;
  timeZone: string;
}

export const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * The first occurrence strictly after `after`, computed in the schedule's time zone (luxon handles
 * daylight saving: a local time that does not exist moves forward, an ambiguous one takes the first).
 */
export function nextOccurrence(rule: ScheduleRule, after: Date): Date {
  const [hour, minute] = rule.timeOfDay.split(':').map(Number) as [number, number];
  const start = DateTime.fromJSDate(after, { zone: rule.timeZone });
  const at = (day: DateTime) => day.set({ hour, minute, second: 0, millisecond: 0 });
  for (let i = 0; i <= 400; i++) {
    const day = start.startOf('day').plus({ days: i });
    let candidate: DateTime | null = null;
    if (rule.frequency === 'DAILY') candidate = at(day);
    else if (rule.frequency === 'WEEKLY' && day.weekday === rule.weekday) candidate = at(day);
    else if (rule.frequency === 'MONTHLY' && day.day === Math.min(rule.dayOfMonth ?? 1, day.daysInMonth ?? 28)) candidate = at(day);
    if (candidate && candidate.toMillis() > after.getTime()) return candidate.toJSDate();
  }
  throw new Error('No next occurrence within 400 days');
}
