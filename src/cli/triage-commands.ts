import {
  CONVERSATION_STATUSES,
  isUserError,
  UserError,
  type ConversationStatus,
  type Switchboard,
  type TriageResult,
} from '../app/index.js';
import { listOption, type CliValues, type CommandContext } from './command-context.js';
import { instantOption } from './option-values.js';

/*
 * Scriptable triage: `assign`, `status`, `tag`, `note`, each one call of the application's triage
 * (src/app/services/triage-service.ts holds the rules: all edits or none, offline too, then the
 * wait for the team server). Here: the command line read into the call, and its answer printed,
 * "queued" when the team server could not be reached.
 */

export const TRIAGE_COMMANDS: readonly string[] = ['assign', 'status', 'tag', 'note'];

/** `--to` is run-cli.ts's (forward and compose take it too, repeated). */
export const TRIAGE_OPTIONS = {
  me: { type: 'boolean', default: false },
  none: { type: 'boolean', default: false },
  until: { type: 'string' },
  assignee: { type: 'string' },
  status: { type: 'string' },
  tag: { type: 'string' },
} as const;

export const TRIAGE_USAGE = `  assign CONVERSATION_ID (--to EMAIL | --me | --none)
  status CONVERSATION_ID ${CONVERSATION_STATUSES.join('|')} [--until ISO-DATE]
  tag CONVERSATION_ID +TAG -TAG …
  note CONVERSATION_ID TEXT   (@email mentions a teammate)`;

/**
 * Tag edits look like short options (`-billing`): taken out of argv before it is parsed.
 * `valueOptions` are the options that take a value (`--data DIR`), so the command is found.
 */
export function takeTagEdits(
  argv: string[],
  valueOptions: ReadonlySet<string>,
): { argv: string[]; edits: string[] } {
  let command: string | undefined;
  for (let i = 0; i < argv.length && command === undefined; i += 1) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      if (!arg.includes('=') && valueOptions.has(arg.slice(2))) i += 1;
    } else if (!arg.startsWith('-')) command = arg;
  }
  if (command !== 'tag') return { argv, edits: [] };
  const edits = argv.filter((arg) => /^[+-][^-]/.test(arg) && arg !== '-h');
  return { argv: argv.filter((arg) => !edits.includes(arg)), edits };
}

export async function runTriageCommand(command: string, ctx: CommandContext): Promise<number> {
  const [conversationId, ...args] = ctx.args;
  if (!conversationId) throw new UserError('usage', `${command} needs a CONVERSATION_ID`);
  const { done, delivery } = await call(command, conversationId, args, ctx);
  ctx.output.out(
    delivery === 'queued'
      ? `${done} (queued: the team server cannot be reached; it goes out with the next sync)`
      : done,
  );
  return 0;
}

/** The command line as one call of the application. */
async function call(
  command: string,
  conversationId: string,
  args: string[],
  ctx: CommandContext,
): Promise<TriageResult> {
  const { values } = ctx;
  switch (command) {
    case 'assign': {
      const to = assignee(values);
      return (await ctx.app()).triage.assign({ conversationId, to });
    }
    case 'status':
      return setStatus(await ctx.app(), conversationId, args[0], values);
    case 'tag': {
      if (ctx.tagEdits.length === 0) throw new UserError('usage', 'tag needs +TAG or -TAG');
      const named = (sign: string) =>
        ctx.tagEdits.filter((edit) => edit.startsWith(sign)).map((edit) => edit.slice(1));
      const [add, remove] = [named('+'), named('-')];
      return (await ctx.app()).triage.tag({
        conversationId,
        ...(add.length > 0 ? { add } : {}),
        ...(remove.length > 0 ? { remove } : {}),
      });
    }
    case 'note': {
      const text = args.join(' ').trim();
      if (!text) throw new UserError('usage', 'note needs a TEXT');
      return (await ctx.app()).triage.note({ conversationId, text });
    }
    default:
      throw new UserError('usage', `unknown command: ${command}`);
  }
}

/** `--to EMAIL`, `--me` or `--none`: exactly one. */
function assignee(values: CliValues): { email: string } | 'me' | 'none' {
  const to = listOption(values, 'to');
  const chosen = to.length + (values.me === true ? 1 : 0) + (values.none === true ? 1 : 0);
  if (chosen !== 1)
    throw new UserError('usage', 'assign needs exactly one of --to EMAIL, --me, --none');
  if (values.me) return 'me';
  return values.none ? 'none' : { email: to[0]! };
}

/** `status`: the call's refusals of the status and of its time, in the command line's words. */
async function setStatus(
  app: Switchboard,
  conversationId: string,
  status: string | undefined,
  values: CliValues,
): Promise<TriageResult> {
  const until = instantOption(values, 'until');
  try {
    return await app.triage.setStatus({
      conversationId,
      status: (status ?? '') as ConversationStatus,
      ...(until === undefined ? {} : { snoozedUntil: until }),
    });
  } catch (error) {
    if (!isUserError(error, 'invalid')) throw error;
    if (error.field === 'status')
      throw new UserError('usage', `status needs one of ${CONVERSATION_STATUSES.join('|')}`);
    if (error.field === 'snoozedUntil')
      throw new UserError(
        'usage',
        status === 'snoozed'
          ? 'snoozed needs --until ISO-DATE, when it wakes up (e.g. --until 2026-12-01T09:00:00Z)'
          : '--until goes with snoozed only',
      );
    throw error;
  }
}
