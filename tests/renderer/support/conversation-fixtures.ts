import type {
  ConversationMessage,
  ConversationView,
  TagInfo,
  TeammatePresence,
  TeamMember,
} from '../../../src/app/index.js';

/*
 * Made-up conversations for the conversation screen's component tests and the preview page's
 * screenshots (tests/ only, never the product).
 */

export const TEAMMATES: TeamMember[] = [
  { id: 'u-ana', name: 'Ana Lima', email: 'ana@northwind.example', role: 'admin' },
  { id: 'u-bo', name: 'Bo Chen', email: 'bo@northwind.example', role: 'agent' },
  { id: 'u-carmen', name: 'Carmen Ruiz', email: 'carmen@northwind.example', role: 'agent' },
];

export const TAGS: TagInfo[] = [
  { id: 't-billing', name: 'Billing', color: '#e8590c' },
  { id: 't-vip', name: 'VIP', color: '#f59f00' },
];

export function message(overrides: Partial<ConversationMessage> = {}): ConversationMessage {
  return {
    messageId: 'm1@customer.example',
    from: 'Judy Alvarez <judy@customer.example>',
    to: ['Support <support@northwind.example>'],
    cc: [],
    date: '2026-03-03T09:12:00.000Z',
    subject: 'Refund for order #48213 never arrived',
    text: 'Hello,\n\nI asked for a refund two weeks ago.',
    folders: ['INBOX'],
    unread: false,
    problems: null,
    attachments: [],
    ...overrides,
  };
}

/** A message as it will come once the contract carries a message's HTML (model/message-html.ts). */
export function htmlMessage(html: string, overrides: Partial<ConversationMessage> = {}) {
  return { ...message(overrides), html } as ConversationMessage;
}

export function conversation(overrides: Partial<ConversationView> = {}): ConversationView {
  return {
    id: 'c-refund',
    subject: 'Refund for order #48213 never arrived',
    status: 'open',
    assignee: 'bo@northwind.example',
    tags: ['Billing'],
    lastReply: null,
    notes: [],
    messages: [message()],
    outgoing: [],
    ...overrides,
  };
}

/** A conversation with a bit of everything: a thread, a note with a mention, a reply by a teammate. */
export function richConversation(): ConversationView {
  return conversation({
    tags: ['Billing', 'VIP'],
    lastReply: { by: 'bo@northwind.example', at: '2026-03-03T10:05:00.000Z' },
    messages: [
      message({
        text: [
          'Hello,',
          '',
          'I asked for a refund for order #48213 two weeks ago (see https://shop.example/orders/48213) and nothing has arrived yet.',
          '',
          'Could you check what happened?',
          '',
          'Judy',
        ].join('\n'),
        attachments: [
          { id: 11, filename: 'receipt-48213.pdf', contentType: 'application/pdf', size: 48_213 },
        ],
      }),
      message({
        messageId: 'm2@northwind.example',
        from: 'Support <support@northwind.example>',
        to: ['Judy Alvarez <judy@customer.example>'],
        date: '2026-03-03T10:05:00.000Z',
        text: [
          'Hi Judy,',
          '',
          'Sorry about the wait: the refund was sent back by your bank. I have issued it again today; it should reach you within 3 business days.',
          '',
          'Bo',
          '',
          'On Tue, 3 Mar 2026 at 09:12, Judy Alvarez <judy@customer.example> wrote:',
          '> Hello,',
          '>',
          '> I asked for a refund for order #48213 two weeks ago.',
        ].join('\n'),
      }),
      message({
        messageId: 'm3@customer.example',
        date: '2026-03-03T11:40:00.000Z',
        unread: true,
        text: [
          'Thank you Bo! One more thing: can the refund go to my new card instead?',
          '',
          'The old one ends in 4421 and was cancelled last week.',
          '',
          'Judy',
          '',
          '> Hi Judy,',
          '> Sorry about the wait.',
        ].join('\n'),
      }),
    ],
    notes: [
      {
        id: 'n1',
        author: 'ana@northwind.example',
        text: '@carmen@northwind.example can you confirm the bank bounced it? Finance says the first refund left on Feb 18.',
        createdAt: '2026-03-03T09:40:00.000Z',
        mentions: ['carmen@northwind.example'],
      },
    ],
  });
}

export function presence(
  entries: Array<{ member: TeamMember; viewing?: string | null; typing?: 'reply' | 'note' }>,
  conversationId = 'c-refund',
): TeammatePresence[] {
  return entries.map(({ member, viewing = conversationId, typing }) => ({
    member: { id: member.id, name: member.name, email: member.email },
    viewing,
    typing: typing ? { conversationId, kind: typing, until: '2099-01-01T00:00:00.000Z' } : null,
  }));
}

/**
 * A mail written to do harm, each way a mail may try to run script or load from a remote server
 * (`remote`: that server's origin, e.g. `http://127.0.0.1:4567`). Shown safely, it runs nothing
 * and loads nothing until its remote images are allowed; then `/pixel.gif` and `/background.gif`
 * load and nothing else.
 */
export function hostileHtml(remote: string): string {
  return `<!doctype html><html><head>
<title>pwned</title>
<meta http-equiv="refresh" content="0; url=${remote}/refresh">
<base href="${remote}/base/">
<link rel="stylesheet" href="${remote}/style.css">
<style>
  @import url("${remote}/import.css");
  .banner { background-image: url("${remote}/background.gif"); height: 20px; }
  .escaped { background: u\\72l(${remote}/escaped.gif); }
  @font-face { font-family: Evil; src: url("${remote}/font.woff2"); }
  .hostile-text { color: #222222; }
</style>
<script>top.document.title = 'pwned by script'; top.__pwned = 'script';</script>
</head><body bgcolor="#ffffff" onload="top.__pwned = 'onload'">
<p class="hostile-text" id="hostile-text">Hostile body text</p>
<div class="banner"></div>
<img id="pixel" src="${remote}/pixel.gif" width="1" height="1" alt="">
<img src="x" onerror="top.__pwned = 'onerror'; top.document.title = 'pwned by onerror'">
<img srcset="${remote}/srcset.gif 2x" alt="">
<a id="js-link" href="javascript:top.__pwned='link'">Click me</a>
<a id="web-link" href="https://northwind.example/help">Help centre</a>
<a id="relative-link" href="/settings">Settings</a>
<div style="background: url('${remote}/inline.gif')">inline</div>
<table background="${remote}/table.gif"><tr><td>cell</td></tr></table>
<svg><image href="${remote}/svg.gif"></image><script>top.__pwned='svg'</script></svg>
<iframe src="${remote}/frame.html"></iframe>
<object data="${remote}/object.swf"></object>
<embed src="${remote}/embed.swf">
<video poster="${remote}/poster.gif" src="${remote}/video.mp4"></video>
<audio src="${remote}/audio.mp3"></audio>
<form action="${remote}/form"><input type="image" src="${remote}/input.gif"><button>Send</button></form>
<math><mtext><table><mglyph><style><img src="${remote}/mxss.gif" onerror="top.__pwned='mxss'"></style></mglyph></table></mtext></math>
<noscript><p title="</noscript><img src=x onerror=top.__pwned='noscript'>"></p></noscript>
</body></html>`;
}
