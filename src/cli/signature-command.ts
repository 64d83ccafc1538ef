import { UserError, type SignatureInfo } from '../app/index.js';
import { requireArg, stringOption, type CommandContext } from './command-context.js';
import { messageText } from './message-files.js';
import { printJson, type Output } from './output.js';

/*
 * `switchboard signature`: the signatures messages end with, kept for the team in the workspace:
 * the team's (an admin's; per mailbox with --mailbox, else for any) and each member's own
 * (--mine), which their messages use first. One call of the app's signature service each.
 */

export const SIGNATURE_USAGE = `  signature add NAME (--text TEXT | --text-file FILE) [--mailbox ADDRESS] [--mine]   (the team's, admins only; --mine: your own, used first; {{agent.name}}, {{mailbox.name}}…)
  signature list [--json]
  signature remove ID`;

/** The options `signature` takes (besides --json). */
export const SIGNATURE_TAKES: readonly string[] = ['text', 'text-file', 'mailbox', 'mine'];

export async function runSignatureCommand(ctx: CommandContext): Promise<number> {
  const { values, output } = ctx;
  const [sub, ...words] = ctx.args;
  const app = await ctx.app();
  if (sub === 'list') {
    const all = await app.signatures.list();
    if (values.json) printJson(output, all);
    else printSignatures(output, all);
    return 0;
  }
  if (sub === 'remove') {
    const id = requireArg(words[0], 'signature remove needs an ID (signature list shows them)');
    await app.signatures.remove({ id });
    output.out(`removed signature ${id}`);
    return 0;
  }
  if (sub !== 'add')
    throw new UserError(
      'usage',
      `${sub ? `unknown signature command: ${sub}` : 'signature needs a command'}: add|list|remove (switchboard help signature)`,
    );
  const name = requireArg(words.join(' ').trim() || undefined, 'signature add needs a NAME');
  const text = await messageText('signature add', values);
  if (text === undefined) throw new UserError('usage', 'signature add needs --text TEXT');
  const mailbox = stringOption(values, 'mailbox');
  const saved = await app.signatures.save({
    name,
    text,
    ...(mailbox === undefined ? {} : { mailbox }),
    ...(values.mine ? { personal: true } : {}),
  });
  if (values.json) printJson(output, saved);
  else output.out(`saved signature ${saved.id} "${saved.name}" (${scope(saved)})`);
  return 0;
}

function scope(signature: SignatureInfo): string {
  const whose = signature.member ? `${signature.member.name}'s own` : "the team's";
  return `${whose}, for ${signature.mailbox ?? 'any mailbox'}`;
}

function printSignatures(output: Output, all: SignatureInfo[]): void {
  if (all.length === 0) {
    output.out('no signatures (add one: switchboard signature add NAME --text TEXT)');
    return;
  }
  for (const signature of all) {
    output.out(`${signature.id}  ${signature.name}  (${scope(signature)})`);
    for (const line of signature.text.split('\n')) output.out(`    ${line}`);
  }
}
