import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { requireServer, type Account } from '../../accounts/account-store.js';
import type { ServerEndpoint } from '../../accounts/server-url.js';
import { requireSecret, type SecretSource } from '../../accounts/secrets.js';
import { connectTimedOut, noGreeting, stalled } from '../connection-errors.js';
import { mailDeadlines, type MailDeadlines } from '../deadlines.js';
import { describeWait } from '../imap-failures.js';
import { parseFetchResponse, type FetchedItem } from './fetch-response.js';
import { encodeMailboxName, quote } from './mailbox-name.js';
import { ResponseFramer } from './response-framer.js';

interface Pending {
  tag: string;
  /** The command's name ("UID FETCH"), for an error the server answers with. */
  command: string;
  /** What the command waits for, in words ("fetching message headers of INBOX"). */
  what: string;
  onUntagged: ((response: Buffer) => void) | undefined;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Where the connection is: its deadlines differ (deadlines.ts). Quiet is only a fault while
 * something is due: connecting, a TLS handshake, or a command (or the greeting) in flight.
 */
type Phase = 'connecting' | 'handshake' | 'session';

/** The server answered NO or BAD (RFC 3501 §7.1); `responseStatus` as imapflow reports it. */
export class ImapCommandError extends Error {
  override name = 'ImapCommandError';
  /** The text after the status, as imapflow's `responseText`. */
  readonly responseText: string;
  constructor(
    message: string,
    readonly responseStatus: 'NO' | 'BAD',
    readonly authenticationFailed = false,
    /** The command's name ("EXAMINE", "UID FETCH"). */
    readonly command = '',
  ) {
    super(message);
    this.responseText = message.replace(/^(NO|BAD)\s*(\[[^\]]*\]\s*)?/i, '');
  }
}

/**
 * A lean second connection for the bulk of a sync: UID FETCH of headers, BODYSTRUCTURE and text
 * parts for thousands of messages, parsed by response-values.ts instead of imapflow's general
 * parser (the largest CPU cost of a first sync, measured with tests/bench/sync-bench.ts).
 * Everything else (folder state, flags, IDLE, actions) stays on imapflow. Read-only: it only
 * EXAMINEs mailboxes and fetches with BODY.PEEK, so it never changes the server.
 */
export class BulkConnection {
  private nextTag = 1;
  private pending: Pending | undefined;
  private capabilities = new Set<string>();
  private socket: Socket;
  private closedError: Error | undefined;
  private selected: string | undefined;
  private phase: Phase = 'connecting';
  /** Paused for backpressure: the silence is ours, not the server's. */
  private paused = false;

  private constructor(
    socket: Socket,
    private readonly endpoint: ServerEndpoint,
    private readonly deadlines: MailDeadlines,
  ) {
    this.socket = socket;
    this.attach(socket);
    socket.once('connect', () => this.enter(endpoint.secure ? 'handshake' : 'session'));
    if (endpoint.secure) socket.once('secureConnect', () => this.enter('session'));
    this.arm();
  }

  static async open(
    account: Account,
    secrets: SecretSource,
    deadlines?: Partial<MailDeadlines>,
  ): Promise<BulkConnection> {
    requireServer(account);
    const password = requireSecret(secrets, account.passwordRef, account.email);
    const { host, port, secure, user, requireStartTls } = account.imap;
    const socket = secure
      ? connectTls({ host, port, servername: host })
      : connectTcp({ host, port });
    const connection = new BulkConnection(socket, account.imap, mailDeadlines(deadlines));
    try {
      await connection.greeting();
      await connection.command('CAPABILITY');
      if (!secure && (requireStartTls || connection.capabilities.has('STARTTLS'))) {
        if (!connection.capabilities.has('STARTTLS'))
          throw Object.assign(new Error('the server does not offer STARTTLS'), {
            code: 'ERR_SSL_NO_STARTTLS',
          });
        await connection.command('STARTTLS');
        await connection.upgrade(host);
        await connection.command('CAPABILITY');
      }
      await connection.login(user, password);
      return connection;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  /** EXAMINE: read-only selection; the bulk path never changes flags (RFC 3501 §6.3.2). */
  async examine(path: string): Promise<void> {
    if (this.selected === path) return;
    this.selected = undefined;
    await this.command(`EXAMINE ${encodeMailboxName(path)}`, describeWait('EXAMINE', path));
    this.selected = path;
  }

  /**
   * UID FETCH with `items` (e.g. "UID FLAGS BODYSTRUCTURE"); `onItem` gets each message as it
   * is parsed. `pause`/`resume` apply backpressure on the socket.
   */
  fetch(uidSet: string, items: string, onItem: (item: FetchedItem) => void): Promise<void> {
    return this.command(
      `UID FETCH ${uidSet} (${items})`,
      fetchWait(items, this.selected),
      (response) => {
        const item = parseFetchResponse(response);
        if (item) onItem(item);
      },
    );
  }

  pause(): void {
    this.paused = true;
    this.socket.pause();
    this.arm();
  }

  resume(): void {
    this.paused = false;
    this.socket.resume();
    this.arm();
  }

  async logout(): Promise<void> {
    try {
      await this.command('LOGOUT', describeWait('LOGOUT', undefined));
    } catch {
      // closing anyway
    }
    this.close();
  }

  close(): void {
    this.socket.destroy();
  }

  private async login(user: string, password: string): Promise<void> {
    try {
      if (this.capabilities.has('AUTH=PLAIN') && this.capabilities.has('SASL-IR')) {
        // SASL PLAIN (RFC 4616) in the initial response (RFC 4959): any bytes in the password.
        const initial = Buffer.from(`\0${user}\0${password}`, 'utf8').toString('base64');
        await this.command(`AUTHENTICATE PLAIN ${initial}`, LOGGING_IN);
      } else {
        await this.command(`LOGIN ${quote(user)} ${quote(password)}`, LOGGING_IN);
      }
    } catch (error) {
      if (error instanceof ImapCommandError)
        throw new ImapCommandError(error.message, error.responseStatus, true, error.command);
      throw error;
    }
  }

  private greeting(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending = {
        tag: '*',
        command: '',
        what: 'the greeting',
        onUntagged: undefined,
        resolve,
        reject,
      };
      this.arm();
    });
  }

