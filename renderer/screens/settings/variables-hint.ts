/** The {{variables}} a canned response or a signature may use (the README's list). */
export const VARIABLES_HINT =
  'Variables: {{contact.firstName}}, {{contact.name}}, {{agent.name}}, {{agent.firstName}}, {{mailbox.name}}, {{conversation.subject}}.';
