import {
  isEmailAddress,
  isUserError,
  UserError,
  type MethodInput,
  type Queued,
} from '../app/index.js';
import {
  listOption,
  requireArg,
  stringOption,
  type CliValues,
  type CommandContext,
} from './command-context.js';
import { messageText, readAttachment, type AttachmentInput } from './message-files.js';
import { instantOption } from './option-values.js';
import { DRAFT_TAKES, DRAFT_USAGE, runDraftCommand } from './draft-command.js';
import { printJson } from './output.js';
import { runSignatureCommand, SIGNATURE_TAKES, SIGNATURE_USAGE } from './signature-command.js';
import {
  outboxJson,
  printCanned,
  printOutbox,
  queuedExitCode,
  queuedJson,
  queuedLine,
  type SentKind,
} from './send-output.js';

/*
 * Sending: `reply`, `forward`, `compose` queue a message in the outbox (sent by the sync after
 * the undo delay, at once with --now, at a time with --at); `outbox` lists it, cancels it (undo),
 * resends it or sends a held one anyway; `canned` keeps the team's saved replies; `permission`
 * says how a teammate may send from a shared mailbox. Each is one call of the application's
 * outbox or team service (src/app/services/outbox-service.ts holds the rules: permissions,
 * canned variables, the collision guard). Here: the command line, the files it names, the answer.
 */

export const SEND_COMMANDS: readonly string[] = [
  'reply',
  'forward',
  'compose',
  'outbox',
  'canned',
  'permission',
  'draft',
  'signature',
];

/** parseArgs options of these commands (`--to`, repeated, is run-cli.ts's: `assign` has it too). */
export const SEND_OPTIONS = {
  text: { type: 'string' },
  'text-file': { type: 'string' },
  canned: { type: 'string' },
  all: { type: 'boolean', default: false },
  attach: { type: 'string', multiple: true },
  as: { type: 'string' },
  now: { type: 'boolean', default: false },
  at: { type: 'string' },
  anyway: { type: 'boolean', default: false },
  subject: { type: 'string' },
  mailbox: { type: 'string' },
  /** `reply --draft`: send the shared draft; `draft --cc/--bcc/--discard`. */
  draft: { type: 'boolean', default: false },
  cc: { type: 'string', multiple: true },
  bcc: { type: 'string', multiple: true },
  discard: { type: 'boolean', default: false },
  /** `signature add --mine`: the member's own signature. */
  mine: { type: 'boolean', default: false },
} as const;

export const SEND_USAGE = `  reply CONVERSATION_ID (--text TEXT | --text-file FILE | --canned NAME | --draft) [--all] [--attach FILE]... [--as send-as|on-behalf] [--now] [--at ISO-DATE] [--anyway] [--json]   (goes after the undo delay; --now: at once, --at: then)
  forward CONVERSATION_ID --to ADDRESS... [--text TEXT | --text-file FILE] [--as send-as|on-behalf] [--now] [--at ISO-DATE] [--json]   (the newest message, with its attachments)
  compose --account ID --to ADDRESS... --subject S (--text T | --text-file F) [--attach FILE]... [--as send-as|on-behalf] [--now] [--at ISO-DATE] [--json]
  outbox [--json]
  outbox cancel ID   (undo: a message that has not started going out stays unsent)
  outbox resend ID   (a failed or unknown message; an unknown one may then arrive twice)
  outbox send-anyway ID   (a held message, past the check for a teammate's reply)
  canned add NAME (--text TEXT | --text-file FILE)   ({{contact.firstName}}, {{agent.name}}, {{mailbox.email}}, {{conversation.subject}}…)
  canned list [--json]
  permission EMAIL --mailbox ADDRESS full|send-as|on-behalf|read-only|no-access   (admins only)
${DRAFT_USAGE}
${SIGNATURE_USAGE}`;

/** The sending options each command takes; another one given is refused, never ignored. */
const TAKES: Record<string, ReadonlyArray<string>> = {
  reply: ['text', 'text-file', 'canned', 'draft', 'all', 'attach', 'as', 'now', 'at', 'anyway'],
  forward: ['to', 'text', 'text-file', 'as', 'now', 'at'],
  compose: ['to', 'subject', 'text', 'text-file', 'attach', 'as', 'now', 'at'],
  outbox: [],
  canned: ['text', 'text-file'],
  permission: ['mailbox'],
  draft: DRAFT_TAKES,
  signature: SIGNATURE_TAKES,
};

/** The permission's name on the command line → the team's name for it. */
const PERMISSIONS: Record<string, MethodInput<'team.setPermission'>['permission']> = {
  full: 'full-access',
  'send-as': 'send-as',
  'on-behalf': 'send-on-behalf',
  'read-only': 'read-only',
  'no-access': 'no-access',
};

