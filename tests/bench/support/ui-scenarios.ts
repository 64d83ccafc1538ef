/**
 * bench:ui's interactions, driven in Chromium through playwright-core with real input (keys and
 * wheel events through the browser's input pipeline), timed by the page probe
 * (support/ui-page-probe.ts) in the page's own clock.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newDesktopContext } from '../../e2e/support/chromium.js';
import { PAGE_PROBE } from './ui-page-probe.js';

/**
 * Every sample of one interaction, in ms, with what went wrong on the way: a change not shown
 * within SHOW_TIMEOUT_MS counts as that long (and is said), none is dropped.
 */
export interface Samples {
  ms: number[];
  /** What each sample timed, where it says more than the row's name (search: what was typed). */
  labels?: string[];
  notes: string[];
  timeouts: number;
}

const samples = (): Samples => ({ ms: [], notes: [], timeouts: 0 });

/** After this many changes not shown, an interaction's further runs would only wait: stopped. */
const MAX_TIMEOUTS = 2;

/** Records one run's time, or its timeout; says whether to go on. */
function recorded(into: Samples, ms: number | null, what: string): boolean {
  if (ms !== null) {
    into.ms.push(ms);
    return true;
  }
  into.ms.push(SHOW_TIMEOUT_MS);
  into.timeouts += 1;
  into.notes.push(`${what}: not shown within ${SHOW_TIMEOUT_MS / 1000} s (counted as that)`);
  if (into.timeouts < MAX_TIMEOUTS) return true;
  into.notes.push(`${what}: stopped after ${MAX_TIMEOUTS} timeouts`);
  return false;
}

export interface FrameSamples {
  /** requestAnimationFrame deltas while scrolling, ms. */
  deltas: number[];
  longTasks: number[];
  /** Frames that showed placeholders of rows not loaded yet. */
  placeholderFrames: number;
  /** How far the scrolling went: wheel events sent, scrollTop jumps made. */
  moves: number;
}

export interface UiMeasures {
  /** First launch, through the key's landing page, caches cold. */
  coldFirstRender: number;
  firstRender: Samples;
  open: Samples;
  search: Samples;
  /** Per triage key. */
  triage: Record<TriageKey, Samples>;
  wheel: FrameSamples;
  jumps: FrameSamples;
  /** Rows the list says it holds (its options' aria-setsize). */
  listRows: number;
}

export const TRIAGE_KEYS = ['e', 'm', 'a', 't', 's'] as const;
export type TriageKey = (typeof TRIAGE_KEYS)[number];
/** What each key shows: a row gone from the view, or its picker open. */
const TRIAGE_SHOWS: Record<TriageKey, { what: string; dialog?: string }> = {
  e: { what: 'close: the row leaves the view' },
  m: { what: 'assign to me: the row leaves Unassigned' },
  a: { what: 'the Assign picker open', dialog: 'Assign' },
  t: { what: 'the Tag picker open', dialog: 'Tag' },
  s: { what: 'the Snooze picker open', dialog: 'Snooze' },
};
export const triageWhat = (key: TriageKey) => TRIAGE_SHOWS[key].what;

/** Queries typed, a key at a time: words people search a support inbox for, and an operator. */
export const SEARCH_QUERIES = ['quarterly review', 'patch migration', 'from:judy release'];
/** Between two keystrokes: a quick typist. */
const TYPING_GAP_MS = 90;
const SHOW_TIMEOUT_MS = 30_000;
/** Wheel events sent before the first is handled. */
const WHEELS_IN_FLIGHT = 4;
/** One wheel event's distance down, in px (some ten rows); back up twice as fast. */
const WHEEL_PX = 700;

export interface Runs {
  /** Fresh loads of the app measured for the first render. */
  loads: number;
  /** Conversations opened; each triage key pressed this many times. */
  runs: number;
  /** How many times each query is typed. */
  searches: number;
  /** How long each way of scrolling goes on. */
  scrollMs: number;
}

const probe = <T>(page: Page, call: string) => page.evaluate<T>(`window.__uiBench.${call}`);
const arg = (value: unknown) => JSON.stringify(value);

const notShown = (error: unknown) => /not shown within/.test(String(error));

/**
 * Presses `key` and says how long from its keydown until the change `kind`(`value`) painted;
 * null when it did not show within SHOW_TIMEOUT_MS.
 */
