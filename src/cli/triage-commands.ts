import { listAccounts } from '../accounts/account-store.js';
import type { Db } from '../db/open-database.js';
import { isUserError, UserError } from '../errors.js';
import { resolveConversationId, type TeamFilter } from '../queries/conversation-queries.js';
import { changeNotAccepted } from '../team/client/not-accepted.js';
import { TeamWorkspace } from '../team/client/team-workspace.js';
import { readTeamConfig } from '../team/client/team-config.js';
import {
  CONVERSATION_STATUSES,
  type ConversationEdit,
  type ConversationStatus,
  type Note,
  type Workspace,
} from '../team/workspace/index.js';
import type { CliValues, CommandContext } from './command-context.js';

/*
 * Scriptable triage: `assign`, `status`, `tag`, `note`. A command's edits are checked first, all
 * of them, then made in the local replica in one go (offline too) and stored before anything
 * else: all or none (Conversation.apply). Then the command waits for the team server to hold
 * them, or says they are queued when the server cannot be reached (the next sync, or the next
 * command, sends them). When the server refuses the token, the change is kept but not accepted,
 * and the command fails saying so (not-accepted.ts).
 */

/** The color of a tag an admin defines on the way (`tag ID +new`): a neutral grey. */
const NEW_TAG_COLOR = '#6b7280';

export const TRIAGE_COMMANDS: readonly string[] = ['assign', 'status', 'tag', 'note'];

