// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConversationActivity, ConversationView as View } from '../../src/app/index.js';
import { registerActions } from '../../renderer/actions/index.js';
import { MAIL_SANDBOX } from '../../renderer/screens/conversation/mail-html/mail-frame.js';
import {
  FORMATTING_FAILED,
  TEXT_FAILED,
} from '../../renderer/screens/conversation/message-body.js';
import { foldedRange } from '../../src/queries/thread-fold.js';
import {
  ConversationView,
  type ConversationViewProps,
} from '../../renderer/screens/conversation/conversation-view.js';
import {
  activity,
  conversation,
  hostileHtml,
  htmlMessage,
  message,
  presence,
  richConversation,
  TAGS,
  TEAMMATES,
} from './support/conversation-fixtures.js';
import './support/cleanup.js';

// jsdom has no ResizeObserver (the mail frame measures its content with one): a stand-in that
// never calls back; Chromium's real one is exercised end to end (tests/e2e/conversation.test.ts).
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

const [ANA, BO, CARMEN] = TEAMMATES as [
  (typeof TEAMMATES)[0],
  (typeof TEAMMATES)[0],
  (typeof TEAMMATES)[0],
];
const NOW = new Date('2026-03-03T12:00:00.000Z');
const LOADING = { status: 'loading' } as const;

function props(view: View, overrides: Partial<ConversationViewProps> = {}): ConversationViewProps {
  return {
    view,
    teammates: TEAMMATES,
    tags: TAGS,
    presence: [],
    allowedSenders: [],
    onAllowSender: () => {},
    onAttachment: () => {},
    theme: 'light',
    now: NOW,
    ...overrides,
  };
}

let unregister: (() => void) | undefined;
afterEach(() => {
  unregister?.();
  unregister = undefined;
});

