import type SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';

/*
 * The only places where Switchboard reaches past nodemailer's public SMTPConnection methods
 * (connect, login, send, quit, close), each for a reason its public API cannot serve. Written
 * against nodemailer 6.x (lib/smtp-connection/index.js); `requireInternals` fails loudly if an
 * upgrade renamed them, and tests/smtp/submit-message.test.ts pins what each one does.
 */
interface Internals {
  /** Every command nodemailer sends goes through here, DATA included (`_actionRCPT`). */
  _sendCommand: (this: SMTPConnection, command: string, logged?: string) => void;
  /** Makes every error nodemailer reports; it overwrites a system error's own `code` with its own. */
  _formatError: (
    this: SMTPConnection,
    message: unknown,
    type: string,
    response: unknown,
    command: unknown,
  ) => Error;
  /** The envelope being sent: the recipients refused so far, each with the server's reply. */
  _envelope?: { rejectedErrors?: SMTPConnection.SMTPError[] } | false;
  /** The connected socket (TLS or plain, after STARTTLS the upgraded one). */
  _socket?: { setNoDelay?: (noDelay: boolean) => unknown };
}

/** nodemailer no longer works the way this file relies on: a bug to fix here, never a user's problem. */
export class NodemailerChanged extends Error {
  override name = 'NodemailerChanged';
  constructor(what: string) {
    super(`${what}: src/smtp/nodemailer-internals.ts needs updating`);
  }
}

function requireInternals(connection: SMTPConnection): Internals {
  const internals = connection as unknown as Internals;
  if (typeof internals._sendCommand !== 'function' || typeof internals._formatError !== 'function')
    throw new NodemailerChanged('nodemailer SMTPConnection has no _sendCommand/_formatError');
  return internals;
}

/**
 * Keeps the system's own code on socket, TLS and DNS errors (ECONNREFUSED,
 * ERR_SSL_WRONG_VERSION_NUMBER, DEPTH_ZERO_SELF_SIGNED_CERT) where nodemailer would replace it
 * with its own ESOCKET/EDNS: the code is what tells "nothing listens there" from "the
 * certificate is not trusted" (src/imap/connection-errors.ts).
 */
export function keepSystemErrorCodes(connection: SMTPConnection): void {
  const internals = requireInternals(connection);
  const format = internals._formatError;
  internals._formatError = function (message, type, response, command) {
    const own = message instanceof Error ? (message as { code?: unknown }).code : undefined;
    return format.call(this, message, typeof own === 'string' ? own : type, response, command);
  };
}

/**
 * Runs `gate` when nodemailer is about to write the DATA command: the server has answered MAIL
 * FROM and every RCPT TO (at least one accepted, else nodemailer stops without DATA), and not one
 * byte of the message has been written. nodemailer's send() writes DATA from inside its RCPT
 * handling, with no public hook in between. If `gate` throws, DATA is never written: `aborted`
 * gets the error, then QUIT and the connection closes (close() also drops nodemailer's pending
 * reply handlers, so no reply can start the message).
 */
export function gateDataCommand(
  connection: SMTPConnection,
  gate: () => void,
  aborted: (error: unknown) => void,
): void {
  const internals = requireInternals(connection);
  const send = internals._sendCommand;
  internals._sendCommand = function (command, logged) {
    if (command === 'DATA') {
      try {
        gate();
      } catch (error) {
        aborted(error);
        send.call(this, 'QUIT');
        connection.close();
        return;
      }
    }
    send.call(this, command, logged);
  };
}

/** The recipients the server refused in the envelope being sent, each with its reply. */
export function refusedRecipients(connection: SMTPConnection): SMTPConnection.SMTPError[] {
  const envelope = requireInternals(connection)._envelope;
  return (envelope && envelope.rejectedErrors) || [];
}

/**
 * Turns Nagle's algorithm off on the connected socket (nodemailer leaves it on): the message's
 * last bytes, its end "<CRLF>.<CRLF>", would otherwise wait for the acknowledgement of the bytes
 * before it, which a receiver delays by up to 40 ms: a queue of messages paid it on each one
 * (bench:send). Call once connected (after STARTTLS, whose socket replaces the first).
 */
export function sendWithoutDelay(connection: SMTPConnection): void {
  (connection as unknown as Internals)._socket?.setNoDelay?.(true);
}
