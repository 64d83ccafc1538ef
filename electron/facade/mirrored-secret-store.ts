import { UserError, type SecretStore } from '../../src/app/index.js';
import {
  KEYCHAIN_PREFIX,
  SESSION_PREFIX,
  type FromFacade,
  type SecretsSnapshot,
} from './facade-protocol.js';

/**
 * The facade's process's password store: the keychain's passwords as main decrypted them at
 * start (only main reaches the OS keychain, through safeStorage), held in this process's memory;
 * a password kept or forgotten here is sent to main, which encrypts and writes it (or keeps it
 * for the session where there is no keychain, as main's store decides the same way).
 */
export function mirroredSecretStore(
  snapshot: SecretsSnapshot,
  send: (message: FromFacade) => void,
): SecretStore {
  const passwords = new Map(Object.entries(snapshot.passwords));
  return {
    readsEnvironment: false,
    resolve: (ref) => passwords.get(ref),
    keep(accountId, password) {
      if (snapshot.damaged) throw new UserError('corrupt', snapshot.damaged);
      const ref = `${snapshot.encrypting ? KEYCHAIN_PREFIX : SESSION_PREFIX}${accountId}`;
      passwords.set(ref, password);
      send({ type: 'secret.keep', accountId, password });
      return ref;
    },
    forget(ref) {
      passwords.delete(ref);
      send({ type: 'secret.forget', ref });
    },
  };
}
