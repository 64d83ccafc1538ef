import { CONVERSATION_STATUSES, UserError } from '../app/index.js';
import { SEND_USAGE } from './send-commands.js';
import { SERVE_USAGE } from './serve-command.js';
import { SERVER_USAGE } from './server-commands.js';
import { TEAM_USAGE } from './team-commands.js';
import { TRIAGE_USAGE } from './triage-commands.js';
import { MAX_LIMIT } from './option-values.js';

/** One line per command form, each starting with the command's name (`help COMMAND` picks them). */
const COMMAND_LINES = `  account add --name NAME --email ADDRESS --imap imap://USER@HOST:PORT [--smtp smtp://USER@HOST:PORT] [--password-env VAR]
  account edit ACCOUNT [--name NAME] [--imap URL] [--smtp URL] [--password-env VAR]   (not the address: conversation ids derive from it)
  account remove ACCOUNT [--force]   (its mail leaves this cache, the server keeps it; --force also drops changes not yet synced)
  account list [--json]
  sync [--once] [--json]
  conversations [--account ID] [--folder NAME] [--assignee EMAIL|me|none] [--status ${CONVERSATION_STATUSES.join('|')}] [--tag T] [--limit N] [--json]
  show CONVERSATION_ID [--json]
  search QUERY [--limit N] [--json]   (the best 50 unless --limit)
  mark CONVERSATION_ID read|unread|flag|unflag|archive|trash|move [--folder NAME]
${TRIAGE_USAGE}
${SEND_USAGE}
${TEAM_USAGE}
${SERVER_USAGE}
${SERVE_USAGE}
  help [COMMAND]
  --version`;

const FOOTER = `--limit N takes 1 to ${MAX_LIMIT}. ACCOUNT is an account's id or address.
The data directory is --data DIR, else $SWITCHBOARD_DATA, else $XDG_DATA_HOME/switchboard (~/.local/share/switchboard).`;

const page = (lines: string) => `usage: switchboard [--data DIR] <command>

${lines}

${FOOTER}`;

export const USAGE = page(COMMAND_LINES);

/** The usage of one command (`switchboard help search`, `switchboard search --help`). */
export function usageOf(command: string): string {
  const lines = COMMAND_LINES.split('\n').filter(
    (line) => line.trim() === command || line.trim().startsWith(`${command} `),
  );
  if (lines.length === 0) throw unknownCommand(command);
  return page(lines.join('\n'));
}

export const unknownCommand = (command: string) =>
  new UserError('usage', `unknown command: ${command} (switchboard help lists the commands)`);
