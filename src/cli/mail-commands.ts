import { MAIL_ACTIONS, UserError, type MailAction, type MethodInput } from '../app/index.js';
import { requireArg, stringOption, type CommandContext } from './command-context.js';
import { assigneeOption, limitOption, statusOption } from './option-values.js';
import {
  printConversation,
  printConversations,
  printHits,
  printJson,
  printSearchCut,
} from './output.js';

/*
 * The mail commands: `conversations`, `show`, `search` read the cache; `mark` changes it (and the
 * next sync writes the change back to the server). Each is one call of the application.
 */

export const MAIL_COMMANDS: readonly string[] = ['conversations', 'show', 'search', 'mark'];

export async function runMailCommand(command: string, ctx: CommandContext): Promise<number> {
  const { values, output, args } = ctx;
  switch (command) {
    case 'conversations': {
      const assignee = assigneeOption(values);
      const status = statusOption(values);
      const limit = limitOption(values);
      const account = stringOption(values, 'account');
      const folder = stringOption(values, 'folder');
      const tag = stringOption(values, 'tag');
      const rows = await (
        await ctx.app()
      ).mail.conversations({
        ...(account ? { account } : {}),
        ...(folder ? { folder } : {}),
        ...(assignee
          ? { assignee: assignee === 'me' || assignee === 'none' ? assignee : { email: assignee } }
          : {}),
        ...(status ? { status } : {}),
        ...(tag ? { tag } : {}),
        ...(limit ? { limit } : {}),
      });
      if (values.json) printJson(output, rows);
      else printConversations(output, rows);
      return 0;
    }
    case 'show': {
      const conversationId = requireArg(args[0], 'show needs a CONVERSATION_ID');
      const shown = await (await ctx.app()).mail.conversation({ conversationId });
      // The documented shape of a note (README): who, what, when.
      const detail = {
        ...shown,
        notes: shown.notes.map(({ author, text, createdAt }) => ({ author, text, createdAt })),
      };
      if (values.json) printJson(output, detail);
      else printConversation(output, detail);
      return 0;
    }
    case 'search': {
      const query = requireArg(args.join(' ').trim() || undefined, 'search needs a QUERY');
      const limit = limitOption(values);
      const { hits, cut } = await (
        await ctx.app()
      ).mail.search({ query, ...(limit ? { limit } : {}) });
      if (values.json) printJson(output, hits);
      else printHits(output, hits);
      printSearchCut(output, cut, values.json === true);
      return 0;
    }
    case 'mark': {
      const conversationId = requireArg(args[0], 'mark needs a CONVERSATION_ID');
      const action = requireArg(args[1], `mark needs an action: ${MAIL_ACTIONS.join('|')}`);
      if (!(MAIL_ACTIONS as readonly string[]).includes(action))
        throw new UserError('usage', `unknown action: ${action}`);
      const folder = stringOption(values, 'folder');
      const input: MethodInput<'mail.mark'> = {
        conversationId,
        action: action as MailAction,
        ...(folder ? { folder } : {}),
      };
      const { updated } = await (await ctx.app()).mail.mark(input);
      output.out(
        updated === 0
          ? `nothing changed: ${action === 'move' ? `already in ${folder}` : 'already done'}`
          : `${updated} message${updated === 1 ? '' : 's'} updated; the next sync writes it to the server`,
      );
      return 0;
    }
    default:
      throw new UserError('usage', `unknown command: ${command}`);
  }
}
