import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import XOAuth2 from 'nodemailer/lib/xoauth2/index.js';
import type { ServerEndpoint } from '../accounts/server-url.js';
import { answersTls, expectsTls } from '../imap/connection-errors.js';
import { mailDeadlines, type MailDeadlines } from '../imap/deadlines.js';
import { describeSmtpFailure } from './describe-smtp-failure.js';
import {
  gateDataCommand,
  keepSystemErrorCodes,
  NodemailerChanged,
  refusedRecipients,
  sendWithoutDelay,
} from './nodemailer-internals.js';

/** How an account logs in: its password, or an OAuth 2.0 access token (SASL XOAUTH2). */
export type SmtpLogin = { password: string } | { accessToken: string };

export interface SmtpSessionOptions {
  /** The IMAP connection's deadlines (src/imap/deadlines.ts) by default: the same kinds of wait. */
  deadlines?: Partial<MailDeadlines>;
  /** Certificates to trust besides the system's: a self-hosted server's private CA. */
  ca?: string | Buffer;
}

/**
 * How far the message in hand got. `data-command`: DATA is written, not one byte of the message;
 * `data`: the message has started going out, so from here only the server's reply to its end
 * tells whether it was taken.
 */
export type SendPhase = 'ready' | 'envelope' | 'data-command' | 'data' | 'done';

export type SendEnvelope = { from: string; to: string[] };

/**
 * Connects (TLS from the first byte for smtps://, else STARTTLS whenever offered and, for
 * `?starttls=true`, refusing to go on without it: RFC 3207), says hello and logs in. Throws a
 * MailConnectionError naming the server and what went wrong.
 */
export async function openSmtpSession(
  endpoint: ServerEndpoint,
  login: SmtpLogin,
  options: SmtpSessionOptions = {},
): Promise<SmtpSession> {
  const deadlines = mailDeadlines(options.deadlines);
  const session = new SmtpSession(endpoint, deadlines, options.ca);
  try {
    await session.open(login);
    return session;
  } catch (error) {
    const greeted = session.greeted;
    session.close();
    const described = describeSmtpFailure(error, endpoint, deadlines, {
      connected: session.connected,
      greeted,
      doing: 'opening the session',
      lastReply: session.lastReply,
    });
    if (!described) throw error;
    // A plain connection to a port that waits for a TLS hello (465) hears no greeting.
    if (described.kind === 'timeout' && !greeted && session.connected && !endpoint.secure)
      if (await answersTls(endpoint, deadlines.tlsProbeMs)) throw expectsTls(endpoint, error);
    throw described;
  }
}

/** One SMTP connection, logged in: sends a message, then closes. */
export class SmtpSession {
  private readonly connection: SMTPConnection;
  /** The first failure seen: a step started after it fails with it at once. */
  private failure: { error: Error } | undefined;
  private pending: ((error: unknown) => void) | undefined;
  /** The session stands between two commands, so QUIT can be said (no failure, no message half-sent). */
  private betweenCommands = true;
  private closed = false;
  private gate: (() => void) | undefined;
  phase: SendPhase = 'ready';

  constructor(
    readonly endpoint: ServerEndpoint,
    readonly deadlines: MailDeadlines,
    ca: string | Buffer | undefined,
  ) {
    this.connection = new SMTPConnection({
      host: endpoint.host,
      port: endpoint.port,
      secure: endpoint.secure,
      requireTLS: endpoint.requireStartTls,
      // nodemailer checks certificates by default; a private CA is added, never checking turned off.
      ...(ca === undefined ? {} : { tls: { ca } }),
      dnsTimeout: deadlines.connectMs,
      connectionTimeout: deadlines.connectMs,
      greetingTimeout: deadlines.greetingMs,
      // Silence while a reply is due; nodemailer arms it on the socket once connected.
      socketTimeout: deadlines.stallMs,
    });
    keepSystemErrorCodes(this.connection);
    gateDataCommand(
      this.connection,
      () => this.gate?.(),
      // What the gate threw; submit-message.ts rethrows the caller's own error itself.
      (error) => this.fail(error instanceof Error ? error : new Error(String(error))),
    );
    // Kept for the connection's whole life: nodemailer emits 'error' on any failure, and an
    // 'error' with no listener would crash the process.
    this.connection.on('error', (error) => {
      this.fail(error);
      // The session is broken: nothing polite is left to say, and a half-closed socket to a
      // hung server would otherwise linger.
      this.dropSocket();
    });
    this.connection.once('end', () =>
      this.fail(Object.assign(new Error('Connection closed'), { code: 'ECONNECTION' })),
    );
  }

  /**
   * Whether another message may go over this session: nothing failed, and the last transaction
   * ended with a reply (no message half-sent).
   */
  get reusable(): boolean {
    return !this.closed && !this.failure && this.betweenCommands && this.phase === 'done';
  }

