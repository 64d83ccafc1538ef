/**
 * bench:ui's printout: one table of every interaction on both data directories (median, p95,
 * max, and the p95's ratio to the baseline's), then each of the issue's targets with the figure
 * it is judged on and PASS or MISS.
 */
import { summarize } from './interleaved-timing.js';
import {
  TRIAGE_KEYS,
  triageWhat,
  type FrameSamples,
  type Samples,
  type UiMeasures,
} from './ui-scenarios.js';

export interface Measured {
  label: string;
  measures: UiMeasures;
  /** How busy both cores were (all processes, this benchmark's included) while it ran, %. */
  coresBusy: number;
}

/** The issue's targets (section 6), in ms. */
export const TARGETS = {
  firstRender: 1000,
  open: 50,
  search: 50,
  triage: 50,
  frame: 50,
} as const;

interface Figures {
  n: number;
  median: number;
  p95: number;
  max: number;
}

const figuresOf = (values: readonly number[]): Figures => {
  if (values.length === 0) return { n: 0, median: NaN, p95: NaN, max: NaN };
  const { median, p95, samples } = summarize(values);
  return { n: values.length, median, p95, max: samples.at(-1)! };
};
const framesOf = (frames: FrameSamples) => figuresOf(frames.deltas);

const ms = (value: number) =>
  Number.isNaN(value) ? 'n/a' : `${value.toFixed(value < 100 ? 1 : 0)} ms`;

/** The rows of the table: a name and how to read its samples from one run. */
const ROWS: Array<[string, (m: UiMeasures) => Figures]> = [
  ['first render (load → rows painted)', (m) => figuresOf(m.firstRender.ms)],
  ['open (Enter → conversation painted)', (m) => figuresOf(m.open.ms)],
  ['search (keystroke → results painted)', (m) => figuresOf(m.search.ms)],
  ...TRIAGE_KEYS.map((key): [string, (m: UiMeasures) => Figures] => [
    `triage ${key} (${triageWhat(key)})`,
    (m) => figuresOf(m.triage[key].ms),
  ]),
  ['scroll, wheel: frame time', (m) => framesOf(m.wheel)],
  ['scroll, scrollTop jumps: frame time', (m) => framesOf(m.jumps)],
];

function cells(figures: Figures | undefined): string {
  if (!figures) return ''.padStart(34);
  return `${String(figures.n).padStart(5)} ${ms(figures.median).padStart(9)} ${ms(figures.p95).padStart(9)} ${ms(figures.max).padStart(9)}`;
}

/** Prints the table and the verdicts; returns whether every target was met. */
export function report(
  measured: Measured,
  baseline: Measured | undefined,
  log: (line?: string) => void,
): boolean {
  const header = `${'n'.padStart(5)} ${'median'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}`;
  log(
    `${''.padEnd(58)}${(baseline?.label ?? '').padEnd(35)}${measured.label.padEnd(35)}${baseline ? 'p95 ratio' : ''}`,
  );
  log(`${'interaction'.padEnd(58)}${baseline ? `${header} ` : ''}${header}`);
  for (const [name, read] of ROWS) {
    const now = read(measured.measures);
    const before = baseline ? read(baseline.measures) : undefined;
    const ratio = before ? `${(now.p95 / before.p95).toFixed(2)}×`.padStart(10) : '';
    log(`${name.padEnd(58)}${baseline ? `${cells(before)} ` : ''}${cells(now)}${ratio}`);
  }
  for (const run of [baseline, measured]) {
    if (!run) continue;
    const m = run.measures;
    log(
      `${run.label}: first launch with cold caches (through the key's landing page) ${ms(m.coldFirstRender)}; ` +
        `the list holds ${m.listRows} rows; wheel events ${m.wheel.moves}, scrollTop jumps ${m.jumps.moves}; ` +
        `frames showing placeholders ${m.wheel.placeholderFrames}/${m.wheel.deltas.length + 1} (wheel), ${m.jumps.placeholderFrames}/${m.jumps.deltas.length + 1} (jumps); ` +
        `long tasks while scrolling ${m.wheel.longTasks.length + m.jumps.longTasks.length} ` +
        `(longest ${ms(Math.max(0, ...m.wheel.longTasks, ...m.jumps.longTasks))}); cores busy ${run.coresBusy.toFixed(0)}% (all processes)`,
    );
    const notes = [m.firstRender, m.open, m.search, ...Object.values(m.triage)].flatMap(
      (samples: Samples) => samples.notes,
    );
    for (const note of notes) log(`  note: ${note}`);
    log(`  slowest opens (by place in the run): ${slowest(m.open, 5)}`);
    log(`  slowest search keystrokes: ${slowest(m.search)}`);
  }
  log();
  return verdicts(measured.measures, log);
}

/** The slowest samples, slowest first, by what they timed: where a p95 comes from. */
function slowest(samples: Samples, count = 8): string {
  return samples.ms
    .map((value, index) => ({ value, label: samples.labels?.[index] ?? '' }))
    .sort((a, b) => b.value - a.value)
    .slice(0, count)
    .map(({ value, label }) => `${JSON.stringify(label)} ${ms(value)}`)
    .join(', ');
}

function verdicts(m: UiMeasures, log: (line?: string) => void): boolean {
  const triage = figuresOf(TRIAGE_KEYS.flatMap((key) => m.triage[key].ms));
  const worstKey = TRIAGE_KEYS.map((key) => [key, figuresOf(m.triage[key].ms).p95] as const).sort(
    (a, b) => b[1] - a[1],
  )[0]!;
  const frame = Math.max(framesOf(m.wheel).max, framesOf(m.jumps).max);
  const over = [...m.wheel.deltas, ...m.jumps.deltas].filter((d) => d > TARGETS.frame).length;
  const lines: Array<[string, number, number, string]> = [
    ['first render, p95', figuresOf(m.firstRender.ms).p95, TARGETS.firstRender, ''],
    ['open, p95', figuresOf(m.open.ms).p95, TARGETS.open, ''],
    ['search, p95 per keystroke', figuresOf(m.search.ms).p95, TARGETS.search, ''],
    [
      'triage, p95 of every key',
      triage.p95,
      TARGETS.triage,
      ` (slowest key: ${worstKey[0]}, p95 ${ms(worstKey[1])})`,
    ],
    ['scroll, longest frame', frame, TARGETS.frame, ` (${over} frames over ${TARGETS.frame} ms)`],
  ];
  let all = true;
  for (const [name, value, target, more] of lines) {
    const pass = value <= target;
    all &&= pass;
    log(
      `${name.padEnd(28)} ${ms(value).padStart(9)}  target ≤ ${ms(target).padEnd(9)} ${pass ? 'PASS' : 'MISS'}${more}`,
    );
  }
  return all;
}
