import type { ImapFlow } from 'imapflow';
import type { Account } from '../accounts/account-store.js';
import type { SecretSource } from '../accounts/secrets.js';
import { connectImap } from './connect.js';

/**
 * How long a connection waits for the next use before it logs out: a reader opening mail after
 * mail opens one every few seconds to a minute. (Servers keep an idle session 30 minutes at
 * least, RFC 9051 §5.4.)
 */
const IDLE_MS = 60_000;

/**
 * How long a kept connection has to answer a NOOP before it is given up for a new one: a
 * connection the network dropped without a word (a NAT's timeout) would otherwise hold the use
 * until the stall deadline.
 */
const CHECK_MS = 5000;

export interface ImapConnectionPool {
  /** Runs `work` on a logged-in connection to the account's server, kept for the next use. */
  use<T>(account: Account, work: (client: ImapFlow) => Promise<T>): Promise<T>;
  /** Logs out every connection kept; none is kept after. */
  close(): void;
}

/**
 * IMAP connections for what is done on demand (a message opened in full, an attachment saved, a
 * sent copy filed), apart from the sync's, which may be in the middle of a folder: one per
 * account kept logged in between uses, so that opening mail after mail is one login, not one
 * each (over the internet a TLS handshake and a login are several round trips; Dovecot forks a
 * process for each login). A kept connection is checked before it is used again, and one that
 * does not answer is replaced: the work itself is never tried twice (a sent copy appended twice
 * would be two copies). A use that fails drops its connection; uses at the same moment take a
 * connection each, and one is kept afterwards.
 */
export function imapConnectionPool(
  secrets: SecretSource,
  idleMs = IDLE_MS,
  checkMs = CHECK_MS,
): ImapConnectionPool {
  const kept = new Map<string, { client: ImapFlow; timer: NodeJS.Timeout }>();
  let closed = false;
  const logout = (client: ImapFlow) => void client.logout().catch(() => client.close());

  /** The account's kept connection, if it still answers (a NOOP: RFC 9051 §6.1.2). */
  const take = async (key: string): Promise<ImapFlow | undefined> => {
    const entry = kept.get(key);
    if (!entry) return undefined;
    kept.delete(key);
    clearTimeout(entry.timer);
    // Usable still after the NOOP: imapflow's noop() resolves even when the NOOP failed (it logs
    // the failure), and a connection found dropped on the way is no longer usable.
    if (entry.client.usable && (await answers(entry.client, checkMs)) && entry.client.usable)
      return entry.client;
    entry.client.close();
    return undefined;
  };

  const keep = (key: string, client: ImapFlow) => {
    if (closed || kept.has(key) || !client.usable) return logout(client);
    const timer = setTimeout(() => {
      if (kept.get(key)?.client === client) kept.delete(key);
      logout(client);
    }, idleMs);
    // The timer never holds the process open (the app's close logs out what is kept).
    timer.unref();
    kept.set(key, { client, timer });
  };

  return {
    async use(account, work) {
      const key = connectionKey(account);
      const client = (await take(key)) ?? (await connectImap(account, secrets));
      let result: Awaited<ReturnType<typeof work>>;
      try {
        result = await work(client);
      } catch (error) {
        logout(client);
        throw error;
      }
      keep(key, client);
      return result;
    },
    close() {
      closed = true;
      for (const { client, timer } of kept.values()) {
        clearTimeout(timer);
        logout(client);
      }
      kept.clear();
    },
  };
}

/** One connection per account and server: an account edited to another server gets another. */
function connectionKey(account: Account): string {
  const { host, port, user, secure, requireStartTls } = account.imap;
  return JSON.stringify([account.id, host, port, user, secure, requireStartTls]);
}

/** Whether `client`'s NOOP came back within `ms` (answered, or failed: see `usable`). */
async function answers(client: ImapFlow, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      client.noop().then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
