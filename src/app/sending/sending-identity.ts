import type { Account } from '../../accounts/account-store.js';
import type { SendingIdentity } from '../../compose/index.js';
import { UserError } from '../../errors.js';
import type { MailboxPermission, Workspace } from '../../team/workspace/index.js';

/** Who sends, from which shared mailbox, and as what. */
export interface Sender {
  identity: SendingIdentity;
  memberId: string;
}

/**
 * The identity a message of `account` goes out with, as the acting member's permission on that
 * mailbox allows (enforced here, in the core, whatever a front end shows):
 *
 * - full-access: as the mailbox (send-as) unless on-behalf is asked;
 * - send-as, send-on-behalf: that one only;
 * - read-only, no-access: nothing is sent.
 *
 * Send as: `From:` the shared address. On behalf: the same `From:`, and `Sender:` the agent's own
 * address (RFC 5322 §3.6.2), so the customer sees who wrote.
 */
export function sendingIdentity(
  workspace: Workspace,
  account: Account,
  asked: SendingIdentity['mode'] | undefined,
): Sender {
  const member = workspace.team.member(workspace.actor);
  if (!member)
    throw new UserError(
      'not-member',
      `this app's member (${workspace.actor}) is not in the team's directory`,
    );
  const permission: MailboxPermission =
    workspace.team.mailboxPermission(member.id, account.email) ?? 'no-access';
  const mode = allowedMode(permission, asked, account.email);
  return {
    identity: {
      mailbox: { name: account.name, address: account.email },
      agent: { name: member.name, address: member.email },
      mode,
    },
    memberId: member.id,
  };
}

function allowedMode(
  permission: MailboxPermission,
  asked: SendingIdentity['mode'] | undefined,
  mailbox: string,
): SendingIdentity['mode'] {
  const refuse = (why: string) =>
    new UserError('forbidden', `your permission on ${mailbox} is ${permission}: ${why}`, {
      field: 'as',
    });
  switch (permission) {
    case 'full-access':
      return asked ?? 'send-as';
    case 'send-as':
      if (asked === 'on-behalf') throw refuse('it sends as the mailbox only');
      return 'send-as';
    case 'send-on-behalf':
      if (asked === 'send-as') throw refuse('it sends on behalf of the mailbox only');
      return 'on-behalf';
    case 'read-only':
    case 'no-access':
      throw new UserError(
        'forbidden',
        `your permission on ${mailbox} is ${permission}: it does not send; an admin can change it`,
      );
  }
}
