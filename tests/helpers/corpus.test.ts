import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from './corpus/generate-corpus.js';
import { renderMessage, type RenderedMessage } from './corpus/message.js';
import { MAX_THREAD_SIZE, planCorpus, type CorpusPlan } from './corpus/thread-plan.js';
import { quotedPrintable } from './corpus/transfer-encoding.js';

/*
 * The corpus generator (tests/helpers/corpus/) on its own, without Dovecot: deterministic, valid
 * mail a standard parser reads back as planned, and the mix of shapes and encodings the
 * benchmarks are calibrated on (see generate-corpus.ts).
 */

const render = (plan: CorpusPlan): RenderedMessage[] =>
  plan.messages.map((message) => renderMessage(plan, message));

/** The field's lines, unfolded (RFC 5322 §2.2.3). */
function headerOf(raw: Buffer, name: string): string | undefined {
  const head = raw.toString('latin1', 0, raw.indexOf('\n\n'));
  const match = new RegExp(`^${name}:(.*(?:\\n[ \\t].*)*)`, 'im').exec(head);
  return match?.[1]!.replace(/\n[ \t]/g, ' ').trim();
}

const fraction = (items: readonly RenderedMessage[], test: (item: RenderedMessage) => boolean) =>
  items.filter(test).length / items.length;

