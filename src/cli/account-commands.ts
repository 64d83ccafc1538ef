import {
  addAccount,
  listAccounts,
  updateAccount,
  type AccountChanges,
} from '../accounts/account-store.js';
import { removeAccount } from '../accounts/remove-account.js';
import { envSecretRef } from '../accounts/secrets.js';
import { parseServerUrl } from '../accounts/server-url.js';
import { syncLockFile } from '../app/data-dir.js';
import { acquireSyncLock } from '../app/sync-lock.js';
import { isUserError, UserError } from '../errors.js';
import { requireArg, stringOption, type CommandContext } from './command-context.js';
import { printJson } from './output.js';

const SUBCOMMANDS = 'add|edit|remove|list';

/** `switchboard account …`: the shared mailboxes this data directory syncs. */
export function runAccountCommand(ctx: CommandContext): number {
  const sub = ctx.args[0];
  switch (sub) {
    case 'add':
      return add(ctx);
    case 'edit':
      return edit(ctx);
    case 'remove':
      return remove(ctx);
    case 'list':
      return list(ctx);
    default:
      throw new UserError(
        'usage',
        `${sub ? `unknown account command: ${sub}` : 'account needs a command'}: ${SUBCOMMANDS} (switchboard help account)`,
      );
  }
}

function add(ctx: CommandContext): number {
  const str = (key: string) => stringOption(ctx.values, key);
  const name = requireArg(str('name'), 'account add needs --name');
  const email = requireArg(str('email'), 'account add needs --email');
  const { imap, ...rest } = serverAndSecretChanges(ctx);
  if (!imap) throw new UserError('usage', 'account add needs --imap imap://USER@HOST:PORT');
  const account = addAccount(ctx.cache(), { name, email, imap, ...rest });
  ctx.output.out(account.id);
  return 0;
}

function edit(ctx: CommandContext): number {
  const target = requireArg(ctx.args[1], 'account edit needs an ACCOUNT (its id or address)');
  if (ctx.values.email !== undefined)
    throw new UserError(
      'usage',
      "an account's address cannot be changed: its conversation ids derive from it (remove the account and add the new address)",
    );
  const name = stringOption(ctx.values, 'name');
  const changes: AccountChanges = {
    ...(name !== undefined ? { name } : {}),
    ...serverAndSecretChanges(ctx),
  };
  if (Object.keys(changes).length === 0)
    throw new UserError(
      'usage',
      'account edit needs at least one of --name, --imap, --smtp, --password-env',
    );
  const account = updateAccount(ctx.cache(), target, changes);
  if (ctx.values.json) printJson(ctx.output, summary(account));
  else ctx.output.out(`updated ${account.id}  ${account.email}  ${account.name}`);
  return 0;
}

/** --imap, --smtp and --password-env, checked: what `add` and `edit` take alike. */
function serverAndSecretChanges(ctx: CommandContext): Omit<AccountChanges, 'name'> {
  const imap = stringOption(ctx.values, 'imap');
  const smtp = stringOption(ctx.values, 'smtp');
  const passwordEnv = stringOption(ctx.values, 'password-env');
  return {
    ...(imap !== undefined ? { imap: parseServerUrl(imap, 'imap') } : {}),
    ...(smtp !== undefined ? { smtp: parseServerUrl(smtp, 'smtp') } : {}),
    ...(passwordEnv !== undefined ? { passwordRef: envSecretRef(passwordEnv) } : {}),
  };
}

function remove(ctx: CommandContext): number {
  const target = requireArg(ctx.args[1], 'account remove needs an ACCOUNT (its id or address)');
  const db = ctx.cache();
  // A running sync would go on filing mail of the account being removed.
  let release: () => void;
  try {
    release = acquireSyncLock(syncLockFile(ctx.dataDir));
  } catch (error) {
    if (!isUserError(error, 'locked')) throw error;
    throw new UserError(
      'locked',
      'a sync is running on this data directory: stop it, then remove the account',
    );
  }
  try {
    const removed = removeAccount(db, target, { dropPendingActions: ctx.values.force === true });
    if (ctx.values.json) printJson(ctx.output, removed);
    else {
      const dropped = removed.droppedActions;
      ctx.output.out(
        `removed ${removed.email} (${removed.id}): ${removed.messages} messages in ${removed.conversations} conversations left this cache; the server still has them` +
          (dropped
            ? `; ${dropped} local change${dropped === 1 ? '' : 's'} the server did not have yet ${dropped === 1 ? 'was' : 'were'} dropped`
            : ''),
      );
    }
    return 0;
  } finally {
    release();
  }
}

function list(ctx: CommandContext): number {
  const accounts = listAccounts(ctx.cache()).map(summary);
  if (ctx.values.json) printJson(ctx.output, accounts);
  else if (accounts.length === 0)
    ctx.output.out('no accounts yet; add one with `switchboard account add`');
  else
    for (const account of accounts)
      ctx.output.out(`${account.id}  ${account.email}  ${account.name}`);
  return 0;
}

const summary = (account: { id: string; name: string; email: string }) => ({
  id: account.id,
  name: account.name,
  email: account.email,
});
