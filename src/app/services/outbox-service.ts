import { getAccount, type Account } from '../../accounts/account-store.js';
import {
  cannedValuesFor,
  composeForward,
  composeNew,
  composeReply,
  namedAddress,
  renderCanned,
  replyRecipients,
  type Address,
  type CannedValues,
  type ComposedMessage,
  type OutgoingAttachment,
} from '../../compose/index.js';
import type { Db } from '../../db/open-database.js';
import { UserError } from '../../errors.js';
import { OutboxStore, type OutboxEntry, type OutboxKind } from '../../outbox/outbox-store.js';
import type { TeamWorkspace } from '../../team/client/team-workspace.js';
import type { AppContext } from '../app-context.js';
import type { DraftContent } from '../app-drafts.js';
import { attachmentBytes } from '../attachment-bytes.js';
import { requireConversation } from '../conversation-id.js';
import type { MethodInput } from '../contract/inputs.js';
import type { CannedInfo, OutboxItem, Queued } from '../contract/outputs.js';
import { tellChanged } from '../sending/app-outbox.js';
import { newestMessage } from '../sending/original-message.js';
import { sendingIdentity, type Sender } from '../sending/sending-identity.js';
import { deliverNow } from '../sending/deliver-now.js';
import { signatureFor } from './signature-service.js';

type When = { now?: boolean; at?: string; as?: 'send-as' | 'on-behalf' };
type Attachments = MethodInput<'outbox.compose'>['attachments'];

/** What every message queued here shares, apart from how it was composed. */
interface Queueing {
  account: Account;
  sender: Sender;
  conversationId: string | null;
  kind: OutboxKind;
  when: When;
  startedAt: number;
  anyway: boolean;
  /** Sent from the shared draft: the draft as it was. */
  draft?: DraftContent;
}

/**
 * Replies, forwards and new messages, queued in the outbox (src/outbox/) as this app's member
 * and as that member's permission on the mailbox allows, then sent by the sync (or at once, when
 * asked: the call then waits for the outcome). Undo send is the delay before a queued message
 * goes (settings.undoSendMs); send later is a time.
 */
export class OutboxService {
  constructor(private readonly app: AppContext) {}

  async reply(input: MethodInput<'outbox.reply'>): Promise<Queued> {
    const { db, conversationId, original, account, team, sender } = await this.answering(input);
    const draft = input.draft ? await this.draftToSend(conversationId) : undefined;
    // The customer this reply goes to (the draft's first, else the reply's: the original's To
    // when the newest message is the mailbox's own, a follow-up), whom `{{contact.*}}` names.
    const contact =
      (draft?.to ? draft.to[0] : replyRecipients(original, sender.identity, false).to[0]) ?? null;
    // The conversation's subject as lists show it, not the newest message's ("Re: …").
    const subject =
      db
        .prepare<[string], string>('SELECT subject FROM conversations WHERE id = ?')
        .pluck()
        .get(conversationId) ?? original.subject;
    const values = valuesFor(sender, contact, subject);
    const now = this.app.clock.now();
    const composed = await composeReply({
      identity: sender.identity,
      original,
      all: input.all ?? false,
      // A draft's `{{variables}}` (a canned response's the page could not fill, or typed) are
      // filled as a canned response's at send; one unknown or without a value stops the send,
      // named: a customer never gets `Hello {{contact.firstName}},`.
      text: draft
        ? renderCanned(draft.text, values, undefined, 'the shared draft')
        : (input.text ?? this.canned(team, input.canned!, values)),
      ...(draft?.to ? { recipients: { to: draft.to, cc: draft.cc ?? [] } } : {}),
      ...(draft?.bcc ? { bcc: draft.bcc } : {}),
      ...(draft?.subject ? { subject: draft.subject } : {}),
      ...this.signature(team, account, sender, values),
      attachments: decoded(input.attachments),
      now: new Date(now),
    });
    return this.queue(composed, {
      account,
      sender,
      conversationId,
      kind: 'reply',
      when: input,
      // The earlier of the draft's first content and when this agent opened it (a draft
      // emptied by a teammate's send, then typed in again, began before that send for them).
      startedAt: Math.min(
        draft?.startedAt ?? now,
        input.startedAt ? Date.parse(input.startedAt) : now,
      ),
      anyway: input.anyway ?? false,
      ...(draft ? { draft } : {}),
    });
  }

