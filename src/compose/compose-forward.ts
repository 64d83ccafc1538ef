import { chosenRecipients } from './address-list.js';
import { buildMessage } from './build-message.js';
import type {
  Address,
  CommonComposeInput,
  ComposedMessage,
  OriginalMessage,
} from './compose-types.js';
import { forwardHistory } from './quoted-history.js';
import { forwardSubject } from './subject-prefixes.js';
import { replyThreading } from './threading-headers.js';

export interface ForwardInput extends Omit<CommonComposeInput, 'text'> {
  /** The message forwarded. */
  original: OriginalMessage;
  /** At least one. */
  to: Address[];
  cc?: Address[];
  /** The agent's words above the forwarded message; may be empty. */
  text?: string;
  /** Carry the original's attachments (when the original gives them); true unless false. */
  includeAttachments?: boolean;
}

/**
 * A forward of `original`: `Fwd: ` subject, the agent's text and signature, then the forwarded
 * block (From, Date, Subject, To, Cc) and the original's text, with its attachments.
 *
 * It has References (the original's chain and the original itself) but no In-Reply-To: it
 * answers nobody (In-Reply-To names the message replied to, RFC 5322 §3.6.4), yet it belongs to
 * the conversation, so the Sent copy files into it and so does the third party's answer (which
 * references the forward), as a shared inbox shows a forward and its replies.
 */
export async function composeForward(input: ForwardInput): Promise<ComposedMessage> {
  const { original } = input;
  const carried = input.includeAttachments === false ? [] : (original.attachments ?? []);
  return buildMessage(
    { ...input, text: input.text ?? '' },
    {
      ...chosenRecipients(input.to, input.cc),
      subject: forwardSubject(original.subject),
      history: forwardHistory(original, input.timeZone),
      carriedAttachments: carried,
      inReplyTo: null,
      references: replyThreading(original).references,
    },
  );
}
