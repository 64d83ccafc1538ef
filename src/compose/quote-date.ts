import { UserError } from '../errors.js';

/**
 * A date as a quote's attribution or a forward's `Date:` line shows it, in the time zone given
 * (UTC unless told): `Tue, 1 Dec 2026 at 09:00 UTC`, `Tue, 1 Dec 2026 at 10:00 UTC+01:00`. The
 * zone is always written: the reader may live elsewhere, and the text must not depend on the
 * machine that composed it (the same input gives the same bytes).
 */
export function formatQuoteDate(date: Date, timeZone = 'UTC'): string {
  const parts = new Map(
    formatter(timeZone)
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.get(type) ?? '';
  // `longOffset` names the offset `GMT+01:00`, and a zero one `GMT` or `GMT+00:00` by ICU version.
  const zone = part('timeZoneName').replace(/^GMT(?:\+00:00)?/u, 'UTC');
  return (
    `${part('weekday')}, ${part('day')} ${part('month')} ${part('year')} at ` +
    `${part('hour')}:${part('minute')} ${zone}`
  );
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
  } catch (error) {
    throw new UserError('invalid', `unknown time zone "${timeZone}"`, {
      cause: error,
      field: 'timeZone',
    });
  }
}
