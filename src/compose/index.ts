// Building the message to send, as bytes, from plain data (issue 10): no database, no network.
export type {
  Address,
  CommonComposeInput,
  ComposedMessage,
  OriginalMessage,
  OutgoingAttachment,
  SendingIdentity,
} from './compose-types.js';
export { composeReply, type ReplyInput } from './compose-reply.js';
export { composeForward, type ForwardInput } from './compose-forward.js';
export { composeNew, type NewMessageInput } from './compose-new.js';
export {
  CANNED_VARIABLES,
  cannedValuesFor,
  renderCanned,
  type CannedValues,
  type CannedVariable,
} from './canned-response.js';
export { namedAddress } from './address-list.js';
export { withBccField } from './bcc-field.js';
export { firstNameOf } from './first-name.js';
export { forwardSubject, replySubject } from './subject-prefixes.js';
export { replyRecipients, type ReplyRecipients } from './reply-recipients.js';
export { MAX_REFERENCES, replyThreading, type ReplyThreading } from './threading-headers.js';
