/*
 * When a snooze can wake a conversation, offered as presets (the snooze picker): later today
 * (while that is still the working day), tomorrow morning, next week's first morning, in two
 * weeks. Mornings are at 9:00 in the page's
 * time zone, as people mean "tomorrow".
 */

export interface SnoozePreset {
  id: 'later' | 'tomorrow' | 'next-week' | 'two-weeks';
  label: string;
  until: Date;
}

const MORNING_HOUR = 9;
const LATER_HOURS = 3;
/** "Later today" is offered while it still lands in the working day. */
const LATEST_LATER_HOUR = 20;

function morning(date: Date, daysAhead: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + daysAhead, MORNING_HOUR);
}

export function snoozePresets(now: Date = new Date()): SnoozePreset[] {
  // Rounded up to the quarter hour: "15:30", not "15:27".
  const later = new Date(now.getTime() + LATER_HOURS * 60 * 60 * 1000);
  later.setMinutes(Math.ceil(later.getMinutes() / 15) * 15, 0, 0);
  // The next Monday (a week ahead when today is Monday).
  const toMonday = (8 - now.getDay()) % 7 || 7;
  const laterToday =
    later.getDate() === now.getDate() &&
    later.getHours() * 60 + later.getMinutes() <= LATEST_LATER_HOUR * 60;
  return [
    ...(laterToday ? [{ id: 'later' as const, label: 'Later today', until: later }] : []),
    { id: 'tomorrow', label: 'Tomorrow', until: morning(now, 1) },
    { id: 'next-week', label: 'Next week', until: morning(now, toMonday) },
    { id: 'two-weeks', label: 'In two weeks', until: morning(now, 14) },
  ];
}

const whenFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** When a snooze ends, in a few words: "Tue, Mar 10, 9:00 AM". */
export function snoozeWhen(until: Date): string {
  return whenFormat.format(until);
}
