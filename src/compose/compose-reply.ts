import { UserError } from '../errors.js';
import { checkedAddresses, mergeAddresses } from './address-list.js';
import { buildMessage } from './build-message.js';
import type {
  Address,
  CommonComposeInput,
  ComposedMessage,
  OriginalMessage,
} from './compose-types.js';
import { requiredText } from './message-body.js';
import { replyHistory } from './quoted-history.js';
import { replyRecipients, type ReplyRecipients } from './reply-recipients.js';
import { oneLineSubject, replySubject } from './subject-prefixes.js';
import { replyThreading } from './threading-headers.js';

export interface ReplyInput extends CommonComposeInput {
  /** The message replied to. */
  original: OriginalMessage;
  /** Reply-all: the original's To and Cc too (see replyRecipients). */
  all?: boolean;
  /**
   * The recipients the agent chose (a shared draft's), instead of the reply's own: To and Cc,
   * each checked as typed; at least one must be given.
   */
  recipients?: { to: Address[]; cc: Address[] };
  /** The subject the agent chose instead of `Re: ` and the original's. */
  subject?: string;
}

/**
 * A reply (or reply-all) to `original`: recipients from its Reply-To / From (its To for a
 * follow-up of the mailbox's own message), `Re: ` subject, In-Reply-To and References that keep
 * it in its thread, the agent's text, the signature, then the original quoted.
 */
export async function composeReply(input: ReplyInput): Promise<ComposedMessage> {
  requiredText(input.text, 'reply');
  const { original } = input;
  const threading = replyThreading(original);
  return buildMessage(input, {
    ...(input.recipients
      ? chosenRecipients(input.recipients)
      : replyRecipients(original, input.identity, input.all ?? false)),
    subject:
      input.subject === undefined ? replySubject(original.subject) : oneLineSubject(input.subject),
    history: replyHistory(original, input.timeZone),
    inReplyTo: threading.inReplyTo,
    references: threading.references,
  });
}

function chosenRecipients(chosen: { to: Address[]; cc: Address[] }): ReplyRecipients {
  const to = checkedAddresses(chosen.to, 'to');
  const cc = mergeAddresses(
    [checkedAddresses(chosen.cc, 'cc')],
    to.map((a) => a.address),
  );
  if (to.length > 0) return { to, cc };
  if (cc.length > 0) return { to: cc, cc: [] };
  throw new UserError('invalid', 'the reply has no recipient', { field: 'to' });
}
