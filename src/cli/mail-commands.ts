import { getAccount } from '../accounts/account-store.js';
import { MAIL_ACTIONS, applyMailAction, type MailAction } from '../actions/mail-actions.js';
import { UserError } from '../errors.js';
import {
  listConversations,
  resolveConversationId,
  showConversation,
} from '../queries/conversation-queries.js';
import { searchMessages } from '../search/search-messages.js';
import { requireArg, type CommandContext } from './command-context.js';
import { printConversation, printConversations, printHits, printJson } from './output.js';
import { conversationNotes, myAssignee } from './triage-commands.js';

/*
 * The mail commands: `conversations`, `show`, `search` read the cache; `mark` changes it (and the
 * next sync writes the change back to the server).
 */

export const MAIL_COMMANDS: readonly string[] = ['conversations', 'show', 'search', 'mark'];

export async function runMailCommand(command: string, ctx: CommandContext): Promise<number> {
  const { values, output, args } = ctx;
  const db = ctx.cache();
  switch (command) {
    case 'conversations': {
      const accountId = values.account ? getAccount(db, String(values.account)).id : undefined;
      const assignee = values.assignee;
      const rows = listConversations(db, {
        ...(accountId ? { accountId } : {}),
        ...(values.folder ? { folder: String(values.folder) } : {}),
        limit: parseLimit(values.limit),
        team: {
          ...(assignee === 'none' ? { assignee: 'none' as const } : {}),
          ...(typeof assignee === 'string' && assignee !== 'none'
            ? {
                assignee: assignee === 'me' ? myAssignee(db, ctx.dataDir) : { email: assignee },
              }
            : {}),
          ...(values.status ? { status: String(values.status) } : {}),
          ...(values.tag ? { tag: String(values.tag) } : {}),
        },
      });
      if (values.json) printJson(output, rows);
      else printConversations(output, rows);
      return 0;
    }
    case 'show': {
      const id = requireArg(args[0], 'show needs a CONVERSATION_ID');
      const shown = showConversation(db, id);
      const detail = {
        ...shown,
        notes: await conversationNotes(db, ctx.dataDir, shown.id),
      };
      if (values.json) printJson(output, detail);
      else printConversation(output, detail);
      return 0;
    }
    case 'search': {
      const query = requireArg(args.join(' ').trim() || undefined, 'search needs a QUERY');
      const hits = searchMessages(db, query, { limit: parseLimit(values.limit) ?? 50 });
      if (values.json) printJson(output, hits);
      else printHits(output, hits);
      return 0;
    }
    case 'mark': {
      const id = requireArg(args[0], 'mark needs a CONVERSATION_ID');
      const action = requireArg(args[1], `mark needs an action: ${MAIL_ACTIONS.join('|')}`);
      if (!(MAIL_ACTIONS as readonly string[]).includes(action))
        throw new UserError('usage', `unknown action: ${action}`);
      const conversationId = resolveConversationId(db, id);
      if (!conversationId) throw new UserError('not-found', `unknown conversation: ${id}`);
      const { updated: count } = applyMailAction(
        db,
        { conversationId },
        action as MailAction,
        values.folder ? { folder: String(values.folder) } : {},
      );
      output.out(
        count === 0
          ? `nothing changed: ${action === 'move' ? `already in ${String(values.folder)}` : 'already done'}`
          : `${count} message${count === 1 ? '' : 's'} updated; the next sync writes it to the server`,
      );
      return 0;
    }
    default:
      throw new UserError('usage', `unknown command: ${command}`);
  }
}

function parseLimit(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UserError('invalid', `--limit expects a positive whole number, got ${String(value)}`);
  return limit;
}