  /** The shared draft a reply is sent from: what it holds, which must include some text. */
  private async draftToSend(conversationId: string): Promise<DraftContent> {
    const content = await this.app.drafts.with(conversationId, (draft) =>
      this.app.drafts.content(draft),
    );
    if (!content.text.trim())
      throw new UserError('invalid', 'the shared draft of this conversation has no text', {
        field: 'draft',
      });
    return content;
  }

  async forward(input: MethodInput<'outbox.forward'>): Promise<Queued> {
    const { conversationId, original, account, team, sender } = await this.answering(input);
    const now = this.app.clock.now();
    const to = input.to.map(address);
    const values = valuesFor(sender, to[0] ?? null, original.subject);
    const composed = await composeForward({
      identity: sender.identity,
      original: { ...original, attachments: await this.attachmentsOf(original.id) },
      to,
      ...(input.text === undefined ? {} : { text: input.text }),
      ...this.signature(team, account, sender, values),
      now: new Date(now),
    });
    return this.queue(composed, {
      account,
      sender,
      conversationId,
      kind: 'forward',
      when: input,
      startedAt: now,
      anyway: false,
    });
  }

  async compose(input: MethodInput<'outbox.compose'>): Promise<Queued> {
    const account = getAccount(this.app.db(), input.account);
    const team = await this.app.team.live();
    const sender = sendingIdentity(team.workspace, account, input.as);
    const now = this.app.clock.now();
    const to = input.to.map(address);
    const values = valuesFor(sender, to[0] ?? null, input.subject);
    const composed = await composeNew({
      identity: sender.identity,
      to,
      ...(input.cc ? { cc: input.cc.map(address) } : {}),
      ...(input.bcc ? { bcc: input.bcc.map(address) } : {}),
      subject: input.subject,
      text: input.text,
      ...this.signature(team, account, sender, values),
      attachments: decoded(input.attachments),
      now: new Date(now),
    });
    return this.queue(composed, {
      account,
      sender,
      conversationId: null,
      kind: 'new',
      when: input,
      startedAt: now,
      anyway: false,
    });
  }

  /**
   * What a reply or a forward of a conversation starts from: its newest message, the account it
   * came to, and who sends from that mailbox, as what (the member's permission decides).
   */
  private async answering(input: { conversationId: string; as?: When['as'] }) {
    const db = this.app.db();
    const conversationId = requireConversation(db, input.conversationId);
    const original = newestMessage(db, conversationId);
    const account = getAccount(db, original.accountId);
    const team = await this.app.team.live();
    const sender = sendingIdentity(team.workspace, account, input.as);
    return { db, conversationId, original, account, team, sender };
  }

  list(): OutboxItem[] {
    if (!this.app.hasCache()) return [];
    return this.store().list().map(item);
  }

  /** Undo send; a reply sent from the shared draft puts it back, unless a new one was begun. */
  async cancel(
    input: MethodInput<'outbox.cancel'>,
  ): Promise<OutboxItem & { backInDraft: boolean }> {
    const cancelled = this.store().cancel(input.id);
    tellChanged(this.app, { ...cancelled, state: 'cancelled' });
    const { draft, conversationId } = cancelled;
    const backInDraft =
      draft !== null && conversationId !== null
        ? await this.app.drafts.with(conversationId, async (shared, team) => {
            // Blank as the team has it (an editor open on it may have written to it meanwhile).
            await this.app.drafts.caughtUp(team, conversationId, this.app.settings.teamConfirmMs);
            if (!shared.isBlank()) return false;
            team.atomically(() => {
              shared.setText(draft.text);
              shared.setEnvelope({
                ...(draft.to ? { to: draft.to, cc: draft.cc ?? [], bcc: draft.bcc ?? [] } : {}),
                subject: draft.subject,
              });
            });
            return true;
          })
        : false;
    return { ...item(cancelled), backInDraft };
  }