export const TRIAGE_OPTIONS = {
  to: { type: 'string' },
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

/** Who this user is, should a solo workspace need creating: the first mail account's address. */
export function soloMember(db: Db): { name: string; email: string } {
  const account = listAccounts(db)[0];
  return account
    ? { name: account.name, email: account.email }
    : { name: 'Me', email: 'me@localhost' };
}

export async function runTriageCommand(command: string, ctx: CommandContext): Promise<number> {
  const { output, dataDir } = ctx;
  const db = ctx.cache();
  const confirmMs = ctx.settings.teamConfirmMs;
  const [rawId, ...args] = ctx.args;
  if (!rawId) throw new UserError('usage', `${command} needs a CONVERSATION_ID`);
  const conversationId = resolveConversationId(db, rawId);
  if (!conversationId) throw new UserError('not-found', `unknown conversation: ${rawId}`);
  // The command line is checked before the workspace is opened; the edits against the
  // workspace (members, tags, roles) by `apply`, all before any is made.
  const request = parseRequest(command, args, ctx.values, ctx.tagEdits);
  const team = await TeamWorkspace.open(db, dataDir, {
    me: soloMember(db),
    firstSyncMs: confirmMs,
  });
  try {
    const conversation = await team.workspace.conversation(conversationId);
    const { edits, done } = request(team.workspace);
    const notes = team.atomically(() => conversation.apply(edits));
    team.project([conversation.state()]);
    const said = done(notes);
    // Unreachable: queued. Refused: kept but not accepted (see not-accepted.ts), and said at once.
    const confirmed = await team.session.confirmed(confirmMs).catch((error: unknown) => {
      if (isUserError(error, 'token-refused')) throw changeNotAccepted(error, said);
      return false;
    });
    output.out(
      confirmed || team.session.solo
        ? said
        : `${said} (queued: the team server cannot be reached; it goes out with the next sync)`,
    );
    return 0;
  } finally {
    await team.close();
  }
}

/** A command's edits, made against the workspace, and what to tell the user once they are made. */
type Request = (workspace: Workspace) => {
  edits: ConversationEdit[];
  done: (notes: Note[]) => string;
};

/** Checks the command line; returns how to make its edits. */
function parseRequest(
  command: string,
  args: string[],
  values: CliValues,
  tagEdits: string[],
): Request {
  switch (command) {
    case 'assign': {
      const chosen = [values.to !== undefined, values.me === true, values.none === true].filter(
        Boolean,
      ).length;
      if (chosen !== 1)
        throw new UserError('usage', 'assign needs exactly one of --to EMAIL, --me, --none');
      if (values.none)
        return () => ({ edits: [{ kind: 'assign', member: null }], done: () => 'unassigned' });
      return (workspace) => {
        const member = values.me
          ? workspace.team.member(workspace.actor)
          : workspace.team.memberByEmail(String(values.to));
        if (!member)
          throw new UserError('not-found', `no teammate with the address ${String(values.to)}`);
        return {
          edits: [{ kind: 'assign', member: member.id }],
          done: () => `assigned to ${member.email}`,
        };
      };
    }
    case 'status': {
      const status = args[0];
      if (!status || !(CONVERSATION_STATUSES as readonly string[]).includes(status)) {
        throw new UserError('usage', `status needs one of ${CONVERSATION_STATUSES.join('|')}`);
      }
      let until: number | undefined;
      if (typeof values.until === 'string') {
        until = Date.parse(values.until);
        if (!Number.isFinite(until))
          throw new UserError(
            'invalid',
            `not a date: ${values.until} (use ISO 8601, e.g. 2026-12-01T09:00:00Z)`,
          );
      }
      if (status !== 'snoozed' && until !== undefined)
        throw new UserError('usage', '--until goes with snoozed only');
      if (status === 'snoozed' && until === undefined)
        throw new UserError(
          'usage',
          'snoozed needs --until ISO-DATE, when it wakes up (e.g. --until 2026-12-01T09:00:00Z)',
        );
      const edit: ConversationEdit = {
        kind: 'status',
        status: status as ConversationStatus,
        ...(until === undefined ? {} : { snoozedUntil: until }),
      };
      const said = `status ${status}${until === undefined ? '' : ` until ${new Date(until).toISOString()}`}`;
      return () => ({ edits: [edit], done: () => said });
    }
    case 'tag': {
      if (tagEdits.length === 0) throw new UserError('usage', 'tag needs +TAG or -TAG');
      // A tag nobody defined yet: an admin defines it on the way; an agent is told to ask one.
      const edits: ConversationEdit[] = tagEdits.map((edit) => ({
        kind: 'tag',
        tag: { name: edit.slice(1), define: { color: NEW_TAG_COLOR } },
        on: edit.startsWith('+'),
      }));
      return () => ({ edits, done: () => `tags ${tagEdits.join(' ')}` });
    }
    case 'note': {
      const text = args.join(' ').trim();
      if (!text) throw new UserError('usage', 'note needs a TEXT');
      return (workspace) => ({
        edits: [{ kind: 'note', text }],
        done: ([note]) => {
          const mentioned = (note?.mentions ?? []).map(
            (id) => workspace.team.member(id)?.email ?? id,
          );
          return `note added${mentioned.length ? ` (mentions ${mentioned.join(', ')})` : ''}`;
        },
      });
    }
    default:
      throw new UserError('usage', `unknown command: ${command}`);
  }
}

/** The notes of a conversation for `show`, from the local replica (no connection). */
export async function conversationNotes(
  db: Db,
  dataDir: string,
  conversationId: string,
): Promise<Array<{ author: string; text: string; createdAt: string }>> {
  if (!readTeamConfig(db, dataDir)) return [];
  const team = await TeamWorkspace.open(db, dataDir, { me: soloMember(db), online: false }).catch(
    () => undefined,
  );
  if (!team) return [];
  try {
    const conversation = await team.workspace.conversation(conversationId);
    return conversation.notes().map((note) => ({
      author: team.workspace.team.member(note.author)?.email ?? note.author,
      text: note.text,
      createdAt: new Date(note.createdAt).toISOString(),
    }));
  } finally {
    await team.close();
  }
}

/**
 * `--assignee me`: this data directory's member, as its team config names it (no document is
 * opened). With no workspace yet, "me" is the user a solo workspace would be made for (see
 * `soloMember`), to whom nothing is assigned yet: nothing matches, and nothing is created.
 */
export function myAssignee(db: Db, dataDir: string): TeamFilter['assignee'] {
  const memberId = readTeamConfig(db, dataDir)?.memberId;
  return memberId ? { memberId } : { email: soloMember(db).email };
}
