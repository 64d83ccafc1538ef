import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/wait.js';
import { listConversations, showConversation } from '../sync/support/cli.js';
import { saveScreenshot } from './support/screenshots.js';
import {
  connection,
  conversationList,
  conversationRegion,
  notifications,
  row,
  rows,
  showsText,
  startTeamApps,
  viewButton,
  type Desk,
  type TeamApps,
} from './support/team-apps.js';

/*
 * The team server goes away mid-morning, end to end: Ada and Ben (two `switchboard serve`, two
 * Chromium profiles) see Offline, go on triaging and writing notes (each action shown at once),
 * the server comes back on the same port with the same data, both reconnect on their own, and
 * the changes merge: each sees the other's, nothing lost, no note twice.
 */

const CLOSED_BY_ADA = 'Export to CSV is empty';
const NOTED_BY_BOTH = 'Invoice needs our VAT number';
const TAKEN_BY_BEN = 'Printer jams on page two';
const ADA_NOTE = 'Ada offline: the VAT number is in the contract annex.';
const BEN_NOTE = 'Ben offline: I asked finance for the corrected invoice.';

let apps: TeamApps;

beforeAll(async () => {
  apps = await startTeamApps({
    label: 'offline',
    questions: [
      { name: 'Omar Haddad', local: 'omar', subject: TAKEN_BY_BEN },
      { name: 'Lena Fischer', local: 'lena', subject: NOTED_BY_BOTH },
      { name: 'Chen Wei', local: 'chen', subject: CLOSED_BY_ADA },
    ],
    // How long a change waits for the team server to hold it, far longer than this test: a
    // change made while the server is known unreachable must not wait for it at all.
    env: { SWITCHBOARD_TEAM_CONFIRM_MS: String(10 * 60_000) },
  });
  for (const desk of [apps.ada, apps.ben]) {
    await until(`${desk.name}'s list`, async () => (await rows(desk.page).count()) === 3, 30_000);
    await showsText(connection(desk.page), 'Online', `${desk.name} online`, 30_000);
  }
}, 180_000);

afterAll(async () => {
  await apps?.close();
});

afterEach(() => {
  for (const desk of [apps.ada, apps.ben])
    expect(desk.errors.splice(0), `what ${desk.name}'s page threw`).toEqual([]);
});

const notes = (page: Page, author: string) =>
  conversationRegion(page).getByRole('note', { name: `Internal note by ${author}` });

/** Selects the conversation in the list (the list has the focus), without opening it. */
async function select(page: Page, subject: string): Promise<void> {
  await conversationList(page).focus();
  for (let step = 0; step < 5; step++) {
    const selected = await row(page, subject).getAttribute('aria-selected');
    if (selected === 'true') return;
    await page.keyboard.press('j');
  }
  throw new Error(`could not select "${subject}"`);
}

/** Opens the conversation and writes an internal note in it (n, the Note box, Send). */
async function writeNote(desk: Desk, subject: string, text: string): Promise<void> {
  const { page } = desk;
  await row(page, subject).click();
  await page.keyboard.press('Enter');
  await conversationRegion(page).getByRole('heading', { name: subject }).waitFor();
  await page.keyboard.press('n');
  await page.getByRole('textbox', { name: 'Note' }).waitFor();
  await page.keyboard.type(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  // Answered at once: the note is the team's, to go out with the next connection.
  await page.getByRole('textbox', { name: 'Note' }).waitFor({ state: 'detached' });
  await showsText(notifications(page), 'Note added', `${desk.name}'s note added`);
}

describe('the team server stopped, then back', () => {
  it('both work offline, saying so; back on the same port, both reconnect and the changes merge', async () => {
    const { ada, ben, team } = apps;
    const port = Number(new URL(team.server.url).port);
    await team.server.stop();
    for (const desk of [ada, ben])
      await showsText(connection(desk.page), 'Offline', `${desk.name} offline`, 30_000);

    // Ada closes a conversation with e: gone from Unassigned at once, counted as closed.
    await select(ada.page, CLOSED_BY_ADA);
    await ada.page.keyboard.press('e');
    expect(await row(ada.page, CLOSED_BY_ADA).count()).toBe(0);
    // Ben takes another with m: at once too.
    await select(ben.page, TAKEN_BY_BEN);
    await ben.page.keyboard.press('m');
    expect(await row(ben.page, TAKEN_BY_BEN).count()).toBe(0);

    // Both write a note in the same conversation: each shows in its writer's timeline.
    await writeNote(ada, NOTED_BY_BOTH, ADA_NOTE);
    await writeNote(ben, NOTED_BY_BOTH, BEN_NOTE);
    await showsText(notes(ada.page, 'Ada'), ADA_NOTE, "Ada's note on her screen");
    await showsText(notes(ben.page, 'Ben'), BEN_NOTE, "Ben's note on his screen");
    for (const desk of [ada, ben])
      expect(await connection(desk.page).textContent(), `${desk.name} still offline`).toContain(
        'Offline',
      );
    await saveScreenshot(ada.page, 'offline-light');
    await saveScreenshot(ben.page, 'offline-dark');

    // The same server back, on its port and its data: both reconnect on their own.
    await team.server.restart({ port });
    expect(Number(new URL(team.server.url).port)).toBe(port);
    for (const desk of [ada, ben])
      await showsText(connection(desk.page), 'Online', `${desk.name} back online`, 60_000);

    // Each sees the other's note, once, and their own, once.
    for (const desk of [ada, ben]) {
      await showsText(notes(desk.page, 'Ada'), ADA_NOTE, `Ada's note on ${desk.name}'s screen`);
      await showsText(notes(desk.page, 'Ben'), BEN_NOTE, `Ben's note on ${desk.name}'s screen`);
      expect(await notes(desk.page, 'Ada').count(), `Ada's notes on ${desk.name}'s`).toBe(1);
      expect(await notes(desk.page, 'Ben').count(), `Ben's notes on ${desk.name}'s`).toBe(1);
    }
    await saveScreenshot(ben.page, 'offline-merged-dark');

    // Ben's list has Ada's close; Ada's has Ben's assignment.
    await until(
      "Ada's close in Ben's list",
      async () => (await row(ben.page, CLOSED_BY_ADA).count()) === 0,
      15_000,
    );
    await viewButton(ada.page, 'All open').click();
    await showsText(
      row(ada.page, TAKEN_BY_BEN),
      'assigned to Ben',
      "Ben's assignment on Ada's list",
    );

    // And the data directories agree, each change once.
    for (const desk of [ada, ben]) {
      const listed = await listConversations(desk.dataDir);
      const state = (subject: string) => {
        const item = listed.find((c) => c.subject === subject)!;
        return { status: item.status, assignee: item.assignee };
      };
      expect(state(CLOSED_BY_ADA)).toEqual({ status: 'closed', assignee: null });
      expect(state(TAKEN_BY_BEN)).toEqual({ status: 'open', assignee: 'ben@example.com' });
      const noted = listed.find((c) => c.subject === NOTED_BY_BOTH)!;
      const shown = await showConversation(desk.dataDir, noted.id);
      expect(shown.notes.map((note) => note.text).sort()).toEqual([ADA_NOTE, BEN_NOTE]);
    }
  });
});
