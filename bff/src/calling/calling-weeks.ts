/**
 * Calling weeks. A week runs from Sunday 00:00:00 UTC (inclusive) to the next Sunday 00:00:00 UTC
 * (exclusive), by call start. The rollup job runs every Sunday 00:00:00 UTC, the instant the week
 * before it ends, so "the last completed week" at time t is the week ending at the latest Sunday
 * 00:00:00 UTC at or before t. A week is named by the Sunday it starts on (`YYYY-MM-DD`).
 */
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** The latest Sunday 00:00:00 UTC at or before `t`. */
export function sundayAtOrBefore(t: Date): Date {
  const midnight = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
  return new Date(midnight - new Date(midnight).getUTCDay() * DAY_MS);
}

/** The start (a Sunday) of the last week completed at `now`. */
export function lastCompletedWeekStart(now: Date): Date {
  return new Date(sundayAtOrBefore(now).getTime() - WEEK_MS);
}

/** The next Sunday 00:00:00 UTC strictly after `now` (when the job runs next). */
export function nextRunAfter(now: Date): Date {
  return new Date(sundayAtOrBefore(now).getTime() + WEEK_MS);
}

/** `YYYY-MM-DD` of a UTC midnight. */
export function weekKey(start: Date): string {
  return start.toISOString().slice(0, 10);
}

/** The week start of a key; null unless it is a Sunday in `YYYY-MM-DD`. */
export function parseWeekKey(key: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(key)) return null;
  const date = new Date(`${key}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || weekKey(date) !== key || date.getUTCDay() !== 0) return null;
  return date;
}

/** The `count` week keys ending with `last`, oldest first. */
export function weekKeysEndingWith(last: string, count: number): string[] {
  const end = new Date(`${last}T00:00:00Z`).getTime();
  return Array.from({ length: count }, (_, i) => weekKey(new Date(end - (count - 1 - i) * WEEK_MS)));
}

