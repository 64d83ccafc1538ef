import type * as Y from 'yjs';
import { WorkspaceError } from './errors.js';
import { checkShardCount } from './rooms.js';

/*
 * Root types of the core document (room `<workspaceId>`): small, opened first, always open.
 *
 *   config      shards → the shard count (fixed at creation), layout → LAYOUT_VERSION,
 *               name → the workspace's name (the sync server writes its directory's)
 *   members     flat, `<member id>:<field>` (name, email, role, removed, mailbox:<address>)
 *   tags        tag id → {name, color}
 *   canned      id → {title, text}
 *   signatures  id → {name, text, mailbox}
 */

export const LAYOUT_VERSION = 1;

export const CORE_ROOTS = {
  config: 'config',
  members: 'members',
  tags: 'tags',
  canned: 'canned',
  signatures: 'signatures',
} as const;
export type CorePart = keyof typeof CORE_ROOTS;

export const coreMap = (doc: Y.Doc, part: CorePart): Y.Map<unknown> =>
  doc.getMap<unknown>(CORE_ROOTS[part]);

/** The shard count, or undefined while the core document has not arrived (new machine, offline). */
export function readShardCount(doc: Y.Doc): number | undefined {
  const shards = coreMap(doc, 'config').get('shards');
  return typeof shards === 'number' && Number.isInteger(shards) && shards >= 1 ? shards : undefined;
}

/** The workspace's name, or undefined where it has none (a solo workspace) or has not arrived. */
export function readWorkspaceName(doc: Y.Doc): string | undefined {
  const name = coreMap(doc, 'config').get('name');
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}

export function initializeCore(doc: Y.Doc, shardCount: number): void {
  checkShardCount(shardCount);
  if (readShardCount(doc) !== undefined)
    throw new WorkspaceError('already-initialized', 'the workspace is already set up');
  doc.transact(() => {
    const config = coreMap(doc, 'config');
    config.set('shards', shardCount);
    config.set('layout', LAYOUT_VERSION);
  });
}

/** Resolves once the core document names its shard count (at once if it does already). */
export function whenCoreReady(doc: Y.Doc, signal?: AbortSignal): Promise<number> {
  const ready = readShardCount(doc);
  if (ready !== undefined) return Promise.resolve(ready);
  return new Promise((resolve, reject) => {
    const config = coreMap(doc, 'config');
    const check = () => {
      const shards = readShardCount(doc);
      if (shards === undefined) return;
      done();
      resolve(shards);
    };
    const abort = () => {
      done();
      reject(
        signal?.reason instanceof Error
          ? signal.reason
          : new Error('aborted while waiting for the workspace'),
      );
    };
    const done = () => {
      config.unobserve(check);
      signal?.removeEventListener('abort', abort);
    };
    if (signal?.aborted) {
      reject(
        signal.reason instanceof Error
          ? signal.reason
          : new Error('aborted while waiting for the workspace'),
      );
      return;
    }
    config.observe(check);
    signal?.addEventListener('abort', abort, { once: true });
  });
}
