import { readFileSync } from 'node:fs';
import { getAccount } from '../../accounts/account-store.js';
import { UserError } from '../../errors.js';
import { describeImapError } from '../../imap/connect.js';
import { downloadMessage, parseMessage } from '../../mail/open-message.js';
import type { AppContext } from '../app-context.js';
import type { MethodInput } from '../contract/inputs.js';
import type { MessageContent } from '../contract/outputs.js';

interface MessageRow {
  id: number;
  account_id: string;
  source_hash: string | null;
  body_text: string | null;
  has_html: number | null;
}

/**
 * One message in full, as the conversation view shows it (`mail.message`): its HTML, which the
 * cache does not keep as such. The sync fetches only a message's text (the bulk never pays for
 * HTML); opening it reads the whole message from the data directory's store when it is there (a
 * local account's mail always is, migration 011, and a message read once stays), else from its
 * server (over the app's kept connection: mail after mail is one login), keeping the bytes in
 * the store so that it opens offline from then on.
 */
export class MessageService {
  constructor(private readonly app: AppContext) {}

  async message(input: MethodInput<'mail.message'>): Promise<MessageContent> {
    const row = this.app
      .db()
      .prepare<[number], MessageRow>(
        'SELECT id, account_id, source_hash, body_text, has_html FROM messages WHERE id = ?',
      )
      .get(input.messageId);
    if (!row)
      throw new UserError('not-found', `unknown message: ${input.messageId}`, {
        field: 'messageId',
      });
    // A plain-text mail is all in the cache already: no server is asked for nothing.
    if (row.has_html === 0) return { id: row.id, html: null, text: row.body_text };
    const opened = await parseMessage(await this.source(row));
    return { id: row.id, html: opened.html, text: opened.text || row.body_text };
  }

  /** The message's bytes: from the store, or from its server into the store. */
  private async source(row: MessageRow): Promise<Buffer> {
    const blobs = this.app.blobs();
    if (row.source_hash && blobs.has(row.source_hash))
      return readFileSync(blobs.pathOf(row.source_hash));
    const db = this.app.db();
    const account = getAccount(db, row.account_id);
    if (account.transport === 'local')
      throw new UserError('not-found', `message ${row.id} is not in this data directory's store`);
    const source = await this.app.imap.use(account, (client) =>
      downloadMessage(db, client, row.id).catch((error: unknown) => {
        // The connection lost on the way is said as the server's failure, not as a bug.
        throw describeImapError(error, account, { client }) ?? error;
      }),
    );
    const { hash } = blobs.putBytes(source);
    db.prepare('UPDATE messages SET source_hash = ? WHERE id = ?').run(hash, row.id);
    return source;
  }
}
