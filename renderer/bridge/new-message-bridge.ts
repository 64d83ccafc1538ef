import type { LinkRequest } from '../../src/app/index.js';
import { appLink } from '../app-link.js';
import {
  hasContent,
  useNewMessageStore,
  type NewMessageFields,
} from '../stores/new-message-store.js';
import { useToastStore } from '../stores/toast-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { messageOf } from './link-events.js';
import { trackSend } from './send-toast.js';

/*
 * The New message window's calls: sending (outbox.compose, a conversation of its own, with the
 * undo toast of every send) and undoing it (the message comes back to the window).
 */

const store = () => useNewMessageStore.getState();

/** What a message sent from here held, until its undo window ends: Undo brings it back. */
const sentFrom = new Map<number, NewMessageFields>();

/** Opens the New message window: on the message being written, or a new one with `seed`. */
export function openNewMessage(seed?: Partial<NewMessageFields>): void {
  if (seed) store().start(seed);
  useUiStore.getState().openOverlay('compose');
}

/**
 * Opens New message with a `mailto:` link's fields. A message already being written is never
 * replaced unasked: it stays on screen, and a toast offers the link's message in its place.
 */
export function openMailto(link: Extract<LinkRequest, { kind: 'compose' }>): void {
  const seed = { to: link.to, cc: link.cc, bcc: link.bcc, subject: link.subject, text: link.body };
  if (!hasContent(store())) {
    openNewMessage(seed);
    return;
  }
  openNewMessage();
  const to = link.to[0]?.address;
  useToastStore.getState().show({
    id: 'new-message-link',
    title: 'You are writing a message already',
    description: `The link’s message${to ? ` to ${to}` : ''} can take its place.`,
    action: { label: 'Replace it', onAction: () => openNewMessage(seed) },
    durationMs: 10_000,
  });
}

/** Sends the message from `account` (the first mailbox when none was picked). */
export async function sendNewMessage(account: string): Promise<void> {
  const fields = store();
  if (fields.sending) return;
  const addresses = (list: NewMessageFields['to']) =>
    list.map(({ name, address }) => (name ? `${name} <${address}>` : address));
  if (fields.to.length === 0) return fields.setError('Add someone to send it to.');
  if (!fields.subject.trim()) return fields.setError('Add a subject.');
  if (!fields.text.trim()) return fields.setError('Write a message first.');
  fields.setSending(true);
  fields.setError(null);
  const kept: NewMessageFields = { ...pick(fields), account };
  try {
    const queued = await appLink().call('outbox.compose', {
      account,
      to: addresses(fields.to),
      ...(fields.cc.length > 0 ? { cc: addresses(fields.cc) } : {}),
      ...(fields.bcc.length > 0 ? { bcc: addresses(fields.bcc) } : {}),
      subject: fields.subject,
      text: fields.text,
      ...(fields.attachments.length > 0
        ? {
            attachments: fields.attachments.map(({ filename, contentType, contentBase64 }) => ({
              filename,
              contentType,
              contentBase64,
            })),
          }
        : {}),
    });
    sentFrom.set(queued.outboxId, kept);
    store().clear();
    useUiStore.getState().closeOverlay();
    trackSend(queued, 'message', () => void undoSend(queued.outboxId));
  } catch (error) {
    store().setError(messageOf(error));
  } finally {
    store().setSending(false);
  }
}

/** Undo send: the message leaves the outbox and is back in the New message window. */
async function undoSend(outboxId: number): Promise<void> {
  try {
    await appLink().call('outbox.cancel', { id: outboxId });
    const kept = sentFrom.get(outboxId);
    sentFrom.delete(outboxId);
    if (kept) openNewMessage(kept);
  } catch (error) {
    useToastStore.getState().show({
      title: 'Could not undo',
      description: messageOf(error),
      tone: 'danger',
    });
  }
}

function pick(fields: NewMessageFields): NewMessageFields {
  const { account, to, cc, bcc, subject, text, attachments } = fields;
  return { account, to, cc, bcc, subject, text, attachments };
}
