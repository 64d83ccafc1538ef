import type { Account } from '../accounts/account-store.js';
import { isUserError, type UserError } from '../errors.js';
import type { MailboxRole } from '../imap/special-use.js';
import type { AccountSyncResult } from '../sync/account-sync.js';
import type { FolderFailure } from '../sync/folder-failures.js';
import type { SyncHooks } from '../sync/sync-runner.js';
import type { TeamSyncResult } from '../team/client/team-sync.js';
import type { AppEvents } from './app-events.js';
import type {
  AccountSyncSummary,
  SyncFailure,
  SyncOnceResult,
  TeamExchange,
} from './contract/outputs.js';

type ImapState = 'online' | 'offline' | 'auth-failed';
type TeamConnection = 'online' | 'offline' | 'token-refused';
type TeamError = NonNullable<SyncOnceResult['teamError']>;

/**
 * New copies in these folders were written or thrown away by someone, not received: they change
 * conversations, but a notification of new mail for a reply sent elsewhere or for spam is noise.
 */
const NOT_RECEIVED: ReadonlySet<MailboxRole> = new Set(['sent', 'drafts', 'trash', 'junk']);

/**
 * A folder's failure is always the server refusing a command about it (NO or BAD, see
 * src/sync/folder-failures.ts): the code of a server's answer Switchboard cannot work with.
 */
const FOLDER_FAILURE_CODE = 'protocol';

/**
 * Turns what the core's sync reports (its callbacks, each pass's result, each failure) into the
 * application's events, for a sync run once and for the running one alike. It remembers each
 * account's IMAP connection state, so `connection.changed` says a change, not every connection.
 */
export class SyncReporter {
  private readonly imap = new Map<string, ImapState>();
  private readonly passedAt = new Map<string, number>();
  private team: TeamConnection | undefined;

  constructor(
    private readonly events: AppEvents,
    private readonly now: () => number,
  ) {}

  /** The core's callbacks, as events; `imap`: the sync's own IMAP options, passed on. */
  hooks(imap?: SyncHooks['imap']): SyncHooks {
    const { events } = this;
    return {
      onProgress: (progress) => events.emit({ type: 'sync.progress', ...progress }),
      // One event per committed batch (a thousand messages at most in a first sync).
      onChange: (conversationIds) =>
        events.emit({ type: 'conversations.changed', conversationIds, source: 'mail' }),
      onReceived: (received) => {
        // A first sync brings a mailbox's history: nothing to notify anyone of.
        if (received.firstSync || (received.role && NOT_RECEIVED.has(received.role))) return;
        events.emit({
          type: 'mail.received',
          account: received.account,
          conversationIds: received.conversationIds,
          messages: received.messages,
        });
      },
      onConnected: (account) => this.connection(account.email, 'online'),
      ...(imap ? { imap } : {}),
    };
  }

  /** A pass over an account ended: said, and its summary. */
  passed(result: AccountSyncResult): AccountSyncSummary {
    this.passedAt.set(result.account, this.now());
    const summary: AccountSyncSummary = {
      account: result.account,
      folders: result.folders.length,
      added: result.folders.reduce((sum, folder) => sum + folder.added, 0),
      removed: result.folders.reduce((sum, folder) => sum + folder.removed, 0),
      flagsChanged: result.folders.reduce((sum, folder) => sum + folder.flagsChanged, 0),
      bodies: result.bodies,
      actions: result.actions,
    };
    this.events.emit({ type: 'sync.passed', ...summary });
    return summary;
  }

  /** When this app last finished a pass over the account (by its address; ms), if it did. */
  lastPass(account: string): number | undefined {
    return this.passedAt.get(account);
  }

  folderFailed(account: string, failure: FolderFailure): SyncFailure {
    return this.failed({
      account,
      mailbox: failure.path,
      code: FOLDER_FAILURE_CODE,
      message: failure.error,
    });
  }

  /** A pass over the whole account failed: said, and what the server's connection is now. */
  accountFailed(account: Account, error: Error): SyncFailure {
    const code = isUserError(error) ? error.code : 'internal';
    const state = connectionStateOf(code);
    if (state) this.connection(account.email, state);
    return this.failed({ account: account.email, mailbox: null, code, message: error.message });
  }

  /** The team half exchanged with the team server (nothing to say without a workspace). */
  teamExchanged(result: TeamSyncResult | undefined): TeamExchange | null {
    if (!result) return null;
    const exchange = teamExchange(result);
    this.team =
      exchange.delivery === 'confirmed'
        ? 'online'
        : exchange.delivery === 'queued'
          ? 'offline'
          : 'token-refused';
    this.events.emit({ type: 'sync.team', exchange, error: null });
    return exchange;
  }

  /** The team half could not start (a UserError: a bug is not told, it is thrown or logged). */
  teamFailed(error: UserError): TeamError {
    this.team = error.code === 'token-refused' ? 'token-refused' : 'offline';
    const failure = { code: error.code, message: error.message };
    this.events.emit({ type: 'sync.team', exchange: null, error: failure });
    return failure;
  }

  /** The team connection as the last sync found it, or as its events since say. */
  teamConnection(): TeamConnection | undefined {
    return this.team;
  }

  /** A teammate service's word on the team connection (connection.changed), kept for the status. */
  teamConnectionChanged(state: TeamConnection): void {
    this.team = state;
  }

  private failed(failure: SyncFailure): SyncFailure {
    this.events.emit({ type: 'sync.failed', ...failure });
    return failure;
  }

  private connection(account: string, state: ImapState): void {
    if (this.imap.get(account) === state) return;
    this.imap.set(account, state);
    this.events.emit({ type: 'connection.changed', target: 'imap', account, state });
  }
}

/**
 * What a failure says of the connection to the account's server: a password refused (or not
 * available to send), the server out of reach; nothing for the others (the server answered).
 */
function connectionStateOf(code: string): ImapState | undefined {
  if (code === 'auth-failed' || code === 'missing-secret') return 'auth-failed';
  if (code === 'unreachable' || code === 'timeout' || code === 'tls') return 'offline';
  return undefined;
}

/** The team half's outcome as the contract tells it. */
export function teamExchange(result: TeamSyncResult): TeamExchange {
  const delivery = result.refused ? 'refused' : result.confirmed ? 'confirmed' : 'queued';
  return {
    workspaceId: result.workspaceId,
    conversations: result.conversations,
    delivery,
    note:
      result.refused ??
      (delivery === 'queued' ? 'changes queued: the team server cannot be reached' : ''),
  };
}
