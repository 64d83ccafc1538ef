import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import type { Dovecot } from './dovecot.js';

/*
 * "Another mail client": each helper opens its own short IMAP session, so the code under test sees
 * the change exactly as it would see a colleague's phone or webmail doing it.
 */

function passwordOf(dovecot: Dovecot, user: string): string {
  const found = dovecot.users.find((candidate) => candidate.user === user);
  if (!found) throw new Error(`dovecot has no user ${user}`);
  return found.password;
}

export async function withImap<T>(
  dovecot: Dovecot,
  user: string,
  fn: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user, pass: passwordOf(dovecot, user) },
    logger: false,
    // A helper session is short and scripted; an automatic IDLE would only delay logout.
    disableAutoIdle: true,
  });
  // Without a listener an 'error' event (e.g. the server went away) would crash the test process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function inFolder<T>(
  dovecot: Dovecot,
  user: string,
  folder: string,
  fn: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  return withImap(dovecot, user, async (client) => {
    const lock = await client.getMailboxLock(folder);
    try {
      return await fn(client);
    } finally {
      lock.release();
    }
  });
}

export async function appendMessage(
  dovecot: Dovecot,
  user: string,
  folder: string,
  raw: string | Buffer,
  flags: string[] = [],
  date?: Date,
): Promise<number> {
  return withImap(dovecot, user, async (client) => {
    const result = await client.append(folder, raw, flags, date);
    if (result === false || result.uid === undefined) {
      throw new Error(`APPEND to ${folder} returned no UID (is UIDPLUS offered?)`);
    }
    return result.uid;
  });
}

export async function createFolder(dovecot: Dovecot, user: string, folder: string): Promise<void> {
  await withImap(dovecot, user, (client) => client.mailboxCreate(folder));
}

export async function deleteFolder(dovecot: Dovecot, user: string, folder: string): Promise<void> {
  await withImap(dovecot, user, (client) => client.mailboxDelete(folder));
}

export async function setFlags(
  dovecot: Dovecot,
  user: string,
  folder: string,
  uid: number,
  add: string[],
  remove: string[],
): Promise<void> {
  await inFolder(dovecot, user, folder, async (client) => {
    const range = String(uid);
    if (add.length > 0) await client.messageFlagsAdd(range, add, { uid: true });
    if (remove.length > 0) await client.messageFlagsRemove(range, remove, { uid: true });
  });
}

/** Marks the UIDs \Deleted and expunges exactly those (UID EXPUNGE), as a careful client would. */
export async function expunge(
  dovecot: Dovecot,
  user: string,
  folder: string,
  uids: number[],
): Promise<void> {
  if (uids.length === 0) return;
  await inFolder(dovecot, user, folder, (client) =>
    client.messageDelete(uids.join(','), { uid: true }),
  );
}

async function uidValidityOf(client: ImapFlow, folder: string): Promise<bigint> {
  const status = await client.status(folder, { uidValidity: true });
  if (status === false || status.uidValidity === undefined)
    throw new Error(`STATUS ${folder} returned no UIDVALIDITY`);
  return status.uidValidity;
}

/**
 * Gives the folder a new UIDVALIDITY while keeping its messages (new UIDs, same flags and dates),
 * as when a server is migrated or rebuilds its index. Returns the new UIDVALIDITY.
 * INBOX cannot be deleted over IMAP, so its UID list and indexes are removed on disk instead.
 */
export async function resetUidValidity(
  dovecot: Dovecot,
  user: string,
  folder: string,
): Promise<bigint> {
  const before = await withImap(dovecot, user, (client) => uidValidityOf(client, folder));
  if (folder.toUpperCase() === 'INBOX') {
    await forgetMaildirUids(dovecot.maildir(user));
  } else {
    await withImap(dovecot, user, (client) => recreateFolder(client, folder));
  }
  // A fresh session: the one that saw the old value may still hold it in memory.
  const after = await withImap(dovecot, user, (client) => uidValidityOf(client, folder));
  if (after === before) throw new Error(`UIDVALIDITY of ${folder} did not change (${before})`);
  return after;
}

async function recreateFolder(client: ImapFlow, folder: string): Promise<void> {
  const lock = await client.getMailboxLock(folder);
  let messages: Array<{ source: Buffer; flags: string[]; date: Date | undefined }> = [];
  try {
    const exists = client.mailbox === false ? 0 : client.mailbox.exists;
    if (exists > 0) {
      const fetched = await client.fetchAll('1:*', {
        uid: true,
        flags: true,
        internalDate: true,
        source: true,
      });
      messages = fetched.map((message) => ({
        source: message.source ?? Buffer.alloc(0),
        // \Recent is the server's to set; APPEND rejects it.
        flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent'),
        date: message.internalDate === undefined ? undefined : new Date(message.internalDate),
      }));
    }
  } finally {
    lock.release();
  }
  await client.mailboxClose();
  await client.mailboxDelete(folder);
  await client.mailboxCreate(folder);
  for (const message of messages)
    await client.append(folder, message.source, message.flags, message.date);
}

/**
 * Dovecot rebuilds the Maildir's UID list from the message files under the next UIDVALIDITY.
 * The mailbox list index (dovecot.list.index*) caches STATUS answers, UIDVALIDITY included, so it
 * must go too.
 */
async function forgetMaildirUids(maildir: string): Promise<void> {
  const names = await readdir(maildir);
  await Promise.all(
    names
      .filter(
        (name) =>
          name === 'dovecot-uidlist' ||
          name.startsWith('dovecot.index') ||
          name.startsWith('dovecot.list.index'),
      )
      .map((name) => rm(join(maildir, name), { force: true })),
  );
}
