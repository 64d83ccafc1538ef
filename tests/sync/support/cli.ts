import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCliSettings } from '../../../src/cli/cli-settings.js';
import { runCli } from '../../../src/cli/run-cli.js';
import type { Dovecot } from '../../helpers/dovecot.js';
import { repoRoot } from '../../helpers/repo-root.js';

/*
 * Drives Switchboard the way a user does: through its CLI, in-process (`runCli`) for speed, or
 * through the real executable (`bin/switchboard.js`, the compiled dist/) where process behaviour
 * (exit code, stderr, a crash) is what is tested.
 */

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/**
 * The CLI's JSON output as automated checks see it. Written out here on purpose rather than
 * imported from src/: a change to the contract must fail these tests, not follow along.
 */
export interface ConversationItem {
  id: string;
  subject: string;
  messageCount: number;
  lastMessageAt: string;
  participants: string[];
  unread: boolean;
  /** Team state (issue 3): open / pending / snoozed / closed. */
  status: string;
  /** The assignee's email, or null. */
  assignee: string | null;
  tags: string[];
}

export interface ShownMessage {
  messageId: string | null;
  from: string;
  to: string[];
  cc: string[];
  date: string;
  subject: string;
  text: string | null;
  folders: string[];
  unread: boolean;
  problems: string | null;
  attachments: Array<{ filename: string | null; contentType: string; size: number }>;
}

export interface ShownConversation {
  id: string;
  subject: string;
  /** Team state (issue 3). */
  status: string;
  assignee: string | null;
  tags: string[];
  notes: Array<{ author: string; text: string; createdAt: string }>;
  messages: ShownMessage[];
}

export interface SearchHit {
  conversationId: string;
  subject: string;
  snippet: string;
}

export interface SyncSummary {
  account: string;
  folders: number;
  added: number;
  removed: number;
  flagsChanged: number;
  bodies: number;
  actions: number;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'switchboard-sync-test-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Runs the CLI in this process and captures what it prints. */
export async function cli(dataDir: string, ...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ['--data', dataDir, ...args],
    { out: (text) => out.push(text), err: (text) => err.push(text) },
    readCliSettings(process.env),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Runs a CLI command that must succeed and prints JSON; `--json` is added. */
export async function cliJson<T>(dataDir: string, ...args: string[]): Promise<T> {
  const result = await cli(dataDir, ...args, '--json');
  if (result.code !== 0) {
    throw new Error(
      `switchboard ${args.join(' ')} exited ${result.code}: ${result.err || result.out}`,
    );
  }
  return JSON.parse(result.out) as T;
}

/** The environment variable that carries a test user's password. */
export function passwordVariable(user: string): string {
  return `SWITCHBOARD_TEST_PASSWORD_${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * `switchboard account add` for a Dovecot user (the password goes into this process's
 * environment, where the in-process CLI and spawned executables find it). Returns the account id.
 */
export async function addAccount(
  dataDir: string,
  dovecot: Dovecot,
  user: string,
  options: { port?: number; password?: string; email?: string } = {},
): Promise<string> {
  const variable = passwordVariable(user);
  const known = dovecot.users.find((candidate) => candidate.user === user);
  process.env[variable] = options.password ?? known?.password ?? '';
  const result = await cli(
    dataDir,
    'account',
    'add',
    '--name',
    `Shared ${user}`,
    '--email',
    options.email ?? `${user}@example.com`,
    '--imap',
    `imap://${user}@${dovecot.host}:${options.port ?? dovecot.port}`,
    '--password-env',
    variable,
  );
  if (result.code !== 0) throw new Error(`account add failed (${result.code}): ${result.err}`);
  return result.out.trim();
}

/** `sync --once --json`, which must succeed. */
export async function syncOnce(dataDir: string): Promise<SyncSummary[]> {
  return cliJson<SyncSummary[]>(dataDir, 'sync', '--once');
}

export async function listConversations(
  dataDir: string,
  ...filters: string[]
): Promise<ConversationItem[]> {
  return cliJson<ConversationItem[]>(dataDir, 'conversations', ...filters);
}

export async function showConversation(dataDir: string, id: string): Promise<ShownConversation> {
  return cliJson<ShownConversation>(dataDir, 'show', id);
}

export async function search(dataDir: string, query: string): Promise<SearchHit[]> {
  return cliJson<SearchHit[]>(dataDir, 'search', query);
}

export const BIN = join(repoRoot(), 'bin', 'switchboard.js');

/**
 * What a long `sync --once` printed on stderr besides its progress lines (src/cli/sync-progress.ts:
 * "ACCOUNT: FOLDER: N of M headers" and the like, after a few seconds): the warnings and errors.
 */
export function stderrWithoutProgress(stderr: string): string {
  const progress =
    /^switchboard: [^:]+: (listing folders|fetching message texts|writing local changes back to the server|.+: (checking|(\d+ of \d+|fetching) (headers|message texts)))$/;
  return stderr
    .split('\n')
    .filter((line) => line !== '' && !progress.test(line))
    .join('\n');
}

/** Runs the real executable (`node bin/switchboard.js`) to completion. */
export function runBin(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        if (error && typeof code !== 'number') {
          reject(error instanceof Error ? error : new Error('the command could not be run'));
          return;
        }
        resolve({ code: typeof code === 'number' ? code : 0, out: stdout, err: stderr });
      },
    );
  });
}
