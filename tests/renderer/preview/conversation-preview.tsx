import type { ConversationListItem, SearchHit } from '../../../src/app/index.js';
import { setAppLink } from '../../../renderer/app-link.js';
import { useContactStore } from '../../../renderer/stores/contact-store.js';
import { useConversationStore } from '../../../renderer/stores/conversation-store.js';
import { useConversationsStore } from '../../../renderer/stores/conversations-store.js';
import { useMessageContentStore } from '../../../renderer/stores/message-content-store.js';
import { usePresenceStore } from '../../../renderer/stores/presence-store.js';
import { useUiStore } from '../../../renderer/stores/ui-store.js';
import { useWorkspaceStore } from '../../../renderer/stores/workspace-store.js';
import {
  conversation,
  htmlMessage,
  message,
  presence,
  richConversation,
  TEAMMATES,
} from '../support/conversation-fixtures.js';
import { WORKSPACE } from './fixtures.js';

/*
 * The conversation screen on the preview page: the real App with a conversation open over
 * fixture data (?screen=conversation, ?screen=conversation-html). A hostile mail is shown end
 * to end through the host itself (tests/e2e/conversation.test.ts).
 */

/** A link that never answers: the screens' bridges wait, the fixture data stays as set. */
function quietLink(): void {
  setAppLink({
    call: () => new Promise(() => {}),
    onEvent: () => () => {},
    state: 'online',
    onState: () => () => {},
  });
}

function listItem(subject: string, id: string, from: string, at: string, unread = false) {
  return {
    id,
    subject,
    messageCount: 1,
    lastMessageAt: at,
    participants: [from],
    unread,
    status: 'open',
    assignee: null,
    tags: [],
    lastReply: null,
    from: { name: from, email: '' },
    snippet: '',
  } satisfies ConversationListItem;
}

const PREVIOUS: SearchHit[] = [
  {
    kind: 'message',
    conversationId: 'c-card',
    subject: 'Card declined at checkout',
    snippet: 'My card was declined twice this morning although the bank says everything is fine.',
  },
  {
    kind: 'note',
    conversationId: 'c-vip',
    subject: 'Bulk order for the spring catalogue',
    snippet: 'Judy is the buyer for their three stores: keep her on the VIP list.',
    author: 'ana@northwind.example',
    noteId: 'n-vip',
  },
];

/** A designed mail (a receipt) with the sender's logo on their server. */
const RECEIPT = `<html><head><style>
  .note { font-family: Helvetica, Arial, sans-serif; color: #1f2933; margin-bottom: 16px; }
  .forwarded { border-left: 3px solid #d9e2ec; padding-left: 14px; }
  .card { max-width: 520px; margin: 0 auto; font-family: Helvetica, Arial, sans-serif; color: #1f2933; }
  .brand { display: flex; align-items: center; gap: 10px; padding: 18px 0; border-bottom: 1px solid #e4e7eb; }
  .total td { font-weight: bold; border-top: 1px solid #e4e7eb; padding-top: 8px; }
  td { padding: 4px 0; }
  .button { display: inline-block; background: #0b6e4f; color: #ffffff; padding: 10px 18px; border-radius: 6px; text-decoration: none; }
</style></head><body>
<p class="note">Hi, this is the receipt I got. Is the amount right? I expected $152.</p>
<div class="forwarded"><div class="card">
  <div class="brand"><img src="https://cdn.shop.example/logo.png" width="32" height="32" alt=""><strong>Shop Example</strong></div>
  <h2 style="font-size: 20px; margin: 18px 0 6px">Your refund is on its way</h2>
  <p style="color: #52606d">We refunded <b>$148.20</b> for order #48213 to the card ending in 4421.</p>
  <table style="width: 100%; border-collapse: collapse">
    <tr><td>Trail runner, size 39</td><td style="text-align: right">$129.00</td></tr>
    <tr><td>Shipping</td><td style="text-align: right">$19.20</td></tr>
    <tr class="total"><td>Refunded</td><td style="text-align: right">$148.20</td></tr>
  </table>
  <p style="margin-top: 18px"><a class="button" href="https://shop.example/orders/48213">View your order</a></p>
</div></div></body></html>`;

function openApp(view: ReturnType<typeof conversation>): void {
  quietLink();
  useWorkspaceStore.getState().setWorkspace(WORKSPACE);
  useConversationsStore.getState().setItems([
    {
      ...listItem(view.subject, view.id, 'Judy Alvarez', '2026-03-03T11:40:00.000Z', true),
      status: view.status,
      assignee: view.assignee,
      tags: view.tags,
    },
    listItem('Card declined at checkout', 'c-card', 'Judy Alvarez', '2026-03-02T16:02:00.000Z'),
    listItem('Invoice for February', 'c-invoice', 'Marco Rossi', '2026-03-02T10:30:00.000Z'),
    listItem('Cannot log in after the update', 'c-login', 'Priya Shah', '2026-03-01T08:14:00.000Z'),
  ]);
  useConversationsStore.getState().open(view.id);
  useConversationStore.getState().open(view.id);
  useConversationStore.getState().setView(view);
  usePresenceStore
    .getState()
    .setPresence(presence([{ member: TEAMMATES[1]! }, { member: TEAMMATES[2]!, typing: 'reply' }]));
  useContactStore.getState().setContact({ name: 'Judy Alvarez', address: 'judy@customer.example' });
  useContactStore.getState().setPrevious(PREVIOUS);
  if (!useUiStore.getState().rightPanelOpen) useUiStore.getState().toggleRightPanel();
}

/** Fills the stores for a conversation screen (?screen=conversation, conversation-html). */
export function conversationPreview(screen: string): void {
  if (screen === 'conversation') openApp(richConversation());
  else if (screen === 'conversation-html') {
    const receipt = htmlMessage(RECEIPT, {
      id: 2,
      messageId: 'receipt',
      subject: 'Fwd: Your refund is on its way',
      date: '2026-03-03T11:40:00.000Z',
    });
    openApp(
      conversation({
        subject: 'Is this refund right?',
        messages: [
          message({ subject: 'Is this refund right?', date: '2026-03-03T08:02:00.000Z' }),
          receipt.message,
        ],
      }),
    );
    useMessageContentStore.setState({ contents: receipt.contents });
  }
}
