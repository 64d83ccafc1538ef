import { UserError } from '../errors.js';
/**
 * Where account passwords come from. The cache stores only a reference (`env:NAME`); the secret is
 * resolved at each run by the platform: the CLI reads the environment, the desktop app will use
 * the OS keychain through the same interface.
 */
export interface SecretSource {
  resolve(ref: string): string | undefined;
}

/** Secrets from an environment the caller passes in (the CLI's, read at its edge). */
export const environmentSecrets = (env: Record<string, string | undefined>): SecretSource => ({
  resolve(ref) {
    if (!ref.startsWith('env:')) return undefined;
    return env[ref.slice('env:'.length)];
  },
});

export function envSecretRef(variable: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new UserError('invalid', `not a valid environment variable name: ${variable}`);
  }
  return `env:${variable}`;
}

export function requireSecret(source: SecretSource, ref: string | null, what: string): string {
  if (!ref) throw new UserError('missing-secret', `no password configured for ${what}`);
  const value = source.resolve(ref);
  if (value === undefined || value === '') {
    const hint = ref.startsWith('env:') ? ` (set the environment variable ${ref.slice(4)})` : '';
    throw new UserError('missing-secret', `the password for ${what} is not available${hint}`);
  }
  return value;
}
