import { buildMessage } from './build-message.js';
import type { CommonComposeInput, ComposedMessage, OriginalMessage } from './compose-types.js';
import { requiredText } from './message-body.js';
import { replyHistory } from './quoted-history.js';
import { replyRecipients } from './reply-recipients.js';
import { replySubject } from './subject-prefixes.js';
import { replyThreading } from './threading-headers.js';

export interface ReplyInput extends CommonComposeInput {
  /** The message replied to. */
  original: OriginalMessage;
  /** Reply-all: the original's To and Cc too (see replyRecipients). */
  all?: boolean;
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
    ...replyRecipients(original, input.identity, input.all ?? false),
    subject: replySubject(original.subject),
    history: replyHistory(original, input.timeZone),
    inReplyTo: threading.inReplyTo,
    references: threading.references,
  });
}
