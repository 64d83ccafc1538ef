import { connect } from 'node:net';

/**
 * The ceiling: the least an IMAP client can do to fetch every message. One
 * `UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])`, bytes counted and dropped.
 * Literals ({n}\r\n, RFC 3501 §4.3) are skipped by length so their content is never scanned.
 */
export async function rawFetchAll(
  host: string,
  port: number,
  user: string,
  password: string,
): Promise<{ bytes: number; messages: number }> {
  const socket = connect({ host, port });
  let buffer = Buffer.alloc(0);
  let literalLeft = 0;
  let bytes = 0;
  let messages = 0;
  let waiting: { tag: string; resolve: () => void; reject: (error: Error) => void } | undefined;

  const onLine = (line: string) => {
    if (line.startsWith('* ') && / FETCH \(/.test(line)) messages += 1;
    if (waiting && line.startsWith(`${waiting.tag} `)) {
      const current = waiting;
      waiting = undefined;
      if (/^\S+ OK/i.test(line)) current.resolve();
      else current.reject(new Error(line));
    }
  };
  socket.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    let data = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    for (;;) {
      if (literalLeft > 0) {
        const take = Math.min(literalLeft, data.length);
        literalLeft -= take;
        data = data.subarray(take);
        if (literalLeft > 0) break;
      }
      const end = data.indexOf('\r\n');
      if (end < 0) break;
      const line = data.subarray(0, end).toString('latin1');
      data = data.subarray(end + 2);
      onLine(line);
      const literal = /\{(\d+)\}$/.exec(line);
      if (literal) literalLeft = Number(literal[1]);
    }
    buffer = Buffer.from(data);
  });
  const command = (tag: string, text: string) =>
    new Promise<void>((resolve, reject) => {
      waiting = { tag, resolve, reject };
      socket.write(`${tag} ${text}\r\n`);
    });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  await command('a1', `LOGIN ${user} ${password}`);
  await command('a2', 'SELECT INBOX');
  bytes = 0;
  messages = 0;
  await command('a3', 'UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])');
  const result = { bytes, messages };
  socket.end('a4 LOGOUT\r\n');
  return result;
}
