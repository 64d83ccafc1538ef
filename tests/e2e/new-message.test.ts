import type { Page } from 'playwright-core';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/wait.js';
import { startSmtpServer, type TestSmtpServer } from '../smtp/support/test-smtp-server.js';
import { saveScreenshot } from './support/screenshots.js';
import {
  conversationRegion,
  notifications,
  showsText,
  startTeamApps,
  type TeamApps,
} from './support/team-apps.js';

/*
 * New message end to end: Ada writes one from the keyboard (`c`) and the real SMTP server
 * receives it, with its Cc; then links come to her app as the desktop shell hands them over
 * (`links.open`, here through a second client of her `serve`, as the shell is one of the app):
 * a `mailto:` opens New message filled in, a `switchboard://conversation/ID` that conversation.
 */

let smtp: TestSmtpServer;
let apps: TeamApps;
let ada: Page;

beforeAll(async () => {
  smtp = await startSmtpServer();
  apps = await startTeamApps({
    label: 'new-message',
    smtp,
    env: { SWITCHBOARD_UNDO_SEND_MS: '1500' },
    questions: [
      { name: 'Dana Ruiz', local: 'dana', subject: 'Invoice copy' },
      { name: 'Eli Park', local: 'eli', subject: 'Printer offline' },
    ],
  });
  ada = apps.ada.page;
}, 180_000);

afterAll(async () => {
  await apps?.close();
  await smtp?.stop();
});

/** A call to Ada's app from a second client of her `serve` (the page's cookie lets it in). */
function callApp(page: Page, method: string, params: object): Promise<unknown> {
  // A script, not a function: the test's TypeScript has no DOM.
  return page.evaluate<unknown>(`new Promise((resolve, reject) => {
    const socket = new WebSocket('ws://' + location.host + '/ws', 'switchboard.v1');
    socket.onopen = () => socket.send(${JSON.stringify(JSON.stringify({ id: 1, method, params }))});
    socket.onmessage = (message) => {
      const answer = JSON.parse(String(message.data));
      if (answer.id !== 1) return;
      socket.close();
      resolve(answer);
    };
    socket.onerror = () => reject(new Error('the socket failed'));
  })`);
}

/** Whether the focus is in the element a selector finds. */
const focusIn = (page: Page, selector: string) =>
  page.evaluate<boolean>(
    `!!document.querySelector(${JSON.stringify(selector)})?.contains(document.activeElement)`,
  );

const dialog = (page: Page) => page.getByRole('dialog', { name: 'New message' });

