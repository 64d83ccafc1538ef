import { UserError, type MethodInput } from '../app/index.js';
import { requireArg, stringOption, type CommandContext } from './command-context.js';
import { printJson } from './output.js';

const SUBCOMMANDS = 'add|edit|remove|list';

/** `switchboard account …`: the shared mailboxes this data directory syncs. */
export async function runAccountCommand(ctx: CommandContext): Promise<number> {
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

async function add(ctx: CommandContext): Promise<number> {
  const str = (key: string) => stringOption(ctx.values, key);
  const name = requireArg(str('name'), 'account add needs --name');
  const email = requireArg(str('email'), 'account add needs --email');
  const { imapUrl, ...rest } = serverAndSecretChanges(ctx);
  if (!imapUrl) throw new UserError('usage', 'account add needs --imap imap://USER@HOST:PORT');
  const account = await (await ctx.app()).accounts.add({ name, email, imapUrl, ...rest });
  ctx.output.out(account.id);
  return 0;
}

async function edit(ctx: CommandContext): Promise<number> {
  const account = requireArg(ctx.args[1], 'account edit needs an ACCOUNT (its id or address)');
  if (ctx.values.email !== undefined)
    throw new UserError(
      'usage',
      "an account's address cannot be changed: its conversation ids derive from it (remove the account and add the new address)",
    );
  const name = stringOption(ctx.values, 'name');
  const changes = { ...(name !== undefined ? { name } : {}), ...serverAndSecretChanges(ctx) };
  if (Object.keys(changes).length === 0)
    throw new UserError(
      'usage',
      'account edit needs at least one of --name, --imap, --smtp, --password-env',
    );
  const updated = await (await ctx.app()).accounts.edit({ account, ...changes });
  if (ctx.values.json) printJson(ctx.output, summary(updated));
  else ctx.output.out(`updated ${updated.id}  ${updated.email}  ${updated.name}`);
  return 0;
}

/** --imap, --smtp and --password-env: what `add` and `edit` take alike. */
function serverAndSecretChanges(
  ctx: CommandContext,
): Pick<MethodInput<'accounts.edit'>, 'imapUrl' | 'smtpUrl' | 'password'> {
  const imapUrl = stringOption(ctx.values, 'imap');
  const smtpUrl = stringOption(ctx.values, 'smtp');
  const passwordEnv = stringOption(ctx.values, 'password-env');
  return {
    ...(imapUrl !== undefined ? { imapUrl } : {}),
    ...(smtpUrl !== undefined ? { smtpUrl } : {}),
    ...(passwordEnv !== undefined ? { password: { env: passwordEnv } } : {}),
  };
}

async function remove(ctx: CommandContext): Promise<number> {
  const account = requireArg(ctx.args[1], 'account remove needs an ACCOUNT (its id or address)');
  const removed = await (
    await ctx.app()
  ).accounts.remove({ account, dropPendingActions: ctx.values.force === true });
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
}

async function list(ctx: CommandContext): Promise<number> {
  const accounts = (await (await ctx.app()).accounts.list()).map(summary);
  if (ctx.values.json) printJson(ctx.output, accounts);
  else if (accounts.length === 0)
    ctx.output.out('no accounts yet; add one with `switchboard account add`');
  else
    for (const account of accounts)
      ctx.output.out(`${account.id}  ${account.email}  ${account.name}`);
  return 0;
}

/** The documented JSON of an account (README): its id, name and address. */
const summary = (account: { id: string; name: string; email: string }) => ({
  id: account.id,
  name: account.name,
  email: account.email,
});
