import type { ConversationListItem } from '../../src/app/index.js';

/** Rows loaded one after another, from `start`: a page's, as the list places it. */
export interface RowRun {
  start: number;
  items: readonly ConversationListItem[];
}

/**
 * The conversation list by position, as far as it is loaded: runs of rows with holes between
 * them (rows whose page is not loaded, drawn as placeholders), `length` rows in all.
 *
 * Not an array of 100,000 slots: one was filled and walked at each page's arrival (where the
 * cursor is, the first row loaded), some 5 ms and 800 kB of garbage a page while the scrollbar
 * is dragged through the list. Here a row is found by position among a few runs, by id in a map
 * built once per list.
 */
export class ListRows {
  static readonly EMPTY = new ListRows([], 0);

  /** Rows in order, every one loaded (a short list, a test's). */
  static of(items: readonly ConversationListItem[]): ListRows {
    return new ListRows(items.length > 0 ? [{ start: 0, items }] : [], items.length);
  }

  private positions: Map<string, number> | undefined;

  /** `runs` in order of `start`, none overlapping. */
  constructor(
    private readonly runs: readonly RowRun[],
    readonly length: number,
  ) {}

  /** The row at `index`; undefined where no page is loaded. */
  at(index: number): ConversationListItem | undefined {
    let low = 0;
    let high = this.runs.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const run = this.runs[middle]!;
      if (index < run.start) high = middle - 1;
      else if (index >= run.start + run.items.length) low = middle + 1;
      else return run.items[index - run.start];
    }
    return undefined;
  }

  /** Where a conversation is (-1: not among the rows loaded). */
  indexOf(id: string | null): number {
    if (id === null) return -1;
    if (!this.positions) {
      this.positions = new Map();
      for (const run of this.runs)
        run.items.forEach((item, i) => this.positions!.set(item.id, run.start + i));
    }
    return this.positions.get(id) ?? -1;
  }

  /** A loaded row's conversation by id. */
  byId(id: string | null): ConversationListItem | undefined {
    const at = this.indexOf(id);
    return at < 0 ? undefined : this.at(at);
  }

  /** The rows loaded, in order, with their places. */
  *loaded(): Generator<[index: number, item: ConversationListItem]> {
    for (const run of this.runs)
      for (let i = 0; i < run.items.length; i += 1) yield [run.start + i, run.items[i]!];
  }

  /** The first row loaded, the last one. */
  firstLoaded(): ConversationListItem | undefined {
    return this.runs[0]?.items[0];
  }

  lastLoaded(): ConversationListItem | undefined {
    return this.runs.at(-1)?.items.at(-1);
  }
}
