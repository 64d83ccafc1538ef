import { z } from 'zod';
import { OUTBOX_STATES } from '../../outbox/outbox-store.js';
import { ACTIVITY_KINDS } from '../../team/client/presence.js';
import { caretPosition } from './caret-schema.js';

/*
 * Everything that changes, as one stream of events: what a UI listens to instead of polling.
 * Each event is plain JSON with a `type`; the schemas are the contract the IPC and the browser
 * host carry (a transport may check them on its side too).
 */

const conversationIds = z.array(z.string()).min(1);

export const APP_EVENT_SCHEMAS = {
  /**
   * These conversations changed (list them again, or the one on screen): new or removed mail,
   * flags, a local action, team state from here or from a teammate.
   */
  'conversations.changed': z.strictObject({
    type: z.literal('conversations.changed'),
    conversationIds,
    /** `mail`: the server's mail; `local`: an action made here; `team`: a teammate's change. */
    source: z.enum(['mail', 'local', 'team']),
  }),
  /** New mail arrived in an account (a subset of the changes above, for notifications). */
  'mail.received': z.strictObject({
    type: z.literal('mail.received'),
    account: z.string(),
    conversationIds,
    messages: z.int().min(1),
  }),
  /** An account was added, edited (name, servers, password) or removed: list them again. */
  'accounts.changed': z.strictObject({
    type: z.literal('accounts.changed'),
    /** The account's id. */
    account: z.string(),
    change: z.enum(['added', 'edited', 'removed']),
  }),
  /**
   * A message of the outbox changed state (queued, sending, sent, failed, unknown, held, or
   * cancelled: it left the outbox).
   */
  'outbox.changed': z.strictObject({
    type: z.literal('outbox.changed'),
    id: z.int(),
    messageId: z.string(),
    conversationId: z.string().nullable(),
    state: z.enum([...OUTBOX_STATES, 'cancelled']),
  }),
  /**
   * A shared draft held open here (drafts.open) changed: edited here, or by a teammate. `update`
   * is the change as a Yjs update (base64) for a bound editor to apply; others read it again.
   */
  'draft.changed': z.strictObject({
    type: z.literal('draft.changed'),
    conversationId: z.string(),
    origin: z.enum(['local', 'remote']),
    update: z.string(),
  }),
  /**
   * Everyone else's carets in a shared draft held open here (drafts.open), whenever they change:
   * each a teammate's selection as Yjs relative positions into the draft's document, for a bound
   * editor to draw with their name (the whole picture, as drafts.awareness answers it).
   */
  'draft.awareness': z.strictObject({
    type: z.literal('draft.awareness'),
    conversationId: z.string(),
    carets: z.array(
      caretPosition.extend({
        clientId: z.int(),
        member: z.strictObject({ id: z.string(), name: z.string(), email: z.string() }),
      }),
    ),
  }),
  /** The team's members, roles or tags changed, or the workspace's name. */
  'team.directory': z.strictObject({
    type: z.literal('team.directory'),
    what: z.enum(['members', 'tags', 'workspace']),
  }),
  /** Who is online, viewing or writing where (the whole picture, teammates only). */
  'presence.changed': z.strictObject({
    type: z.literal('presence.changed'),
    teammates: z.array(
      z.strictObject({
        member: z.strictObject({ id: z.string(), name: z.string(), email: z.string() }),
        viewing: z.string().nullable(),
        typing: z
          .strictObject({
            conversationId: z.string(),
            kind: z.enum(ACTIVITY_KINDS),
            until: z.string(),
          })
          .nullable(),
      }),
    ),
  }),
  /** Where a sync is (an account's phase, a folder, counts). */
  'sync.progress': z.strictObject({
    type: z.literal('sync.progress'),
    account: z.string(),
    phase: z.enum(['folders', 'checking', 'headers', 'bodies', 'actions', 'done']),
    mailbox: z.string().optional(),
    done: z.int().optional(),
    total: z.int().optional(),
  }),
  /** A pass over an account ended: what it did. */
  'sync.passed': z.strictObject({
    type: z.literal('sync.passed'),
    account: z.string(),
    folders: z.int(),
    added: z.int(),
    removed: z.int(),
    flagsChanged: z.int(),
    bodies: z.int(),
    actions: z.int(),
  }),
  /**
   * The team half of a sync exchanged with the team server (`exchange`), or could not start
   * (`error`: a token refused before the workspace ever reached this machine, say).
   */
  'sync.team': z.strictObject({
    type: z.literal('sync.team'),
    exchange: z
      .strictObject({
        workspaceId: z.string(),
        conversations: z.int(),
        delivery: z.enum(['confirmed', 'queued', 'refused']),
        note: z.string(),
      })
      .nullable(),
    error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  }),
  /** A folder (`mailbox`) or a whole account (`mailbox: null`) failed; the others go on. */
  'sync.failed': z.strictObject({
    type: z.literal('sync.failed'),
    account: z.string(),
    mailbox: z.string().nullable(),
    code: z.string(),
    message: z.string(),
  }),
  /** The running sync started or stopped. */
  'sync.state': z.strictObject({ type: z.literal('sync.state'), running: z.boolean() }),
  /**
   * A connection's state: the team server's (`online`, `offline`, `token-refused`) or an
   * account's IMAP server (`online`, `offline`, `auth-failed`).
   */
  'connection.changed': z.strictObject({
    type: z.literal('connection.changed'),
    target: z.enum(['team', 'imap']),
    /** The account's address, for `imap`. */
    account: z.string().optional(),
    state: z.enum(['online', 'offline', 'token-refused', 'auth-failed']),
  }),
  /** Links handed to the app wait for a window to take them (`links.take`). */
  'links.waiting': z.strictObject({ type: z.literal('links.waiting'), count: z.int().min(1) }),
  /**
   * An action chosen in the desktop app's application menu (an id of the page's action catalog,
   * renderer/actions/catalog.ts): pushed to the window by the shell (electron/main/app-menu.ts),
   * never by the core. A page that does not know the id does nothing.
   */
  'menu.chosen': z.strictObject({
    type: z.literal('menu.chosen'),
    action: z
      .string()
      .regex(/^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)*$/u)
      .max(100),
  }),
} as const;

export type AppEventType = keyof typeof APP_EVENT_SCHEMAS;
export type AppEventOf<T extends AppEventType> = z.infer<(typeof APP_EVENT_SCHEMAS)[T]>;
export type AppEvent = { [T in AppEventType]: AppEventOf<T> }[AppEventType];

/** Any event, checked: what a transport's receiving side may parse with. */
export const appEventSchema = z.discriminatedUnion(
  'type',
  Object.values(APP_EVENT_SCHEMAS) as unknown as [
    (typeof APP_EVENT_SCHEMAS)[AppEventType],
    ...(typeof APP_EVENT_SCHEMAS)[AppEventType][],
  ],
);
