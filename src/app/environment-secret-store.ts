import { environmentSecrets } from '../accounts/secrets.js';
import type { SecretStore } from './platform.js';

/**
 * The CLI's secret store: passwords are environment variables named at `account add`, read at
 * each run from the environment the CLI's edge passes in. It keeps no passwords itself.
 */
export function environmentSecretStore(env: Record<string, string | undefined>): SecretStore {
  return { ...environmentSecrets(env), readsEnvironment: true };
}
