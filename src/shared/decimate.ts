// Per-pixel min/max decimation (M4) of series that share one x column: for each pixel column, the first and last
// bucket and, for every series, the bucket of its minimum and of its maximum. A line drawn through them covers the
// same pixels as one through every bucket, so peaks keep their true values; the table and exports never see this.
// Pure; used by the report chart (webview/report/chart.ts) on every full draw and zoom.

/**
 * Indices (ascending, unique) of the buckets to draw for x[from..to] (inclusive) across `columns` pixel columns.
 * Answers every index when there are no more than 4 per column.
 */
export function m4Indices(x: ArrayLike<number>, ys: readonly ArrayLike<number>[], from: number, to: number, columns: number): Uint32Array {
  const count = to - from + 1;
  if (count <= 0) return new Uint32Array(0);
  const cols = Math.max(1, Math.floor(columns));
  if (count <= cols * 4) {
    const all = new Uint32Array(count);
    for (let i = 0; i < count; i++) all[i] = from + i;
    return all;
  }
  const ns = ys.length;
  const out = new Uint32Array(Math.min(count, cols * (2 + 2 * ns) + 2));
  let o = 0;
  const x0 = x[from];
  const span = x[to] - x0 || 1;
  const minI = new Int32Array(ns);
  const maxI = new Int32Array(ns);
  const picked: number[] = [];
  let col = -1;
  let first = from;
  let last = from;
  const flush = (): void => {
    picked.length = 0;
    picked.push(first, last);
    for (let s = 0; s < ns; s++) picked.push(minI[s], maxI[s]);
    picked.sort((a, b) => a - b);
    let prev = -1;
    for (const p of picked) {
      if (p !== prev) out[o++] = p;
      prev = p;
    }
  };
  for (let i = from; i <= to; i++) {
    let c = Math.floor(((x[i] - x0) / span) * cols);
    if (c >= cols) c = cols - 1;
    if (c !== col) {
      if (col >= 0) flush();
      col = c;
      first = i;
      for (let s = 0; s < ns; s++) {
        minI[s] = i;
        maxI[s] = i;
      }
    } else {
      for (let s = 0; s < ns; s++) {
        const y = ys[s];
        const v = y[i];
        if (v < y[minI[s]]) minI[s] = i;
        if (v > y[maxI[s]]) maxI[s] = i;
      }
    }
    last = i;
  }
  flush();
  return out.subarray(0, o);
}

type Numbers = Float64Array | Int32Array;

/** The values of `col` at `idx`, in an array of the same type. */
export function pick<T extends Numbers>(col: T, idx: Uint32Array): T {
  const out = new (col.constructor as new (n: number) => T)(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = col[idx[i]];
  return out;
}
