import { join } from 'node:path';

export interface DovecotUser {
  user: string;
  password: string;
}

/** Who owns the mail on disk and how Dovecot's own processes run. */
export interface MailOwner {
  uid: number;
  gid: number;
  /** Set when we are not root: Dovecot then cannot switch users and must run everything as us. */
  unprivileged?: { user: string; group: string };
}

export interface DovecotConfigInput {
  dir: string;
  port: number;
  /** Unique text in the greeting, so a test never mistakes another instance for its own. */
  greeting: string;
  owner: MailOwner;
  /** Replaces the post-login CAPABILITY list (Dovecot's `imap_capability`; `+X` adds X). */
  capabilities?: string;
  /**
   * Sent, Archive, Trash, Junk, Drafts: 'auto' (default) they exist from the start with their
   * special-use attribute (RFC 6154); 'on-create' they do not exist, and get the attribute when a
   * client creates them (Dovecot's stock configuration); 'none' a plain server without them.
   */
  specialUse?: 'auto' | 'on-create' | 'none';
  /** Records every IMAP session's traffic in rawlogDir(dir) (Dovecot's `rawlog_dir`). */
  rawlog?: boolean;
}

export function homeDir(dir: string, user: string): string {
  return join(dir, 'mail', user);
}

export function maildirOf(dir: string, user: string): string {
  return join(homeDir(dir, user), 'Maildir');
}

/** Where `rawlog: true` puts each session's `*.in` (client to server) and `*.out` files. */
export function rawlogDir(dir: string): string {
  return join(dir, 'rawlog');
}

/** passwd-file lines; `:` or a newline in a field would silently shift the columns. */
export function renderUsers(dir: string, users: DovecotUser[], owner: MailOwner): string {
  return users
    .map(({ user, password }) => {
      for (const field of [user, password]) {
        if (/[:\r\n]/.test(field))
          throw new Error(`dovecot user/password must not contain ':' or newlines: ${field}`);
      }
      return `${user}:{PLAIN}${password}:${owner.uid}:${owner.gid}::${homeDir(dir, user)}::\n`;
    })
    .join('');
}

function specialUse(name: string, auto: boolean): string {
  return `  mailbox ${name} {\n    special_use = \\${name}\n${auto ? '    auto = subscribe\n' : ''}  }`;
}

export function renderConfig(input: DovecotConfigInput): string {
  const { dir, port, greeting, owner, capabilities, specialUse: folders = 'auto' } = input;
  if (capabilities !== undefined && /[\r\n]/.test(capabilities)) {
    throw new Error('capabilities must be one line (it is pasted into dovecot.conf)');
  }
  const lines = [
    '# Written by tests/helpers/dovecot.ts: a throwaway instance, everything lives in this folder.',
    'protocols = imap',
    'listen = 127.0.0.1',
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    `login_greeting = ${greeting}`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    'mail_location = maildir:~/Maildir',
    `first_valid_uid = ${owner.uid}`,
    `first_valid_gid = ${owner.gid}`,
    // Test mail is disposable; fsync only slows the suite down.
    'mail_fsync = never',
    // IDLE is woken by inotify; this is only the fallback poll when inotify is unavailable.
    'mailbox_idle_check_interval = 1 secs',
    // Tests open many connections from one user and IP; the default limit of 10 is easy to hit.
    'protocol imap {',
    '  mail_max_userip_connections = 1000',
    ...(capabilities === undefined ? [] : [`  imap_capability = ${capabilities}`]),
    ...(input.rawlog ? [`  rawlog_dir = ${rawlogDir(dir)}`] : []),
    '}',
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${dir}/users`,
    '}',
    'userdb {',
    '  driver = passwd-file',
    `  args = username_format=%u ${dir}/users`,
    '}',
    'namespace inbox {',
    '  inbox = yes',
    ...(folders === 'none'
      ? []
      : ['Sent', 'Archive', 'Trash', 'Junk', 'Drafts'].map((name) =>
          specialUse(name, folders === 'auto'),
        )),
    '}',
    'service imap-login {',
    '  inet_listener imap {',
    '    address = 127.0.0.1',
    `    port = ${port}`,
    '  }',
    '  inet_listener imaps {',
    '    port = 0',
    '  }',
    ...(owner.unprivileged ? ['  chroot ='] : []),
    '}',
    // No authentication penalty: every account of a test logs in from 127.0.0.1, so one
    // account's wrong password would delay the next logins of the others by 2-15 s
    // (https://doc.dovecot.org/2.3/configuration_manual/authentication/auth_penalty/), which
    // servers of different hosts never do to each other. The first failure's own 2 s delay stays.
    'service anvil {',
    '  unix_listener anvil-auth-penalty {',
    '    mode = 0',
    '  }',
    // Without root Dovecot cannot chroot or change users, so its helpers must run as us too.
    ...(owner.unprivileged ? ['  chroot ='] : []),
    '}',
  ];
  if (owner.unprivileged) {
    const { user, group } = owner.unprivileged;
    lines.push(
      `default_internal_user = ${user}`,
      `default_internal_group = ${group}`,
      `default_login_user = ${user}`,
    );
  }
  return lines.join('\n') + '\n';
}
