import { parseArgs } from 'node:util';
import { cacheFile, resolveDataDir } from '../app/data-dir.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { isUserError } from '../errors.js';
import { runAccountCommand } from './account-commands.js';
import type { CliSettings } from './cli-settings.js';
import type { CommandContext } from './command-context.js';
import { MAIL_COMMANDS, runMailCommand } from './mail-commands.js';
import type { Output } from './output.js';
import {
  runServerCommand,
  SERVER_COMMANDS,
  SERVER_OPTIONS,
  SERVER_USAGE,
} from './server-commands.js';
import { runSyncCommand } from './sync-command.js';
import { runTeamCommand, TEAM_COMMANDS, TEAM_OPTIONS, TEAM_USAGE } from './team-commands.js';
import {
  runTriageCommand,
  takeTagEdits,
  TRIAGE_COMMANDS,
  TRIAGE_OPTIONS,
  TRIAGE_USAGE,
} from './triage-commands.js';

const USAGE = `usage: switchboard [--data DIR] <command>

  account add --name NAME --email ADDRESS --imap imap://USER@HOST:PORT [--smtp smtp://USER@HOST:PORT] [--password-env VAR]
  account list [--json]
  sync [--once] [--json]
  conversations [--account ID] [--folder NAME] [--assignee EMAIL|me|none] [--status S] [--tag T] [--limit N] [--json]
  show CONVERSATION_ID [--json]
  search QUERY [--json]
  mark CONVERSATION_ID read|unread|flag|unflag|archive|trash|move [--folder NAME]
${TRIAGE_USAGE}
${TEAM_USAGE}
${SERVER_USAGE}

The data directory is --data DIR, else $SWITCHBOARD_DATA.`;

const OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
  once: { type: 'boolean', default: false },
  name: { type: 'string' },
  email: { type: 'string' },
  imap: { type: 'string' },
  smtp: { type: 'string' },
  'password-env': { type: 'string' },
  account: { type: 'string' },
  folder: { type: 'string' },
  limit: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  ...SERVER_OPTIONS,
  ...TEAM_OPTIONS,
  ...TRIAGE_OPTIONS,
} as const;

/** Options that take a value (see takeTagEdits). */
const VALUE_OPTIONS: ReadonlySet<string> = new Set(
  Object.entries(OPTIONS)
    .filter(([, option]) => option.type === 'string')
    .map(([name]) => name),
);

/**
 * Runs one command line and returns its exit code: 0, 1 for a user's mistake or a failure the
 * user can act on (one line on stderr), 70 for a bug (with its stack: it is ours to fix).
 */
export async function runCli(
  fullArgv: string[],
  output: Output,
  settings: CliSettings,
): Promise<number> {
  let db: Db | undefined;
  try {
    const { argv, edits: tagEdits } = takeTagEdits(fullArgv, VALUE_OPTIONS);
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
    const [command, ...args] = positionals;
    if (values.help || !command) {
      output.out(USAGE);
      return command || values.help ? 0 : 2;
    }
    const dataDir = resolveDataDir(values.data, settings.defaultDataDir);
    const ctx: CommandContext = {
      args,
      values,
      tagEdits,
      dataDir,
      settings,
      output,
      cache: () => (db ??= openDatabase(cacheFile(dataDir))),
    };
    // The sync server has its own database; it never opens the mail cache.
    if (SERVER_COMMANDS.includes(command)) return await runServerCommand(command, ctx);
    if (TEAM_COMMANDS.includes(command)) return await runTeamCommand(ctx);
    if (TRIAGE_COMMANDS.includes(command)) return await runTriageCommand(command, ctx);
    if (MAIL_COMMANDS.includes(command)) return await runMailCommand(command, ctx);
    if (command === 'account') return runAccountCommand(ctx);
    if (command === 'sync') return await runSyncCommand(ctx);
    output.err(`switchboard: unknown command: ${command}\n${USAGE}`);
    return 1;
  } catch (error) {
    if (isUserError(error) || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      output.err(`switchboard: ${(error as Error).message}`);
      return 1;
    }
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
      output.err('switchboard: the disk is full; nothing was lost, free some space and run again');
      return 1;
    }
    output.err(`switchboard: internal error: ${(error as Error).stack ?? String(error)}`);
    return 70;
  } finally {
    db?.close();
  }
}
