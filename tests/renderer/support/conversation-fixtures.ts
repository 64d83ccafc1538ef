import type { MessageContentLoad } from '../../../renderer/stores/message-content-store.js';
import type {
  ConversationActivity,
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

const teammate = (id: string, name: string, email: string, role: TeamMember['role']) => ({
  ...{ id, name, email, role },
  permissions: {},
  defaultPermission: role === 'viewer' ? ('read-only' as const) : ('full-access' as const),
});

export const TEAMMATES: TeamMember[] = [
  teammate('u-ana', 'Ana Lima', 'ana@northwind.example', 'admin'),
  teammate('u-bo', 'Bo Chen', 'bo@northwind.example', 'agent'),
  teammate('u-carmen', 'Carmen Ruiz', 'carmen@northwind.example', 'agent'),
];

const [ANA, BO] = TEAMMATES as [TeamMember, TeamMember];

export const TAGS: TagInfo[] = [
  { id: 't-billing', name: 'Billing', color: '#e8590c' },
  { id: 't-vip', name: 'VIP', color: '#f59f00' },
];

export function message(overrides: Partial<ConversationMessage> = {}): ConversationMessage {
  return {
    id: 1,
    messageId: 'm1@customer.example',
    from: 'Judy Alvarez <judy@customer.example>',
    to: ['Support <support@northwind.example>'],
    cc: [],
    date: '2026-03-03T09:12:00.000Z',
    subject: 'Refund for order #48213 never arrived',
    text: 'Hello,\n\nI asked for a refund two weeks ago.',
    snippet: 'Hello, I asked for a refund two weeks ago.',
    folded: false,
    hasHtml: false,
    folders: ['INBOX'],
    unread: false,
    problems: null,
    attachments: [],
    ...overrides,
  };
}

/**
 * A message with HTML (as the cache knows: `hasHtml`), and its content as `mail.message` answers
 * it, in the form the conversation view takes it (`contents`, by message id).
 */
export function htmlMessage(
  html: string,
  overrides: Partial<ConversationMessage> = {},
): { message: ConversationMessage; contents: Record<number, MessageContentLoad> } {
  const shown = message({ hasHtml: true, ...overrides });
  return {
    message: shown,
    contents: {
      [shown.id]: { status: 'ready', content: { id: shown.id, html, text: shown.text } },
    },
  };
}

/** An activity log entry by `actor` (a teammate) at `at`. */
export function activity(
  actor: TeamMember,
  at: string,
  what: DistributiveOmit<ConversationActivity, 'id' | 'at' | 'actor' | 'actorName'>,
): ConversationActivity {
  return { id: `a-${at}-${what.kind}`, at, actor: actor.email, actorName: actor.name, ...what };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function conversation(overrides: Partial<ConversationView> = {}): ConversationView {
  return {
    id: 'c-refund',
    subject: 'Refund for order #48213 never arrived',
    status: 'open',
    assignee: 'bo@northwind.example',
    tags: ['Billing'],
    lastReply: null,
    notes: [],
    activity: [],
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
        id: 2,
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
        id: 3,
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
    activity: [
      activity(ANA, '2026-03-03T09:31:00.000Z', {
        kind: 'assigned',
        assignee: BO.email,
        assigneeName: BO.name,
      }),
      activity(ANA, '2026-03-03T09:31:30.000Z', { kind: 'tagged', tag: 'VIP' }),
      activity(BO, '2026-03-03T10:05:00.000Z', { kind: 'replied' }),
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

/**
 * A newsletter as shops send them: a table layout with its own colours, a banner and a logo on
 * the sender's server (`remote`: its origin), a call to action and a footer.
 */
export function newsletterHtml(remote: string): string {
  return `<!doctype html><html><head><style>
  body { margin: 0; background: #f4f1ec; }
  .wrap { max-width: 560px; margin: 0 auto; font-family: Georgia, 'Times New Roman', serif; color: #2b2622; }
  .top { padding: 20px 28px; display: flex; align-items: center; gap: 10px; font: 600 15px/1 Helvetica, Arial, sans-serif; letter-spacing: .08em; text-transform: uppercase; }
  .hero { height: 180px; background: #c8b79a url("${remote}/spring-banner.jpg") center / cover; }
  .body { background: #ffffff; padding: 28px; }
  h1 { font-size: 28px; line-height: 1.2; margin: 0 0 12px; font-weight: normal; }
  p { font-size: 16px; line-height: 1.55; margin: 0 0 14px; }
  .cta { display: inline-block; margin-top: 6px; padding: 12px 22px; background: #2b2622; color: #ffffff; border-radius: 3px; text-decoration: none; font: 600 14px Helvetica, Arial, sans-serif; }
  .items td { width: 50%; padding: 14px 0 0; vertical-align: top; font: 14px/1.4 Helvetica, Arial, sans-serif; }
  .price { color: #8a5a2b; font-weight: 600; }
  .foot { padding: 18px 28px 26px; font: 12px/1.5 Helvetica, Arial, sans-serif; color: #7a716a; }
  .foot a { color: #7a716a; }
</style></head><body><div class="wrap">
  <div class="top"><img src="${remote}/logo.png" width="24" height="24" alt="">Northwind Outfitters</div>
  <div class="hero"></div>
  <div class="body">
    <h1>The spring collection is here</h1>
    <p>Light layers for long walks, rain shells that pack into their own pocket, and the trail runner you asked us to bring back, now in three new colours.</p>
    <table class="items" style="width:100%;border-collapse:collapse"><tr>
      <td><strong>Trail runner</strong><br>Recycled mesh, 39–47<br><span class="price">$129</span></td>
      <td><strong>Packable shell</strong><br>Waterproof, 240 g<br><span class="price">$89</span></td>
    </tr></table>
    <p style="margin-top:20px"><a class="cta" href="https://shop.example/spring">Shop the collection</a></p>
  </div>
  <div class="foot">You get this because you bought from Northwind Outfitters. <a href="https://shop.example/unsubscribe">Unsubscribe</a> · 12 Harbour Street, Portland</div>
</div></body></html>`;
}