describe('the corpus generator', () => {
  let dirs: string[];
  beforeAll(async () => {
    dirs = await Promise.all([0, 1, 2].map(() => mkdtemp(join(tmpdir(), 'corpus-test-'))));
  });
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes the same Maildir for the same (count, threads, seed), another for another seed', async () => {
    const [first, second, other] = dirs as [string, string, string];
    const summary = writeCorpus(first, 200, 50, 7);
    writeCorpus(second, 200, 50, 7);
    writeCorpus(other, 200, 50, 8);
    expect(summary).toMatchObject({ messages: 200, threads: 50 });
    const files = async (dir: string) =>
      Promise.all(
        ['cur', 'new'].flatMap(async (sub) =>
          Promise.all(
            (await readdir(join(dir, sub))).sort().map(async (name) => ({
              name: `${sub}/${name}`,
              ...(await readFile(join(dir, sub, name)).then((bytes) => ({
                size: bytes.length,
                sha256: createHash('sha256').update(bytes).digest('hex'),
              }))),
            })),
          ),
        ),
      ).then((lists) => lists.flat());
    const written = await files(first);
    expect(written).toHaveLength(200);
    expect(written.reduce((sum, file) => sum + file.size, 0)).toBe(summary.total_bytes);
    expect(await files(second)).toEqual(written);
    const changed = await files(other);
    expect(changed.filter((file, i) => file.sha256 === written[i]!.sha256)).toEqual([]);
  });

  it('makes exactly the threads asked for, of 1 to 120 messages, most of them single', () => {
    const plan = planCorpus(20_000, 5_000, 42);
    const sizes = plan.threads.map((thread) => thread.messages.length).sort((a, b) => a - b);
    expect(sizes).toHaveLength(5_000);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(20_000);
    expect(sizes[0]).toBe(1);
    expect(sizes[2_500]).toBe(1);
    expect(sizes.at(-1)).toBe(MAX_THREAD_SIZE);
    // Every thread fits when the count demands it of every thread.
    const full = planCorpus(10 * MAX_THREAD_SIZE, 10, 1);
    expect(full.threads.map((thread) => thread.messages.length)).toEqual(
      Array(10).fill(MAX_THREAD_SIZE),
    );
    expect(() => planCorpus(10 * MAX_THREAD_SIZE + 1, 10, 1)).toThrow(/cannot make 10 threads/);
  });

  it('writes mail a standard parser reads back as planned: ids, thread chains, subjects, parts', async () => {
    const plan = planCorpus(400, 100, 3);
    const parsed = new Map<string, ParsedMail>();
    for (const message of plan.messages) {
      const rendered = renderMessage(plan, message);
      const mail = await simpleParser(rendered.raw);
      const at = `message ${message.index}`;
      expect(mail.messageId, at).toBe(message.messageId);
      expect(parsed.has(message.messageId), at).toBe(false);
      parsed.set(message.messageId, mail);
      const subject = mail.subject ?? '';
      expect(subject.endsWith(message.thread.subject), `${at}: ${subject}`).toBe(true);
      expect(mail.from?.value[0]?.name, at).toBe(
        message.thread.participants.find(
          (person) => person.address === mail.from?.value[0]?.address,
        )?.name,
      );
      if (message.parent) {
        expect(mail.inReplyTo, at).toBe(message.parent.messageId);
        const references = [mail.references ?? []].flat();
        expect(references.at(-1), at).toBe(message.parent.messageId);
        expect(references[0], at).toBe(message.thread.messages[0]!.messageId);
        // The chain leads back to messages written earlier.
        for (const id of references) expect(parsed.has(id), `${at}: ${id}`).toBe(true);
      } else expect(headerOf(rendered.raw, 'In-Reply-To'), at).toBeUndefined();
      expect(mail.text, at).toBeTruthy();
      expect(mail.text, at).not.toContain('\uFFFD');
      if (rendered.shape === 'multipart/alternative') expect(mail.html, at).toBeTruthy();
      else expect(mail.html, at).toBe(false);
      expect(mail.attachments.length, at).toBe(rendered.hasAttachment ? 1 : 0);
      for (const attachment of mail.attachments) {
        expect(attachment.size, at).toBeGreaterThanOrEqual(50 * 1024);
        expect(attachment.size, at).toBeLessThanOrEqual(300 * 1024);
        expect(attachment.filename, at).toMatch(/^[^=?]+\.[a-z]+$/);
      }
    }
  });

  it('encodes headers and bodies as RFC 2047 and RFC 2045 ask: whole characters, short lines', () => {
    const messages = render(planCorpus(1_500, 400, 5));
    const schemes = new Set<string>();
    const transfer = new Set<string>();
    for (const { raw } of messages) {
      const head = raw.toString('latin1', 0, raw.indexOf('\n\n'));
      for (const [word, charset, encoding, text] of head.matchAll(
        /=\?([^?]+)\?([BQ])\?([^?]*)\?=/g,
      )) {
        schemes.add(`${charset} ${encoding}`);
        expect(word.length, word).toBeLessThanOrEqual(75);
        const bytes =
          encoding === 'B'
            ? Buffer.from(text!, 'base64')
            : Buffer.from(
                text!
                  .replace(/_/g, ' ')
                  .replace(/=([0-9A-F]{2})/g, (_, hex: string) =>
                    String.fromCharCode(parseInt(hex, 16)),
                  ),
                'latin1',
              );
        // Each word decodes alone: no character is split between two words.
        if (charset === 'UTF-8')
          expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), word).not.toThrow();
      }
      for (const [, encoding] of raw
        .toString('latin1')
        .matchAll(/Content-Transfer-Encoding: (\S+)/g))
        transfer.add(encoding!);
    }
    expect([...schemes].sort()).toEqual(['ISO-8859-1 Q', 'UTF-8 B', 'UTF-8 Q']);
    expect([...transfer].sort()).toEqual(['7bit', '8bit', 'base64', 'quoted-printable']);
  });

  it('writes quoted-printable lines of at most 76 characters that decode to the text', () => {
    const text = `${'Grüße aus Köln = schön '.repeat(12)} \n\n${'x'.repeat(74)}é\nend\t`;
    const encoded = quotedPrintable(text);
    for (const line of encoded.split('\n')) expect(line.length, line).toBeLessThanOrEqual(76);
    expect(encoded).not.toMatch(/[ \t]$/m);
    const decoded = Buffer.from(
      encoded
        .replace(/=\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
    expect(decoded).toBe(text);
  });

  it('has the mix the benchmarks are calibrated on', () => {
    const plan = planCorpus(4_000, 1_000, 42);
    const messages = render(plan);
    const nonAscii = (raw: Buffer) =>
      ['Subject', 'From'].some((name) => headerOf(raw, name)?.includes('=?'));
    expect(fraction(messages, (m) => m.shape === 'text/plain')).toBeCloseTo(0.45, 1);
    expect(fraction(messages, (m) => m.hasAttachment)).toBeCloseTo(0.1, 1);
    expect(fraction(messages, (m) => nonAscii(m.raw))).toBeCloseTo(0.23, 1);
    expect(fraction(messages, (m) => m.flags === '')).toBeCloseTo(0.1, 1);
    expect(fraction(messages, (m) => m.delivered === 'new')).toBeCloseTo(0.05, 1);
    const onLists = plan.threads.filter((thread) => thread.list !== undefined).length;
    expect(onLists / plan.threads.length).toBeCloseTo(0.3, 1);
    const listHeaderAsPlanned = messages.filter(
      (m, i) =>
        (headerOf(m.raw, 'List-Id') !== undefined) ===
        (plan.messages[i]!.thread.list !== undefined),
    );
    expect(listHeaderAsPlanned).toHaveLength(messages.length);
    const sizes = messages.map((m) => m.raw.length).sort((a, b) => a - b);
    expect(sizes[2_000]).toBeGreaterThan(6_000);
    expect(sizes[2_000]).toBeLessThan(11_000);
  });
});
