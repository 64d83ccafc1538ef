import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/**
 * Content-addressed file store for attachments fetched on demand: a file's name is the sha256 of
 * its bytes, so the same attachment in many messages is stored once, and a half-written download
 * (crash, full disk) is never mistaken for a complete one: it only gets its name once complete.
 */
export class BlobStore {
  constructor(private readonly root: string) {}

  pathOf(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a content hash: ${hash}`);
    return join(this.root, hash.slice(0, 2), hash.slice(2));
  }

  has(hash: string): boolean {
    return existsSync(this.pathOf(hash));
  }

  async put(content: Readable): Promise<{ hash: string; size: number }> {
    const incoming = join(this.root, 'incoming');
    mkdirSync(incoming, { recursive: true });
    const temporary = join(incoming, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(content, tap, createWriteStream(temporary, { flags: 'wx' }));
      const digest = hash.digest('hex');
      const target = this.pathOf(digest);
      mkdirSync(join(target, '..'), { recursive: true });
      renameSync(temporary, target);
      return { hash: digest, size };
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }
}
