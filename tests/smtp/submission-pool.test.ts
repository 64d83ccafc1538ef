import { afterEach, describe, expect, it } from 'vitest';
import { submissionPool, type SubmissionPool } from '../../src/smtp/submission-pool.js';
import { until } from '../helpers/wait.js';
import {
  PASSWORD,
  readAll,
  receivedOf,
  replyError,
  startSmtpServer,
  type TestSmtpServer,
} from './support/test-smtp-server.js';

let server: TestSmtpServer | undefined;
let pool: SubmissionPool | undefined;

afterEach(async () => {
  pool?.close();
  if (server) await until('every session closed', () => server!.events.at(-1) === 'close');
  await server?.stop();
  server = undefined;
});

const message = (n: number) => ({
  envelope: { from: 'support@acme.example', to: ['alice@example.net'] },
  raw: Buffer.from(`Message-ID: <m${n}@acme.example>\r\nSubject: ${n}\r\n\r\nBody ${n}.\r\n`),
});

describe('the submission pool', () => {
  it('sends a queue of messages over one session, and closes it when left idle', async () => {
    server = await startSmtpServer();
    pool = submissionPool(50);
    const credentials = { password: PASSWORD };
    for (const n of [1, 2, 3])
      expect(
        await pool.submit({ endpoint: server.endpoint(), credentials, ...message(n) }),
      ).toMatchObject({ kind: 'accepted' });
    expect(server.received.map((received) => received.raw.toString())).toEqual(
      [1, 2, 3].map((n) => message(n).raw.toString()),
    );
    expect(server.sockets).toHaveLength(1);
    await until('the idle session closed', () => server!.closed === 1);
  });

  it('opens a new session after one whose message was not accepted', async () => {
    let refuse = true;
    server = await startSmtpServer((state) => ({
      onData(stream, session, callback) {
        void readAll(stream).then((raw) => {
          if (refuse) return callback(replyError(451, '4.3.0 Try again later'));
          state.received.push(receivedOf(raw, session));
          callback(null, 'OK');
        });
      },
    }));
    pool = submissionPool();
    const options = { endpoint: server.endpoint(), credentials: { password: PASSWORD } };
    expect(await pool.submit({ ...options, ...message(1) })).toMatchObject({ kind: 'temporary' });
    refuse = false;
    expect(await pool.submit({ ...options, ...message(2) })).toMatchObject({ kind: 'accepted' });
    expect(server.sockets).toHaveLength(2);
    expect(await pool.submit({ ...options, ...message(3) })).toMatchObject({ kind: 'accepted' });
    expect(server.sockets).toHaveLength(2);
  });
});
