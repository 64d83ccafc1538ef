import { getAccount } from '../accounts/account-store.js';
import { MAIL_ACTIONS, applyMailAction, type MailAction } from '../actions/mail-actions.js';
import { UserError } from '../errors.js';
import {
  listConversations,
  resolveConversationId,
  showConversation,
} from '../queries/conversation-queries.js';
import { searchWithCut } from '../search/search-messages.js';
import { requireArg, type CommandContext } from './command-context.js';
import { assigneeOption, limitOption, statusOption } from './option-values.js';
import {
  printConversation,
  printConversations,
  printHits,
  printJson,
  printSearchCut,
} from './output.js';
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
      const assignee = assigneeOption(values);
      const status = statusOption(values);
      const rows = listConversations(db, {
        ...(accountId ? { accountId } : {}),
        ...(values.folder ? { folder: String(values.folder) } : {}),
        limit: limitOption(values),
        team: {
          ...(assignee === 'none' ? { assignee: 'none' as const } : {}),
          ...(typeof assignee === 'string' && assignee !== 'none'
            ? {
                assignee: assignee === 'me' ? myAssignee(db, ctx.dataDir) : { email: assignee },
              }
            : {}),
          ...(status ? { status } : {}),
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
      const { hits, cut } = searchWithCut(db, query, { limit: limitOption(values) ?? 50 });
      if (values.json) printJson(output, hits);
      else printHits(output, hits);
      printSearchCut(output, cut, values.json === true);
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
