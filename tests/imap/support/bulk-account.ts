import { ImapFlow } from 'imapflow';
import type { Account } from '../../../src/accounts/account-store.js';
import { environmentSecrets, type SecretSource } from '../../../src/accounts/secrets.js';
import type { Dovecot } from '../../helpers/dovecot.js';

const PASSWORD_VARIABLE = 'SWITCHBOARD_BULK_TEST_PASSWORD';

/** An account as the app stores it, pointing at the test Dovecot (or at a proxy's `port`). */
export function testAccount(
  dovecot: Dovecot,
  options: { port?: number; user?: string; password?: string } = {},
): { account: Account; secrets: SecretSource } {
  const user = options.user ?? 'support';
  const password =
    options.password ?? dovecot.users.find((entry) => entry.user === user)?.password ?? 'secret';
  const account: Account = {
    id: `acct-${user}`,
    name: 'Support',
    email: `${user}@example.com`,
    imap: {
      protocol: 'imap',
      host: '127.0.0.1',
      port: options.port ?? dovecot.port,
      user,
      secure: false,
      requireStartTls: false,
    },
    smtp: null,
    passwordRef: `env:${PASSWORD_VARIABLE}`,
    auth: 'password',
    providerFilesSent: false,
    transport: 'imap',
    createdAt: 0,
  };
  return { account, secrets: environmentSecrets({ [PASSWORD_VARIABLE]: password }) };
}

/** An imapflow client for the same user; the caller connects and logs out. */
export function imapflowClient(dovecot: Dovecot, user = 'support'): ImapFlow {
  const password = dovecot.users.find((entry) => entry.user === user)?.password ?? 'secret';
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user, pass: password },
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', () => undefined);
  return client;
}
