import { createHash, randomUUID } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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

  /** Stores bytes at hand (a local mailbox's messages); a file stored already stays as it is. */
  putBytes(content: Buffer): { hash: string; size: number } {
    const hash = createHash('sha256').update(content).digest('hex');
    if (!this.has(hash)) {
      const temporary = this.incoming();
      try {
        writeFileSync(temporary, content, { flag: 'wx' });
        this.settle(temporary, hash);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
      }
    }
    return { hash, size: content.length };
  }

  async put(content: Readable): Promise<{ hash: string; size: number }> {
    const temporary = this.incoming();
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
      this.settle(temporary, digest);
      return { hash: digest, size };
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }

  /** Where a file is written until it is complete. */
  private incoming(): string {
    const incoming = join(this.root, 'incoming');
    mkdirSync(incoming, { recursive: true });
    return join(incoming, randomUUID());
  }

  /** Gives a complete file its name: its hash. */
  private settle(temporary: string, hash: string): void {
    const target = this.pathOf(hash);
    mkdirSync(join(target, '..'), { recursive: true });
    renameSync(temporary, target);
  }
}
