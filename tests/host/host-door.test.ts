import { describe, expect, it } from 'vitest';
import { restrictedImports } from '../helpers/lint-imports.js';

/*
 * The browser host is a transport over the app's facade: the lint rule (eslint.config.js) refuses
 * any import of src/ from src/host/ but src/app/index.js, and lets the CLI start the host.
 */

const probe = (from: string) => `import * as probe from '${from}';\nexport { probe };\n`;

describe('the browser host reaches the app through its facade only', () => {
  it('refuses the core and the inside of src/app/ from src/host/', async () => {
    for (const from of ['../app/data-dir.js', '../server/start-sync-server.js', '../db/migrate.js'])
      expect(await restrictedImports(probe(from), 'src/host/start-host.ts'), from).toEqual([
        expect.stringContaining('src/host/ reaches the app through src/app/index.ts'),
      ]);
  }, 60_000);

  it('lets the facade through to src/host/, and the host through to the CLI', async () => {
    expect(await restrictedImports(probe('../app/index.js'), 'src/host/start-host.ts')).toEqual([]);
    expect(await restrictedImports(probe('../host/index.js'), 'src/cli/serve-command.ts')).toEqual(
      [],
    );
    expect(
      await restrictedImports(probe('../server/start-sync-server.js'), 'src/cli/serve-command.ts'),
    ).toHaveLength(1);
  }, 60_000);
});
