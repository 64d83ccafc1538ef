import { createHash } from 'node:crypto';
import type { SmtpSession } from './smtp-session.js';
import {
  openSubmission,
  submitOver,
  type SubmitOptions,
  type SubmitOutcome,
} from './submit-message.js';

/** How long a session waits for the next message before it says QUIT. */
const IDLE_MS = 2000;

export interface SubmissionPool {
  /** submitMessage's outcomes, over a session kept for the next message to the same server. */
  submit(options: SubmitOptions): Promise<SubmitOutcome>;
  /** QUITs every session kept. */
  close(): void;
}

/**
 * Submissions that reuse one logged-in session per server and login, message after message, as
 * mail clients send their outbox: a queue of replies costs one connection, greeting and login,
 * not one each (a server's greeting alone can be held 100 ms or more to catch early talkers).
 * Only a session whose last message was accepted is reused; any other outcome closes it, and the
 * next message opens a new one. A session left unused for 2 s is closed.
 */
export function submissionPool(idleMs = IDLE_MS): SubmissionPool {
  const kept = new Map<string, { session: SmtpSession; timer: NodeJS.Timeout }>();
  const drop = (key: string) => {
    const entry = kept.get(key);
    if (!entry) return;
    kept.delete(key);
    clearTimeout(entry.timer);
    entry.session.close();
  };
  return {
    async submit(options) {
      const key = sessionKey(options);
      const entry = kept.get(key);
      let session: SmtpSession;
      if (entry?.session.reusable) {
        kept.delete(key);
        clearTimeout(entry.timer);
        session = entry.session;
      } else {
        drop(key);
        const opened = await openSubmission(options);
        if ('failed' in opened) return opened.failed;
        session = opened.session;
      }
      let outcome: SubmitOutcome | undefined;
      try {
        outcome = await submitOver(session, options);
        return outcome;
      } finally {
        if (outcome?.kind === 'accepted' && session.reusable) {
          const timer = setTimeout(() => drop(key), idleMs);
          // A kept session never holds the process open.
          timer.unref();
          kept.set(key, { session, timer });
        } else session.close();
      }
    },
    close() {
      for (const key of [...kept.keys()]) drop(key);
    },
  };
}

/** One session per server, user and secret (hashed: the key is no place for a password). */
function sessionKey(options: SubmitOptions): string {
  const { host, port, user, secure, requireStartTls } = options.endpoint;
  const secret = createHash('sha256').update(JSON.stringify(options.credentials)).digest('hex');
  return JSON.stringify([host, port, user, secure, requireStartTls, secret, options.ca ?? null]);
}
