import { addAccount, listAccounts } from '../accounts/account-store.js';
import { envSecretRef } from '../accounts/secrets.js';
import { parseServerUrl } from '../accounts/server-url.js';
import { UserError } from '../errors.js';
import { requireArg, stringOption, type CommandContext } from './command-context.js';
import { printJson } from './output.js';

/** `switchboard account …`: the shared mailboxes this data directory syncs. */
export function runAccountCommand(ctx: CommandContext): number {
  const { values, output } = ctx;
  const sub = ctx.args[0];
  if (sub === 'add') {
    const str = (key: string) => stringOption(values, key);
    const smtp = str('smtp');
    const passwordEnv = str('password-env');
    const account = addAccount(ctx.cache(), {
      name: requireArg(str('name'), 'account add needs --name'),
      email: requireArg(str('email'), 'account add needs --email'),
      imap: parseServerUrl(
        requireArg(str('imap'), 'account add needs --imap imap://USER@HOST:PORT'),
        'imap',
      ),
      smtp: smtp ? parseServerUrl(smtp, 'smtp') : null,
      passwordRef: passwordEnv ? envSecretRef(passwordEnv) : null,
    });
    output.out(account.id);
    return 0;
  }
  if (sub === 'list') {
    const accounts = listAccounts(ctx.cache()).map((account) => ({
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
  throw new UserError('usage', 'usage: switchboard account add|list …');
}
