import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helperUrl, spawnTs } from './ts-child.js';
import { pgrep, until } from './wait.js';

/*
 * A test process that dies without calling stop() must not leave Dovecot behind. The child runs
 * the real helper (TypeScript, in its own Node process) and then ends abruptly.
 */

describe('a test process that ends before stop()', () => {
  for (const ending of ['process.exit(0)', "process.kill(process.pid, 'SIGKILL')"]) {
    it(`with ${ending} takes its Dovecot along`, async () => {
      const child = spawnTs(
        `const { startDovecot } = await import(${JSON.stringify(helperUrl('dovecot.ts'))});
         const dovecot = await startDovecot();
         process.stdout.write(JSON.stringify({ dir: dovecot.dir }) + '\\n', () => { ${ending}; });`,
      );
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise((resolve) => child.once('exit', resolve));
      const { dir = '' } = JSON.parse(stdout || '{}') as { dir?: string };
      expect(dir, stderr).toMatch(/switchboard-dovecot-/);
      await until(
        `no process and no folder left of ${dir}`,
        async () => (await pgrep('-f', dir)).length === 0 && !existsSync(dir),
        5_000,
      );
    });
  }
});
