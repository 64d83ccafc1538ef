import { z } from 'zod';
import { ACCOUNT_AUTHS } from '../../accounts/account-store.js';
import { MAIL_ACTIONS } from '../../actions/mail-actions.js';
import { ACTIVITY_KINDS } from '../../team/client/presence.js';
import { CONVERSATION_STATUSES, MAILBOX_PERMISSIONS } from '../../team/workspace/index.js';
import { caretPosition } from './caret-schema.js';

/*
 * What a front end may ask of the application: one named method each, with the schema of its
 * input. The Electron IPC (main validates, preload exposes) and the browser host (a WebSocket)
 * carry exactly this; the dispatcher checks every input against it before the facade sees it.
 * Domain calls only: ids and values, never SQL, file paths chosen by the caller, or raw Yjs
 * (but for a shared draft's updates, the opaque bytes a bound editor exchanges: drafts.update).
 * Objects are strict: a key the contract does not know is refused, naming it (which also keeps
 * a caller from slipping in who it acts as: the acting member is the app's, see open-switchboard).
 */

/** The most a list or a search returns in one call. */
export const MAX_LIMIT = 10_000;

const text = z.string().trim().min(1).max(1000);
/** A conversation id as `conversations` and `search` give it (an id from before two conversations merged finds the merged one). */
const conversationId = z.string().trim().min(1).max(200);
/** An account's id, or its address. */
const account = z.string().trim().min(1).max(320);
const limit = z.int().min(1).max(MAX_LIMIT);
/** An instant, ISO 8601 with a time zone (`2026-12-01T09:00:00Z`). */
const instant = z.iso.datetime({ offset: true });
/**
 * A tag's name: bounded here for the transport only; what a tag may be called (100 characters)
 * is the workspace's rule (Settings), which says so in its own words when a tag is defined.
 */
const tagName = z.string().trim().min(1).max(1000);
const serverUrl = z.string().trim().min(1).max(2000);

/**
 * A mail password: given (kept by the platform's secret store, the system keychain in the app),
 * or the name of an environment variable that holds it at each run (the CLI; a platform whose
 * store does not read the environment refuses it).
 */
const password = z
  .strictObject({
    value: z.string().min(1).max(4096).optional(),
    env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not a valid environment variable name')
      .optional(),
  })
  .refine((given) => (given.value === undefined) !== (given.env === undefined), {
    message: 'give the password (value) or the variable that holds it (env), one of them',
  });

const accountFields = {
  name: text.max(200),
  imapUrl: serverUrl,
  smtpUrl: serverUrl.nullable(),
  password,
  /** `xoauth2`: the password is an OAuth 2.0 access token (Gmail, Outlook). */
  auth: z.enum(ACCOUNT_AUTHS),
  /** The provider files sent mail in Sent itself: no copy is appended. */
  providerFilesSent: z.boolean(),
};

/** Who a conversation is assigned to: a teammate by address, this app's member, or nobody. */
const assignee = z.union([
  z.strictObject({ email: z.string().trim().min(3).max(320) }),
  z.literal('me'),
  z.literal('none'),
]);

const none = z.strictObject({});

/**
 * An address someone is written to (a recipient): `addr` or `Name <addr>`, checked by the
 * composer when it is used.
 */
const recipient = z.string().trim().min(3).max(320);
/** A message's own text, as the agent wrote it. */
const messageText = z.string().trim().min(1).max(1_000_000);
/** A file to send, its bytes in base64 (a front end reads the file: no path crosses the door). */
const attachment = z.strictObject({
  filename: z.string().trim().min(1).max(255),
  contentType: z.string().trim().min(3).max(255).optional(),
  contentBase64: z.base64().max(35_000_000),
});
/** Whether the mailbox's address alone is shown (send-as), or the agent's too as Sender. */
const sendAs = z.enum(['send-as', 'on-behalf']);
/**
 * How a message leaves: after the undo delay (default), at once (`now`: the call then waits for
 * the outcome), or at a time (`at`, send later); `anyway`: past the collision guard.
 */