  resend(input: MethodInput<'outbox.resend'>): Promise<Queued> {
    return this.release(input.id, false);
  }

  sendAnyway(input: MethodInput<'outbox.sendAnyway'>): Promise<Queued> {
    return this.release(input.id, true);
  }

  /** The team's saved replies, by name. */
  async cannedList(): Promise<CannedInfo[]> {
    const found = await this.app.team.read((team) => team.workspace.settings.cannedResponses());
    return (found ?? []).map((canned) => ({
      id: canned.id,
      name: canned.title,
      text: canned.text,
    }));
  }

  /** Saves a reply under a name (replacing one of that name): an admin's call. */
  async cannedAdd(input: MethodInput<'canned.add'>): Promise<CannedInfo> {
    const team = await this.app.team.live();
    const { settings } = team.workspace;
    const same = settings
      .cannedResponses()
      .find((canned) => canned.title.toLowerCase() === input.name.toLowerCase());
    const saved = team.atomically(() =>
      settings.saveCannedResponse({
        ...(same ? { id: same.id } : {}),
        title: input.name,
        text: input.text,
      }),
    );
    return { id: saved.id, name: saved.title, text: saved.text };
  }

  private async release(id: number, anyway: boolean): Promise<Queued> {
    const released = this.store().release(id, { anyway, now: this.app.clock.now() });
    tellChanged(this.app, released);
    return queued(await deliverNow(this.app, released.id));
  }

  private async queue(composed: ComposedMessage, queueing: Queueing): Promise<Queued> {
    const { when } = queueing;
    const now = this.app.clock.now();
    const sendAt =
      when.at !== undefined
        ? Date.parse(when.at)
        : when.now
          ? now
          : now + this.app.settings.undoSendMs;
    const entry = this.store().queue(
      {
        accountId: queueing.account.id,
        conversationId: queueing.conversationId,
        kind: queueing.kind,
        messageId: composed.messageId,
        raw: composed.raw,
        envelope: composed.envelope,
        subject: composed.subject,
        authorId: queueing.sender.memberId,
        authorEmail: queueing.sender.identity.agent.address,
        sendMode: queueing.sender.identity.mode,
        startedAt: queueing.startedAt,
        sendAt,
        scheduled: when.at !== undefined,
        skipGuard: queueing.anyway,
        bcc: composed.bcc,
        draft: queueing.draft
          ? {
              text: queueing.draft.text,
              to: queueing.draft.to,
              cc: queueing.draft.cc,
              bcc: queueing.draft.bcc,
              subject: queueing.draft.subject,
            }
          : null,
      },
      now,
    );
    tellChanged(this.app, entry);
    // The outbox holds it now: the shared draft goes (back if the send is undone), before a
    // send asked for now waits for its outcome.
    if (queueing.draft && queueing.conversationId)
      await this.app.drafts.with(queueing.conversationId, (shared) => shared.discard());
    return queued(when.now ? await deliverNow(this.app, entry.id) : entry);
  }

  private canned(team: TeamWorkspace, name: string, values: CannedValues): string {
    const found = team.workspace.settings
      .cannedResponses()
      .find((canned) => canned.title.toLowerCase() === name.toLowerCase());
    if (!found)
      throw new UserError('not-found', `no canned response named "${name}"`, { field: 'canned' });
    return renderCanned(found.text, values, found.title);
  }

