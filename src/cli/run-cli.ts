import { parseArgs } from 'node:util';
import { addAccount, AccountError, getAccount, listAccounts } from '../accounts/account-store.js';
import { environmentSecrets, envSecretRef, MissingSecretError } from '../accounts/secrets.js';
import { parseServerUrl, ServerUrlError } from '../accounts/server-url.js';
import {
  MAIL_ACTIONS,
  MailActionError,
  applyMailAction,
  type MailAction,
} from '../actions/mail-actions.js';
import { cacheFile, resolveDataDir, syncLockFile } from '../app/data-dir.js';
import { acquireSyncLock, SyncLockError } from '../app/sync-lock.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { MailConnectionError } from '../imap/connect.js';
import {
  listConversations,
  NotFoundError,
  resolveConversationId,
  showConversation,
} from '../queries/conversation-queries.js';
import { SearchQueryError } from '../search/parse-query.js';
import { searchMessages } from '../search/search-messages.js';
import type { AccountSyncResult } from '../sync/account-sync.js';
import { SyncEngine } from '../sync/sync-engine.js';
import { syncAccountOnce } from '../sync/sync-runner.js';
import {
  printConversation,
  printConversations,
  printHits,
  printJson,
  type Output,
} from './output.js';
import {
  runServerCommand,
  SERVER_COMMANDS,
  SERVER_OPTIONS,
  SERVER_USAGE,
  SERVER_USER_ERRORS,
} from './server-commands.js';
import {
  runTeamCommand,
  TEAM_COMMANDS,
  TEAM_OPTIONS,
  TEAM_USAGE,
  TEAM_USER_ERRORS,
} from './team-commands.js';
import { TeamSync } from '../team/client/team-sync.js';
import {
  conversationNotes,
  myEmail,
  soloMember,
  runTriageCommand,
  takeTagEdits,
  TRIAGE_COMMANDS,
  TRIAGE_OPTIONS,
  TRIAGE_USAGE,
  TRIAGE_USER_ERRORS,
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

/** How long `sync` waits for the team server before going on without it. */
const TEAM_SYNC_MS = Number(process.env.SWITCHBOARD_TEAM_TIMEOUT_MS ?? 10_000);

/** A mistake of the user's: reported as one line, never with a stack trace. */
class UsageError extends Error {
  override name = 'UsageError';
}

const USER_ERRORS = [
  UsageError,
  AccountError,
  ServerUrlError,
  MissingSecretError,
  MailConnectionError,
  NotFoundError,
  SearchQueryError,
  MailActionError,
  SyncLockError,
  ...SERVER_USER_ERRORS,
  ...TEAM_USER_ERRORS,
  ...TRIAGE_USER_ERRORS,
];

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

export async function runCli(fullArgv: string[], output: Output): Promise<number> {
  let db: Db | undefined;
  try {
    const { argv, edits: tagEdits } = takeTagEdits(fullArgv, VALUE_OPTIONS);
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      output.out(USAGE);
      return command || values.help ? 0 : 2;
    }
    const dataDir = resolveDataDir(values.data);
    // The sync server has its own database; it never opens the mail cache.
    if (SERVER_COMMANDS.includes(command))
      return await runServerCommand(command, rest, values, dataDir, output);
    db = openDatabase(cacheFile(dataDir));
    if (TEAM_COMMANDS.includes(command))
      return await runTeamCommand(db, dataDir, rest, values, output);
    if (TRIAGE_COMMANDS.includes(command))
      return await runTriageCommand(db, dataDir, command, rest, values, tagEdits, output);
    switch (command) {
      case 'account':
        return accountCommand(db, rest, values, output);
      case 'sync':
        return await syncCommand(db, dataDir, values, output);
      case 'conversations': {
        const accountId = values.account ? getAccount(db, values.account).id : undefined;
        const assignee = values.assignee;
        const rows = listConversations(db, {
          ...(accountId ? { accountId } : {}),
          ...(values.folder ? { folder: values.folder } : {}),
          limit: parseLimit(values.limit),
          team: {
            ...(assignee === 'none' ? { assignee: 'none' as const } : {}),
            ...(assignee && assignee !== 'none'
              ? { assignee: { email: assignee === 'me' ? await myEmail(db, dataDir) : assignee } }
              : {}),
            ...(values.status ? { status: values.status } : {}),
            ...(values.tag ? { tag: values.tag } : {}),
          },
        });
        if (values.json) printJson(output, rows);
        else printConversations(output, rows);
        return 0;
      }
      case 'show': {
        const id = requireArg(rest[0], 'show needs a CONVERSATION_ID');
        const shown = showConversation(db, id);
        const detail = { ...shown, notes: await conversationNotes(db, dataDir, shown.id) };
        if (values.json) printJson(output, detail);
        else printConversation(output, detail);
        return 0;
      }
      case 'search': {
        const query = requireArg(rest.join(' ').trim() || undefined, 'search needs a QUERY');
        const hits = searchMessages(db, query, { limit: parseLimit(values.limit) ?? 50 });
        if (values.json) printJson(output, hits);
        else printHits(output, hits);
        return 0;
      }
      case 'mark': {
        const id = requireArg(rest[0], 'mark needs a CONVERSATION_ID');
        const action = requireArg(rest[1], `mark needs an action: ${MAIL_ACTIONS.join('|')}`);
        if (!(MAIL_ACTIONS as readonly string[]).includes(action))
          throw new UsageError(`unknown action: ${action}`);
        const conversationId = resolveConversationId(db, id);
        if (!conversationId) throw new NotFoundError(`unknown conversation: ${id}`);
        const count = applyMailAction(
          db,
          { conversationId },
          action as MailAction,
          values.folder ? { folder: values.folder } : {},
        );
        output.out(
          `${count} message${count === 1 ? '' : 's'} updated; the next sync writes it to the server`,
        );
        return 0;
      }
      default:
        throw new UsageError(`unknown command: ${command}\n${USAGE}`);
    }
  } catch (error) {
    if (
      USER_ERRORS.some((type) => error instanceof type) ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
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

function accountCommand(
  db: Db,
  rest: string[],
  values: Record<string, string | boolean | undefined>,
  output: Output,
): number {
  const sub = rest[0];
  if (sub === 'add') {
    const str = (key: string) => {
      const value = values[key];
      return typeof value === 'string' ? value : undefined;
    };
    const account = addAccount(db, {
      name: requireArg(str('name'), 'account add needs --name'),
      email: requireArg(str('email'), 'account add needs --email'),
      imap: parseServerUrl(
        requireArg(str('imap'), 'account add needs --imap imap://USER@HOST:PORT'),
        'imap',
      ),
      smtp: str('smtp') ? parseServerUrl(str('smtp')!, 'smtp') : null,
      passwordRef: str('password-env') ? envSecretRef(str('password-env')!) : null,
    });
    output.out(account.id);
    return 0;
  }
  if (sub === 'list') {
    const accounts = listAccounts(db).map((account) => ({
      id: account.id,
      name: account.name,
      email: account.email,
    }));
    if (values.json) printJson(output, accounts);
    else
      for (const account of accounts)
        output.out(`${account.id}  ${account.email}  ${account.name}`);
    return 0;
  }
  throw new UsageError('usage: switchboard account add|list …');
}

async function syncCommand(
  db: Db,
  dataDir: string,
  values: { once?: boolean; json?: boolean },
  output: Output,
): Promise<number> {
  const accounts = listAccounts(db);
  if (accounts.length === 0)
    throw new UsageError('no accounts yet; add one with `switchboard account add`');
  const release = acquireSyncLock(syncLockFile(dataDir));
  try {
    const secrets = environmentSecrets();
    if (values.once) {
      const results: AccountSyncResult[] = [];
      let failed = 0;
      for (const account of accounts) {
        try {
          results.push(await syncAccountOnce(db, account, secrets));
        } catch (error) {
          failed += 1;
          if (error instanceof MailConnectionError || error instanceof MissingSecretError)
            output.err(`switchboard: ${account.email}: ${error.message}`);
          else throw error;
        }
      }
      const summary = results.map(summarize);
      // Team updates go both ways too before the command ends (a no-op outside a workspace).
      const team = await TeamSync.start(db, dataDir, {
        me: soloMember(db),
        timeoutMs: TEAM_SYNC_MS,
        keepOpen: false,
      }).catch((error: unknown) => {
        output.err(`switchboard: team: ${(error as Error).message}`);
        return undefined;
      });
      await team?.sync.stop();
      if (values.json) printJson(output, summary);
      else {
        for (const line of summary)
          output.out(
            `${line.account}: ${line.added} new, ${line.removed} removed, ${line.flagsChanged} flag changes, ${line.bodies} bodies, ${line.folders} folders`,
          );
        if (team)
          output.out(
            `team: ${team.result.conversations} conversations with team state${team.result.confirmed ? '' : ' (changes queued: the team server cannot be reached)'}`,
          );
      }
      return failed ? 1 : 0;
    }
    return await watch(db, dataDir, accounts, values.json === true, output);
  } finally {
    release();
  }
}

async function watch(
  db: Db,
  dataDir: string,
  accounts: ReturnType<typeof listAccounts>,
  json: boolean,
  output: Output,
): Promise<number> {
  const engine = new SyncEngine(db, environmentSecrets(), {
    onPass: (result) => {
      const line = summarize(result);
      if (json) output.out(JSON.stringify({ event: 'synced', ...line }));
      else if (line.added || line.removed || line.flagsChanged)
        output.out(
          `${line.account}: ${line.added} new, ${line.removed} removed, ${line.flagsChanged} flag changes`,
        );
    },
    onError: (account, error) => output.err(`switchboard: ${account.email}: ${error.message}`),
  });
  engine.start(accounts);
  if (!json) output.out(`syncing ${accounts.length} account(s); Ctrl-C to stop`);
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // The team connection alongside IMAP; mail goes on if the team server is down.
  const team = await TeamSync.start(db, dataDir, {
    me: soloMember(db),
    timeoutMs: TEAM_SYNC_MS,
    keepOpen: true,
  }).catch((error: unknown) => {
    output.err(`switchboard: team: ${(error as Error).message}`);
    return undefined;
  });
  if (team) {
    const { result } = team;
    if (json) output.out(JSON.stringify({ event: 'team', ...result }));
    else
      output.out(
        `team: workspace ${result.workspaceId}, ${result.conversations} conversations with team state${result.confirmed ? '' : ' (changes queued: the team server cannot be reached)'}`,
      );
  }
  await stopped;
  await engine.stop();
  await team?.sync.stop();
  return 0;
}

function summarize(result: AccountSyncResult) {
  return {
    account: result.account,
    folders: result.folders.length,
    added: result.folders.reduce((sum, folder) => sum + folder.added, 0),
    removed: result.folders.reduce((sum, folder) => sum + folder.removed, 0),
    flagsChanged: result.folders.reduce((sum, folder) => sum + folder.flagsChanged, 0),
    bodies: result.bodies,
    actions: result.actions,
  };
}

function requireArg(value: string | undefined, message: string): string {
  if (!value) throw new UsageError(message);
  return value;
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit expects a positive whole number, got ${value}`);
  return limit;
}