export async function runSendCommand(command: string, ctx: CommandContext): Promise<number> {
  refuseOthers(command, ctx.values);
  switch (command) {
    case 'reply':
      return reply(ctx);
    case 'forward':
      return forward(ctx);
    case 'compose':
      return compose(ctx);
    case 'outbox':
      return outbox(ctx);
    case 'canned':
      return canned(ctx);
    case 'permission':
      return permission(ctx);
    case 'draft':
      return runDraftCommand(ctx);
    case 'signature':
      return runSignatureCommand(ctx);
    default:
      throw new UserError('usage', `unknown command: ${command}`);
  }
}

async function reply(ctx: CommandContext): Promise<number> {
  const { values } = ctx;
  const conversationId = requireArg(ctx.args[0], 'reply needs a CONVERSATION_ID');
  if (ctx.args.length > 1) throw unexpected(ctx.args[1]!);
  const when = whenOptions(values);
  const text = await messageText('reply', values, ['canned', 'draft']);
  const cannedName = stringOption(values, 'canned');
  const body =
    text !== undefined
      ? { text }
      : cannedName !== undefined
        ? { canned: cannedName }
        : values.draft && { draft: true as const };
  if (!body)
    throw new UserError(
      'usage',
      'reply needs --text TEXT, --text-file FILE, --canned NAME or --draft (the shared draft)',
    );
  const files = listOption(values, 'attach');
  const attachments = await Promise.all(files.map(readAttachment));
  const queued = await withFiles(files, async () =>
    (await ctx.app()).outbox.reply({
      conversationId,
      ...body,
      ...when,
      ...(values.all ? { all: true } : {}),
      ...(values.anyway ? { anyway: true } : {}),
      ...withAttachments(attachments),
    }),
  );
  return printQueued(ctx, 'reply', queued);
}

async function forward(ctx: CommandContext): Promise<number> {
  const { values } = ctx;
  const conversationId = requireArg(ctx.args[0], 'forward needs a CONVERSATION_ID');
  const to = recipients('forward', values, ctx.args.slice(1));
  const when = whenOptions(values);
  const text = await messageText('forward', values);
  const queued = await (
    await ctx.app()
  ).outbox.forward({ conversationId, to, ...(text === undefined ? {} : { text }), ...when });
  return printQueued(ctx, 'forward', queued);
}

async function compose(ctx: CommandContext): Promise<number> {
  const { values } = ctx;
  const account = requireArg(stringOption(values, 'account'), 'compose needs --account ID');
  const to = recipients('compose', values, ctx.args);
  const subject = requireArg(stringOption(values, 'subject'), 'compose needs --subject S');
  const when = whenOptions(values);
  const text = await messageText('compose', values);
  if (text === undefined)
    throw new UserError('usage', 'compose needs --text TEXT or --text-file FILE');
  const files = listOption(values, 'attach');
  const attachments = await Promise.all(files.map(readAttachment));
  const queued = await withFiles(files, async () =>
    (await ctx.app()).outbox.compose({
      account,
      to,
      subject,
      text,
      ...when,
      ...withAttachments(attachments),
    }),
  );
  return printQueued(ctx, 'message', queued);
}

/** `outbox`, `outbox cancel|resend|send-anyway ID`. */
async function outbox(ctx: CommandContext): Promise<number> {
  const { values, output } = ctx;
  const [sub, idText] = ctx.args;
  if (sub === undefined || sub === 'list') {
    const items = await (await ctx.app()).outbox.list();
    if (values.json) printJson(output, items.map(outboxJson));
    else printOutbox(output, items);
    return 0;
  }
  if (sub !== 'cancel' && sub !== 'resend' && sub !== 'send-anyway')
    throw new UserError(
      'usage',
      `unknown outbox command: ${sub} (outbox, outbox cancel|resend|send-anyway ID)`,
    );
  const id = outboxId(sub, idText);
  const app = await ctx.app();
  if (sub === 'cancel') {
    const cancelled = await app.outbox.cancel({ id });
    if (values.json)
      printJson(output, { ...outboxJson(cancelled), backInDraft: cancelled.backInDraft });
    else
      output.out(
        `cancelled ${id} <${cancelled.messageId}>: it is not sent` +
          (cancelled.backInDraft ? '; its text is back in the shared draft' : ''),
      );
    return 0;
  }
  const queued = await (sub === 'resend'
    ? app.outbox.resend({ id })
    : app.outbox.sendAnyway({ id }));
  return printQueued(ctx, 'message', queued, true);
}

/** `canned add NAME --text TEXT`, `canned list`. */
async function canned(ctx: CommandContext): Promise<number> {
  const { values, output } = ctx;
  const [sub, ...words] = ctx.args;
  if (sub === 'list') {
    const all = await (await ctx.app()).canned.list();
    if (values.json) printJson(output, all);
    else printCanned(output, all);
    return 0;
  }
  if (sub !== 'add')
    throw new UserError(
      'usage',
      `${sub ? `unknown canned command: ${sub}` : 'canned needs a command'}: add|list (switchboard help canned)`,
    );
  const name = requireArg(words.join(' ').trim() || undefined, 'canned add needs a NAME');
  const text = await messageText('canned add', values);
  if (text === undefined) throw new UserError('usage', 'canned add needs --text TEXT');
  const saved = await (await ctx.app()).canned.add({ name, text });
  if (values.json) printJson(output, saved);
  else output.out(`saved canned response "${saved.name}" (reply with: --canned "${saved.name}")`);
  return 0;
}

