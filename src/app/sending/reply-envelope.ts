import { getAccount } from '../../accounts/account-store.js';
import {
  replyRecipients,
  replySubject,
  type Address,
  type SendingIdentity,
} from '../../compose/index.js';
import type { Db } from '../../db/open-database.js';
import { isUserError } from '../../errors.js';
import type { Workspace } from '../../team/workspace/index.js';
import { newestMessage } from './original-message.js';

/** Whom a reply goes to, and its subject. */
export interface ReplyEnvelope {
  to: Address[];
  cc: Address[];
  subject: string;
}

/**
 * The recipients and subject a reply of the conversation gets unless its shared draft sets its
 * own (what a composer shows when it opens): the same rules as the reply itself
 * (replyRecipients), for the acting member writing from the mailbox the newest message came to.
 * A conversation whose only sender is the mailbox has no recipient to offer: none, then (the
 * agent types one).
 */
export function replyEnvelope(
  db: Db,
  workspace: Workspace,
  conversationId: string,
  all: boolean,
): ReplyEnvelope {
  const original = newestMessage(db, conversationId);
  const account = getAccount(db, original.accountId);
  const member = workspace.team.member(workspace.actor);
  const identity: SendingIdentity = {
    mailbox: { name: account.name, address: account.email },
    agent: member ? { name: member.name, address: member.email } : { address: account.email },
    mode: 'send-as',
  };
  try {
    return { ...replyRecipients(original, identity, all), subject: replySubject(original.subject) };
  } catch (error) {
    if (!isUserError(error, 'invalid')) throw error;
    return { to: [], cc: [], subject: replySubject(original.subject) };
  }
}