  private command(
    text: string,
    what = describeWait(text.split(' ')[0]!, this.selected),
    onUntagged?: (response: Buffer) => void,
  ): Promise<void> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (this.pending)
      return Promise.reject(new Error('the bulk connection runs one command at a time'));
    const tag = `B${this.nextTag++}`;
    const words = text.split(' ', 2);
    const command = words[0] === 'UID' ? words.join(' ') : words[0]!;
    return new Promise((resolve, reject) => {
      this.pending = { tag, command, what, onUntagged, resolve, reject };
      this.arm();
      this.socket.write(`${tag} ${text}\r\n`);
    });
  }

  /** Arms the silence timer for what is due now (deadlines.ts), or disarms it. */
  private arm(): void {
    const { connectMs, greetingMs, stallMs } = this.deadlines;
    let ms = 0;
    if (this.paused || this.closedError) ms = 0;
    else if (this.phase !== 'session') ms = connectMs;
    else if (this.pending) ms = this.pending.tag === '*' ? greetingMs : stallMs;
    this.socket.setTimeout(ms);
  }

  private enter(phase: Phase): void {
    this.phase = phase;
    this.arm();
  }

  /** The timer ran out: whatever was due did not come. */
  private onSilence(): void {
    const { endpoint, deadlines } = this;
    if (this.phase === 'connecting') this.fail(connectTimedOut(endpoint, deadlines.connectMs));
    else if (this.phase === 'handshake')
      this.fail(stalled(endpoint, 'negotiating TLS', deadlines.connectMs));
    else if (this.pending?.tag === '*')
      this.fail(noGreeting(endpoint, deadlines.greetingMs, endpoint.secure));
    else if (this.pending) this.fail(stalled(endpoint, this.pending.what, deadlines.stallMs));
  }

  private onResponse(response: Buffer): void {
    const pending = this.pending;
    if (!pending) return;
    if (pending.tag === '*') {
      const line = response.toString('latin1');
      this.pending = undefined;
      this.arm();
      if (/^\* (OK|PREAUTH)/i.test(line)) {
        this.readCapabilities(line);
        pending.resolve();
      } else
        pending.reject(
          Object.assign(new Error(`the server refused the connection: ${line}`), {
            code: 'EConnectionClosed',
          }),
        );
      return;
    }
    if (response[0] === 0x2a) {
      if (pending.onUntagged && (response[2] ?? 0) >= 0x30 && (response[2] ?? 0) <= 0x39) {
        try {
          pending.onUntagged(response);
        } catch (error) {
          this.fail(error instanceof Error ? error : new Error(String(error)));
        }
        return;
      }
      this.readCapabilities(response.toString('latin1', 0, Math.min(response.length, 4096)));
      return;
    }
    if (response[0] === 0x2b) return;
    const line = response.toString('utf8');
    if (!line.startsWith(`${pending.tag} `)) return;
    this.pending = undefined;
    this.arm();
    const status = line.slice(pending.tag.length + 1, pending.tag.length + 4).toUpperCase();
    if (status.startsWith('OK')) pending.resolve();
    else
      pending.reject(
        new ImapCommandError(
          line.slice(pending.tag.length + 1),
          status.startsWith('NO') ? 'NO' : 'BAD',
          false,
          pending.command,
        ),
      );
  }

  private readCapabilities(line: string): void {
    const match = /(?:^\* CAPABILITY |\[CAPABILITY )([^\]\r\n]*)/i.exec(line);
    if (match) this.capabilities = new Set(match[1]!.toUpperCase().split(' ').filter(Boolean));
  }

  private attach(socket: Socket): void {
    const framer = new ResponseFramer((response) => this.onResponse(response));
    socket.on('data', (chunk: Buffer) => framer.feed(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('timeout', () => this.onSilence());
    socket.on('close', () =>
      this.fail(
        Object.assign(new Error('the connection was closed'), { code: 'EConnectionClosed' }),
      ),
    );
  }

  private upgrade(host: string): Promise<void> {
    const plain = this.socket;
    plain.setTimeout(0);
    for (const event of ['data', 'error', 'close', 'timeout'] as const)
      plain.removeAllListeners(event);
    // The TLS socket reports the connection's failures from here on; an 'error' on the plain one
    // without a listener would crash the process.
    plain.on('error', () => undefined);
    return new Promise((resolve, reject) => {
      const secure = connectTls({ socket: plain, servername: host }, () => {
        this.enter('session');
        resolve();
      });
      secure.once('error', reject);
      this.socket = secure;
      this.attach(secure);
      this.enter('handshake');
    });
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    const pending = this.pending;
    this.pending = undefined;
    this.socket.setTimeout(0);
    pending?.reject(error);
    this.socket.destroy();
  }
}

const LOGGING_IN = describeWait('LOGIN', undefined);

/** What a UID FETCH of `items` waits for: headers or texts (the two bulk fetches), in words. */
function fetchWait(items: string, mailbox: string | undefined): string {
  const what = /HEADER\.FIELDS/i.test(items)
    ? 'message headers'
    : /BODY(\.PEEK)?\[/i.test(items)
      ? 'message texts'
      : 'messages';
  return `fetching ${what} of ${mailbox ?? 'the mailbox'}`;
}