async function timedKey(
  page: Page,
  key: string,
  kind: string,
  value: unknown,
): Promise<number | null> {
  const armed = await probe<number>(page, `arm(${arg(kind)}, ${arg(value)}, ${SHOW_TIMEOUT_MS})`);
  await page.keyboard.press(key);
  try {
    return (await probe<{ ms: number }>(page, `result(${armed})`)).ms;
  } catch (error) {
    if (notShown(error)) return null;
    throw error;
  }
}

/** Presses a key that is not measured and waits until its state shows (false: it did not). */
async function untimedKey(page: Page, key: string, kind: string, value?: unknown) {
  return (await timedKey(page, key, kind, value)) !== null;
}

async function selectedRow(page: Page): Promise<{ id: string; subject: string }> {
  const selected = await probe<{ id: string; subject: string } | null>(page, 'selected()');
  if (!selected) throw new Error('no row is selected in the list');
  return selected;
}

const listbox = (page: Page) => page.getByRole('listbox', { name: 'Conversations' });

/** Loads the app in a fresh page and says when its first rows were painted (navigation = 0). */
async function load(context: BrowserContext, url: string): Promise<{ page: Page; ms: number }> {
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  await page.goto(url);
  // The launch URL's landing page moves on to the app by itself (src/host/key-landing.ts).
  await page.waitForURL((at) => !at.searchParams.has('key'));
  const first = await probe<{ at?: number; error?: string }>(page, 'firstRender()');
  if (first.at === undefined) throw new Error(`the inbox never showed: ${first.error}`);
  return { page, ms: first.at };
}

async function measureOpen(page: Page, runs: number, into: Samples): Promise<void> {
  await listbox(page).focus();
  for (let run = 0; run < runs; run += 1) {
    await page.keyboard.press('j');
    const { subject } = await selectedRow(page);
    const ms = await timedKey(page, 'Enter', 'conversation', subject);
    // By place: the first opens of a page draw the conversation screen for the first time.
    (into.labels ??= []).push(`#${run + 1}`);
    if (!recorded(into, ms, `open "${subject}"`)) return;
    // Back to the list (untimed), so the next Enter opens from the list again.
    if (!(await untimedKey(page, 'u', 'noConversation')))
      into.notes.push(`"${subject}" still open ${SHOW_TIMEOUT_MS / 1000} s after u`);
  }
}

async function measureTriage(page: Page, runs: number, into: UiMeasures['triage']) {
  await listbox(page).focus();
  for (let run = 0; run < runs; run += 1)
    for (const key of TRIAGE_KEYS) {
      const { id } = await selectedRow(page);
      const { dialog } = TRIAGE_SHOWS[key];
      const ms = await timedKey(page, key, dialog ? 'dialog' : 'rowGone', dialog ?? id);
      if (!recorded(into[key], ms, `triage ${key}`)) return;
      if (dialog) {
        await untimedKey(page, 'Escape', 'noDialog');
        await listbox(page).focus();
      }
    }
}

interface SearchState {
  value: string;
  resultsFor: string | null;
  hits: number;
}

const normalized = (query: string) => query.trim().replace(/\s+/g, ' ');

/**
 * Types each query a key at a time into the searchbox "Search" and times each keystroke: from
 * its keydown to the first painted frame whose results answer what was typed by then (or a
 * later prefix: a query typed past is never asked, its answer is the later one's).
 */
async function measureSearch(page: Page, times: number, into: Samples): Promise<void> {
  for (let time = 0; time < times; time += 1)
    for (const query of SEARCH_QUERIES) {
      await listbox(page).focus();
      // Typed into the list instead, the query's letters would be triage keys.
      if (!(await untimedKey(page, '/', 'searchbox'))) throw new Error('search did not open');
      const keysBefore = await probe<number>(page, 'searchStart()');
      for (const character of query) {
        await page.keyboard.press(character === ' ' ? 'Space' : character);
        await sleep(TYPING_GAP_MS);
      }
      const deadline = performance.now() + SHOW_TIMEOUT_MS;
      for (;;) {
        const shown = await probe<SearchState | null>(page, 'searchState()');
        if (shown?.resultsFor != null && normalized(shown.resultsFor) === query) break;
        if (performance.now() > deadline) {
          into.notes.push(`"${query}": its results never showed`);
          break;
        }
        await sleep(50);
      }
      await sleep(200);
      const { keys, samples } = await probe<{
        keys: Array<{ key: string; at: number }>;
        samples: Array<SearchState & { at: number }>;
      }>(page, `searchEnd(${keysBefore})`);
      pushKeystrokes(query, keys, samples, into);
      await untimedKey(page, 'Escape', 'noDialog');
    }
}

