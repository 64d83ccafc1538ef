/** Folder roles, from the special-use attributes of RFC 6154 §2 (and INBOX, RFC 3501 §5.1). */
export const MAILBOX_ROLES = [
  'inbox',
  'sent',
  'archive',
  'trash',
  'junk',
  'drafts',
  'all',
  'flagged',
] as const;
export type MailboxRole = (typeof MAILBOX_ROLES)[number];

const BY_FLAG: Record<string, MailboxRole> = {
  '\\inbox': 'inbox',
  '\\sent': 'sent',
  '\\archive': 'archive',
  '\\trash': 'trash',
  '\\junk': 'junk',
  '\\drafts': 'drafts',
  '\\all': 'all',
  '\\flagged': 'flagged',
};

export function roleOf(path: string, specialUse: string | undefined): MailboxRole | null {
  if (path.toUpperCase() === 'INBOX') return 'inbox';
  return (specialUse && BY_FLAG[specialUse.toLowerCase()]) || null;
}