describe('New message', () => {
  it('writes and sends a new conversation from the keyboard, Cc included', async () => {
    await ada.locator('body').press('c');
    const window = dialog(ada);
    await window.waitFor();
    const to = window.getByRole('textbox', { name: 'To', exact: true });
    // Empty, so the To field has the focus.
    await expect.poll(() => focusIn(ada, '.composer-chips__input')).toBe(true);
    await to.fill('gus@customer.example');
    await to.press('Enter');
    await window.getByRole('button', { name: 'Cc', exact: true }).click();
    const cc = window.getByRole('textbox', { name: 'Cc', exact: true });
    await cc.fill('Hana Ito <hana@customer.example>');
    await cc.press('Enter');
    await window.getByRole('textbox', { name: 'Subject' }).fill('Your new account');
    await window.getByRole('textbox', { name: 'Message' }).click();
    await ada.keyboard.type('Welcome aboard, Gus.\nWrite any time.');
    await saveScreenshot(ada, 'new-message-light');
    await ada.keyboard.press('Control+Enter');
    await dialog(ada).waitFor({ state: 'detached' });
    await showsText(notifications(ada), 'Sending message', 'the undo toast');
    await until(
      'the SMTP server received the message',
      () => smtp.received.some((m) => m.raw.toString().includes('Subject: Your new account')),
      20_000,
    );
    const sent = smtp.received.find((m) => m.raw.toString().includes('Your new account'))!;
    const parsed = await simpleParser(sent.raw);
    expect(parsed.to).toMatchObject({ value: [{ address: 'gus@customer.example' }] });
    expect(parsed.cc).toMatchObject({
      value: [{ address: 'hana@customer.example', name: 'Hana Ito' }],
    });
    expect(parsed.text).toContain('Welcome aboard, Gus.\nWrite any time.');
    await showsText(notifications(ada), 'Message sent', 'the sent toast');
  });

  it('looks right in the dark theme too (Ben’s app), and opens from the command palette', async () => {
    const ben = apps.ben.page;
    await ben.keyboard.press('Control+K');
    await ben.keyboard.type('new message');
    await ben.keyboard.press('Enter');
    await dialog(ben).waitFor();
    await dialog(ben).getByRole('textbox', { name: 'Subject' }).fill('Team offsite');
    await saveScreenshot(ben, 'new-message-dark');
    await ben.keyboard.press('Escape');
    await dialog(ben).waitFor({ state: 'detached' });
    expect(apps.ben.errors).toEqual([]);
  });

  it('opens filled in from a mailto: link, keeps it when closed, and forgets it when discarded', async () => {
    const opened = await callApp(ada, 'links.open', {
      url: 'mailto:ivy@customer.example?subject=Quote%20%2317&body=Hello%20Ivy%2C%0D%0Ahere%20it%20is.',
    });
    expect(opened).toMatchObject({ ok: true, result: { kind: 'compose' } });
    const window = dialog(ada);
    await window.waitFor();
    await expect(
      window.getByRole('list', { name: 'To recipients' }).textContent(),
    ).resolves.toContain('ivy@customer.example');
    expect(await window.getByRole('textbox', { name: 'Subject' }).inputValue()).toBe('Quote #17');
    await showsText(window.getByRole('textbox', { name: 'Message' }), 'here it is.', 'the body');
    // The recipients came with the link: the text has the focus.
    await expect.poll(() => focusIn(ada, '.new-message__body')).toBe(true);
    await saveScreenshot(ada, 'new-message-mailto');
    await ada.keyboard.press('Escape');
    await window.waitFor({ state: 'detached' });
    await ada.locator('body').press('c');
    expect(await dialog(ada).getByRole('textbox', { name: 'Subject' }).inputValue()).toBe(
      'Quote #17',
    );
    // Another link while it is being written: it is not replaced unasked.
    await callApp(ada, 'links.open', { url: 'mailto:kim@customer.example?subject=Renewal' });
    await showsText(notifications(ada), 'You are writing a message already', 'the offer');
    expect(await dialog(ada).getByRole('textbox', { name: 'Subject' }).inputValue()).toBe(
      'Quote #17',
    );
    await notifications(ada).getByRole('button', { name: 'Replace it' }).click();
    await expect
      .poll(() => dialog(ada).getByRole('textbox', { name: 'Subject' }).inputValue())
      .toBe('Renewal');
    await dialog(ada).getByRole('button', { name: 'Discard message' }).click();
    await dialog(ada).waitFor({ state: 'detached' });
    await ada.locator('body').press('c');
    expect(await dialog(ada).getByRole('textbox', { name: 'Subject' }).inputValue()).toBe('');
    await ada.keyboard.press('Escape');
  });

  it('opens the conversation a switchboard:// link names, and refuses a link it cannot open in one line', async () => {
    const listed = (await callApp(ada, 'mail.conversations', {})) as {
      result: Array<{ id: string; subject: string }>;
    };
    const printer = listed.result.find((item) => item.subject === 'Printer offline')!;
    const opened = await callApp(ada, 'links.open', {
      url: `switchboard://conversation/${printer.id}`,
    });
    expect(opened).toMatchObject({ ok: true });
    await showsText(conversationRegion(ada), 'Printer offline', 'the linked conversation');
    const refused = (await callApp(ada, 'links.open', {
      url: 'switchboard://conversation/c0',
    })) as {
      ok: boolean;
      error: { message: string };
    };
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(refused.error.message).not.toContain('\n');
    expect(apps.ada.errors).toEqual([]);
  });
});
