import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listAccounts } from '../accounts/account-store.js';
import type { Db } from '../db/open-database.js';
import { makePrivateDir } from '../db/private-files.js';
import { BlobStore } from '../files/blob-store.js';
import { imapConnectionPool, type ImapConnectionPool } from '../imap/imap-connection-pool.js';
import { submissionPool, type SubmissionPool } from '../smtp/submission-pool.js';
import type { SoloMember } from '../team/client/embedded-server.js';
import { AppDrafts } from './app-drafts.js';
import type { AppEvents } from './app-events.js';
import { cacheFile } from './data-dir.js';
import { openCache } from './open-cache.js';
import type { AppSettings, Clock, Logger, SecretStore } from './platform.js';
import { TeamAccess } from './team-access.js';

/**
 * What every service of one open data directory shares: the cache (opened on first use, so a
 * call that fails before it needs the cache, a refused `team.join`, leaves a fresh data directory
 * as it was), the platform's edges, the settings, the event stream and the team workspace.
 */
export class AppContext {
  private cache: Db | undefined;
  readonly team: TeamAccess;
  /** The shared drafts this app works on (held open for a composer, or for one call). */
  readonly drafts: AppDrafts;
  /** SMTP sessions kept between the outbox's messages (a queue goes over one connection). */
  readonly submissions: SubmissionPool = submissionPool();
  /** IMAP connections kept between what is fetched on demand (a message opened in full). */
  readonly imap: ImapConnectionPool;

  constructor(
    readonly dataDir: string,
    readonly secrets: SecretStore,
    readonly clock: Clock,
    readonly logger: Logger,
    readonly settings: AppSettings,
    readonly events: AppEvents,
  ) {
    this.imap = imapConnectionPool(secrets);
    this.team = new TeamAccess(this);
    this.drafts = new AppDrafts(this);
  }

  /** The mail cache, opened (created, migrated) on first use. */
  db(): Db {
    return (this.cache ??= openCache(this.dataDir));
  }

  /** The data directory's content-addressed files (attachments, local mailboxes' messages). */
  blobs(): BlobStore {
    const dir = join(this.dataDir, 'blobs');
    makePrivateDir(dir);
    return new BlobStore(dir);
  }

  /** Whether the data directory has a cache yet (reads of a fresh one create nothing). */
  hasCache(): boolean {
    return this.cache !== undefined || existsSync(cacheFile(this.dataDir));
  }

  /**
   * Who this user is, should a solo workspace be made for them: the settings' user, else the
   * first account's name and address, else "Me" <me@localhost>.
   */
  me(): SoloMember {
    if (this.settings.user) return this.settings.user;
    const account = this.hasCache() ? listAccounts(this.db())[0] : undefined;
    return account
      ? { name: account.name, email: account.email }
      : { name: 'Me', email: 'me@localhost' };
  }

  async close(): Promise<void> {
    this.submissions.close();
    this.imap.close();
    this.drafts.close();
    try {
      await this.team.close();
    } finally {
      this.cache?.close();
      this.cache = undefined;
    }
  }
}
