/*
 * Times in the conversation: short where the context says the rest (today: the hour only), the
 * full date and time on hover. In the reader's locale and time zone.
 */

const TIME = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const DAY_AND_TIME = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const DATE = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
});
const FULL = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

function sameDay(a: Date, b: Date): boolean {
  return a.toDateString() === b.toDateString();
}

/** "10:42 AM" today, "Mar 4, 10:42 AM" this year, "Mar 4, 2023" before. */
export function shortTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  if (sameDay(date, now)) return TIME.format(date);
  if (date.getFullYear() === now.getFullYear()) return DAY_AND_TIME.format(date);
  return DATE.format(date);
}

/** "Monday, March 4, 2024 at 10:42 AM": for a title, and for the <time> element's label. */
export function fullTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : FULL.format(date);
}
