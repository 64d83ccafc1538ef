import { describeRefusal, isCommandRefusal } from '../imap/imap-failures.js';
import type { CacheWriter } from '../store/cache-writer.js';

/** A folder a pass could not sync, and why: one line, also kept on the folder's row. */
export interface FolderFailure {
  path: string;
  error: string;
}

interface Folder {
  id: number;
  path: string;
  /** What the row says of the last pass (MailboxRow.sync_error). */
  sync_error?: string | null;
}

/**
 * The folders of one pass that failed on their own. The server refusing something about one
 * folder (NO or BAD: it cannot be opened, or read) costs that folder only: the failure is kept on
 * its row (a UI shows it there) and the pass goes on with the others. Anything else still ends
 * the pass: a dropped or stalled connection is the account's trouble (the pass is retried as a
 * whole), a wrong password too, and a bug is ours.
 */
export class FolderFailures {
  private readonly failed = new Map<string, FolderFailure>();

  constructor(private readonly cache: CacheWriter) {}

  /**
   * Runs one folder's work; undefined when it failed on its own (recorded) or had failed already
   * in this pass (its bodies are not asked for after its headers failed).
   */
  async isolate<T>(folder: Folder, work: () => Promise<T>): Promise<T | undefined> {
    if (this.failed.has(folder.path)) return undefined;
    try {
      return await work();
    } catch (error) {
      if (
        !isCommandRefusal(error) ||
        (error as { authenticationFailed?: unknown }).authenticationFailed
      )
        throw error;
      const failure = { path: folder.path, error: describeRefusal(error) };
      this.failed.set(folder.path, failure);
      await this.cache.run({
        type: 'sync-error',
        target: { mailboxId: folder.id },
        error: failure.error,
      });
      return undefined;
    }
  }

  /** The folder synced: a failure an earlier pass recorded on its row is cleared. */
  async synced(folder: Folder): Promise<void> {
    if (folder.sync_error && !this.failed.has(folder.path))
      await this.cache.run({ type: 'sync-error', target: { mailboxId: folder.id }, error: null });
  }

  list(): FolderFailure[] {
    return [...this.failed.values()];
  }
}
