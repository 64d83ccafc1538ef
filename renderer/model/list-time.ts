/*
 * Times as a list shows them: short, and the shorter the nearer (Front and Mail do the same):
 * today a time of day, this week a weekday, this year a date, else a date with its year. In the
 * page's language and time zone.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

const formats = {
  time: new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }),
  weekday: new Intl.DateTimeFormat(undefined, { weekday: 'short' }),
  date: new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }),
  dated: new Intl.DateTimeFormat(undefined, { dateStyle: 'short' }),
  full: new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' }),
};

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

export function listTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const days = Math.round((startOfDay(now) - startOfDay(date)) / DAY_MS);
  if (days <= 0) return formats.time.format(date);
  if (days < 7) return formats.weekday.format(date);
  if (date.getFullYear() === now.getFullYear()) return formats.date.format(date);
  return formats.dated.format(date);
}

/** The whole date and time, for a tooltip or a screen reader. */
export function fullTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : formats.full.format(date);
}
