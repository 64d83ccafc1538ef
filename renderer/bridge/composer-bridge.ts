import type { DraftRecipient, DraftView, Queued } from '../../src/app/index.js';
import { appLink } from '../app-link.js';
import {
  useComposerStore,
  writesSharedDraft,
  type ComposerMode,
  type ComposerSeed,
  type DraftEnvelope,
  type RecipientKind,
} from '../stores/composer-store.js';
import { useToastStore } from '../stores/toast-store.js';
import type { CannedContext } from '../screens/composer/canned-fill.js';
import type { DraftBinding } from './draft-binding.js';
import { messageOf } from './link-events.js';
import { trackSend } from './send-toast.js';

/*
 * The composer's wiring: opening a reply on the conversation's shared draft (a DraftBinding),
 * its recipients and subject (drafts.edit), sending (outbox.reply from the draft, outbox.forward,
 * triage.note), undo, and the held reply's "Send anyway" / "Revise". Answers go into the
 * composer store; the draft's text lives in the bound editor's document.
 */

let binding: DraftBinding | null = null;

/** The open reply's shared draft, for the editor to bind to (null: none open). */
export function draftBinding(): DraftBinding | null {
  return binding;
}

/** What a message sent from here was, to put back when it is undone. */
interface SentFrom extends ComposerSeed {
  conversationId: string;
  mode: ComposerMode;
}
const sentFrom = new Map<number, SentFrom>();

const store = () => useComposerStore.getState();

const envelopeOf = ({ to, cc, bcc, subject, editors }: DraftView): DraftEnvelope => ({
  to,
  cc,
  bcc,
  subject,
  editors,
});

/**
 * Opens the composer on a conversation (r, R, f, n). A reply (or reply-all) opens the shared
 * draft, with what teammates already wrote; another composer open before closes first (its
 * draft stays, for the team).
 */
export async function openComposer(
  conversationId: string,
  mode: ComposerMode,
  seed?: ComposerSeed,
): Promise<void> {
  const current = store().target;
  if (current?.conversationId === conversationId && current.mode === mode && !seed) return;
  if (
    current?.conversationId === conversationId &&
    !writesSharedDraft(current.mode) &&
    !writesSharedDraft(mode) &&
    !seed
  ) {
    // Forward and note of one conversation: the same text box, another purpose.
    store().setMode(mode);
    return;
  }
  stopTyping();
  await releaseDraft();
  watchPage();
  store().open({ conversationId, mode }, seed);
  if (!writesSharedDraft(mode)) {
    store().setReady();
    return;
  }
  const opening = store().opening;
  // Yjs comes with the first reply opened, not with the inbox's first paint.
  const loaded = await import('./draft-binding.js').catch((error: unknown) => {
    if (store().opening === opening) store().setFailed(messageOf(error));
    return null;
  });
  // Another composer opened (or this one closed) meanwhile: that one is on screen.
  if (!loaded || store().opening !== opening || store().target === null) return;
  const { DraftBinding } = loaded;
  const opened = new DraftBinding(appLink(), conversationId, {
    all: mode === 'reply-all',
    onReopened: (view) => {
      if (binding === opened) store().setEnvelope(envelopeOf(view));
    },
    onError: (error) => {
      if (binding === opened) store().setError(messageOf(error));
    },
    onEnvelopeChanged: () => refreshEnvelope(opened),
  });
  binding = opened;
  try {
    const view = await opened.open();
    if (binding !== opened) return;
    store().setEnvelope(envelopeOf(view));
    store().setReady();
  } catch (error) {
    if (binding === opened) store().setFailed(messageOf(error));
  }
}

/** How long a burst of a teammate's changes is gathered before the envelope is read again. */
const ENVELOPE_REFRESH_MS = 150;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/** A teammate changed the recipients or the subject: the composer shows them as the app says. */
function refreshEnvelope(of: DraftBinding): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    if (binding !== of) return;
    of.view().then(
      (view) => {
        if (binding === of) store().setEnvelope(envelopeOf(view));
      },
      () => {
        // Offline: the envelope is read again when the link is back (onReopened).
      },
    );
  }, ENVELOPE_REFRESH_MS);
}

/**
 * Closes the composer at once; a reply's draft stays in the conversation for the team (what was
 * typed last reaches the app before it lets the draft go).
 */