/** `permission EMAIL --mailbox ADDRESS LEVEL`. */
async function permission(ctx: CommandContext): Promise<number> {
  const { values, output } = ctx;
  const names = Object.keys(PERMISSIONS).join('|');
  const email = requireArg(ctx.args[0], `permission needs EMAIL --mailbox ADDRESS ${names}`);
  const mailbox = requireArg(
    stringOption(values, 'mailbox'),
    'permission needs --mailbox ADDRESS (the shared mailbox)',
  );
  const level = requireArg(ctx.args[1], `permission needs one of ${names}`);
  if (ctx.args.length > 2) throw unexpected(ctx.args[2]!);
  const chosen = Object.hasOwn(PERMISSIONS, level) ? PERMISSIONS[level] : undefined;
  if (!chosen) throw new UserError('usage', `permission needs one of ${names}, got ${level}`);
  const set = await (await ctx.app()).team.setPermission({ email, mailbox, permission: chosen });
  if (values.json) printJson(output, set);
  else output.out(`${set.email} now has ${level} on ${set.mailbox}`);
  return 0;
}

/** A queued (or sent, or held…) message printed; the exit code says whether it needs the agent. */
function printQueued(ctx: CommandContext, kind: SentKind, queued: Queued, now = false): number {
  if (ctx.values.json) printJson(ctx.output, queuedJson(queued));
  else ctx.output.out(queuedLine(kind, queued, now || ctx.values.now === true));
  return queuedExitCode(queued);
}

/** A sending option the command does not take: refused, so nothing given is silently dropped. */
function refuseOthers(command: string, values: CliValues): void {
  const takes = TAKES[command] ?? [];
  const given = [...Object.keys(SEND_OPTIONS), 'to'].find((name) => {
    const value = values[name];
    return value !== undefined && value !== false && !takes.includes(name);
  });
  if (given) throw new UserError('usage', `${command} does not take --${given}`);
}

/** `--now`, `--at`, `--as`: how and when the message leaves. */
function whenOptions(values: CliValues): Pick<MethodInput<'outbox.reply'>, 'now' | 'at' | 'as'> {
  const as = stringOption(values, 'as');
  if (as !== undefined && as !== 'send-as' && as !== 'on-behalf')
    throw new UserError('usage', `--as takes send-as or on-behalf, got ${as}`);
  if (values.now && values.at !== undefined)
    throw new UserError('usage', '--now and --at exclude each other (send at once, or at a time)');
  const at = instantOption(values, 'at');
  return {
    ...(values.now ? { now: true } : {}),
    ...(at === undefined ? {} : { at }),
    ...(as === undefined ? {} : { as }),
  };
}

/**
 * `--to ADDRESS...`: repeated (`--to a --to b`), comma-separated (`--to "a, b"`), or addresses
 * following it (`--to a b`: the ones after the first are left as arguments by the parser).
 */
function recipients(command: string, values: CliValues, rest: string[]): string[] {
  const given = listOption(values, 'to');
  if (given.length === 0) throw new UserError('usage', `${command} needs --to ADDRESS`);
  const extra = rest.find((arg) => !isEmailAddress(arg));
  if (extra !== undefined) throw unexpected(extra);
  return [...given.flatMap((to) => to.split(',')), ...rest]
    .map((address) => address.trim())
    .filter(Boolean);
}

function outboxId(sub: string, text: string | undefined): number {
  const id = text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : 0;
  if (id < 1)
    throw new UserError(
      'usage',
      `outbox ${sub} needs an ID (a number, as switchboard outbox lists them)${text === undefined ? '' : `, got ${text}`}`,
    );
  return id;
}

const withAttachments = (attachments: AttachmentInput[]) =>
  attachments.length > 0 ? { attachments } : {};

/** The call's refusal of an attachment, naming the file rather than its place in the call. */
async function withFiles<T>(files: string[], call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const at = isUserError(error, 'invalid')
      ? /^attachments\.(\d+)\.(\w+)$/.exec(error.field ?? '')
      : null;
    const file = at ? files[Number(at[1])] : undefined;
    if (!at || file === undefined) throw error;
    const why = at[2] === 'contentBase64' ? 'it is too large' : 'its name is too long';
    throw new UserError('invalid', `--attach ${file} cannot be sent: ${why}`);
  }
}

const unexpected = (arg: string) =>
  new UserError('usage', `unexpected argument: ${arg} (switchboard help lists the commands)`);
