import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent, ConversationListItem, ConversationView } from '../../src/app/index.js';
import type { AppLink } from '../../renderer/app-link.js';
import {
  loadMessageContent,
  startConversationBridge,
} from '../../renderer/bridge/conversation-bridge.js';
import { useContactStore } from '../../renderer/stores/contact-store.js';
import { useConversationStore } from '../../renderer/stores/conversation-store.js';
import { useConversationsStore } from '../../renderer/stores/conversations-store.js';
import { useMessageContentStore } from '../../renderer/stores/message-content-store.js';
import { useWorkspaceStore } from '../../renderer/stores/workspace-store.js';
import { openSyncedFacade, type SyncedFacade } from '../app-facade/support/synced-facade.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { freePort } from '../helpers/free-port.js';
import { until } from '../helpers/wait.js';
import { plainMessage, uniqueMessageId } from '../sync/support/mail.js';

/*
 * The conversation bridge over the real app (a facade on a Dovecot account, called through its
 * dispatcher as every transport does, its events pushed the same way): what the open
 * conversation's stores hold as the app answers and changes.
 */

const JUDY = 'Judy Alvarez <judy@customer.example>';
const REFUND_ID = uniqueMessageId('refund');

let dovecot: Dovecot;
let facade: SyncedFacade;
let link: AppLink;
let stop: (() => void) | undefined;

/** The app's dispatcher as the page's link: the contract's calls and events, no transport. */
function dispatcherLink(app: SyncedFacade): AppLink {
  return {
    async call(method, params) {
      const answer = await app.dispatcher.handle({ method, params });
      if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
      return answer.result as never;
    },
    onEvent: (listener: (event: AppEvent) => void) => app.dispatcher.subscribe(listener),
    state: 'online',
    onState: () => () => {},
  };
}

async function listed(): Promise<ConversationListItem[]> {
  return link.call('mail.conversations', {});
}

async function idOf(subject: string): Promise<string> {
  const found = (await listed()).find((item) => item.subject === subject);
  if (!found) throw new Error(`no conversation "${subject}"`);
  return found.id;
}

/**
 * The link, counting the conversations asked (mail.conversation) and read (answered); with
 * `events: false`, it tells the bridge none of the app's events: a change that an earlier test's
 * write-back tells late would drop a read (the rule the first read-ahead test checks), and what
 * is read again would vary with the machine's load.
 */
function countingLink({ events = true }: { events?: boolean } = {}): {
  counting: AppLink;
  asked: string[];
  read: string[];
} {
  const asked: string[] = [];
  const read: string[] = [];
  const counting: AppLink = {
    ...link,
    async call(method, params) {
      const id = (params as { conversationId?: string } | undefined)?.conversationId;
      if (method === 'mail.conversation' && id) asked.push(id);
      const answer = await link.call(method, params);
      if (method === 'mail.conversation' && id) read.push(id);
      return answer;
    },
    ...(events ? {} : { onEvent: () => () => undefined }),
  };
  return { counting, asked, read };
}

/** The view in the store once it is the conversation's and `check` holds. */
function shown(id: string, check: (view: ConversationView) => boolean = () => true) {
  return until(`the store to show ${id}`, () => {
    const view = useConversationStore.getState().view;
    return view?.id === id && check(view) ? view : undefined;
  });
}

/** A shop's HTML-only mail (not from Judy: her contact lists her conversations only). */
function saleMail(subject: string, day: number): string {
  return [
    `Message-ID: <${uniqueMessageId('sale')}>`,
    'From: Shop <news@shop.example>',
    'To: support@example.com',
    `Subject: ${subject}`,
    `Date: ${new Date(Date.UTC(2026, 2, day, 9)).toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<html><body><h1>${subject}</h1><p>Everything 20% off.</p></body></html>`,
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  dovecot = await startDovecot();
  const mail = (subject: string, text: string, day: number, messageId = uniqueMessageId('m')) =>
    plainMessage({
      from: JUDY,
      to: 'Support <support@example.com>',
      subject,
      date: new Date(Date.UTC(2026, 2, day, 9)),
      messageId,
      text,
    });
  await appendMessage(
    dovecot,
    'support',
    'INBOX',
    mail('Invoice copy', 'Can I get my invoice?', 1),
  );
  await appendMessage(
    dovecot,
    'support',
    'INBOX',
    mail('Refund never arrived', 'Where is it?', 3, REFUND_ID),
  );
  for (const [subject, day] of [
    ['Spring sale', 5],
    ['Summer sale', 6],
  ] as const)
    await appendMessage(dovecot, 'support', 'INBOX', saleMail(subject, day));
  facade = await openSyncedFacade(dovecot, 'support');
  link = dispatcherLink(facade);
  useWorkspaceStore.getState().setWorkspace({
    name: null,
    me: { name: 'Ana', email: 'ana@example.com' },
    mailboxes: [
      { id: facade.account.id, name: 'Support', email: 'support@example.com', unread: null },
    ],
    tags: [],
    teammates: [],
  });
});

