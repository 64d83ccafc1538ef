import { chosenRecipients } from './address-list.js';
import { buildMessage } from './build-message.js';
import type { Address, CommonComposeInput, ComposedMessage } from './compose-types.js';
import { requiredText } from './message-body.js';
import { oneLineSubject } from './subject-prefixes.js';

export interface NewMessageInput extends CommonComposeInput {
  /** At least one. */
  to: Address[];
  cc?: Address[];
  subject: string;
}

/** A new conversation from the shared mailbox: no threading headers, no quote. */
export async function composeNew(input: NewMessageInput): Promise<ComposedMessage> {
  requiredText(input.text, 'message');
  return buildMessage(input, {
    ...chosenRecipients(input.to, input.cc),
    subject: oneLineSubject(input.subject),
    inReplyTo: null,
    references: [],
  });
}
