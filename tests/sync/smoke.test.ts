import { test, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDovecot, seedCorpus } from '../../tests/helpers/dovecot.js';
import { runCli } from '../../src/cli/run-cli.js';

test('smoke', async () => {
  const dovecot = await startDovecot();
  try {
    const s = await seedCorpus(dovecot, 'support', 2000, 500, 42);
    console.log(s);
    const data = mkdtempSync(join(tmpdir(), 'sb-'));
    const out: string[] = []; const err: string[] = [];
    const o = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    process.env.SB_PW = 'secret';
    expect(await runCli(['--data', data, 'account', 'add', '--name', 'Support', '--email', 'support@example.com', '--imap', `imap://support@127.0.0.1:${dovecot.port}`, '--password-env', 'SB_PW'], o)).toBe(0);
    let t = Date.now();
    const code = await runCli(['--data', data, 'sync', '--once', '--json'], o);
    console.log('sync ms', Date.now() - t, code, err, out.at(-1));
    t = Date.now();
    await runCli(['--data', data, 'sync', '--once', '--json'], o);
    console.log('resync ms', Date.now() - t, out.at(-1));
    await runCli(['--data', data, 'conversations', '--json', '--limit', '3'], o);
    console.log(out.at(-1));
    const convs = JSON.parse(out.at(-1)!);
    await runCli(['--data', data, 'show', convs[0].id, '--json'], o);
    console.log(out.at(-1)!.slice(0, 1500));
    await runCli(['--data', data, 'search', 'report migration', '--json'], o);
    console.log(out.at(-1)!.slice(0, 800), err);
  } finally { await dovecot.stop(); }
}, 120000);