afterEach(() => {
  stop?.();
  stop = undefined;
  useConversationsStore.getState().open(null);
  // No cursor either: a bridge reads the row under it as it starts.
  useConversationsStore.getState().select(null);
});

afterAll(async () => {
  await facade?.close();
  await dovecot?.stop();
});

describe('the conversation bridge', () => {
  it('loads the conversation opened in the list, and marks it read there (as Front does)', async () => {
    stop = startConversationBridge(link);
    const id = await idOf('Refund never arrived');
    expect((await link.call('mail.conversation', { conversationId: id })).messages[0]?.unread).toBe(
      true,
    );
    const changes = facade.events.length;

    useConversationsStore.getState().open(id);
    expect(useConversationStore.getState()).toMatchObject({
      openId: id,
      view: null,
      load: { status: 'loading' },
    });
    const view = await shown(id);
    expect(view.messages.map((m) => m.text?.trim())).toEqual(['Where is it?']);
    // Read at once on screen, and in the app (which tells it changed).
    expect(view.messages[0]?.unread).toBe(false);
    await until('the app to hold it read', async () =>
      (await link.call('mail.conversation', { conversationId: id })).messages.every(
        (m) => !m.unread,
      ),
    );
    expect(
      facade.events
        .slice(changes)
        .some((e) => e.type === 'conversations.changed' && e.conversationIds.includes(id)),
    ).toBe(true);
  });

  it('reads the selected row ahead: Enter shows it at once, with no call of its own; a change to it drops what was read', async () => {
    const { counting, asked, read } = countingLink();
    stop = startConversationBridge(counting);
    const invoice = await idOf('Invoice copy');
    useConversationsStore.getState().select(invoice);
    await until('the invoice read ahead', () => read.includes(invoice));
    expect(asked.filter((id) => id === invoice)).toHaveLength(1);
    useConversationsStore.getState().open(invoice);
    // Shown in the same turn as the opening: no round trip. (Marking it read then changes it,
    // and it is loaded again: that is the change's.)
    expect(useConversationStore.getState()).toMatchObject({
      view: { id: invoice },
      load: { status: 'ready' },
    });
    useConversationsStore.getState().open(null);

    const spring = await idOf('Spring sale');
    useConversationsStore.getState().select(spring);
    await until('the sale read ahead', () => read.includes(spring));
    await link.call('triage.note', { conversationId: spring, text: 'Ignore: a newsletter.' });
    await until('the change told', () =>
      facade.events.some(
        (event) => event.type === 'conversations.changed' && event.conversationIds.includes(spring),
      ),
    );
    useConversationsStore.getState().open(spring);
    expect(useConversationStore.getState().view).toBeNull();
    const view = await shown(spring, (shownView) => shownView.notes.length === 1);
    expect(view.notes[0]?.text).toBe('Ignore: a newsletter.');
  });

  it('then reads ahead the row the cursor would move to next, the way it last moved', async () => {
    const { counting, asked, read } = countingLink({ events: false });
    const rows = await listed();
    const [first, second, third] = rows.map((row) => row.id) as [string, string, string];
    useConversationsStore.getState().setItems(rows);
    useConversationsStore.getState().select(null);
    stop = startConversationBridge(counting);
    useConversationsStore.getState().select(first);
    await until('the row below read ahead', () => read.includes(second));
    expect(asked).toEqual([first, second]);
    // j, then Enter: shown at once, with no call of its own; what follows it is read meanwhile.
    useConversationsStore.getState().select(second);
    useConversationsStore.getState().open(second);
    expect(useConversationStore.getState().view?.id).toBe(second);
    expect(asked.filter((id) => id === second)).toHaveLength(1);
    await until('the next row read ahead', () => asked.includes(third));
    useConversationsStore.getState().open(null);

    // Moving up (with nothing read yet), the row above is the next one.
    stop();
    asked.length = 0;
    useConversationsStore.getState().select(null);
    stop = startConversationBridge(counting);
    useConversationsStore.getState().select(third);
    useConversationsStore.getState().select(second);
    await until('the row above read', () => asked.includes(first));
    // The first read (begun on the third row) runs on; then where the cursor rests, and above.
    expect(asked).toEqual([third, second, first]);
  });

  it('reads the row the cursor is on when it starts (the list’s first, selected as it loaded)', async () => {
    const { counting, asked, read } = countingLink({ events: false });
    const rows = await listed();
    const [first, second] = rows.map((row) => row.id) as [string, string];
    useConversationsStore.getState().setItems(rows);
    useConversationsStore.getState().select(first);
    stop = startConversationBridge(counting);
    await until('the row below read ahead', () => read.includes(second));
    expect(asked).toEqual([first, second]);
    // Enter before any key moved the cursor: shown at once.
    useConversationsStore.getState().open(first);
    expect(useConversationStore.getState().view?.id).toBe(first);
  });

  it('shows the contact, and their other conversations (not this one)', async () => {
    stop = startConversationBridge(link);
    const id = await idOf('Refund never arrived');
    useConversationsStore.getState().open(id);
    await until(
      'the contact',
      () => useContactStore.getState().contact?.address === 'judy@customer.example',
    );
    expect(useContactStore.getState().contact).toEqual({
      name: 'Judy Alvarez',
      address: 'judy@customer.example',
    });
    await until(
      'their conversations',
      () => useContactStore.getState().previousLoad.status === 'ready',
    );
    expect(useContactStore.getState().previous.map((hit) => hit.subject)).toEqual(['Invoice copy']);

    useConversationsStore.getState().open(null);
    expect(useConversationStore.getState().view).toBeNull();
    expect(useContactStore.getState().contact).toBeNull();
  });

  it('loads it again when it changes: a note written, new mail in it (read too, as it is on screen)', async () => {
    stop = startConversationBridge(link);
    const id = await idOf('Refund never arrived');
    useConversationsStore.getState().open(id);
    await shown(id);

    await link.call('triage.note', { conversationId: id, text: 'Checking with finance.' });
    const noted = await shown(id, (view) => view.notes.length === 1);
    expect(noted.notes[0]?.text).toBe('Checking with finance.');

    await appendMessage(
      dovecot,
      'support',
      'INBOX',
      plainMessage({
        from: JUDY,
        to: 'Support <support@example.com>',
        subject: 'Re: Refund never arrived',
        date: new Date(Date.UTC(2026, 2, 4, 9)),
        messageId: uniqueMessageId('followup'),
        inReplyTo: REFUND_ID,
        references: [REFUND_ID],
        text: 'Any news?',
      }),
    );
    await link.call('sync.runOnce');
    // Its headers first, then its text: each is a change of the conversation.
    const followed = await shown(id, (view) => Boolean(view.messages[1]?.text));
    expect(followed.messages[1]?.text?.trim()).toBe('Any news?');
    await until('the new message read in the app', async () =>
      (await link.call('mail.conversation', { conversationId: id })).messages.every(
        (m) => !m.unread,
      ),
    );
  });

  it('drops an answer for a conversation no longer open', async () => {
    stop = startConversationBridge(link);
    const refund = await idOf('Refund never arrived');
    const invoice = await idOf('Invoice copy');
    const shownIds: string[] = [];
    const unsubscribe = useConversationStore.subscribe((state) => {
      if (state.view) shownIds.push(state.view.id);
    });
    // The refund's answer is on its way when the invoice opens.
    useConversationsStore.getState().open(refund);
    useConversationsStore.getState().open(invoice);
    await shown(invoice);
    // Something after it: the invoice loaded again, and still nothing of the refund.
    await link.call('triage.note', { conversationId: invoice, text: 'Sent it.' });
    await shown(invoice, (view) => view.notes.length === 1);
    unsubscribe();
    expect(shownIds.length).toBeGreaterThan(0);
    expect(shownIds.every((shownId) => shownId === invoice)).toBe(true);
  });

  it('reads an open message’s HTML from the app once, forgets it for the next conversation, and says why when the server is out of reach', async () => {
    stop = startConversationBridge(link);
    const spring = await idOf('Spring sale');
    useConversationsStore.getState().open(spring);
    const [message] = (await shown(spring)).messages;
    expect(message).toMatchObject({
      hasHtml: true,
      text: expect.stringContaining('20% off') as unknown,
    });
    loadMessageContent(message!.id);
    expect(useMessageContentStore.getState().contents[message!.id]).toEqual({ status: 'loading' });
    await until(
      'the HTML',
      () => useMessageContentStore.getState().contents[message!.id]?.status === 'ready',
    );
    expect(useMessageContentStore.getState().contents[message!.id]).toEqual({
      status: 'ready',
      content: {
        id: message!.id,
        html: expect.stringContaining('<h1>Spring sale</h1>') as unknown,
        text: expect.stringContaining('Everything 20% off.') as unknown,
      },
    });

    const summer = await idOf('Summer sale');
    useConversationsStore.getState().open(summer);
    expect(useMessageContentStore.getState().contents).toEqual({});
    const [other] = (await shown(summer)).messages;
    await link.call('accounts.edit', {
      account: facade.account.id,
      imapUrl: `imap://support@127.0.0.1:${await freePort()}`,
    });
    try {
      loadMessageContent(other!.id);
      await until(
        'the failure',
        () => useMessageContentStore.getState().contents[other!.id]?.status === 'failed',
      );
      expect(useMessageContentStore.getState().contents[other!.id]).toEqual({
        status: 'failed',
        message: expect.stringMatching(/127\.0\.0\.1:\d+/) as unknown,
      });
    } finally {
      await link.call('accounts.edit', {
        account: facade.account.id,
        imapUrl: `imap://support@${dovecot.host}:${dovecot.port}`,
      });
    }
  });

  it('says why a conversation could not be opened', async () => {
    stop = startConversationBridge(link);
    useConversationsStore.getState().open('no-such-conversation');
    await until('the failure', () => useConversationStore.getState().load.status === 'error');
    const load = useConversationStore.getState().load;
    expect(load.status === 'error' && load.message).toContain('no-such-conversation');
  });
});
