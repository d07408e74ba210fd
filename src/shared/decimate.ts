// Per-pixel min/max decimation of series that share one x column, each series on its own: for each pixel column,
// every series keeps its minimum and its maximum. Two points per column and series is the fewest a line can take
// and still cover the pixels a line through every bucket covers, so the peaks keep their true values and the
// canvas strokes half the vertices M4 (first, min, max, last, shared by all series) would. Of the two, the one
// nearer the previous column's last point comes first: consecutive columns are then joined by the shortest stroke
// (only the gap between their ranges), not by one as tall as the column that covers nothing new, which a
// software canvas pays for pixel by pixel. The table and exports never see this. Pure; used by the report chart
// (webview/report/chart.ts).

/** A y column: counts, or a comparison with gaps (null, or NaN when it arrives as a typed array). */
type YColumn = ArrayLike<number | null>;

export interface Envelope {
  /** Two x values per pixel column: its first and its last bucket's. */
  x: Float64Array;
  /** Per series, two values per column: its min and max, the one nearer the previous column's last value first (the
   * first column's in the order they happened); null where the column has none. */
  ys: (Float64Array | (number | null)[])[];
  /** The bucket each x value is of (for tooltips and clicks, which read every series at that bucket). */
  buckets: Uint32Array;
}

/**
 * The envelope of x[from..to] (inclusive) across `columns` pixel columns, or null when there are no more than
 * 2 buckets per column (every bucket is then drawn as it is).
 */
export function minMaxEnvelope(x: ArrayLike<number>, ys: readonly YColumn[], from: number, to: number, columns: number): Envelope | null {
  const count = to - from + 1;
  const cols = Math.max(1, Math.floor(columns));
  if (count <= cols * 2) return null;
  const x0 = x[from];
  const span = x[to] - x0 || 1;
  // The column of each bucket, once for all series: [start, end) bucket ranges of the columns that hold any.
  const starts: number[] = [];
  let col = -1;
  for (let i = from; i <= to; i++) {
    let c = Math.floor(((x[i] - x0) / span) * cols);
    if (c >= cols) c = cols - 1;
    if (c !== col) {
      starts.push(i);
      col = c;
    }
  }
  const m = starts.length;
  starts.push(to + 1);
  const outX = new Float64Array(2 * m);
  const buckets = new Uint32Array(2 * m);
  for (let k = 0; k < m; k++) {
    const first = starts[k];
    const last = starts[k + 1] - 1;
    buckets[2 * k] = first;
    buckets[2 * k + 1] = last;
    outX[2 * k] = x[first];
    outX[2 * k + 1] = x[last];
  }
  return { x: outX, ys: ys.map((y) => envelopeOf(y, starts, m)), buckets };
}

function envelopeOf(y: YColumn, starts: readonly number[], m: number): Float64Array | (number | null)[] {
  const out = new Float64Array(2 * m);
  let gaps = false;
  let prev = NaN; // the last value of the columns before (NaN: none yet)
  for (let k = 0; k < m; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    let loAt = -1;
    let hiAt = -1;
    for (let i = starts[k], end = starts[k + 1]; i < end; i++) {
      const v = y[i];
      if (v === null || v !== v) continue; // a gap
      if (v < lo) {
        lo = v;
        loAt = i;
      }
      if (v > hi) {
        hi = v;
        hiAt = i;
      }
    }
    if (loAt < 0) {
      out[2 * k] = out[2 * k + 1] = NaN;
      gaps = true;
    } else if (prev === prev ? Math.abs(prev - lo) <= Math.abs(prev - hi) : loAt <= hiAt) {
      out[2 * k] = lo;
      out[2 * k + 1] = hi;
      prev = hi;
    } else {
      out[2 * k] = hi;
      out[2 * k + 1] = lo;
      prev = lo;
    }
  }
  // uPlot draws a gap at null (NaN would be a point): only columns with no value at all are gaps at this scale.
  return gaps ? Array.from(out, (v) => (v === v ? v : null)) : out;
}
