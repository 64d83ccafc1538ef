import { createHash } from 'node:crypto';

/**
 * The conversation id is the same on every teammate's machine: it is derived from the shared
 * mailbox's address and the thread's root Message-ID, never from a local row id, so team state
 * (assignee, notes) keyed by it lines up everywhere.
 */
export function conversationIdFor(accountEmail: string, rootNode: string): string {
  const digest = createHash('sha256')
    .update(`${accountEmail.toLowerCase()}\n${rootNode}`)
    .digest('hex');
  return `c${digest.slice(0, 23)}`;
}