export async function closeComposer(): Promise<void> {
  stopTyping();
  store().close();
  await releaseDraft();
}

async function releaseDraft(): Promise<void> {
  const open = binding;
  binding = null;
  await open?.close();
}

/** Replaces one recipient list of the shared draft (teammates see it at once). */
export async function setRecipients(kind: RecipientKind, list: DraftRecipient[]): Promise<void> {
  const target = store().target;
  if (!target || !writesSharedDraft(target.mode)) return;
  store().setRecipients(kind, list);
  await editDraft({ [kind]: list });
}

/** Sets the shared draft's subject (blank: the reply's own). */
export async function setSubject(subject: string): Promise<void> {
  const target = store().target;
  if (!target || !writesSharedDraft(target.mode)) return;
  store().setSubject(subject);
  await editDraft({ subject: subject.trim() === '' ? null : subject });
}

async function editDraft(
  changes: Partial<Record<RecipientKind, DraftRecipient[]>> & { subject?: string | null },
): Promise<void> {
  const target = store().target!;
  try {
    const view = await appLink().call('drafts.edit', {
      conversationId: target.conversationId,
      ...changes,
      ...(target.mode === 'reply-all' ? { all: true } : {}),
    });
    if (store().target === target) store().setEnvelope(envelopeOf(view));
  } catch (error) {
    if (store().target === target) store().setError(messageOf(error));
  }
}

/** How often "is replying" is renewed while typing (the app lets it lapse after 10 s). */
const TYPING_EVERY_MS = 3000;
/** Typing stopped this long ago: "is replying" is taken back rather than left to lapse. */
export const TYPING_IDLE_MS = 4000;
let lastTyping = { key: '', at: 0 };
/** What teammates were told is being written here, until taken back. */
let typingTold: { conversationId: string; kind: 'reply' | 'note' } | null = null;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** Tells teammates this reply or note is being written (at most every few seconds). */
export function announceTyping(now = Date.now()): void {
  const target = store().target;
  if (!target || target.mode === 'forward') return;
  const kind = target.mode === 'note' ? 'note' : 'reply';
  clearTimeout(idleTimer);
  idleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  const key = `${target.conversationId}\n${kind}`;
  if (lastTyping.key === key && now - lastTyping.at < TYPING_EVERY_MS) return;
  lastTyping = { key, at: now };
  typingTold = { conversationId: target.conversationId, kind };
  presenceCall({ conversationId: target.conversationId, kind });
}

/**
 * Takes "is replying" back: the agent stopped typing a few seconds ago, closed the composer, or
 * the page goes away. Teammates' banner goes at once rather than when the claim lapses.
 */
export function stopTyping(): void {
  clearTimeout(idleTimer);
  const told = typingTold;
  typingTold = null;
  lastTyping = { key: '', at: 0 };
  if (told) presenceCall({ ...told, stopped: true });
}

function presenceCall(params: {
  conversationId: string;
  kind: 'reply' | 'note';
  stopped?: boolean;
}): void {
  void appLink()
    .call('team.setTyping', params)
    .catch(() => {
      // Presence is best effort: offline, nobody is told, and nothing waits for it.
    });
}

/** The page goes away (closed, reloaded): what it told teammates ends with it. */
function onPageHide(): void {
  stopTyping();
  void releaseDraft();
}
let watchingPage = false;
function watchPage(): void {
  if (watchingPage) return;
  watchingPage = true;
  globalThis.addEventListener?.('pagehide', onPageHide);
}

/**
 * What a canned response's variables are filled from in this conversation: its recipient (the
 * draft's first, or the forward's), this app's member, the mailbox (the only one, or the one the
 * newest message was written to or from) and the conversation's subject.
 */
export async function cannedContext(conversationId: string): Promise<CannedContext> {
  const link = appLink();
  const [me, accounts, conversation] = await Promise.all([
    link.call('session.whoami', {}),
    link.call('accounts.list', {}),
    link.call('mail.conversation', { conversationId }),
  ]);
  const { envelope, forwardTo } = store();
  const newest = conversation.messages[conversation.messages.length - 1];
  const seen = newest ? [newest.from, ...newest.to, ...newest.cc].join(' ').toLowerCase() : '';
  const mailbox =
    accounts.length === 1
      ? accounts[0]
      : accounts.find((account) => seen.includes(account.email.toLowerCase()));
  return {
    contact: envelope?.to[0] ?? forwardTo[0],
    agent: { name: me.name },
    mailbox: mailbox ? { name: mailbox.name, email: mailbox.email } : undefined,
    subject: conversation.subject,
  };
}

