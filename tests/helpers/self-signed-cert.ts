import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SelfSignedCert {
  certFile: string;
  keyFile: string;
  /** PEM, as read back from the files. */
  cert: Buffer;
  key: Buffer;
}

/**
 * A throwaway certificate for 127.0.0.1 and localhost (P-256, one day), written to `dir` as
 * cert.pem and key.pem by openssl: node:crypto cannot make an X.509 certificate. Undefined when
 * openssl is not installed.
 */
export function selfSignedCert(dir: string): SelfSignedCert | undefined {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
  } catch {
    return undefined;
  }
  return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}
