import { describe, expect, it } from 'vitest';
import { restrictedImports } from '../helpers/lint-imports.js';

/*
 * The CLI is an adapter over the app facade: the lint rule (eslint.config.js) refuses any import
 * of src/ outside src/app/ from src/cli/. `npm run lint` holds the tree to it; this shows the rule
 * itself bites, and what it lets through.
 */

describe('the CLI reaches the core through the app facade only', () => {
  it('refuses an import of the core from src/cli/', async () => {
    const refused = await restrictedImports(
      "import { listAccounts } from '../accounts/account-store.js';\nexport const probe = listAccounts;\n",
      'src/cli/account-commands.ts',
    );
    expect(refused).toEqual([
      expect.stringContaining('src/cli/ reaches the core through src/app/ (the app facade) only'),
    ]);
  }, 60_000);

  it('lets the app facade through, and keeps src/ free of Electron there too', async () => {
    expect(
      await restrictedImports(
        "import { openSwitchboard } from '../app/index.js';\nexport const probe = openSwitchboard;\n",
        'src/cli/account-commands.ts',
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        "import { app } from 'electron';\nexport const probe = app;\n",
        'src/cli/account-commands.ts',
      ),
    ).toHaveLength(1);
  }, 60_000);

  it('leaves the rest of src/ to its own rule', async () => {
    expect(
      await restrictedImports(
        "import { listAccounts } from '../accounts/account-store.js';\nexport const probe = listAccounts;\n",
        'src/app/open-cache.ts',
      ),
    ).toEqual([]);
  }, 60_000);
});
