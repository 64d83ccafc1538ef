import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open-database.js';
import { CacheTarget, type CacheOp } from './cache-ops.js';

/** The cache writer thread: applies ops sent by ThreadedCacheWriter, in order. */
const port = parentPort;
if (!port) throw new Error('cache-worker must run in a worker thread');
const db = openDatabase((workerData as { file: string }).file);
// The WAL is copied back every ~40 MB rather than every 4 MB (the default); never turned off,
// since a long-running sync would grow the WAL without bound. A first sync's bulk load raises
// it further for its duration (bulk-load.ts).
db.pragma('wal_autocheckpoint = 10000');
// Bulk writes stream through; a small page cache cost nothing measurable in bench:sync and
// keeps the sync's peak memory down (-8000: 8 MB; readers keep the default of open-database.ts).
db.pragma('cache_size = -8000');
const target = new CacheTarget(db);

port.on('message', (message: { id: number; op?: CacheOp; close?: boolean }) => {
  if (message.close) {
    db.pragma('wal_checkpoint(PASSIVE)');
    db.close();
    port.close();
    return;
  }
  try {
    port.postMessage({ id: message.id, result: target.execute(message.op!) });
  } catch (error) {
    const err = error as { name?: string; message?: string; code?: string };
    port.postMessage({
      id: message.id,
      error: { name: err.name ?? 'Error', message: err.message ?? String(error), code: err.code },
    });
  }
});
