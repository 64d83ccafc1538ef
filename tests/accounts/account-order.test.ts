import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { addAccount, listAccounts } from '../../src/accounts/account-store.js';
import { openDatabase } from '../../src/db/open-database.js';

const imap = {
  protocol: 'imap',
  host: 'imap.example.com',
  port: 993,
  user: 'u',
  secure: true,
  requireStartTls: false,
} as const;

it('lists accounts in the order they were added, also when added in the same millisecond', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-account-order-'));
  const db = openDatabase(join(dir, 'cache.sqlite'));
  try {
    // Random ids sort either way round: twenty pairs make an order by id show.
    const added = Array.from(
      { length: 40 },
      (_, i) => addAccount(db, { name: `A${i}`, email: `a${i}@example.com`, imap }).email,
    );
    db.prepare('UPDATE accounts SET created_at = 1700000000000').run();
    expect(listAccounts(db).map((account) => account.email)).toEqual(added);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
