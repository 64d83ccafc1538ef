import type { ImapFlow } from 'imapflow';

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

/** Roles the mail actions move messages into, and so create a folder for when there is none. */
export const CREATABLE_ROLES = ['archive', 'trash'] as const;
export type CreatableRole = (typeof CREATABLE_ROLES)[number];

/**
 * Names of folders that hold a role on servers without special-use attributes (RFC 6154 is
 * optional), most usual first; the first is what the app names a folder it creates.
 */
const CONVENTIONAL_NAMES: Record<CreatableRole, readonly string[]> = {
  archive: ['Archive', 'Archives'],
  trash: ['Trash', 'Deleted Items', 'Deleted Messages'],
};

const SPECIAL_USE_FLAG: Record<CreatableRole, string> = {
  archive: '\\Archive',
  trash: '\\Trash',
};

export function isCreatableRole(role: string | null | undefined): role is CreatableRole {
  return (CREATABLE_ROLES as readonly (string | null | undefined)[]).includes(role);
}

interface NamedFolder {
  path: string;
  delimiter: string | null;
}

/**
 * Where folders live: under "INBOX." on servers that keep every folder below the Inbox (Courier,
 * older Cyrus: their personal namespace prefix, RFC 2342), else at the top.
 */
function folderPrefix(folders: readonly NamedFolder[]): string {
  const others = folders.filter((folder) => folder.path.toUpperCase() !== 'INBOX');
  const delimiter = folders.find((folder) => folder.delimiter)?.delimiter;
  if (!delimiter || others.length === 0) return '';
  const prefix = `INBOX${delimiter}`;
  return others.every((folder) => folder.path.toUpperCase().startsWith(prefix)) ? prefix : '';
}

/** Whether `path` is a top-level (or below-INBOX) folder called `name`, in any case. */
function isNamed(folder: NamedFolder, name: string): boolean {
  const path = folder.path.toLowerCase();
  const wanted = name.toLowerCase();
  return path === wanted || (!!folder.delimiter && path === `inbox${folder.delimiter}${wanted}`);
}

/**
 * Fills in archive and trash roles no folder carries as a special-use attribute, by the
 * conventional names: on a server without special-use attributes (or without CREATE-SPECIAL-USE,
 * where the app created the folder under its conventional name), the folder the first archive
 * or trash action created is the account's archive or trash from then on.
 */
export function withConventionalRoles<T extends NamedFolder & { role: MailboxRole | null }>(
  folders: readonly T[],
): T[] {
  const result = [...folders];
  for (const role of CREATABLE_ROLES) {
    if (result.some((folder) => folder.role === role)) continue;
    for (const name of CONVENTIONAL_NAMES[role]) {
      const index = result.findIndex((folder) => folder.role === null && isNamed(folder, name));
      if (index === -1) continue;
      result[index] = { ...result[index]!, role };
      break;
    }
  }
  return result;
}

/** The folder the app creates for `role`, among the account's `folders`. */
export function newFolder(
  folders: readonly NamedFolder[],
  role: CreatableRole,
): { path: string; name: string } {
  const name = CONVENTIONAL_NAMES[role][0]!;
  return { path: `${folderPrefix(folders)}${name}`, name };
}

/** imapflow's raw command call, which its typings keep internal. */
interface RawCommand {
  exec(command: string, attributes: unknown[]): Promise<{ next: () => void; response?: unknown }>;
}

/** The response code of a NO (RFC 5530), e.g. ALREADYEXISTS, as imapflow parses it. */
function responseCode(error: unknown): string | undefined {
  const response = (error as { response?: { attributes?: Array<{ section?: unknown[] }> } })
    .response;
  const code = response?.attributes?.[0]?.section?.[0] as { value?: unknown } | undefined;
  return typeof code?.value === 'string' ? code.value.toUpperCase() : undefined;
}

/**
 * Creates the folder for `role`: with its special-use attribute where the server offers
 * CREATE-SPECIAL-USE (RFC 6154 §3, `CREATE name (USE (\Archive))`), plainly otherwise (the name
 * then tells the role, see withConventionalRoles). A folder that already exists is fine.
 */
export async function createRoleFolder(
  client: ImapFlow,
  path: string,
  role: CreatableRole,
): Promise<void> {
  // Printable ASCII needs no modified UTF-7 (RFC 3501 §5.1.3); anything else goes the plain way,
  // where imapflow encodes it.
  if (client.capabilities.has('CREATE-SPECIAL-USE') && /^[\x20-\x7e]+$/.test(path)) {
    try {
      const done = await (client as unknown as RawCommand).exec('CREATE', [
        { type: 'ATOM', value: path },
        [{ type: 'ATOM', value: 'USE' }, [{ type: 'ATOM', value: SPECIAL_USE_FLAG[role] }]],
      ]);
      done.next();
      // As imapflow's own CREATE does: clients that list subscribed folders only see it too.
      await client.mailboxSubscribe(path);
      return;
    } catch (error) {
      const code = responseCode(error);
      if (code === 'ALREADYEXISTS') return;
      // USEATTR: the server cannot give this folder that attribute (RFC 6154 §6); a plain
      // folder of the conventional name still does the job.
      if (code !== 'USEATTR') throw error;
    }
  }
  // imapflow answers ALREADYEXISTS (RFC 5530) with `created: false` instead of an error.
  await client.mailboxCreate(path);
}
