import { createHash } from 'node:crypto';

/*
 * Seeded randomness for generated mail. Every stream is derived from the corpus seed and a label
 * (e.g. "message", 1234), so one message's bytes do not depend on how many random numbers the
 * messages before it used: the same (count, threads, seed) always gives the same corpus.
 */

/** A small fast generator (sfc32), seeded from a SHA-256 of the labels. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(state: Buffer) {
    this.a = state.readUInt32LE(0);
    this.b = state.readUInt32LE(4);
    this.c = state.readUInt32LE(8);
    this.d = state.readUInt32LE(12);
    // sfc32 mixes poorly in its first outputs; these are thrown away.
    for (let i = 0; i < 12; i += 1) this.uint32();
  }

  /** The stream named by `labels` (the corpus seed first). */
  static derive(...labels: Array<string | number>): Random {
    return new Random(createHash('sha256').update(labels.join('\u0000')).digest());
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Lowercase hex digits. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.uint32().toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  /** Log-normal around `median`: most values near it, a long tail above (sizes of real mail). */
  logNormal(median: number, sigma: number): number {
    // Box-Muller; 1 - next() is in (0, 1], so the logarithm is finite.
    const normal = Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
    return median * Math.exp(sigma * normal);
  }
}

/** Deterministic bytes from xorshift32, written a word at a time (20 MB in tens of milliseconds). */
export function pseudoRandomBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, Math.floor(size / 4));
  let x = seed >>> 0 || 0x9e3779b9;
  const next = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  for (let i = 0; i < words.length; i++) words[i] = next();
  for (let i = words.length * 4; i < size; i++) bytes[i] = next() & 0xff;
  return bytes;
}
