import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo-root.js';
import { removeDir } from '../sync/support/cli.js';
import { runSwitchboard } from './support/switchboard-process.js';

/*
 * What a user types and sees, through the real executable (`npm run build` first): --version,
 * help, and every mistake of the list answered with exit 1 and one line on stderr, never a
 * parser's three-line message, a usage dump or a stack trace.
 */

let home: string;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let accountId: string;

/** Runs in an empty working directory with a private HOME: nothing may land anywhere else. */
const run = (args: string[]) => runSwitchboard(args, { cwd: home, env });
const inData = (...args: string[]) => run(['--data', dataDir, ...args]);

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'switchboard-cli-home-'));
  dataDir = join(home, 'data');
  env = { PATH: process.env.PATH, HOME: home, XDG_DATA_HOME: join(home, 'xdg') };
  const added = await inData(
    'account',
    'add',
    '--name',
    'Support',
    '--email',
    'support@example.com',
    '--imap',
    'imap://support@127.0.0.1:1',
  );
  expect(added.err).toBe('');
  accountId = added.out.trim();
});

afterAll(async () => {
  if (home) await removeDir(home);
});

describe('--version and help', () => {
  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as {
      version: string;
    };
    const result = await run(['--version']);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out.trim()).toBe(`switchboard ${version}`);
  });

  it('help prints the usage of every command', async () => {
    const result = await run(['help']);
    expect(result).toMatchObject({ code: 0, err: '' });
    for (const command of ['account remove', 'account edit', 'conversations', 'search QUERY'])
      expect(result.out).toContain(command);
    expect(result.out).toMatch(/--limit N takes 1 to \d+/);
  });

  it('help COMMAND and COMMAND --help print that command only', async () => {
    for (const args of [
      ['help', 'search'],
      ['search', '--help'],
    ]) {
      const result = await run(args);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toContain('search QUERY [--limit N]');
      expect(result.out).not.toContain('server-admin');
    }
    const account = await run(['help', 'account']);
    expect(account.out).toContain('account add');
    expect(account.out).toContain('account remove');
    expect(account.out).not.toContain('conversations');
  });
});

/** [what, argv, a pattern the one line must match]. */
const MISTAKES: Array<[string, () => string[], RegExp]> = [
  [
    'a limit beyond SQLite',
    () => ['conversations', '--limit', '99999999999999999999'],
    /--limit.*1 to/,
  ],
  ['a negative limit', () => ['conversations', '--limit', '-1'], /--limit.*1 to.*-1/],
  ['a zero limit', () => ['search', 'x', '--limit', '0'], /--limit.*1 to/],
  ['a limit above the maximum', () => ['search', 'x', '--limit', '10001'], /--limit.*1 to/],
  ['a limit that is not a number', () => ['conversations', '--limit', '12abc'], /--limit/],
  ['a limit without its value', () => ['conversations', '--limit'], /--limit needs a value/],
  ['an option as a value', () => ['conversations', '--folder', '--json'], /--folder needs a value/],
  ['an unknown option', () => ['conversations', '--bogus'], /unknown option --bogus/],
  ['an unknown short option', () => ['conversations', '-x'], /unknown option -x/],
  ['a value for a flag', () => ['conversations', '--json=yes'], /--json takes no value/],
  [
    'an unknown status',
    () => ['conversations', '--status', 'weird'],
    /open\|pending\|snoozed\|closed/,
  ],
  ['an assignee that is no address', () => ['conversations', '--assignee', 'bob'], /--assignee/],
  ['an unknown command', () => ['frobnicate'], /unknown command: frobnicate/],
  ['help about an unknown command', () => ['help', 'frobnicate'], /unknown command: frobnicate/],
  ['account without a command', () => ['account'], /add\|edit\|remove\|list/],
  ['an unknown account command', () => ['account', 'rename'], /unknown account command: rename/],
  ['show without an id', () => ['show'], /show needs a CONVERSATION_ID/],
  ['show of an unknown conversation', () => ['show', 'c0000'], /unknown conversation/],
  ['search without a query', () => ['search'], /search needs a QUERY/],
  ['mark without an action', () => ['mark', 'c0000'], /mark needs an action/],
  ['an unknown team command', () => ['team', 'rename'], /unknown team command: rename/],
  ['an unknown server-admin command', () => ['server-admin', 'frob'], /unknown: frob/],
  [
    'conversations of an unknown account',
    () => ['conversations', '--account', 'nobody'],
    /unknown account/,
  ],
  ...['starttls=yes', 'starttls=maybe', 'STARTTLS=true', 'starttls=1', 'tls=on'].map(
    (query): [string, () => string[], RegExp] => [
      `account add with ?${query}`,
      () => [
        'account',
        'add',
        '--name',
        'Typo',
        '--email',
        `typo-${query.replace(/\W/g, '')}@example.com`,
        '--imap',
        `imap://typo@127.0.0.1:143?${query}`,
      ],
      /\?starttls=true/,
    ],
  ),
  [
    'account edit of an unknown account',
    () => ['account', 'edit', 'nobody', '--name', 'X'],
    /unknown account/,
  ],
  ['account edit without a change', () => ['account', 'edit', accountId], /at least one of/],
  [
    'account edit of the address',
    () => ['account', 'edit', accountId, '--email', 'new@example.com'],
    /cannot be changed/,
  ],
  [
    'account edit with an empty name',
    () => ['account', 'edit', accountId, '--name', ''],
    /--name needs a value/,
  ],
  [
    'account edit with a bad STARTTLS',
    () => ['account', 'edit', accountId, '--imap', 'imap://s@h?starttls=yes'],
    /\?starttls=true/,
  ],
  [
    'account remove without an account',
    () => ['account', 'remove'],
    /account remove needs an ACCOUNT/,
  ],
  [
    'account remove of an unknown account',
    () => ['account', 'remove', 'nobody'],
    /unknown account/,
  ],
];

describe('a user mistake is exit 1 and one line on stderr', () => {
  it.each(MISTAKES)('%s', async (_what, argv, expected) => {
    const result = await inData(...argv());
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    const lines = result.err.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^switchboard: /);
    expect(lines[0]).toMatch(expected);
    expect(result.err).not.toMatch(/^\s+at /m);
  });

  it('--data with an empty value is refused, and nothing is created anywhere', async () => {
    const before = readdirSync(home).sort();
    for (const argv of [
      ['--data', '', 'conversations'],
      ['--data=', 'account', 'list'],
      ['--data', ' ', 'conversations'],
    ]) {
      const result = await run(argv);
      expect(result.code).toBe(1);
      expect(result.err.trim()).toMatch(/^switchboard: --data needs a value[^\n]*$/);
    }
    expect(readdirSync(home).sort()).toEqual(before);
    expect(existsSync(join(home, 'xdg'))).toBe(false);
  });

  it('the account the mistakes were tried on is unchanged', async () => {
    const result = await inData('account', 'list', '--json');
    expect(JSON.parse(result.out)).toEqual([
      { id: accountId, name: 'Support', email: 'support@example.com' },
    ]);
  });
});
