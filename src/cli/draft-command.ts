import { UserError, type DraftView, type MethodInput } from '../app/index.js';
import { listOption, requireArg, stringOption, type CommandContext } from './command-context.js';
import { messageText } from './message-files.js';
import { printJson, type Output } from './output.js';

/*
 * `switchboard draft CONVERSATION_ID`: the conversation's shared draft, the one teammates
 * co-edit in the app: shown, written (its text, recipients, subject), or discarded. A reply is
 * then sent from it with `switchboard reply CONVERSATION_ID --draft`. One call of the app's
 * draft service (src/app/services/draft-service.ts) each.
 */

export const DRAFT_USAGE = `  draft CONVERSATION_ID [--text TEXT | --text-file FILE] [--to ADDRESS]... [--cc ADDRESS]... [--bcc ADDRESS]... [--subject S] [--all] [--json]   (the shared draft: shown, or written for the team)
  draft CONVERSATION_ID --discard   (drops the shared draft, for the whole team)`;

/** The options `draft` takes (besides --to, --all and --json, which other commands have too). */
export const DRAFT_TAKES: readonly string[] = [
  'text',
  'text-file',
  'to',
  'cc',
  'bcc',
  'subject',
  'all',
  'discard',
];

export async function runDraftCommand(ctx: CommandContext): Promise<number> {
  const { values, output } = ctx;
  const conversationId = requireArg(ctx.args[0], 'draft needs a CONVERSATION_ID');
  if (ctx.args.length > 1) throw new UserError('usage', `unexpected argument: ${ctx.args[1]}`);
  const app = await ctx.app();
  if (values.discard) {
    if (DRAFT_TAKES.some((name) => name !== 'discard' && given(values[name])))
      throw new UserError('usage', 'draft --discard takes no other option');
    await app.drafts.discard({ conversationId });
    output.out(`discarded the draft of ${conversationId}`);
    return 0;
  }
  const text = await messageText('draft', values);
  const subject = stringOption(values, 'subject');
  const edit: MethodInput<'drafts.edit'> = {
    conversationId,
    ...(text === undefined ? {} : { text }),
    ...addresses(values, 'to'),
    ...addresses(values, 'cc'),
    ...addresses(values, 'bcc'),
    ...(subject === undefined ? {} : { subject }),
    ...(values.all ? { all: true } : {}),
  };
  const writes = Object.keys(edit).some((key) => key !== 'conversationId' && key !== 'all');
  const draft = writes
    ? await app.drafts.edit(edit)
    : await openedOnce(app, conversationId, values.all === true);
  if (values.json) printJson(output, withoutState(draft));
  else printDraft(output, draft);
  return 0;
}

/** The draft read once: opened (held) for this command only, and closed. */
async function openedOnce(
  app: Awaited<ReturnType<CommandContext['app']>>,
  conversationId: string,
  all: boolean,
): Promise<DraftView> {
  try {
    return await app.drafts.open({ conversationId, ...(all ? { all: true } : {}) });
  } finally {
    await app.drafts.close({ conversationId }).catch(() => null);
  }
}

/** `--to a --to b`, `--to "a, b"`: the list, when given. */
function addresses(
  values: CommandContext['values'],
  key: 'to' | 'cc' | 'bcc',
): Partial<Record<typeof key, Array<{ address: string }>>> {
  const list = listOption(values, key);
  if (list.length === 0) return {};
  return {
    [key]: list
      .flatMap((entry) => entry.split(','))
      .map((address) => address.trim())
      .filter(Boolean)
      .map((address) => ({ address })),
  };
}

const given = (value: unknown) => value !== undefined && value !== false;

/** The JSON of a draft: what a script reads (the editor's document state is the app's). */
function withoutState(draft: DraftView): Omit<DraftView, 'state'> {
  const { state: _state, ...rest } = draft;
  return rest;
}

function printDraft(output: Output, draft: DraftView): void {
  const list = (people: DraftView['to']) =>
    people.map((p) => (p.name ? `${p.name} <${p.address}>` : p.address)).join(', ');
  const editors = draft.editors.map((editor) => editor.name).join(', ');
  output.out(`draft of ${draft.conversationId}${editors ? ` (written by ${editors})` : ''}`);
  output.out(`To: ${list(draft.to)}`);
  if (draft.cc.length > 0) output.out(`Cc: ${list(draft.cc)}`);
  if (draft.bcc.length > 0) output.out(`Bcc: ${list(draft.bcc)}`);
  output.out(`Subject: ${draft.subject}`);
  output.out('');
  output.out(draft.text || '(no text yet)');
}
