import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/wait.js';
import { listConversations, type ConversationItem } from '../sync/support/cli.js';
import { saveScreenshot } from './support/screenshots.js';
import {
  conversationRegion,
  rows,
  selectedSubject,
  startTeamApps,
  subjects,
  type Question,
  type TeamApps,
} from './support/team-apps.js';

/*
 * A morning's triage with the keyboard only (issue 11, section 3): Ada goes through ten
 * conversations of Unassigned with j/k, Enter/o, u, e, m, the assign, tag and snooze pickers, the
 * shortcut help, search and the command palette, never clicking; the focus is visible and named
 * at every step. Then the team's state, as Ben's data directory holds it (through the real sync
 * server), says each of the ten ended where she put it.
 */

const QUESTIONS: readonly Question[] = [
  { name: 'Chen Wei', local: 'chen', subject: 'Export to CSV is empty' },
  { name: 'Priya Nair', local: 'priya', subject: 'Can we add five more seats?' },
  { name: 'Tomás Ruiz', local: 'tomas', subject: 'Cannot log in after the update' },
  { name: 'Lena Fischer', local: 'lena', subject: 'Invoice needs our VAT number' },
  { name: 'Omar Haddad', local: 'omar', subject: 'Printer jams on page two' },
  { name: 'Judy Alvarez', local: 'judy', subject: 'Refund never arrived' },
  { name: 'Maya Okafor', local: 'maya', subject: 'Charged twice for March' },
  { name: 'Tom Berg', local: 'tom', subject: 'Password reset mail never comes' },
  { name: 'Sara Lind', local: 'sara', subject: 'Dark mode for the dashboard?' },
  { name: 'Ravi Shah', local: 'ravi', subject: 'Webhook retries too often' },
];
/** The list's order: newest first. */
const LISTED = QUESTIONS.map((q) => q.subject).reverse();

let apps: TeamApps;
let page: Page;

beforeAll(async () => {
  apps = await startTeamApps({ label: 'keyboard', questions: QUESTIONS });
  page = apps.ada.page;
  await until('the ten conversations', async () => (await rows(page).count()) === 10, 30_000);
  expect(await subjects(page)).toEqual(LISTED);
  // Ada's team knows Ben (the assign picker offers him).
  await page.locator('.sidebar__person-name', { hasText: 'Ben' }).waitFor();
}, 180_000);

afterAll(async () => {
  await apps?.close();
});

afterEach(() => {
  expect(apps.ada.errors.splice(0), "what Ada's page threw").toEqual([]);
});

interface Focused {
  tag: string;
  role: string | null;
  name: string;
  visible: boolean;
  activeDescendant: string | null;
}

/**
 * What has the focus: its role, accessible name (its label), whether the ring is drawn, and the
 * subject of its active descendant (the list's). Run in the page: a script, as tests have no DOM
 * types.
 */
const FOCUSED = `(() => {
  const element = document.activeElement;
  if (!element || element === document.body)
    return { tag: 'body', role: null, name: '', visible: false, activeDescendant: null };
  const labelledBy = element.getAttribute('aria-labelledby');
  const name =
    element.getAttribute('aria-label') ??
    (labelledBy
      ? labelledBy.split(/\\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
      : element.textContent ?? '');
  const descendant = element.getAttribute('aria-activedescendant');
  const row = descendant ? document.getElementById(descendant) : null;
  return {
    tag: element.tagName.toLowerCase(),
    role: element.getAttribute('role'),
    name: name.trim(),
    visible: element.matches(':focus-visible'),
    activeDescendant: row?.querySelector('.conversation-row__subject')?.textContent?.trim() ?? null,
  };
})()`;

const focused = (): Promise<Focused> => page.evaluate<Focused>(FOCUSED);

