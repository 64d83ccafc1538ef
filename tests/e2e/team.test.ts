import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/wait.js';
import { startSmtpServer, type TestSmtpServer } from '../smtp/support/test-smtp-server.js';
import { saveScreenshot } from './support/screenshots.js';
import {
  conversationRegion,
  notifications,
  row,
  rows,
  showsText,
  startTeamApps,
  subjects,
  viewButton,
  type TeamApps,
} from './support/team-apps.js';

/*
 * Two teammates working one conversation, end to end: Ada and Ben, each `switchboard serve` on a
 * data directory of their own (one Dovecot mailbox, one team on the real sync server, one SMTP
 * server), each in a Chromium profile of their own. Ben mentions Ada in an internal note: she is
 * told and her Mentions lists it. Ada replies: the SMTP server gets a reply threaded to the
 * customer's message, and both see it in the conversation. (tests/e2e/composer.test.ts covers
 * co-writing, undo, the body and subject at the SMTP server, and held replies.)
 */

const REFUND = 'Refund never arrived';
const PRINTER = 'Printer jams on page two';

let apps: TeamApps;
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  apps = await startTeamApps({
    label: 'team',
    questions: [
      { name: 'Omar Haddad', local: 'omar', subject: PRINTER },
      { name: 'Judy Alvarez', local: 'judy', subject: REFUND },
    ],
    smtp,
    // The undo window, short: the test waits for the reply to leave.
    env: { SWITCHBOARD_UNDO_SEND_MS: '1500' },
  });
  for (const desk of [apps.ada, apps.ben])
    await until(`${desk.name}'s list`, async () => (await rows(desk.page).count()) === 2, 30_000);
}, 180_000);

afterAll(async () => {
  await apps?.close();
  await smtp?.stop();
});

afterEach(() => {
  for (const desk of [apps.ada, apps.ben])
    expect(desk.errors.splice(0), `what ${desk.name}'s page threw`).toEqual([]);
});

/** Opens the conversation from the list and waits for it in the reading pane. */
async function openConversation(page: Page, subject: string): Promise<void> {
  await row(page, subject).click();
  await page.keyboard.press('Enter');
  await conversationRegion(page).getByRole('heading', { name: subject }).first().waitFor();
}

/**
 * What a message card shows: its own text, and its mail frame's (an HTML message is drawn in a
 * sandboxed frame of its own).
 */
async function messageText(card: Locator): Promise<string> {
  if ((await card.count()) !== 1) return '';
  const own = (await card.textContent()) ?? '';
  const frames = await card.locator('iframe').all();
  const framed = await Promise.all(
    frames.map((frame) =>
      frame
        .contentFrame()
        .locator('body')
        .textContent({ timeout: 1000 })
        .catch(() => ''),
    ),
  );
  return [own, ...framed].join('\n');
}

describe('two teammates on one conversation', () => {
  it("Ben's note mentioning Ada: she is told who and where, and her Mentions lists it", async () => {
    const { ada, ben } = apps;
    await openConversation(ben.page, REFUND);
    await ben.page.keyboard.press('n');
    const note = ben.page.getByRole('textbox', { name: 'Note' });
    await note.waitFor();
    await ben.page.keyboard.type('@ada@example.com can you check the refund with finance?');
    await ben.page.getByRole('button', { name: 'Send', exact: true }).click();
    // The note in Ben's timeline, the mention by name.
    const onBen = conversationRegion(ben.page).getByRole('note', { name: 'Internal note by Ben' });
    await showsText(onBen, 'can you check the refund with finance?', "the note on Ben's screen");

    // Ada is told, naming Ben and the conversation.
    const told = notifications(ada.page);
    await showsText(told, 'Ben mentioned you', "Ada's notification");
    expect(await told.textContent()).toContain(REFUND);
    await saveScreenshot(ada.page, 'team-mention-notification-light');

    // Her Mentions view lists the conversation, and only it.
    await viewButton(ada.page, 'Mentions').click();
    await until('Mentions to list the conversation', async () => {
      const listed = await subjects(ada.page);
      return listed.length === 1 && listed[0] === REFUND;
    });
    // Opened, the note is there with Ada named in it.
    await openConversation(ada.page, REFUND);
    const onAda = conversationRegion(ada.page).getByRole('note', { name: 'Internal note by Ben' });
    await showsText(onAda, 'can you check the refund with finance?', "the note on Ada's screen");
    expect(await onAda.textContent()).toMatch(/@Ada\b/u);
    await saveScreenshot(ada.page, 'team-mentions-view-light');
  });

  it("Ada's reply reaches the SMTP server threaded to the customer's mail, and shows for both", async () => {
    const { ada, ben } = apps;
    await viewButton(ada.page, 'All open').click();
    await openConversation(ada.page, REFUND);
    await ada.page.keyboard.press('r');
    const reply = ada.page.getByRole('textbox', { name: 'Reply' });
    await reply.waitFor();
    const text = 'Hello Judy, finance sent the refund again today.';
    await ada.page.keyboard.type(text);
    await until('the reply typed', async () => (await reply.textContent())?.includes(text));
    await ada.page.getByRole('button', { name: 'Send', exact: true }).click();

    const raw = await until(
      () => `the reply at the SMTP server (${smtp.received.length} received)`,
      () => smtp.received.map((got) => got.raw.toString('utf8')).find((m) => m.includes(text)),
      30_000,
    );
    const headers = raw.slice(0, raw.search(/\r?\n\r?\n/u));
    const header = (name: string) =>
      new RegExp(`^${name}: ?(.*(?:\\r?\\n[ \\t].*)*)`, 'imu').exec(headers)?.[1] ?? '';
    const judysId = apps.messageIds.get(REFUND)!;
    expect(header('Subject')).toBe(`Re: ${REFUND}`);
    expect(header('To')).toContain('judy@customer.example');
    expect(header('From')).toContain('support@example.com');
    expect(header('In-Reply-To')).toBe(`<${judysId}>`);
    expect(header('References')).toContain(`<${judysId}>`);
    expect(smtp.received.find((got) => got.raw.toString('utf8') === raw)?.to).toEqual([
      'judy@customer.example',
    ]);

    // Both see the reply in the conversation: said as Ada's ("you" to her), then the message
    // itself (the Sent copy, which Ben's app looks for as soon as the team tells it of the reply).
    for (const desk of [ada, ben]) {
      if (desk === ben) await openConversation(ben.page, REFUND);
      const region = conversationRegion(desk.page);
      const by = desk === ada ? 'you' : 'Ada';
      await showsText(
        region,
        `Replied by ${by}`,
        `the reply said on ${desk.name}'s screen`,
        30_000,
      );
      const sent = region.getByRole('article', { name: 'Shared support' });
      let shown = '';
      await until(
        () => `the reply's message on ${desk.name}'s screen (shows ${JSON.stringify(shown)})`,
        async () => {
          shown = await messageText(sent);
          return shown.includes(text);
        },
        30_000,
      );
    }
    await saveScreenshot(ben.page, 'team-reply-seen-dark');
  });
});
