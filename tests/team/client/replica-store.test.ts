import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase, type Db } from '../../../src/db/open-database.js';
import { ReplicaStore } from '../../../src/team/client/replica-store.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function cacheFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-replica-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'cache.sqlite');
}

/** One process's view of the data directory: its own connection and store. */
function process(file: string): { db: Db; store: ReplicaStore } {
  const db = openDatabase(file);
  const store = new ReplicaStore(db);
  cleanups.push(() => {
    store.closeAll();
    db.close();
  });
  return { db, store };
}

const rows = (db: Db, room: string) =>
  (
    db.prepare('SELECT count(*) AS n FROM workspace_updates WHERE room = ?').get(room) as {
      n: number;
    }
  ).n;

describe('ReplicaStore', () => {
  it('keeps every change on disk as it is made, and opens a room from it with no network', () => {
    const file = cacheFile();
    const first = process(file);
    const doc = first.store.open('w1/shard-00');
    doc.getMap('state').set('c1:status', 'pending');
    doc.getMap('state').set('c1:assignee', 'm2');
    // No close, no flush: a crash right here loses nothing.
    const second = process(file);
    const reopened = second.store.open('w1/shard-00');
    expect(reopened.getMap('state').toJSON()).toEqual({
      'c1:status': 'pending',
      'c1:assignee': 'm2',
    });
    expect(second.store.open('w1').getMap('state').size).toBe(0);
    expect(second.store.storedRooms('w1')).toEqual(['w1/shard-00']);
  });

  it('stores updates received from elsewhere too', () => {
    const file = cacheFile();
    const { store } = process(file);
    const remote = new Y.Doc();
    remote.getMap('state').set('c9:status', 'closed');
    Y.applyUpdate(store.open('w1'), Y.encodeStateAsUpdate(remote), 'provider');
    expect(process(file).store.open('w1').getMap('state').get('c9:status')).toBe('closed');
  });

  it('merges what two processes on the same data directory write, and compaction loses neither', () => {
    const file = cacheFile();
    const daemon = process(file);
    const cli = process(file);
    const daemonDoc = daemon.store.open('w1');
    const cliDoc = cli.store.open('w1');
    daemonDoc.getMap('state').set('c1:status', 'open');
    cliDoc.getMap('state').set('c2:status', 'closed');
    // The CLI writes again while the daemon compacts its rows (600 changes: at least once).
    for (let i = 0; i < 600; i += 1) {
      daemonDoc.getMap('state').set('counter', i);
      if (i === 550) cliDoc.getMap('state').set('c3:status', 'pending');
    }
    expect(rows(daemon.db, 'w1')).toBeLessThan(200);
    daemon.store.refresh('w1');
    expect(daemonDoc.getMap('state').get('c2:status')).toBe('closed');
    expect(daemonDoc.getMap('state').get('c3:status')).toBe('pending');
    cli.store.refresh('w1');
    expect(cliDoc.getMap('state').get('counter')).toBe(599);
    const fresh = process(file).store.open('w1').getMap('state').toJSON();
    expect(fresh).toMatchObject({
      'c1:status': 'open',
      'c2:status': 'closed',
      'c3:status': 'pending',
      counter: 599,
    });
  });

  it('compacts a room into one row with the same content', () => {
    const file = cacheFile();
    const { db, store } = process(file);
    const doc = store.open('w1');
    const text = doc.getText('draft');
    for (let i = 0; i < 200; i += 1) text.insert(text.length, `word${i} `);
    expect(rows(db, 'w1')).toBe(200);
    store.compact('w1');
    expect(rows(db, 'w1')).toBe(1);
    expect(process(file).store.open('w1').getText('draft').toJSON()).toBe(text.toJSON());
  });

  it("tells this machine's unconfirmed changes from what the server has, through compaction, and discards exactly them", () => {
    const file = cacheFile();
    const { db, store } = process(file);
    const provider = {};
    store.remoteOrigin(provider);
    const doc = store.open('w1/state-0-of-1');
    const map = doc.getMap('state');
    // From the server: confirmed by nature. Made here: pending until the server confirms it.
    const teammate = new Y.Doc();
    teammate.getMap('state').set('c1:status', 'closed');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(teammate), provider);
    map.set('c2:status', 'pending');
    store.confirm('w1/state-0-of-1', store.pendingRows('w1/state-0-of-1'));
    map.set('c3:status', 'snoozed');
    map.delete('c2:status');
    for (let i = 0; i < 600; i += 1) map.set('c4:counter', i);
    expect(store.countPending('w1')).toBeLessThan(200);
    expect(store.countPending('w1')).toBeGreaterThan(0);
    // Compaction kept the two kinds apart: at most one confirmed row beside the pending ones.
    expect(
      db
        .prepare('SELECT count(*) FROM workspace_updates WHERE room = ? AND pending = 0')
        .pluck()
        .get('w1/state-0-of-1'),
    ).toBe(1);
    store.closeAll();
    expect(store.discardPending('w1')).toEqual(new Set(['w1/state-0-of-1']));
    expect(store.countPending('w1')).toBe(0);
    expect(process(file).store.open('w1/state-0-of-1').getMap('state').toJSON()).toEqual({
      'c1:status': 'closed',
      'c2:status': 'pending',
    });
  });
});