  /**
   * The signature the sender's message from the mailbox ends with (signatureFor: the agent's own
   * before the team's), its `{{variables}}` filled like a canned response's.
   */
  private signature(
    team: TeamWorkspace,
    account: Account,
    sender: Sender,
    values: CannedValues,
  ): { signature?: string } {
    const chosen = signatureFor(
      team.workspace.settings.signatures(),
      account.email,
      sender.memberId,
    );
    return chosen ? { signature: renderCanned(chosen.text, values, chosen.name) } : {};
  }

  /** The original's attachments, bytes and all (fetched once, kept for offline). */
  private async attachmentsOf(messageId: number): Promise<OutgoingAttachment[]> {
    const ids = this.app
      .db()
      .prepare<[number], number>(
        "SELECT id FROM attachments WHERE message_id = ? AND disposition = 'attachment' ORDER BY id",
      )
      .pluck()
      .all(messageId);
    const files: OutgoingAttachment[] = [];
    for (const id of ids) {
      const file = await attachmentBytes(this.app, id);
      files.push({ filename: file.filename, contentType: file.contentType, content: file.content });
    }
    return files;
  }

  private store(): OutboxStore {
    return new OutboxStore(this.app.db());
  }
}

/**
 * The outbox's messages of a conversation not in the cache as mail yet (no message of the
 * conversation has their Message-ID), oldest first.
 */
export function outgoingOf(db: Db, conversationId: string): OutboxItem[] {
  const ids = db
    .prepare<[string, string], number>(
      `SELECT o.id FROM outbox o
       WHERE o.conversation_id = ? AND NOT EXISTS (
         SELECT 1 FROM messages m WHERE m.conversation_id = ? AND m.message_id = o.message_id)
       ORDER BY o.created_at, o.id`,
    )
    .pluck()
    .all(conversationId, conversationId);
  const store = new OutboxStore(db);
  return ids.map((id) => item(store.require(id)));
}

/** What a caller sees of a queued message. */
function queued(entry: OutboxEntry): Queued {
  return {
    outboxId: entry.id,
    messageId: entry.messageId,
    conversationId: entry.conversationId,
    state: entry.state,
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.error ? { error: entry.error } : {}),
    ...(waiting(entry) ? { sendAt: goesAt(entry) } : {}),
  };
}

function item(entry: OutboxEntry): OutboxItem {
  return {
    id: entry.id,
    messageId: entry.messageId,
    conversationId: entry.conversationId,
    state: entry.state,
    attempts: entry.attempts,
    subject: entry.subject,
    to: entry.envelope.to,
    ...(entry.error ? { error: entry.error } : {}),
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.state === 'held' && entry.held
      ? {
          held: {
            kind: entry.held.kind,
            who: entry.held.who,
            at: new Date(entry.held.at).toISOString(),
          },
        }
      : {}),
    ...(waiting(entry) ? { sendAt: goesAt(entry) } : {}),
    ...(entry.sentAt === null ? {} : { sentAt: new Date(entry.sentAt).toISOString() }),
  };
}

const waiting = (entry: OutboxEntry) => entry.state === 'queued' || entry.state === 'scheduled';
/** When a waiting message goes: its time, or after a temporary failure its next try. */
const goesAt = (entry: OutboxEntry) =>
  new Date(Math.max(entry.sendAt, entry.nextAttemptAt ?? 0)).toISOString();

/** A recipient as the contract takes it: `addr` or `Name <addr>` (checked as the message is made). */
const address = (text: string): Address => namedAddress(text);

/** What `{{variables}}` of a canned response or a signature say, for this sender's message. */
const valuesFor = (sender: Sender, contact: Address | null, subject: string): CannedValues =>
  cannedValuesFor({
    contact,
    agent: sender.identity.agent,
    mailbox: sender.identity.mailbox,
    subject,
  });

function decoded(attachments: Attachments): OutgoingAttachment[] {
  return (attachments ?? []).map((file) => ({
    filename: file.filename,
    contentType: file.contentType ?? 'application/octet-stream',
    content: Buffer.from(file.contentBase64, 'base64'),
  }));
}
