import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { plainMessage, uniqueWord } from '../sync/support/mail.js';
import {
  addAccount,
  cli,
  listConversations,
  makeDataDir,
  removeDir,
  search,
  syncOnce,
} from '../sync/support/cli.js';
import { fillInbox, runSwitchboard } from './support/switchboard-process.js';

/*
 * A mailbox big enough that what the CLI prints overflows a pipe (64 KiB): `switchboard … | head`
 * must end quietly when the reader goes, as `git log | head` does; and `search` must say when it
 * shows fewer results than there are. Real Dovecot, real sync, the real executable
 * (`npm run build` first).
 */

const USER = 'bulk';
const COUNT = 1500;
const WORD = uniqueWord('widget');

let dovecot: Dovecot;
let dataDir: string;
let hugeConversation: string;

const ticket = (index: number) =>
  plainMessage({
    from: `Customer ${index} <customer${index}@example.net>`,
    to: `${USER}@example.com`,
    subject: `Ticket ${index}: the ${WORD} stopped working`,
    date: new Date(Date.UTC(2025, 0, 1, 0, index)),
    messageId: `ticket-${index}@example.net`,
    text: `Hello, my ${WORD} number ${index} stopped working.`,
  });

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: 'secret' }] });
  const huge = plainMessage({
    from: 'Logger <logs@example.net>',
    to: `${USER}@example.com`,
    subject: 'A very long log',
    date: new Date(Date.UTC(2024, 0, 1)),
    messageId: 'huge-log@example.net',
    text: Array.from({ length: 30_000 }, (_, line) => `log line ${line}: all quiet`).join('\n'),
  });
  await fillInbox(dovecot, USER, [huge, ...Array.from({ length: COUNT }, (_, i) => ticket(i))]);
  dataDir = await makeDataDir();
  await addAccount(dataDir, dovecot, USER);
  await syncOnce(dataDir);
  const found = await search(dataDir, 'subject:"very long log"');
  hugeConversation = found[0]!.conversationId;
}, 180_000);

afterAll(async () => {
  await dovecot?.stop();
  if (dataDir) await removeDir(dataDir);
});

describe('a reader that closes the pipe early (`| head -1`)', () => {
  it('the mailbox is as big as the test needs', async () => {
    expect(await listConversations(dataDir)).toHaveLength(COUNT + 1);
  });

  it.each([
    ['conversations', () => ['conversations']],
    ['search', () => ['search', 'in:inbox', '--limit', '2000']],
    ['search, full text', () => ['search', WORD, '--limit', '1000']],
    ['show', () => ['show', hugeConversation]],
  ])('%s ends quietly: exit 0, nothing on stderr', async (_name, args) => {
    const result = await runSwitchboard(['--data', dataDir, ...args()], {
      closeAfterFirstChunk: true,
    });
    // The reader did get output (the command ran), then went away.
    expect(result.out.length).toBeGreaterThan(0);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
  });

  it('the same commands print more than a pipe holds when read to the end', async () => {
    for (const args of [
      ['conversations'],
      ['search', 'in:inbox', '--limit', '2000'],
      ['show', hugeConversation],
    ]) {
      const result = await runSwitchboard(['--data', dataDir, ...args]);
      expect(result.code).toBe(0);
      expect(Buffer.byteLength(result.out)).toBeGreaterThan(128 * 1024);
    }
  });
});

describe('search says when it shows fewer results than there are', () => {
  const lines = (text: string) => text.split('\n').filter(Boolean);

  it('at the default limit of 50, the last line says how to see more', async () => {
    const result = await cli(dataDir, 'search', WORD);
    expect(result.code).toBe(0);
    const printed = lines(result.out);
    expect(printed).toHaveLength(51);
    expect(printed.at(-1)).toMatch(/more results.*--limit N/);
    expect(result.err).toBe('');
  });

  it('--limit N shows N and says there are more', async () => {
    const result = await cli(dataDir, 'search', WORD, '--limit', '5');
    const printed = lines(result.out);
    expect(printed).toHaveLength(6);
    expect(printed.at(-1)).toMatch(/more results.*--limit N/);
  });

  it('says nothing when every result is shown', async () => {
    const result = await cli(dataDir, 'search', 'in:inbox', '--limit', '2000');
    expect(lines(result.out)).toHaveLength(COUNT + 1);
    expect(result.out).not.toMatch(/more results/);
    expect(result.err).toBe('');
  });

  it('says so when only the newest matches were ranked, which no --limit changes', async () => {
    const result = await cli(dataDir, 'search', WORD, '--limit', '5000');
    const printed = lines(result.out);
    expect(printed.length).toBeLessThan(COUNT + 1);
    expect(printed.at(-1)).toMatch(/newest .*matching messages/);
    expect(printed.at(-1)).toMatch(/narrow the search/);
  });

  it('--json stays an array of hits; the cut is said on stderr', async () => {
    const result = await cli(dataDir, 'search', WORD, '--json');
    expect(result.code).toBe(0);
    const hits = JSON.parse(result.out) as Array<Record<string, unknown>>;
    expect(hits).toHaveLength(50);
    expect(Object.keys(hits[0]!).sort()).toEqual(['conversationId', 'kind', 'snippet', 'subject']);
    expect(lines(result.err)).toHaveLength(1);
    expect(result.err).toMatch(/more results.*--limit N/);
  });

  it('--json with every result shown says nothing on stderr', async () => {
    const result = await cli(dataDir, 'search', 'subject:"very long log"', '--json');
    expect(JSON.parse(result.out)).toHaveLength(1);
    expect(result.err).toBe('');
  });
});