describe('the open conversation', () => {
  it('is the "Conversation" region; each message an article, notes and activity in one timeline', () => {
    render(<ConversationView {...props(richConversation())} />);
    const region = screen.getByRole('region', { name: 'Conversation' });
    expect(within(region).getByRole('heading', { level: 2 }).textContent).toBe(
      'Refund for order #48213 never arrived',
    );
    expect(within(region).getAllByRole('article')).toHaveLength(3);
    // Each named by its sender.
    expect(within(region).getAllByRole('article', { name: 'Judy Alvarez' })).toHaveLength(2);
    expect(within(region).getAllByRole('article', { name: 'Support' })).toHaveLength(1);

    // In time order: the first message (9:12), its assignment and tag (9:31), the note (9:40),
    // the reply and its activity (10:05).
    const timeline = region.querySelector('.timeline')!;
    const order = Array.from(timeline.children).map((li) =>
      li.className.replace('timeline__item timeline__item--', ''),
    );
    expect(order).toEqual([
      'message',
      'activity',
      'activity',
      'note',
      'message',
      'activity',
      'message',
    ]);
    expect(within(region).getByText('Assigned to Bo Chen by Ana Lima')).toBeTruthy();
    expect(within(region).getByText('Tagged VIP by Ana Lima')).toBeTruthy();

    const note = within(region).getByRole('note', { name: 'Internal note by Ana Lima' });
    expect(note.textContent).toContain('Internal note');
    // The mention is the teammate's name, picked out; the address stays on hover.
    const mention = note.querySelector('mark.mention');
    expect(mention?.textContent).toBe('@Carmen Ruiz');
    expect(mention?.getAttribute('title')).toBe(CARMEN.email);
    expect(within(region).getByText('Replied by Bo Chen')).toBeTruthy();
  });

  it('says what was done by whom, for each kind of activity', async () => {
    const { activityText } = await import('../../renderer/screens/conversation/activity-line.js');
    const at = '2026-03-03T10:00:00.000Z';
    const said = (entry: ConversationActivity) => activityText(entry, TEAMMATES);
    expect(
      said(activity(ANA, at, { kind: 'assigned', assignee: BO.email, assigneeName: BO.name })),
    ).toBe('assigned to Bo Chen by Ana Lima');
    expect(said(activity(BO, at, { kind: 'assigned', assignee: null, assigneeName: null }))).toBe(
      'unassigned by Bo Chen',
    );
    expect(said(activity(BO, at, { kind: 'status', status: 'closed', snoozedUntil: null }))).toBe(
      'closed by Bo Chen',
    );
    expect(said(activity(BO, at, { kind: 'status', status: 'open', snoozedUntil: null }))).toBe(
      'reopened by Bo Chen',
    );
    expect(said(activity(BO, at, { kind: 'tagged', tag: 'VIP' }))).toBe('tagged VIP by Bo Chen');
    expect(said(activity(BO, at, { kind: 'untagged', tag: 'VIP' }))).toBe(
      'tag VIP removed by Bo Chen',
    );
    // Someone who left the team: the name the log kept for them, else their address.
    const gone = { ...CARMEN, name: 'Dana Gone', email: 'gone@northwind.example' };
    expect(said(activity(gone, at, { kind: 'replied' }))).toBe('replied by Dana Gone');
    expect(said(activity({ ...gone, name: '' }, at, { kind: 'replied' }))).toBe(
      'replied by gone@northwind.example',
    );
    expect(
      said(activity(ANA, at, { kind: 'assigned', assignee: gone.email, assigneeName: gone.name })),
    ).toBe('assigned to Dana Gone by Ana Lima');
    // Taken by oneself; and this app's user as "you".
    const taken = activity(BO, at, { kind: 'assigned', assignee: BO.email, assigneeName: BO.name });
    expect(said(taken)).toBe('self-assigned by Bo Chen');
    expect(activityText(taken, TEAMMATES, BO.email)).toBe('self-assigned by you');
    const toBo = activity(ANA, at, { kind: 'assigned', assignee: BO.email, assigneeName: BO.name });
    expect(activityText(toBo, TEAMMATES, BO.email)).toBe('assigned to you by Ana Lima');
    expect(activityText(toBo, TEAMMATES, ANA.email)).toBe('assigned to Bo Chen by you');
  });

  it('lays the activity log out in the timeline as the app tells it, one line per entry, by time', () => {
    const view = conversation({
      messages: [message({ id: 1, date: '2026-03-03T09:00:00.000Z' })],
      activity: [
        activity(BO, '2026-03-03T09:20:00.000Z', {
          kind: 'status',
          status: 'pending',
          snoozedUntil: null,
        }),
        activity(ANA, '2026-03-03T09:10:00.000Z', {
          kind: 'assigned',
          assignee: BO.email,
          assigneeName: BO.name,
        }),
        // At the message's very instant: after it.
        activity(ANA, '2026-03-03T09:00:00.000Z', { kind: 'tagged', tag: 'Billing' }),
      ],
    });
    render(<ConversationView {...props(view)} />);
    const lines = Array.from(document.querySelectorAll('.timeline > li')).map((li) =>
      li.classList.contains('timeline__item--message')
        ? 'message'
        : li.querySelector('.activity__text')?.textContent,
    );
    expect(lines).toEqual([
      'message',
      'Tagged Billing by Ana Lima',
      'Assigned to Bo Chen by Ana Lima',
      'Marked pending by Bo Chen',
    ]);
  });

  it('shows the newest message open and the older ones folded to a line, each opening on demand', async () => {
    const user = userEvent.setup();
    render(<ConversationView {...props(richConversation())} />);
    const [first, , last] = screen.getAllByRole('article') as [
      HTMLElement,
      HTMLElement,
      HTMLElement,
    ];
    const toggle = (article: HTMLElement) => within(article).getAllByRole('button')[0]!;
    expect(toggle(last).getAttribute('aria-expanded')).toBe('true');
    expect(toggle(first).getAttribute('aria-expanded')).toBe('false');
    // Folded: a line of its text, no body.
    expect(first.querySelector('.message__content')).toBeNull();
    expect(within(first).queryByRole('link')).toBeNull();
    await user.click(toggle(first));
    expect(within(first).getByText(/Could you check what happened/)).toBeTruthy();
    // Its web address is a link to a window of its own.
    const link = within(first).getByRole('link', { name: 'https://shop.example/orders/48213' });
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('lays a plain text out as its paragraphs, split at blank lines, each as written', () => {
    const view = conversation({
      messages: [
        message({ text: 'Hello,\n\nLine one\nline two.\n \n\n\nThanks,\nJudy', unread: true }),
      ],
    });
    render(<ConversationView {...props(view)} />);
    const paragraphs = screen
      .getByRole('article')
      .querySelectorAll<HTMLParagraphElement>('.message-text__para');
    expect([...paragraphs].map((paragraph) => paragraph.textContent)).toEqual([
      'Hello,',
      'Line one\nline two.',
      'Thanks,\nJudy',
    ]);
  });

  it('leaves a long text’s paragraphs past its first screens to be laid out near the view', () => {
    const paragraph = (n: number) => `Paragraph ${n}. ${'Words of it. '.repeat(40)}`;
    const text = Array.from({ length: 12 }, (_, n) => paragraph(n)).join('\n\n');
    render(<ConversationView {...props(conversation({ messages: [message({ text })] }))} />);
    const later = [
      ...screen.getByRole('article').querySelectorAll<HTMLParagraphElement>('.message-text__para'),
    ].map((element) => element.classList.contains('message-text__para--later'));
    // Some 530 characters each: the first eight fill 4,000 and are laid out at once.
    expect(later).toEqual([...Array<boolean>(8).fill(false), ...Array<boolean>(4).fill(true)]);
  });

  it('folds the quoted history of a plain-text reply', async () => {
    const user = userEvent.setup();
    render(<ConversationView {...props(richConversation())} />);
    const reply = screen.getAllByRole('article')[1]!;
    await user.click(within(reply).getAllByRole('button')[0]!);
    expect(within(reply).getByText(/I have issued it again today/)).toBeTruthy();
    expect(reply.textContent).not.toContain('two weeks ago');
    const fold = within(reply).getByRole('button', { name: 'Show quoted text' });
    await user.click(fold);
    expect(reply.textContent).toContain('two weeks ago');
    expect(
      within(reply).getByRole('button', { name: 'Hide quoted text' }).getAttribute('aria-expanded'),
    ).toBe('true');
  });

  it('heads it with status, assignee and tags, and names its actions (enabled when their screen is there)', async () => {
    const user = userEvent.setup();
    render(<ConversationView {...props(richConversation())} />);
    const header = screen.getByRole('region', { name: 'Conversation' }).querySelector('header')!;
    expect(header.textContent).toContain('Open');
    expect(header.textContent).toContain('Assigned to Bo Chen');
    expect(within(header).getByRole('list', { name: 'Tags' }).textContent).toBe('BillingVIP');
    const actions = within(header).getByRole('toolbar', { name: 'Conversation actions' });
    const names = within(actions)
      .getAllByRole('button')
      .map((b) => b.getAttribute('aria-label'));
    expect(names).toEqual([
      'Reply',
      'Write an internal note',
      'Assign to',
      'Tag',
      'Snooze',
      'Close conversation',
    ]);
    // No screen has registered them here: offered, not usable.
    expect(within(actions).getByRole('button', { name: 'Reply' }).hasAttribute('disabled')).toBe(
      true,
    );
    const close = vi.fn();
    unregister = registerActions({ 'conversation.close': { run: close } });
    const closeButton = await within(actions).findByRole('button', { name: 'Close conversation' });
    expect(closeButton.getAttribute('aria-keyshortcuts')).toBe('E');
    await user.click(closeButton);
    expect(close).toHaveBeenCalledOnce();
  });

  it('shows the status, assignee and tags the list shows (triage made here, before the reload)', () => {
    render(
      <ConversationView
        {...props(richConversation(), { team: { status: 'closed', assignee: null, tags: [] } })}
      />,
    );
    const header = screen.getByRole('region', { name: 'Conversation' }).querySelector('header')!;
    expect(header.textContent).toContain('Closed');
    expect(header.textContent).toContain('Unassigned');
    expect(within(header).queryByRole('list', { name: 'Tags' })).toBeNull();
    expect(within(header).getByRole('button', { name: 'Reopen conversation' })).toBeTruthy();
  });

  it('names the teammates here, and says who is replying', () => {
    const { rerender } = render(<ConversationView {...props(conversation())} />);
    expect(screen.getByLabelText('Teammates here').textContent).toBe('');
    rerender(
      <ConversationView
        {...props(conversation(), {
          presence: [
            ...presence([{ member: BO }, { member: CARMEN, typing: 'reply' }]),
            // Another conversation's viewer is not here; Bo's second window is Bo once.
            ...presence([{ member: ANA }], 'c-other'),
            ...presence([{ member: BO }]),
          ],
        })}
      />,
    );
    const here = screen.getByLabelText('Teammates here');
    expect(here.textContent).toBe('Bo Chen and Carmen Ruiz are here');
    expect(screen.getByText('Carmen Ruiz is replying')).toBeTruthy();
    expect(screen.queryByText(/Ana Lima/)).toBeNull();
  });

  it('lists attachments by name as text (no markup, no reordering characters) and fetches them on demand', async () => {
    const user = userEvent.setup();
    const onAttachment = vi.fn();
    const view = conversation({
      messages: [
        message({
          attachments: [
            {
              id: 7,
              filename: 'invoice\u202Efdp.exe',
              contentType: 'application/octet-stream',
              size: 1200,
            },
            {
              id: 8,
              filename: '<img src=x onerror=alert(1)>.png',
              contentType: 'image/png',
              size: 2_400_000,
            },
          ],
        }),
      ],
    });
    render(<ConversationView {...props(view, { onAttachment })} />);
    const list = screen.getByRole('list', { name: 'Attachments' });
    expect(list.querySelector('img')).toBeNull();
    expect(list.textContent).not.toContain('\u202E');
    expect(within(list).getByText('invoice fdp.exe')).toBeTruthy();
    expect(within(list).getByText('2.3 MB')).toBeTruthy();
    // An executable is only downloaded; an image may open in a window of its own.
    expect(within(list).queryByRole('button', { name: 'Open invoice fdp.exe' })).toBeNull();
    await user.click(within(list).getByRole('button', { name: 'Download invoice fdp.exe' }));
    await user.click(
      within(list).getByRole('button', { name: 'Open <img src=x onerror=alert(1)>.png' }),
    );
    expect(onAttachment.mock.calls).toEqual([
      [7, 'download'],
      [8, 'open'],
    ]);
  });

  it('shows an HTML mail in a frame that runs no script and loads nothing remote until allowed', async () => {
    const user = userEvent.setup();
    const onAllowSender = vi.fn();
    const remote = 'http://remote.example:4567';
    const hostile = htmlMessage(hostileHtml(remote));
    const view = conversation({ messages: [hostile.message] });
    const { rerender } = render(
      <ConversationView {...props(view, { onAllowSender, contents: hostile.contents })} />,
    );
    const frame = screen.getByTitle('Message from Judy Alvarez');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('sandbox')).toBe(MAIL_SANDBOX);
    expect(frame.getAttribute('sandbox')).not.toContain('allow-scripts');
    expect(frame.getAttribute('referrerpolicy')).toBe('no-referrer');
    const srcdoc = frame.getAttribute('srcdoc') ?? '';
    expect(srcdoc).toContain('Hostile body text');
    expect(srcdoc).toContain("script-src 'none'");
    expect(srcdoc).not.toMatch(/<script|onerror|onload|javascript:/i);
    expect(srcdoc).not.toContain('remote.example');

    expect(screen.getByText('Remote images are blocked')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Always for judy@customer.example' }));
    expect(onAllowSender).toHaveBeenCalledWith('judy@customer.example');

    // Shown for this mail only.
    await user.click(screen.getByRole('button', { name: 'Show' }));
    const shown = screen.getByTitle('Message from Judy Alvarez').getAttribute('srcdoc') ?? '';
    expect(shown).toContain(`${remote}/pixel.gif`);
    expect(shown).toContain('img-src data: https: http:');
    expect(shown).not.toMatch(/<script|onerror|javascript:/i);
    expect(screen.queryByText('Remote images are blocked')).toBeNull();

    // A sender allowed always: no bar, images at once.
    const other = htmlMessage(hostileHtml(remote), { id: 2, messageId: 'other' });
    rerender(
      <ConversationView
        {...props(conversation({ id: 'c-2', messages: [other.message] }), {
          allowedSenders: ['judy@customer.example'],
          contents: other.contents,
        })}
      />,
    );
    expect(screen.queryByText('Remote images are blocked')).toBeNull();
  });

  it('asks for the HTML of an open message that has some, never for plain mail, and shows its text meanwhile', async () => {
    const user = userEvent.setup();
    const onWantContent = vi.fn();
    const view = conversation({
      messages: [
        message({ id: 1, text: 'Plain and simple.', hasHtml: false, unread: true }),
        message({ id: 2, text: 'Folded, with HTML.', hasHtml: true }),
        message({ id: 3, text: 'The newsletter, as text.', hasHtml: true }),
      ],
    });
    render(<ConversationView {...props(view, { onWantContent, contents: { 3: LOADING } })} />);
    // The newest is open and being read: its text at once, no frame yet.
    expect(screen.getByText('The newsletter, as text.')).toBeTruthy();
    expect(screen.queryByTitle('Message from Judy Alvarez')).toBeNull();
    // The plain one is open too (unread) and asks nothing; the folded one asks when opened.
    expect(onWantContent).not.toHaveBeenCalled();
    const folded = screen.getAllByRole('article')[1]!;
    await user.click(within(folded).getAllByRole('button')[0]!);
    expect(onWantContent.mock.calls).toEqual([[2]]);
  });

  it('opens the newest message and the unread among the newest five: a long unread thread is one line per older message', () => {
    const view = conversation({
      messages: Array.from({ length: 12 }, (_, index) =>
        message({ id: index + 1, text: `Message number ${index + 1}.`, unread: true }),
      ),
    });
    render(<ConversationView {...props(view)} />);
    const articles = screen.getAllByRole('article');
    expect(articles).toHaveLength(12);
    const open = articles.map(
      (article) =>
        within(article).getAllByRole('button')[0]!.getAttribute('aria-expanded') === 'true',
    );
    expect(open).toEqual([...Array<boolean>(7).fill(false), ...Array<boolean>(5).fill(true)]);
  });

  it('folds what the app left out of a long thread, notes staying shown; an opened folded message is read in full', async () => {
    const user = userEvent.setup();
    const folded = foldedRange(30)!;
    const messages = Array.from({ length: 30 }, (_, index) => {
      const leftOut = index >= folded.from && index < folded.to;
      return message({
        id: index + 1,
        text: leftOut ? null : `Message number ${index + 1}.`,
        snippet: `Message number ${index + 1}.`,
        folded: leftOut,
        hasHtml: false,
        date: `2026-03-01T10:${String(index).padStart(2, '0')}:00.000Z`,
      });
    });
    const note = {
      id: 'n-middle',
      author: ANA.email,
      text: 'Checked with the bank.',
      createdAt: '2026-03-01T10:05:30.000Z',
      mentions: [],
    };
    const onWantContent = vi.fn();
    const view = conversation({ messages, notes: [note] });
    const { rerender } = render(<ConversationView {...props(view, { onWantContent })} />);
    expect(screen.getAllByRole('article')).toHaveLength(11);
    expect(screen.getByRole('note', { name: `Internal note by ${ANA.name}` })).toBeTruthy();
    // The note in the middle splits the fold in two.
    expect(screen.getByRole('button', { name: '5 earlier messages' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '14 earlier messages' }));
    expect(screen.getAllByRole('article')).toHaveLength(30);
    expect(screen.queryByRole('button', { name: /earlier message/ })).toBeNull();
    expect(onWantContent).not.toHaveBeenCalled();

    // An opened folded message shows its start until its text is read, then its text.
    const seventh = screen.getByRole('button', { name: /Message number 7\./ });
    await user.click(seventh);
    expect(onWantContent.mock.calls).toEqual([[7]]);
    const article = seventh.closest('article')!;
    expect(within(article).getByText('Message number 7.').getAttribute('aria-busy')).toBe('true');
    const ready = { id: 7, html: null, text: 'Message number 7, all of it.' };
    rerender(
      <ConversationView
        {...props(view, { onWantContent, contents: { 7: { status: 'ready', content: ready } } })}
      />,
    );
    expect(within(article).getByText('Message number 7, all of it.')).toBeTruthy();
    rerender(
      <ConversationView
        {...props(view, {
          onWantContent,
          contents: { 7: { status: 'failed', message: 'cannot reach imap.example.com' } },
        })}
      />,
    );
    expect(within(article).getByText(TEXT_FAILED).getAttribute('role')).toBe('note');
    expect(within(article).getByText('Message number 7.').getAttribute('aria-busy')).toBeNull();
  });

  it('asks for a message whose HTML the cache does not know about', () => {
    const onWantContent = vi.fn();
    const view = conversation({ messages: [message({ id: 9, hasHtml: null })] });
    render(<ConversationView {...props(view, { onWantContent })} />);
    expect(onWantContent.mock.calls).toEqual([[9]]);
  });

  it('puts the HTML in the text’s place once read, and keeps the text with a line when it could not be', () => {
    const text = 'Our spring collection is here.';
    const read = htmlMessage('<h1>Spring</h1><p>Our spring collection is here.</p>', { text });
    const view = conversation({ messages: [read.message] });
    const { rerender } = render(<ConversationView {...props(view, { contents: read.contents })} />);
    const frame = screen.getByTitle('Message from Judy Alvarez');
    expect(frame.getAttribute('srcdoc')).toContain('<h1>Spring</h1>');

    rerender(
      <ConversationView
        {...props(view, {
          contents: {
            [read.message.id]: {
              status: 'failed',
              message: 'cannot reach imap.example.com:993: connection refused',
            },
          },
        })}
      />,
    );
    const article = screen.getByRole('article');
    const line = within(article).getByText(FORMATTING_FAILED);
    expect(line.getAttribute('title')).toBe(
      'cannot reach imap.example.com:993: connection refused',
    );
    expect(within(article).getByText(text)).toBeTruthy();
    expect(screen.queryByTitle('Message from Judy Alvarez')).toBeNull();
  });

  it('says when a message’s text is not downloaded yet', () => {
    render(<ConversationView {...props(conversation({ messages: [message({ text: null })] }))} />);
    expect(screen.getByText('This message’s text is not downloaded yet.')).toBeTruthy();
  });
});
