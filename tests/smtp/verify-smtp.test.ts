import { describe, expect, it } from 'vitest';
import { MailConnectionError } from '../../src/imap/connection-errors.js';
import { verifySmtp } from '../../src/smtp/verify-smtp.js';
import { until } from '../helpers/wait.js';
import { PASSWORD, smtpServersPerTest, USER } from './support/test-smtp-server.js';

/*
 * verifySmtp ("would sending work?", behind accounts.testConnection) shares its connection and
 * its one-line errors with sending (src/smtp/smtp-session.ts).
 */

const { server, cert } = smtpServersPerTest();

async function failure(promise: Promise<unknown>): Promise<MailConnectionError> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(MailConnectionError);
  return error as MailConnectionError;
}

describe('verifySmtp', () => {
  it('logs in, sends nothing and says goodbye', async () => {
    const smtp = await server();
    await verifySmtp(smtp.endpoint(), PASSWORD);
    await until('the session to end', () => smtp.closed === 1);
    expect(smtp.events).toEqual(['close']);
  });

  it('a wrong password: auth-failed, with what the server said', async () => {
    const smtp = await server();
    const error = await failure(verifySmtp(smtp.endpoint(), 'wrong'));
    expect(error.code).toBe('auth-failed');
    expect(error.message).toBe(
      `authentication failed for ${USER} at the SMTP server at 127.0.0.1:${smtp.port}: the server said "535 5.7.8 Authentication credentials invalid"`,
    );
  });

  it('an untrusted certificate says so', async () => {
    const smtp = await server(() => ({ secure: true, key: cert().key, cert: cert().cert }));
    const error = await failure(verifySmtp(smtp.endpoint({ secure: true }), PASSWORD));
    expect(error.code).toBe('tls');
    expect(error.message).toBe(
      `TLS failure talking to the SMTP server at 127.0.0.1:${smtp.port}: its certificate is not trusted (self-signed certificate)`,
    );
  });

  it('STARTTLS required but not offered: refused', async () => {
    const smtp = await server();
    const error = await failure(verifySmtp(smtp.endpoint({ requireStartTls: true }), PASSWORD));
    expect(error.code).toBe('tls');
    expect(error.message).toMatch(/refused STARTTLS, which this account requires/);
  });
});
