import {
  addAccount,
  getAccount,
  isEmailAddress,
  listAccounts,
  updateAccount,
  type Account,
  type AccountChanges,
} from '../../accounts/account-store.js';
import { removeAccount } from '../../accounts/remove-account.js';
import { envSecretRef, requireSecret } from '../../accounts/secrets.js';
import { formatServerUrl, parseServerUrl, type ServerEndpoint } from '../../accounts/server-url.js';
import { isUserError, UserError } from '../../errors.js';
import { connectImap } from '../../imap/connect.js';
import { verifySmtp } from '../../smtp/verify-smtp.js';
import type { AppContext } from '../app-context.js';
import type { MethodInput } from '../contract/inputs.js';
import type { AccountSummary, ConnectionTest, RemovedAccount } from '../contract/outputs.js';
import { syncLockFile } from '../data-dir.js';
import { acquireSyncLock } from '../sync-lock.js';

type Password = NonNullable<MethodInput<'accounts.add'>['password']>;

/** The shared mailboxes this data directory syncs. */
export class AccountService {
  constructor(private readonly app: AppContext) {}

  list(): AccountSummary[] {
    if (!this.app.hasCache()) return [];
    const db = this.app.db();
    const errors = new Map(
      db
        .prepare<[], { id: string; sync_error: string | null }>(
          'SELECT id, sync_error FROM accounts',
        )
        .all()
        .map((row) => [row.id, row.sync_error]),
    );
    return listAccounts(db).map((account) => summary(account, errors.get(account.id) ?? null));
  }

  add(input: MethodInput<'accounts.add'>): AccountSummary {
    if (!isEmailAddress(input.email))
      throw new UserError('invalid', `not an email address: ${input.email}`, { field: 'email' });
    const imap = serverUrl(input.imapUrl, 'imap', 'imapUrl');
    const smtp = input.smtpUrl ? serverUrl(input.smtpUrl, 'smtp', 'smtpUrl') : null;
    const db = this.app.db();
    // The account and its password's reference are stored together, or neither.
    const added = db.transaction(() => {
      const account = addAccount(db, {
        name: input.name,
        email: input.email,
        imap,
        smtp,
        ...(input.auth ? { auth: input.auth } : {}),
        ...(input.providerFilesSent !== undefined
          ? { providerFilesSent: input.providerFilesSent }
          : {}),
      });
      if (!input.password) return summary(account, null);
      const updated = updateAccount(db, account.id, {
        passwordRef: this.keep(account.id, input.password),
      });
      return summary(updated, null);
    })();
    this.app.events.emit({ type: 'accounts.changed', account: added.id, change: 'added' });
    return added;
  }

  edit(input: MethodInput<'accounts.edit'>): AccountSummary {
    const db = this.app.db();
    const before = getAccount(db, input.account);
    const changes: AccountChanges = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.imapUrl !== undefined ? { imap: serverUrl(input.imapUrl, 'imap', 'imapUrl') } : {}),
      ...(input.smtpUrl !== undefined
        ? { smtp: input.smtpUrl === null ? null : serverUrl(input.smtpUrl, 'smtp', 'smtpUrl') }
        : {}),
      ...(input.password ? { passwordRef: this.keep(before.id, input.password) } : {}),
      ...(input.auth ? { auth: input.auth } : {}),
      ...(input.providerFilesSent !== undefined
        ? { providerFilesSent: input.providerFilesSent }
        : {}),
    };
    const account = updateAccount(db, before.id, changes);
    if (input.password && before.passwordRef && before.passwordRef !== account.passwordRef)
      this.app.secrets.forget?.(before.passwordRef);
    this.app.events.emit({ type: 'accounts.changed', account: account.id, change: 'edited' });
    return summary(account, syncError(this.app, account.id));
  }

  remove(input: MethodInput<'accounts.remove'>): RemovedAccount {
    const db = this.app.db();
    const account = getAccount(db, input.account);
    // A running sync would go on filing mail of the account being removed.
    const release = lockSync(this.app.dataDir, 'stop it, then remove the account');
    try {
      const conversationIds = db
        .prepare<[string], string>('SELECT id FROM conversations WHERE account_id = ?')
        .pluck()
        .all(account.id);
      const removed = removeAccount(db, account.id, {
        dropPendingActions: input.dropPendingActions === true,
      });
      if (account.passwordRef) this.app.secrets.forget?.(account.passwordRef);
      this.app.events.emit({ type: 'accounts.changed', account: account.id, change: 'removed' });
      // Its conversations left the lists: a UI drops them without asking again.
      if (conversationIds.length > 0)
        this.app.events.emit({ type: 'conversations.changed', conversationIds, source: 'local' });
      return removed;
    } finally {
      release();
    }
  }

  async testConnection(input: MethodInput<'accounts.testConnection'>): Promise<ConnectionTest> {
    const account = getAccount(this.app.db(), input.account);
    const imap = await outcome(async () => {
      const client = await connectImap(account, this.app.secrets);
      await client.logout().catch(() => client.close());
    });
    const smtp = account.smtp
      ? await outcome(() =>
          verifySmtp(
            account.smtp!,
            requireSecret(this.app.secrets, account.passwordRef, account.email),
          ),
        )
      : null;
    return { imap, smtp };
  }

  /** The reference to store for a password, as this platform keeps it. */
  private keep(accountId: string, password: Password): string {
    const { secrets } = this.app;
    if (password.env !== undefined) {
      if (!secrets.readsEnvironment)
        throw new UserError(
          'invalid',
          'this app keeps passwords in the system keychain: give the password itself',
          { field: 'password' },
        );
      return envSecretRef(password.env);
    }
    if (!secrets.keep)
      throw new UserError(
        'invalid',
        'this front end cannot keep passwords: give the name of an environment variable that holds it',
        { field: 'password' },
      );
    return secrets.keep(accountId, password.value!);
  }
}

/** A server URL of the call's `field`, which a refusal names (parseServerUrl does not know it). */
function serverUrl(text: string, kind: 'imap' | 'smtp', field: string): ServerEndpoint {
  try {
    return parseServerUrl(text, kind);
  } catch (error) {
    if (isUserError(error, 'invalid'))
      throw new UserError('invalid', error.message, { field, cause: error });
    throw error;
  }
}

function summary(account: Account, error: string | null): AccountSummary {
  return {
    id: account.id,
    name: account.name,
    email: account.email,
    imapUrl: formatServerUrl(account.imap),
    smtpUrl: account.smtp ? formatServerUrl(account.smtp) : null,
    transport: account.transport,
    passwordRef: account.passwordRef,
    auth: account.auth,
    providerFilesSent: account.providerFilesSent,
    syncError: error,
  };
}

function syncError(app: AppContext, accountId: string): string | null {
  return (
    app
      .db()
      .prepare<[string], { sync_error: string | null }>(
        'SELECT sync_error FROM accounts WHERE id = ?',
      )
      .get(accountId)?.sync_error ?? null
  );
}

/** A connection test's outcome: a failure a user can act on is an answer, not an error. */
async function outcome(
  attempt: () => Promise<void>,
): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  try {
    await attempt();
    return { ok: true };
  } catch (error) {
    if (!isUserError(error)) throw error;
    return { ok: false, code: error.code, message: error.message };
  }
}

/** The sync lock, for a change no running sync may see half done; `then`: what to do instead. */
export function lockSync(dataDir: string, then: string): () => void {
  try {
    return acquireSyncLock(syncLockFile(dataDir));
  } catch (error) {
    if (isUserError(error, 'locked'))
      throw new UserError('locked', `a sync is running on this data directory: ${then}`);
    throw error;
  }
}
