import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db/open-database.js';
import { CacheTarget, type CacheOp, type OpResult } from './cache-ops.js';

/**
 * Where the sync sends its writes. Ops run in the order sent, each in one transaction; `run`
 * resolves when its op is committed, so the sync can go on fetching while SQLite works.
 */
export interface CacheWriter {
  run<T extends CacheOp>(op: T): Promise<OpResult<T['type']>>;
  /** Resolves once everything sent so far is committed (before reading what it wrote). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Runs ops on the calling thread (tests, in-memory databases). */
export class InlineCacheWriter implements CacheWriter {
  private readonly target: CacheTarget;

  constructor(db: Db) {
    this.target = new CacheTarget(db);
  }

  run<T extends CacheOp>(op: T): Promise<OpResult<T['type']>> {
    try {
      return Promise.resolve(this.target.execute(op));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  drain(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

interface Reply {
  id: number;
  result?: OpResult<CacheOp['type']>;
  error?: { name: string; message: string; code?: string };
}

/**
 * Runs ops in a worker thread with its own connection to the cache file, the single writer
 * while a sync runs. Measured on the 20k-message corpus: IMAP response parsing and FTS5 indexing
 * each take seconds of one core; on two threads they overlap (see tests/bench/sync-bench.ts).
 */
export class ThreadedCacheWriter implements CacheWriter {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { promise: Promise<unknown>; resolve: (value: never) => void; reject: (error: Error) => void }
  >();
  private failure: Error | undefined;

  constructor(file: string, script: URL) {
    this.worker = new Worker(script, { workerData: { file } });
    this.worker.on('message', (reply: Reply) => {
      const entry = this.pending.get(reply.id);
      if (!entry) return;
      this.pending.delete(reply.id);
      if (reply.error)
        entry.reject(
          Object.assign(new Error(reply.error.message), {
            name: reply.error.name,
            code: reply.error.code,
          }),
        );
      else entry.resolve(reply.result as never);
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const entry of this.pending.values()) entry.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) =>
      fail(new Error(`the cache writer stopped (exit code ${code})`)),
    );
  }

  run<T extends CacheOp>(op: T): Promise<OpResult<T['type']>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    let resolve!: (value: never) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<OpResult<T['type']>>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    // Rejections are delivered to the caller of run(); drain() must not raise them twice.
    promise.catch(() => undefined);
    this.pending.set(id, { promise, resolve, reject });
    try {
      this.worker.postMessage({ id, op });
    } catch (error) {
      // Not cloneable (a bug of the caller's): this op fails, the writer goes on.
      this.pending.delete(id);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
    return promise;
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending.values()].map((entry) => entry.promise));
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.drain().catch(() => undefined);
    if (this.failure) return;
    this.worker.postMessage({ id: 0, close: true });
    await new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
  }
}

const WORKER_SCRIPT = new URL('./cache-worker.js', import.meta.url);

/**
 * The threaded writer when the compiled worker is at hand (the app, the CLI, the benchmark);
 * inline otherwise (in-memory databases, tests run from TypeScript sources).
 */
export function openCacheWriter(db: Db, options: { threaded?: boolean } = {}): CacheWriter {
  const canThread =
    db.name !== ':memory:' && !db.memory && existsSync(fileURLToPath(WORKER_SCRIPT));
  if (options.threaded ?? canThread) return new ThreadedCacheWriter(db.name, WORKER_SCRIPT);
  return new InlineCacheWriter(db);
}
