import { readFileSync } from 'node:fs';
import { UserError } from '../app/index.js';
import { stringOption, type CliValues } from './command-context.js';

/*
 * The options of a command that listens (`server`, `serve`): --port, --tls-cert, --tls-key.
 */

/** `--port N`: 0 to 65535 (0: any free port); `fallback` when not given. */
export function portOption(values: CliValues, fallback: number): number {
  const value = stringOption(values, 'port');
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UserError('invalid', `--port expects 0–65535 (0: any free port), got ${value}`);
  return port;
}

/** `--tls-cert FILE --tls-key FILE` (PEM), read; both or neither. */
export function tlsOption(values: CliValues): { cert: Buffer; key: Buffer } | undefined {
  const certFile = stringOption(values, 'tls-cert');
  const keyFile = stringOption(values, 'tls-key');
  if (Boolean(certFile) !== Boolean(keyFile))
    throw new UserError('usage', '--tls-cert and --tls-key go together');
  return certFile && keyFile
    ? { cert: readPem(certFile, '--tls-cert'), key: readPem(keyFile, '--tls-key') }
    : undefined;
}

function readPem(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UserError('invalid', `cannot read ${flag} ${file}: ${(error as Error).message}`);
  }
}
