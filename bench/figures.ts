// Figures of `npm run bench`: what one measured value is, how its goal is checked, and the table / JSON output.
// Timings are medians of several runs after a warm-up and are shown next to a baseline measured in the same run,
// because absolute times drift on a shared machine; the ratio is value / baseline.

export interface Goal {
  /** The value must be at most this (in the figure's unit). */
  max?: number;
  /** value / baseline must be at most this. */
  ratioMax?: number;
  /** The value must be exactly this. */
  exact?: number;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Human-readable goal, e.g. "≤ 30 ms and ≤ 1.5 × baseline". */
  goal: string;
  goalSpec: Goal;
  pass: boolean;
  /** The in-run baseline, in the same unit. */
  baseline?: number;
  baselineName?: string;
  /** Median of the per-run value/baseline ratios when samples are paired, else value / baseline. */
  ratio?: number;
  /** How many measured runs the median is over (warm-up not counted). */
  runs?: number;
  /** Every measured sample (same unit), for the JSON. */
  samples?: number[];
  baselineSamples?: number[];
  /** Anything the reader needs to interpret the figure (what is counted, why it missed). */
  note?: string;
  /** Set when the measurement itself failed: value is NaN and pass false. */
  error?: string;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function goalText(g: Goal, unit: string): string {
  const parts: string[] = [];
  if (g.exact !== undefined) parts.push(`exactly ${fmt(g.exact, unit)}`);
  if (g.max !== undefined) parts.push(`≤ ${fmt(g.max, unit)}`);
  if (g.ratioMax !== undefined) parts.push(`ratio ≤ ${g.ratioMax}`);
  return parts.join(' and ');
}

/** Builds a figure and checks its goal. */
export function figure(f: {
  name: string;
  value: number;
  unit: string;
  goal: Goal;
  baseline?: number;
  baselineName?: string;
  samples?: number[];
  baselineSamples?: number[];
  note?: string;
}): Figure {
  // With paired samples (each value measured next to its own baseline: same host, page or moment) the ratio is the
  // median of the per-pair ratios, which cancels most of the drift that a busy machine puts into both; otherwise
  // value / baseline.
  const paired =
    f.samples && f.baselineSamples && f.samples.length > 0 && f.samples.length === f.baselineSamples.length
      ? median(f.samples.map((v, i) => v / f.baselineSamples![i]))
      : undefined;
  const ratio = paired ?? (f.baseline !== undefined && f.baseline > 0 ? f.value / f.baseline : undefined);
  let pass = Number.isFinite(f.value);
  if (f.goal.exact !== undefined) pass &&= f.value === f.goal.exact;
  if (f.goal.max !== undefined) pass &&= f.value <= f.goal.max;
  if (f.goal.ratioMax !== undefined) pass &&= ratio !== undefined && ratio <= f.goal.ratioMax;
  return {
    name: f.name,
    value: f.value,
    unit: f.unit,
    goal: goalText(f.goal, f.unit),
    goalSpec: f.goal,
    pass,
    baseline: f.baseline,
    baselineName: f.baselineName,
    ratio,
    runs: f.samples?.length,
    samples: f.samples,
    baselineSamples: f.baselineSamples,
    note: f.note,
  };
}

/** A figure whose measurement crashed. */
export function failed(name: string, unit: string, goal: Goal, error: unknown): Figure {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return { name, value: NaN, unit, goal: goalText(goal, unit), goalSpec: goal, pass: false, error: message };
}

/** 1 KB = 1000 bytes, 1 MB = 1,000,000 bytes (the stricter reading of the goals). */
export function fmt(v: number | undefined, unit: string): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  switch (unit) {
    case 'B':
      if (v >= 1_000_000) return `${(v / 1_000_000).toFixed(2)} MB`;
      if (v >= 1000) return `${(v / 1000).toFixed(1)} KB`;
      return `${v} B`;
    case 'ms':
      return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ms`;
    case 'MB':
      return `${v.toFixed(1)} MB`;
    default: {
      const u = v === 1 && unit.endsWith('s') ? unit.slice(0, -1) : unit; // "1 token request"
      return `${Number.isInteger(v) ? v : v.toFixed(2)}${u ? ` ${u}` : ''}`;
    }
  }
}

export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    f.error ? 'CRASHED' : fmt(f.value, f.unit),
    f.goal,
    f.baseline !== undefined ? `${fmt(f.baseline, f.unit)}${f.baselineName ? ` (${f.baselineName})` : ''}` : '',
    f.ratio !== undefined ? `${f.ratio.toFixed(2)}×` : '',
    f.error ? 'error' : f.pass ? 'pass' : 'MISS',
  ]);
  const head = ['figure', 'value', 'goal', 'baseline (same run)', 'ratio', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The same table as Markdown (for the README's Performance section). */
export function markdownTable(figures: readonly Figure[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = ['| figure | value | goal | baseline (same run) | ratio | result |', '|---|---|---|---|---|---|'];
  for (const f of figures) {
    const base = f.baseline !== undefined ? `${fmt(f.baseline, f.unit)}${f.baselineName ? ` (${f.baselineName})` : ''}` : '';
    out.push(
      `| ${esc(f.name)} | ${f.error ? 'crashed' : fmt(f.value, f.unit)} | ${esc(f.goal)} | ${esc(base)} | ${
        f.ratio !== undefined ? `${f.ratio.toFixed(2)}×` : ''
      } | ${f.error ? 'error' : f.pass ? 'pass' : '**miss**'} |`,
    );
  }
  return out.join('\n');
}

/** Runs fn `warmup + runs` times and answers the measured samples (warm-up dropped). */
export async function repeat<T>(runs: number, warmup: number, fn: (i: number) => Promise<T> | T): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const v = await fn(i);
    if (i >= warmup) out.push(v);
  }
  return out;
}

export const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;
