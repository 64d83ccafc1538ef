import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Past this size the log is set aside and a new one begun. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
/** How many set-aside logs are kept (main.log.1 the newest): 20 MB of history at most. */
export const LOG_KEPT = 3;

export interface RotatingLog {
  /** Appends one line, stamped with the time; never throws (a log must not take the app down). */
  write(level: 'warn' | 'error', message: string): void;
}

/**
 * The desktop app's log: lines appended to `file` (main.log in Electron's logs folder), rotated
 * by size: when a line would take it past `maxBytes`, main.log.2 becomes .3 (the oldest is
 * dropped), .1 becomes .2, the log becomes .1, and a new log is begun. A line is written whole,
 * synchronously: the last lines before a crash are the ones wanted.
 */
export function rotatingLog(
  file: string,
  now: () => Date = () => new Date(),
  maxBytes = LOG_MAX_BYTES,
  kept = LOG_KEPT,
): RotatingLog {
  let size: number | undefined;
  const sizeNow = () => {
    if (size === undefined) {
      try {
        size = statSync(file).size;
      } catch {
        size = 0;
      }
    }
    return size;
  };
  const rotate = () => {
    rmSync(`${file}.${kept}`, { force: true });
    for (let n = kept - 1; n >= 1; n -= 1) {
      try {
        renameSync(`${file}.${n}`, `${file}.${n + 1}`);
      } catch {
        // Not there yet.
      }
    }
    renameSync(file, `${file}.1`);
    size = 0;
  };
  return {
    write(level, message) {
      // One line per entry: a message's own line breaks are indented under it.
      const line = `${now().toISOString()} ${level} ${message.replace(/\r?\n/g, '\n    ')}\n`;
      const bytes = Buffer.byteLength(line);
      try {
        mkdirSync(dirname(file), { recursive: true });
        if (sizeNow() > 0 && sizeNow() + bytes > maxBytes) rotate();
        appendFileSync(file, line, { mode: 0o600 });
        size = sizeNow() + bytes;
      } catch {
        // Disk full, folder gone: the line is lost, the app goes on.
        size = undefined;
      }
    },
  };
}
