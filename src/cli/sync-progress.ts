import type { AppEventOf } from '../app/index.js';
import type { Output } from './output.js';

/** Where a sync is: a `sync.progress` event (its type aside). */
type SyncProgress = Omit<AppEventOf<'sync.progress'>, 'type'>;

/**
 * How `sync --once` keeps a user informed on stderr, from the sync's `sync.progress` events. A quick sync prints nothing; one that takes
 * longer than `quietMs` says where it is: a line when it moves to another folder or phase, and
 * the counts every `everyMs` while they change. Lines come from a timer, one per `tickMs` at
 * most, so a sync that races through small folders never floods the terminal.
 */
export interface ProgressPacing {
  quietMs: number;
  everyMs: number;
  tickMs: number;
}

export const PROGRESS_PACING: Readonly<ProgressPacing> = Object.freeze({
  quietMs: 3000,
  everyMs: 5000,
  tickMs: 1000,
});

/** The line for a progress event (without the "switchboard: " prefix), if it deserves one. */
export function progressLine(progress: SyncProgress): string | undefined {
  const { account, mailbox, done, total } = progress;
  const counts = done !== undefined && total !== undefined ? `${done} of ${total}` : undefined;
  switch (progress.phase) {
    case 'folders':
      return `${account}: listing folders`;
    case 'checking':
      return `${account}: ${mailbox ?? 'a folder'}: checking`;
    case 'headers':
      return `${account}: ${mailbox ?? 'a folder'}: ${counts ?? 'fetching'} headers`;
    case 'bodies':
      if (mailbox === undefined) return `${account}: fetching message texts`;
      return `${account}: ${mailbox}: ${counts ?? 'fetching'} message texts`;
    case 'actions':
      return `${account}: writing local changes back to the server`;
    case 'done':
      return undefined;
  }
}

/** Where a progress event is: a new place deserves a line at once, new counts only now and then. */
const placeOf = (progress: SyncProgress) =>
  `${progress.account}\n${progress.phase}\n${progress.mailbox ?? ''}`;

export class SyncProgressReporter {
  private latest: SyncProgress | undefined;
  private printedLine: string | undefined;
  private printedPlace: string | undefined;
  private printedAt = 0;
  private readonly startedAt: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly output: Output,
    private readonly pacing: ProgressPacing = PROGRESS_PACING,
  ) {
    this.startedAt = Date.now();
    this.timer = setInterval(() => this.tick(), pacing.tickMs);
    // Progress never keeps the process alive.
    this.timer.unref();
  }

  update(progress: SyncProgress): void {
    this.latest = progress;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const now = Date.now();
    const latest = this.latest;
    if (!latest || now - this.startedAt < this.pacing.quietMs) return;
    const line = progressLine(latest);
    if (line === undefined || line === this.printedLine) return;
    const place = placeOf(latest);
    if (place === this.printedPlace && now - this.printedAt < this.pacing.everyMs) return;
    this.output.err(`switchboard: ${line}`);
    this.printedLine = line;
    this.printedPlace = place;
    this.printedAt = now;
  }
}
