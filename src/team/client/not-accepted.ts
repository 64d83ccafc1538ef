import { UserError } from '../../errors.js';

/*
 * What becomes of a change made while the team server refuses this app's token (revoked, say):
 * it is kept. It is stored in the replica like any change, marked as not confirmed by the server
 * (ReplicaStore), and every command that meets the refusal says so the same way, with the two
 * ways out: `switchboard team join` with a new token (the change goes out with the next exchange,
 * as a queued one would), or `switchboard team discard` (every change the server never confirmed
 * is dropped, and the replica is what the server had). A refused token is not "offline": no
 * command calls such a change queued, and none exits 0.
 */

const waysOut = (it: string) =>
  `"switchboard team join" with a new token sends ${it}, "switchboard team discard" drops ${it}`;

/** A triage command's change (`change`: what it did), made here but refused by the server. */
export function changeNotAccepted(refusal: UserError, change: string): UserError {
  return new UserError(
    'token-refused',
    `${refusal.message}; the change (${change}) is kept here but not accepted: ${waysOut('it')}`,
  );
}

/** The changes made here that the server never confirmed, when it refuses the token. */
export function changesNotAccepted(refusal: UserError, updates: number): string {
  if (updates === 0) return `${refusal.message}: "switchboard team join" with a new token`;
  return `${refusal.message}; ${updates} update${updates === 1 ? '' : 's'} made here ${updates === 1 ? 'is' : 'are'} kept but not accepted: ${waysOut('them')}`;
}

/** Nothing reached this machine yet, and the server refuses the token. */
export function refusedBeforeAnything(refusal: UserError): UserError {
  return new UserError('token-refused', changesNotAccepted(refusal, 0));
}