  get connected(): boolean {
    return this.connection.stage !== 'init';
  }

  get greeted(): boolean {
    return this.connection.lastServerResponse !== false;
  }

  get lastReply(): string | false {
    return this.connection.lastServerResponse;
  }

  async open(login: SmtpLogin): Promise<void> {
    await this.step<void>((done) => this.connection.connect(done));
    sendWithoutDelay(this.connection);
    const user = this.endpoint.user;
    await this.step<void>((done) =>
      this.connection.login(
        'password' in login
          ? { credentials: { user, pass: login.password } }
          : { oauth2: accessTokenOnly(user, login.accessToken) },
        done,
      ),
    );
  }

  /**
   * MAIL FROM, RCPT TO for each recipient, DATA and the message (`raw`, sent as it is, dot-stuffed
   * on the wire: RFC 5321 §4.5.2). `beforeDataCommand` runs once the server has answered every
   * recipient and at least one was accepted, right before DATA is written, with the refused ones;
   * if it throws, nothing of the message is sent (QUIT instead) and send rejects with what it threw.
   * `phase` tells how far it got when send rejects.
   */
  async send(
    envelope: SendEnvelope,
    raw: Buffer,
    beforeDataCommand: (refused: SMTPConnection.SMTPError[]) => void,
  ): Promise<SMTPConnection.SentMessageInfo> {
    this.phase = 'envelope';
    this.betweenCommands = false;
    this.gate = () => {
      beforeDataCommand(refusedRecipients(this.connection));
      this.phase = 'data-command';
    };
    try {
      const info = await this.step<SMTPConnection.SentMessageInfo>((done) =>
        this.connection.send(
          {
            from: envelope.from,
            to: envelope.to,
            // RFC 1870: a server with a size limit refuses at MAIL FROM, before the upload.
            size: raw.length,
            // RFC 6152: declared when the message has 8-bit bytes and the server takes them.
            use8BitMime: raw.some((byte) => byte >= 0x80),
          },
          this.messageStream(raw),
          (error, sent) => {
            // A reply to the last command (to the message's end, or an envelope refusal) leaves
            // the session between commands; a broken stream mid-message does not.
            this.betweenCommands = !error || typeof error.responseCode === 'number';
            done(error, sent);
          },
        ),
      );
      this.phase = 'done';
      return info;
    } finally {
      this.gate = undefined;
    }
  }

  /** QUIT when the session stands between commands (RFC 5321 §4.1.1.10), else drop the connection. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.betweenCommands && !this.failure && this.connected) {
      this.connection.quit();
      return;
    }
    this.connection.close();
    this.dropSocket();
  }

  /**
   * The message, handed over only when nodemailer starts reading it: after the server's 354 to
   * DATA, so after the gate. That the gate ran is checked here, where the first byte would go out:
   * if nodemailer ever wrote DATA without it, the message is stopped before its first byte (a
   * message without its final dot is never delivered: RFC 5321 §4.1.1.4).
   */
  private messageStream(raw: Buffer): Readable {
    const stream: Readable = new Readable({
      read: () => {
        if (this.phase !== 'data') {
          if (this.phase !== 'data-command') {
            stream.destroy(
              new NodemailerChanged('nodemailer started the message without the DATA gate'),
            );
            return;
          }
          this.phase = 'data';
        }
        stream.push(raw);
        stream.push(null);
      },
    });
    return stream;
  }

  /** The socket, once there is one (nodemailer's `_socket` is `false` before connecting). */
  private dropSocket(): void {
    const socket = this.connection._socket as Socket | false | undefined;
    if (socket) socket.destroy();
  }

  private step<T>(start: (done: (error: Error | null | undefined, value?: T) => void) => void) {
    return new Promise<T>((resolve, reject) => {
      if (this.failure) return reject(this.failure.error);
      this.pending = reject;
      start((error, value) => {
        this.pending = undefined;
        if (error) reject(error);
        else resolve(value as T);
      });
    });
  }

  private fail(error: Error): void {
    this.failure ??= { error };
    const pending = this.pending;
    this.pending = undefined;
    pending?.(this.failure.error);
  }
}

/**
 * SASL XOAUTH2 with a token given: Google's mechanism, which RFC 7628's OAUTHBEARER grew from;
 * Gmail and Microsoft 365 take it. No refresh token: a refused token fails the login at once
 * (nodemailer asks for a new one and cannot make one) instead of anything being fetched. login()
 * calls getToken() on it: an XOAuth2 instance, as nodemailer's own transport passes, though the
 * types say options.
 */
function accessTokenOnly(user: string, accessToken: string): SMTPConnection.OAuth2 {
  return new XOAuth2({ user, accessToken }) as unknown as SMTPConnection.OAuth2;
}
