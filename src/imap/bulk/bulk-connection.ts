import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { Account } from '../../accounts/account-store.js';
import { requireSecret, type SecretSource } from '../../accounts/secrets.js';
import { parseFetchResponse, type FetchedItem } from './fetch-response.js';
import { encodeMailboxName, quote } from './mailbox-name.js';
import { ResponseFramer } from './response-framer.js';

interface Pending {
  tag: string;
  onUntagged: ((response: Buffer) => void) | undefined;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** The server answered NO or BAD (RFC 3501 §7.1); `responseStatus` as imapflow reports it. */
export class ImapCommandError extends Error {
  override name = 'ImapCommandError';
  constructor(
    message: string,
    readonly responseStatus: 'NO' | 'BAD',
    readonly authenticationFailed = false,
  ) {
    super(message);
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

  private constructor(socket: Socket) {
    this.socket = socket;
    this.attach(socket);
  }

  static async open(account: Account, secrets: SecretSource): Promise<BulkConnection> {
    const password = requireSecret(secrets, account.passwordRef, account.email);
    const { host, port, secure, user, requireStartTls } = account.imap;
    const socket = secure
      ? connectTls({ host, port, servername: host })
      : connectTcp({ host, port });
    socket.setTimeout(5 * 60_000, () =>
      socket.destroy(
        Object.assign(new Error('the IMAP server stopped answering'), { code: 'ETIMEOUT' }),
      ),
    );
    const connection = new BulkConnection(socket);
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
    await this.command(`EXAMINE ${encodeMailboxName(path)}`);
    this.selected = path;
  }

  /**
   * UID FETCH with `items` (e.g. "UID FLAGS BODYSTRUCTURE"); `onItem` gets each message as it
   * is parsed. `pause`/`resume` apply backpressure on the socket.
   */
  fetch(uidSet: string, items: string, onItem: (item: FetchedItem) => void): Promise<void> {
    return this.command(`UID FETCH ${uidSet} (${items})`, (response) => {
      const item = parseFetchResponse(response);
      if (item) onItem(item);
    });
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  async logout(): Promise<void> {
    try {
      await this.command('LOGOUT');
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
        await this.command(`AUTHENTICATE PLAIN ${initial}`);
      } else {
        await this.command(`LOGIN ${quote(user)} ${quote(password)}`);
      }
    } catch (error) {
      if (error instanceof ImapCommandError)
        throw new ImapCommandError(error.message, error.responseStatus, true);
      throw error;
    }
  }

  private greeting(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending = {
        tag: '*',
        onUntagged: undefined,
        resolve,
        reject,
      };
    });
  }

  private command(text: string, onUntagged?: (response: Buffer) => void): Promise<void> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (this.pending)
      return Promise.reject(new Error('the bulk connection runs one command at a time'));
    const tag = `B${this.nextTag++}`;
    return new Promise((resolve, reject) => {
      this.pending = { tag, onUntagged, resolve, reject };
      this.socket.write(`${tag} ${text}\r\n`);
    });
  }

  private onResponse(response: Buffer): void {
    const pending = this.pending;
    if (!pending) return;
    if (pending.tag === '*') {
      const line = response.toString('latin1');
      this.pending = undefined;
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
    const status = line.slice(pending.tag.length + 1, pending.tag.length + 4).toUpperCase();
    if (status.startsWith('OK')) pending.resolve();
    else
      pending.reject(
        new ImapCommandError(
          line.slice(pending.tag.length + 1),
          status.startsWith('NO') ? 'NO' : 'BAD',
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
    socket.on('close', () =>
      this.fail(
        Object.assign(new Error('the connection was closed'), { code: 'EConnectionClosed' }),
      ),
    );
  }

  private upgrade(host: string): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('error');
    plain.removeAllListeners('close');
    return new Promise((resolve, reject) => {
      const secure = connectTls({ socket: plain, servername: host }, () => resolve());
      secure.once('error', reject);
      this.socket = secure;
      this.attach(secure);
    });
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
    this.socket.destroy();
  }
}