/** The focus is on an element named `name` (with the role, if given), its ring drawn. */
async function expectFocus(name: string, role?: string): Promise<Focused> {
  const now = await until(
    () => `the focus on "${name}"`,
    async () => {
      const seen = await focused();
      return seen.name === name && (role === undefined || seen.role === role) ? seen : undefined;
    },
    5000,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}; it is on ${JSON.stringify(await focused())}`);
  });
  expect(now.visible, `the focus ring on "${name}"`).toBe(true);
  return now;
}

/** The list has the focus, visibly, its active row `subject` (the selected one). */
async function expectListOn(subject: string): Promise<void> {
  await until(
    () => `"${subject}" selected`,
    async () => (await selectedSubject(page)) === subject,
    5000,
  );
  const now = await expectFocus('Conversations', 'listbox');
  expect(now.activeDescendant).toBe(subject);
}

const press = (key: string) => page.keyboard.press(key);

/** Opens a picker with its key, picks what `typed` leaves first with Enter. */
async function pick(key: string, title: string, filter: string, typed: string): Promise<void> {
  await press(key);
  await page.getByRole('dialog', { name: title }).waitFor();
  // The focus is in the picker's filter field, named for what it picks.
  await expectFocus(filter);
  await page.keyboard.type(typed);
  await press('Enter');
  await page.getByRole('dialog', { name: title }).waitFor({ state: 'detached' });
}

/** Runs an action from the command palette, found by what is typed. */
async function fromPalette(typed: string, title: string): Promise<void> {
  await press('Control+K');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.waitFor();
  // The focus in the palette's field, drawn.
  await until('the focus in the palette', () =>
    page.evaluate<boolean>(
      `document.activeElement?.matches('[role="dialog"] input:focus-visible') === true`,
    ),
  );
  await page.keyboard.type(typed);
  await until(`"${title}" first in the palette`, async () =>
    ((await palette.getByRole('option', { selected: true }).textContent()) ?? '').includes(title),
  );
  await press('Enter');
  await palette.waitFor({ state: 'detached' });
}

describe('triage with the keyboard only', () => {
  it('goes through ten conversations with the keys, the focus visible at each step', async () => {
    const [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10] = LISTED as [string, ...string[]];
    // Into the list from the top of the page, with Tab alone (nothing has the focus yet).
    for (let tab = 0; tab < 60 && (await focused()).role !== 'listbox'; tab++) {
      await press('Tab');
      expect((await focused()).visible, 'every stop of Tab drawn').toBe(true);
    }
    await expectListOn(c1);

    // 1: down and up, open it, back to the list, close it.
    await press('j');
    await expectListOn(c2!);
    await press('k');
    await expectListOn(c1);
    await press('Enter');
    await conversationRegion(page).getByRole('heading', { name: c1 }).waitFor();
    await expectListOn(c1);
    await press('u');
    await until(
      'the reading pane empty',
      async () => (await conversationRegion(page).count()) === 0,
    );
    await expectListOn(c1);
    await press('e');
    await expectListOn(c2!);

    // 2: opened with o, taken with m.
    await press('o');
    await conversationRegion(page).getByRole('heading', { name: c2 }).waitFor();
    await expectListOn(c2!);
    await press('m');
    await press('u');
    await expectListOn(c3!);

    // 3: to Ben, from the assign picker.
    await pick('a', 'Assign', 'Assign to…', 'ben');
    await expectListOn(c4!);

    // 4: a new tag, then closed.
    await pick('t', 'Tag', 'Tag with…', 'billing');
    await until('the tag on the row', async () =>
      ((await rows(page).filter({ hasText: c4! }).textContent()) ?? '').includes('billing'),
    );
    await expectListOn(c4!);
    await press('e');
    await expectListOn(c5!);

    // 5: snoozed to a preset.
    await pick('s', 'Snooze', 'Snooze until…', 'tomorrow');
    await expectListOn(c6!);

    // 6: the help and search, each closed with Esc, then closed from the palette.
    await press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await until('the focus in the help', () =>
      page.evaluate<boolean>('!!document.activeElement?.closest(\'[role="dialog"]\')'),
    );
    await saveScreenshot(page, 'keyboard-help-light');
    await press('Escape');
    await help.waitFor({ state: 'detached' });
    await expectListOn(c6!);
    await press('/');
    await expectFocus('Search', 'searchbox');
    await press('Escape');
    await page.getByRole('searchbox', { name: 'Search' }).waitFor({ state: 'detached' });
    await expectListOn(c6!);
    await fromPalette('close conversation', 'Close conversation');
    await expectListOn(c7!);

    // 7: the tag made at 4, then taken.
    await pick('t', 'Tag', 'Tag with…', 'billing');
    await expectListOn(c7!);
    await press('m');
    await expectListOn(c8!);

    // 8: taken from the palette.
    await fromPalette('assign to me', 'Assign to me');
    await expectListOn(c9!);

    // 9: snoozed to next week.
    await pick('s', 'Snooze', 'Snooze until…', 'next week');
    await expectListOn(c10!);

    // 10: closed. Unassigned is empty.
    await press('e');
    await until('Unassigned empty', async () => (await rows(page).count()) === 0);
    await saveScreenshot(page, 'keyboard-triage-done-light');

    // What the team holds: Ben's data directory, through the sync server, says each one's end.
    const expected: Record<string, Partial<ConversationItem>> = {
      [c1]: { status: 'closed', assignee: null, tags: [] },
      [c2!]: { status: 'open', assignee: 'ada@example.com', tags: [] },
      [c3!]: { status: 'open', assignee: 'ben@example.com', tags: [] },
      [c4!]: { status: 'closed', assignee: null, tags: ['billing'] },
      [c5!]: { status: 'snoozed', assignee: null, tags: [] },
      [c6!]: { status: 'closed', assignee: null, tags: [] },
      [c7!]: { status: 'open', assignee: 'ada@example.com', tags: ['billing'] },
      [c8!]: { status: 'open', assignee: 'ada@example.com', tags: [] },
      [c9!]: { status: 'snoozed', assignee: null, tags: [] },
      [c10!]: { status: 'closed', assignee: null, tags: [] },
    };
    const endOf = (items: ConversationItem[]) =>
      Object.fromEntries(
        items.map((item) => [
          item.subject,
          { status: item.status, assignee: item.assignee, tags: item.tags },
        ]),
      );
    let seen: Record<string, unknown> = {};
    await until(
      () => `Ben's data directory to hold the triage (holds ${JSON.stringify(seen)})`,
      async () => {
        seen = endOf(await listConversations(apps.ben.dataDir));
        return JSON.stringify(seen) === JSON.stringify({ ...seen, ...expected });
      },
      30_000,
      500,
    );
    expect(seen).toEqual(expected);
  });
});