/** The team's canned responses, asked for once per page. */
export async function loadCanned(): Promise<void> {
  if (store().canned) return;
  try {
    store().setCanned(await appLink().call('canned.list', {}));
  } catch (error) {
    store().setError(messageOf(error));
  }
}

/**
 * Sends what the composer holds: a reply from the shared draft (with the files chosen), a
 * forward or a note. The composer closes at once; the undo toast follows.
 */
export async function send(): Promise<void> {
  const { target, attachments, forwardTo, text, sending } = store();
  if (!target || sending) return;
  store().setSending(true);
  store().setError(null);
  try {
    const kept: SentFrom = { ...target, attachments, forwardTo, text };
    if (target.mode === 'note') {
      await appLink().call('triage.note', { conversationId: target.conversationId, text });
      await closeComposer();
      useToastStore.getState().show({ title: 'Note added', tone: 'success', durationMs: 3000 });
      return;
    }
    const queued = await queue(target.conversationId, target.mode);
    sentFrom.set(queued.outboxId, kept);
    await closeComposer();
    trackSend(queued, target.mode === 'forward' ? 'forward' : 'reply', () => {
      void undoSend(queued.outboxId);
    });
  } catch (error) {
    store().setError(messageOf(error));
  } finally {
    store().setSending(false);
  }
}

async function queue(conversationId: string, mode: ComposerMode): Promise<Queued> {
  const { attachments, forwardTo, text } = store();
  if (mode === 'forward')
    return appLink().call('outbox.forward', {
      conversationId,
      to: forwardTo.map((recipient) => recipient.address),
      ...(text.trim() ? { text } : {}),
    });
  // Every keystroke is in the app's draft before it is sent from there.
  await binding?.flush();
  return appLink().call('outbox.reply', {
    conversationId,
    draft: true,
    ...(binding ? { startedAt: binding.openedAt.toISOString() } : {}),
    ...(mode === 'reply-all' ? { all: true } : {}),
    ...(attachments.length > 0
      ? {
          attachments: attachments.map(({ filename, contentType, contentBase64 }) => ({
            filename,
            contentType,
            contentBase64,
          })),
        }
      : {}),
  });
}

/** Undo send: the message leaves the outbox, and the composer opens again with it. */
export async function undoSend(outboxId: number): Promise<void> {
  try {
    const cancelled = await appLink().call('outbox.cancel', { id: outboxId });
    await reopenWith(outboxId, cancelled.backInDraft);
  } catch (error) {
    useToastStore.getState().show({
      title: 'Could not undo',
      description: messageOf(error),
      tone: 'danger',
    });
  }
}

/** A held reply goes after all, past the collision guard. */
export async function sendAnyway(outboxId: number): Promise<void> {
  await appLink().call('outbox.sendAnyway', { id: outboxId });
}

/** A failed message, or one whose outcome is unknown (it may then arrive twice), goes again. */
export async function resend(outboxId: number): Promise<void> {
  await appLink().call('outbox.resend', { id: outboxId });
}

/** A held reply comes back into its shared draft, to be revised and sent again. */
export async function revise(outboxId: number, conversationId: string): Promise<boolean> {
  const cancelled = await appLink().call('outbox.cancel', { id: outboxId });
  // Held after a restart, or queued by another page: a reply from the shared draft.
  if (!sentFrom.has(outboxId)) sentFrom.set(outboxId, { conversationId, mode: 'reply' });
  await reopenWith(outboxId, cancelled.backInDraft);
  return cancelled.backInDraft;
}

async function reopenWith(outboxId: number, backInDraft: boolean): Promise<void> {
  const kept = sentFrom.get(outboxId);
  sentFrom.delete(outboxId);
  if (!kept) return;
  const { conversationId, mode, ...seed } = kept;
  // A reply's text is back in the shared draft (the app put it there); the rest comes from here.
  await openComposer(
    conversationId,
    mode,
    writesSharedDraft(mode) ? { attachments: seed.attachments } : seed,
  );
  if (!backInDraft && writesSharedDraft(mode))
    store().setError(
      'A teammate started a new draft meanwhile: the reply was taken back, but its text is not in this draft.',
    );
}