/** Runs one interaction's measurement; an error ends that one only, said in its notes. */
async function phase(into: Samples, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    into.notes.push(
      `stopped by an error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
}

/** Each keystroke's time to the first paint showing its answer (see measureSearch). */
function pushKeystrokes(
  query: string,
  keys: Array<{ key: string; at: number }>,
  samples: Array<SearchState & { at: number }>,
  into: Samples,
): void {
  if (keys.length !== query.length) {
    into.notes.push(`"${query}": ${keys.length} keydowns for ${query.length} characters`);
    return;
  }
  for (const [index, key] of keys.entries()) {
    // What counts as answered: the results of this prefix or of a longer one.
    const answers = new Set(
      Array.from({ length: query.length - index }, (_, i) =>
        normalized(query.slice(0, index + 1 + i)),
      ),
    );
    const typed = query.slice(0, index + 1);
    const shown = samples.find(
      (sample) =>
        sample.at >= key.at &&
        sample.value.startsWith(typed) &&
        sample.resultsFor !== null &&
        answers.has(normalized(sample.resultsFor)),
    );
    if (shown) {
      into.ms.push(shown.at - key.at);
      (into.labels ??= []).push(typed);
    } else into.notes.push(`"${typed}": no painted answer`);
  }
}

/** Many wheel events over the list, as fast as the driver sends them, for `ms`. */
async function wheelScroll(page: Page, ms: number): Promise<FrameSamples> {
  const box = await listbox(page).boundingBox();
  if (!box) throw new Error('the list is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await probe(page, 'framesStart()');
  const end = performance.now() + ms;
  let moves = 0;
  // Down for most of the time, then back up: a flick through thousands of rows. A few events in
  // flight at once: the driver waits for each to be handled, and a hand does not.
  const flick = async () => {
    while (performance.now() < end) {
      const down = performance.now() < end - ms / 4;
      await page.mouse.wheel(0, down ? WHEEL_PX : -2 * WHEEL_PX);
      moves += 1;
    }
  };
  await Promise.all(Array.from({ length: WHEELS_IN_FLIGHT }, flick));
  await sleep(300);
  const frames = await probe<Omit<FrameSamples, 'moves'>>(page, 'framesEnd()');
  return { ...frames, moves };
}

/** scrollTop set to anywhere in the list every frame for `ms` (dragging the scrollbar fast). */
async function jumpScroll(page: Page, ms: number): Promise<FrameSamples> {
  await probe(page, 'framesStart()');
  const moves = await probe<number>(page, `jumpScroll(${ms})`);
  await sleep(300);
  const frames = await probe<Omit<FrameSamples, 'moves'>>(page, 'framesEnd()');
  return { ...frames, moves };
}

/** Every interaction on the app served at `url` (the launch URL with its key). */
export async function measureApp(browser: Browser, url: string, runs: Runs): Promise<UiMeasures> {
  const context = await newDesktopContext(browser);
  try {
    await context.addInitScript(PAGE_PROBE);
    const cold = await load(context, url);
    const appUrl = new URL('/', url).href;
    await cold.page.close();
    const firstRender = samples();
    for (let i = 0; i < runs.loads; i += 1) {
      const loaded = await load(context, appUrl);
      firstRender.ms.push(loaded.ms);
      await loaded.page.close();
    }
    const { page } = await load(context, appUrl);
    // The first screen's own work (the sidebar's counts, presence) settles before timing keys.
    await sleep(1000);
    const open = samples();
    await phase(open, () => measureOpen(page, runs.runs, open));
    const search = samples();
    await phase(search, () => measureSearch(page, runs.searches, search));
    const triage = Object.fromEntries(TRIAGE_KEYS.map((key) => [key, samples()])) as Record<
      TriageKey,
      Samples
    >;
    await phase(triage.e, () => measureTriage(page, runs.runs, triage));
    const height = await probe<{ setSize: number } | null>(page, 'listHeight()');
    const wheel = await wheelScroll(page, runs.scrollMs);
    const jumps = await jumpScroll(page, runs.scrollMs);
    return {
      coldFirstRender: cold.ms,
      firstRender,
      open,
      search,
      triage,
      wheel,
      jumps,
      listRows: height?.setSize ?? 0,
    };
  } finally {
    await context.close();
  }
}
