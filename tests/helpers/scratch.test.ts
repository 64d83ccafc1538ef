import { test } from 'vitest';
import { connect } from 'node:net';
import { ImapFlow } from 'imapflow';
import { startDovecot, appendMessage, resetUidValidity, CAPABILITIES_WITHOUT_CONDSTORE } from './dovecot.js';

test('uidvalidity selected', async () => {
  const d = await startDovecot({ capabilities: CAPABILITIES_WITHOUT_CONDSTORE });
  try {
  const greet = await new Promise<string>((res) => { const s = connect(d.port, '127.0.0.1'); s.once('data', (b) => { res(b.toString()); s.destroy(); }); });
  console.log('greeting', greet);
  await appendMessage(d, 'support', 'Archive', 'Subject: x\r\n\r\nbody\r\n', ['\\Flagged']);
  const c = new ImapFlow({ host: d.host, port: d.port, secure: false, auth: { user: 'support', pass: 'secret' }, logger: false });
  c.on('error', (e) => console.log('client error', e));
  c.on('close', () => console.log('client close'));
  c.on('mailboxClose', (m) => console.log('mailboxClose', m.path));
  c.on('expunge', (m) => console.log('expunge', m));
  await c.connect();
  const mb = await c.mailboxOpen('Archive');
  console.log('selected', mb.uidValidity);
  const v2 = await resetUidValidity(d, 'support', 'Archive');
  console.log('new', v2);
  try { await c.noop(); console.log('after noop', c.mailbox && c.mailbox.uidValidity, c.usable); const f = await c.fetchAll('1:*', { uid: true, flags: true }); console.log('fetch', f.map(m=>[m.uid, m.flags])); } catch (e) { console.log('selected client err', (e as Error).message); }
  await c.logout().catch(() => undefined);
  } finally { await d.stop(); }
});
