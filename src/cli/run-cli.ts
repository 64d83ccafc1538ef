import { resolveDataDir } from '../app/data-dir.js';
import { openSwitchboard, type Switchboard } from '../app/open-switchboard.js';
import { isUserError } from '../app/index.js';
import { runAccountCommand } from './account-commands.js';
import { appOptions, type CliSettings } from './cli-settings.js';
import type { CommandContext } from './command-context.js';
import { MAIL_COMMANDS, runMailCommand } from './mail-commands.js';
import { terminalOutput, type Output } from './output.js';
import { parseCommandLine } from './parse-command-line.js';
import { oneLine } from './terminal-text.js';
import { runServerCommand, SERVER_COMMANDS, SERVER_OPTIONS } from './server-commands.js';
import { runSendCommand, SEND_COMMANDS, SEND_OPTIONS } from './send-commands.js';
import { runServeCommand, SERVE_OPTIONS } from './serve-command.js';
import { runSyncCommand } from './sync-command.js';
import { runTeamCommand, TEAM_COMMANDS, TEAM_OPTIONS } from './team-commands.js';
import {
  runTriageCommand,
  takeTagEdits,
  TRIAGE_COMMANDS,
  TRIAGE_OPTIONS,
} from './triage-commands.js';
import { unknownCommand, USAGE, usageOf } from './usage.js';
import { packageVersion } from './version.js';

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
  version: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  /** `assign --to EMAIL`; `forward` and `compose --to ADDRESS`, repeated. */
  to: { type: 'string', multiple: true },
  ...SERVER_OPTIONS,
  ...TEAM_OPTIONS,
  ...TRIAGE_OPTIONS,
  ...SEND_OPTIONS,
  ...SERVE_OPTIONS,
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
  sink: Output,
  settings: CliSettings,
): Promise<number> {
  // Every line, a sender's text included, is shown to the terminal and never obeyed by it.
  const output = terminalOutput(sink);
  let app: Promise<Switchboard> | undefined;
  try {
    const { argv, edits: tagEdits } = takeTagEdits(fullArgv, VALUE_OPTIONS);
    const { values, positionals } = parseCommandLine(argv, OPTIONS);
    const [command, ...args] = positionals;
    if (values.version) {
      output.out(`switchboard ${packageVersion()}`);
      return 0;
    }
    if (!command) {
      output.out(USAGE);
      return values.help ? 0 : 2;
    }
    // `help`, `help COMMAND`, `COMMAND --help`.
    if (command === 'help' || values.help) {
      const topic = command === 'help' ? args[0] : command;
      output.out(topic ? usageOf(topic) : USAGE);
      return 0;
    }
    const dataDir = resolveDataDir(values.data, settings.defaultDataDir);
    const ctx: CommandContext = {
      args,
      values,
      tagEdits,
      dataDir,
      settings,
      output,
      app: () => (app ??= openSwitchboard(appOptions(dataDir, settings))),
    };
    // The sync server has its own database; it never opens the mail cache.
    if (SERVER_COMMANDS.includes(command)) return await runServerCommand(command, ctx);
    if (TEAM_COMMANDS.includes(command)) return await runTeamCommand(ctx);
    if (TRIAGE_COMMANDS.includes(command)) return await runTriageCommand(command, ctx);
    if (MAIL_COMMANDS.includes(command)) return await runMailCommand(command, ctx);
    if (SEND_COMMANDS.includes(command)) return await runSendCommand(command, ctx);
    if (command === 'account') return await runAccountCommand(ctx);
    if (command === 'sync') return await runSyncCommand(ctx);
    if (command === 'serve') return await runServeCommand(ctx);
    throw unknownCommand(command);
  } catch (error) {
    if (isUserError(error)) {
      // One line, as promised, even for a message that quotes a multi-line value.
      output.err(`switchboard: ${oneLine(error.message)}`);
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
    // Closing reports its own trouble: a finally that threw would hide the command's outcome.
    await (
      await app?.catch(() => undefined)
    )
      ?.close()
      .catch((error: unknown) =>
        output.err(`switchboard: while closing: ${oneLine((error as Error).message)}`),
      );
  }
}
