import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HIDDEN_HTML_WORDS,
  MIME_FIXTURE_DIR,
  MIME_FIXTURES,
  readMimeFixture,
} from '../fixtures/mime/catalog.js';
import { appendMessage, startDovecot, withImap, type Dovecot } from './dovecot.js';

describe('broken-MIME fixtures', () => {
  it('the catalog lists every .eml and the README documents each file and word', () => {
    const files = readdirSync(MIME_FIXTURE_DIR).filter((name) => name.endsWith('.eml'));
    expect(files.sort()).toEqual(MIME_FIXTURES.map((fixture) => fixture.file).sort());
    const readme = readFileSync(join(MIME_FIXTURE_DIR, 'README.md'), 'utf8');
    for (const { file, word } of MIME_FIXTURES) {
      expect(readme, file).toContain(`\`${file}\``);
      expect(readme, word).toContain(`\`${word}\``);
    }
    for (const word of HIDDEN_HTML_WORDS) expect(readme).toContain(`\`${word}\``);
  });

  it('use CRLF line endings only (a checkout that converted them would break this)', () => {
    for (const { file } of MIME_FIXTURES) {
      const text = readMimeFixture(file).toString('latin1');
      expect(text.replace(/\r\n/g, ''), file).not.toMatch(/[\r\n]/);
      expect(text.endsWith('\r\n'), file).toBe(true);
    }
  });

  describe('stored by Dovecot', () => {
    let dovecot: Dovecot;
    beforeAll(async () => {
      dovecot = await startDovecot();
    });
    afterAll(() => dovecot.stop());

    it('byte for byte', async () => {
      for (const { file } of MIME_FIXTURES) {
        const raw = readMimeFixture(file);
        const uid = await appendMessage(dovecot, 'support', 'INBOX', raw);
        const stored = await withImap(dovecot, 'support', async (imap) => {
          await imap.mailboxOpen('INBOX');
          const message = await imap.fetchOne(String(uid), { source: true }, { uid: true });
          return message === false ? undefined : message.source;
        });
        expect(stored?.equals(raw), file).toBe(true);
      }
    });
  });
});