const when = {
  now: z.boolean().optional(),
  at: instant.optional(),
  as: sendAs.optional(),
};
const notNowAndAt = {
  check: (input: { now?: boolean; at?: string }) => !(input.now && input.at !== undefined),
  message: 'now and at exclude each other (send at once, or at a time)',
};
const outboxId = z.strictObject({ id: z.int().min(1) });
/** A draft's recipients: each an address with, if known, the name to show. */
const draftRecipients = z
  .array(z.strictObject({ address: recipient, name: z.string().trim().max(200).optional() }))
  .max(100);
const draftOf = z.strictObject({ conversationId });

export const METHOD_INPUTS = {
  /** This app's member: who every change made through this app is made by. */
  'session.whoami': none,

  'accounts.list': none,
  'accounts.add': z.strictObject({
    ...accountFields,
    email: z.string().trim().min(3).max(320),
    smtpUrl: accountFields.smtpUrl.optional(),
    password: password.optional(),
    auth: accountFields.auth.optional(),
    providerFilesSent: accountFields.providerFilesSent.optional(),
  }),
  /** Not the address: conversation ids derive from it. */
  'accounts.edit': z.strictObject({
    account,
    name: accountFields.name.optional(),
    imapUrl: accountFields.imapUrl.optional(),
    smtpUrl: accountFields.smtpUrl.optional(),
    password: password.optional(),
    auth: accountFields.auth.optional(),
    providerFilesSent: accountFields.providerFilesSent.optional(),
  }),
  /** Its mail leaves this cache; the server keeps it. */
  'accounts.remove': z.strictObject({
    account,
    /** Also drop local mail actions not yet written back (refused otherwise). */
    dropPendingActions: z.boolean().optional(),
  }),
  /** Logs in to the account's IMAP server (and SMTP, if it has one) and out again. */
  'accounts.testConnection': z.strictObject({ account }),

  /** The folders of one account, or of all, with what their last sync ran into. */
  'mail.folders': z.strictObject({ account: account.optional() }),
  'mail.conversations': z.strictObject({
    account: account.optional(),
    folder: z.string().min(1).max(1000).optional(),
    assignee: assignee.optional(),
    status: z.enum(CONVERSATION_STATUSES).optional(),
    tag: tagName.optional(),
    /** Conversations where a teammate's internal note mentions this app's member, or a member by address. */
    mentioned: z.union([z.literal('me'), z.string().trim().min(3).max(320)]).optional(),
    limit: limit.optional(),
    /** How many of the listed conversations to skip first: a list is read in pages (limit, offset). */
    offset: z.int().min(0).optional(),
  }),
  /** How many conversations each of the inbox's views holds, and how many open ones are unread. */
  'mail.counts': z.strictObject({ account: account.optional() }),
  'mail.conversation': z.strictObject({
    conversationId,
    /**
     * As a screen shows it: a long thread's middle messages come without their texts (`folded`,
     * read with mail.message when opened). The default carries every text (the CLI's `show`).
     */
    fold: z.boolean().optional(),
  }),
  'mail.search': z.strictObject({
    query: z.string().trim().min(1).max(2000),
    limit: limit.optional(),
  }),
  'mail.mark': z.strictObject({
    conversationId,
    action: z.enum(MAIL_ACTIONS),
    /** The destination of `move`. */
    folder: z.string().min(1).max(1000).optional(),
  }),
  /** An attachment's content, fetched from the server (the id `mail.conversation` lists). */
  'mail.attachment': z.strictObject({ attachmentId: z.int().min(1) }),
  /** A message's content in full, HTML included (the id `mail.conversation` gives it). */
  'mail.message': z.strictObject({ messageId: z.int().min(1) }),

  'triage.assign': z.strictObject({ conversationId, to: assignee }),
  'triage.setStatus': z
    .strictObject({
      conversationId,
      status: z.enum(CONVERSATION_STATUSES),
      /** When a snoozed conversation wakes up: required with `snoozed`, refused otherwise. */
      snoozedUntil: instant.optional(),
    })
    .refine((input) => (input.status === 'snoozed') === (input.snoozedUntil !== undefined), {
      path: ['snoozedUntil'],
      message: 'snoozed needs snoozedUntil (when it wakes up), and no other status takes one',
    }),
  /** Tags by name; an admin defines one nobody has yet on the way. All or nothing. */
  'triage.tag': z
    .strictObject({
      conversationId,
      add: z.array(tagName).max(100).optional(),
      remove: z.array(tagName).max(100).optional(),
    })
    .refine((input) => (input.add?.length ?? 0) + (input.remove?.length ?? 0) > 0, {
      path: ['add'],
      message: 'add or remove at least one tag',
    }),
  /** An internal note; `@email` mentions a teammate. */
  'triage.note': z.strictObject({ conversationId, text: z.string().trim().min(1).max(100_000) }),

  'team.status': none,
  'team.join': z.strictObject({
    serverUrl,
    workspaceId: z.string().trim().min(1).max(200),
    token: z.string().trim().min(1).max(1000),
    /** Join even when some solo work cannot be carried into the team (it is counted first). */
    leaveSoloWork: z.boolean().optional(),
  }),
  /** Stops working in the team workspace on this machine (back to solo). */
  'team.leave': z.strictObject({
    /** Leave even with changes the team server has not confirmed (they are dropped). */
    dropUnconfirmed: z.boolean().optional(),
  }),
  /** Drops the changes made here that the team server never accepted (a refused token). */
  'team.discard': none,
  'team.members': none,
  'team.tags': none,
  'team.presence': none,
  /** Tells teammates which conversation is on screen here (null: none). */
  'team.setViewing': z.strictObject({ conversationId: conversationId.nullable() }),
  /** Tells teammates a reply or a note is being written here (renew while typing). */
  'team.setTyping': z.strictObject({
    conversationId,
    kind: z.enum(ACTIVITY_KINDS),
    /** True: no longer writing there (idle a few seconds, the composer closed, the page gone). */
    stopped: z.boolean().optional(),
  }),
  /** What a teammate may do with a shared mailbox (an admin's call). */
  'team.setPermission': z.strictObject({
    email: recipient,
    mailbox: recipient,
    permission: z.enum(MAILBOX_PERMISSIONS),
  }),
  /** A new tag for the team (an admin's call): its name and colour (`#rrggbb`). */
  'team.defineTag': z.strictObject({ name: tagName, color: z.string().trim().min(1).max(20) }),
  /** Renames or recolours a tag (an admin's call); conversations keep it under its new name. */
  'team.editTag': z
    .strictObject({
      /** The tag's id, as team.tags gives it. */
      tag: z.string().trim().min(1).max(200),
      name: tagName.optional(),
      color: z.string().trim().min(1).max(20).optional(),
    })
    .refine((input) => input.name !== undefined || input.color !== undefined, {
      path: ['name'],
      message: 'give a new name or a new color',
    }),

  /**
   * The conversation's shared draft, held open for a composer until `drafts.close`: its text,
   * recipients and subject (the reply's own, or with `all` the reply-all's, until set), and its
   * state for a bound editor; from now on each change of it comes as a `draft.changed` event.
   */
  'drafts.open': z.strictObject({ conversationId, all: z.boolean().optional() }),
  /**
   * Writes the shared draft: its whole text (plain, a paragraph a line), its recipients (a list
   * given replaces that list), its subject (null: the reply's own). What a CLI or a simple
   * composer does; a rich editor sends its changes as updates instead.
   */
  'drafts.edit': z.strictObject({
    conversationId,
    text: z.string().max(1_000_000).optional(),
    to: draftRecipients.optional(),
    cc: draftRecipients.optional(),
    bcc: draftRecipients.optional(),
    subject: z.string().trim().max(1000).nullable().optional(),
    all: z.boolean().optional(),
  }),
  /** A change a bound editor made to the draft (a Yjs update of the draft's document, base64). */
  'drafts.update': z.strictObject({ conversationId, update: z.base64().min(1).max(8_000_000) }),
  /**
   * Where this agent's caret is in the draft held open here (a bound editor's selection, as Yjs
   * relative positions; null: none, the editor not focused), shown to teammates with the draft
   * open; answers with theirs. Their changes come as `draft.awareness` events.
   */
  'drafts.awareness': z.strictObject({
    conversationId,
    caret: caretPosition.nullable(),
  }),
  /** The composer is closed: stop holding the draft (it stays, for the team, until sent). */
  'drafts.close': draftOf,
  /** Drops the draft for the whole team. */
  'drafts.discard': draftOf,

  /**
   * A reply to the conversation's newest message (reply-all: its To and Cc too), written (`text`),
   * from a canned response (`canned`, its name), or the conversation's shared draft (`draft`: its
   * text, recipients and subject; the draft is removed once queued, and back if the send is
   * undone), queued in the outbox.
   */
  'outbox.reply': z
    .strictObject({
      conversationId,
      text: messageText.optional(),
      canned: text.optional(),
      draft: z.literal(true).optional(),
      all: z.boolean().optional(),
      attachments: z.array(attachment).max(50).optional(),
      anyway: z.boolean().optional(),
      /** When the agent started this reply (its draft opened): what the collision guard asks. */
      startedAt: instant.optional(),
      ...when,
    })
    .refine(
      (input) =>
        [input.text, input.canned, input.draft].filter((given) => given !== undefined).length === 1,
      {
        path: ['text'],
        message: 'give the reply as text, as a canned response, or from the draft: one of them',
      },
    )
    .refine((input) => notNowAndAt.check(input), { path: ['at'], message: notNowAndAt.message }),
  /** The conversation's newest message forwarded (with its attachments) to other addresses. */
  'outbox.forward': z
    .strictObject({
      conversationId,
      to: z.array(recipient).min(1).max(100),
      text: messageText.optional(),
      ...when,
    })
    .refine((input) => notNowAndAt.check(input), { path: ['at'], message: notNowAndAt.message }),
  /** A new conversation from one of the shared mailboxes. */
  'outbox.compose': z
    .strictObject({
      account,
      to: z.array(recipient).min(1).max(100),
      cc: z.array(recipient).max(100).optional(),
      bcc: z.array(recipient).max(100).optional(),
      subject: text,
      text: messageText,
      attachments: z.array(attachment).max(50).optional(),
      ...when,
    })
    .refine((input) => notNowAndAt.check(input), { path: ['at'], message: notNowAndAt.message }),
  /** Every message of the outbox, newest first. */
  'outbox.list': none,
  /** Undo send: a message that has not started going out leaves the outbox. */
  'outbox.cancel': outboxId,
  /** Sends a failed or unknown message again (for unknown: it may then arrive twice). */
  'outbox.resend': outboxId,
  /** Sends a held message, past the collision guard. */
  'outbox.sendAnyway': outboxId,

  /** The team's saved replies. */
  'canned.list': none,
  /** Saves a reply under a name (an admin's); its `{{variables}}` are filled when it is used. */
  'canned.add': z.strictObject({ name: text.max(200), text: messageText }),

  /** The signatures: the team's (per mailbox or for any) and each member's own. */
  'signatures.list': none,
  /**
   * Saves a signature (a new one, or `id`'s): the team's, an admin's call, or with `personal`
   * this app's member's own, which their messages use before the team's. Its `{{variables}}` are
   * filled like a canned response's when a message is sent. `mailbox`: only for that mailbox.
   */
  'signatures.save': z.strictObject({
    id: z.string().trim().min(1).max(100).optional(),
    name: text.max(200),
    text: messageText,
    mailbox: recipient.nullable().optional(),
    personal: z.boolean().optional(),
  }),
  'signatures.remove': z.strictObject({ id: z.string().trim().min(1).max(100) }),

  /** Syncs every account and the team workspace once, then returns what it did. */
  'sync.runOnce': none,
  /** Keeps everything in sync (IDLE, polls, the team connection) until `sync.stop`. */
  'sync.start': none,
  'sync.stop': none,
  'sync.status': none,

  /**
   * A link handed to the app from outside: `mailto:` (a new message with its fields) or
   * `switchboard://conversation/ID`; it waits for a window to take it (`links.waiting`).
   */
  'links.open': z.strictObject({ url: z.string().trim().min(1).max(8192) }),
  /** The links waiting for a window, each given once. */
  'links.take': none,
} as const;

export type MethodName = keyof typeof METHOD_INPUTS;
export type MethodInput<M extends MethodName> = z.infer<(typeof METHOD_INPUTS)[M]>;
export const METHOD_NAMES = Object.keys(METHOD_INPUTS) as MethodName[];
