import * as assert from 'assert';
import { minMaxEnvelope } from '../../src/shared/decimate';

function rnd(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
}

describe('decimate: per-pixel min/max envelope of each series', () => {
  const n = 35_040;
  const r = rnd(7);
  const x = Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 900_000);
  const ys = [0, 1, 2].map(() => Int32Array.from({ length: n }, () => Math.floor(r() * 1000)));
  ys[1][12_345] = 99_999; // one spike
  ys[2][20_000] = -5;

  /** Independently: the column of each bucket, and each column's buckets. */
  function columnsOf(from: number, to: number, cols: number): number[][] {
    const span = x[to] - x[from];
    const out: number[][] = [];
    for (let i = from; i <= to; i++) {
      const c = Math.min(cols - 1, Math.floor(((x[i] - x[from]) / span) * cols));
      (out[c] ??= []).push(i);
    }
    return out.filter(Boolean);
  }

  it('keeps every series’ maximum and minimum, and starts and ends at the range’s first and last bucket', () => {
    const env = minMaxEnvelope(x, ys, 0, n - 1, 800)!;
    assert.strictEqual(env.x.length, 1600);
    assert.strictEqual(env.x[0], x[0]);
    assert.strictEqual(env.x[env.x.length - 1], x[n - 1]);
    for (let i = 1; i < env.x.length; i++) assert.ok(env.x[i] >= env.x[i - 1], 'x never goes back');
    env.ys.forEach((d, s) => {
      assert.strictEqual(d.length, env.x.length);
      assert.strictEqual(Math.max(...(d as Float64Array)), Math.max(...ys[s]));
      assert.strictEqual(Math.min(...(d as Float64Array)), Math.min(...ys[s]));
    });
    assert.strictEqual(Math.max(...(env.ys[1] as Float64Array)), 99_999);
    assert.strictEqual(Math.min(...(env.ys[2] as Float64Array)), -5);
  });

  it('holds, per pixel column and series, the min and max at the column’s buckets, joined to the column before by the shorter stroke', () => {
    const cols = 300;
    const env = minMaxEnvelope(x, ys, 100, n - 101, cols)!;
    const columns = columnsOf(100, n - 101, cols);
    assert.strictEqual(env.x.length, 2 * columns.length);
    for (let s = 0; s < ys.length; s++) {
      let prev = NaN;
      let joins = 0;
      columns.forEach((idx, k) => {
        if (s === 0) {
          assert.deepStrictEqual([env.buckets[2 * k], env.buckets[2 * k + 1]], [idx[0], idx[idx.length - 1]]);
          assert.deepStrictEqual([env.x[2 * k], env.x[2 * k + 1]], [x[idx[0]], x[idx[idx.length - 1]]]);
        }
        const vals = idx.map((i) => ys[s][i]);
        const lo = Math.min(...vals);
        const hi = Math.max(...vals);
        // The first column: in the order they happened; then the one nearer the last value drawn comes first.
        const loFirst = Number.isNaN(prev) ? vals.indexOf(lo) <= vals.indexOf(hi) : Math.abs(prev - lo) <= Math.abs(prev - hi);
        const want = loFirst ? [lo, hi] : [hi, lo];
        assert.deepStrictEqual([env.ys[s][2 * k], env.ys[s][2 * k + 1]], want, `series ${s}, column ${k}`);
        if (!Number.isNaN(prev)) joins += Math.abs(prev - want[0]);
        prev = want[1];
      });
      // The joins are as short as the columns allow: never longer than joining to the farther end would be.
      let longest = 0;
      columns.forEach((idx, k) => {
        if (k === 0) return;
        const vals = idx.map((i) => ys[s][i]);
        const before = env.ys[s][2 * k - 1] as number;
        longest += Math.max(Math.abs(before - Math.min(...vals)), Math.abs(before - Math.max(...vals)));
      });
      assert.ok(joins < longest, `series ${s}: joins ${joins} against ${longest}`);
    }
  });

  it('shows a gap only where a whole column has no value (null or NaN), and keeps the values around it', () => {
    const withGaps: (number | null)[] = Array.from(ys[0]);
    for (let i = 0; i < 200; i++) withGaps[i] = null; // the first columns: nothing
    withGaps[5_000] = null; // one bucket inside a column: the column keeps its other values
    const nan = Float64Array.from(ys[1]);
    nan.fill(NaN, n - 300);
    const env = minMaxEnvelope(x, [withGaps, nan, ys[2]], 0, n - 1, 400)!;
    const [g, f, plain] = env.ys;
    assert.ok(Array.isArray(g) && Array.isArray(f), 'columns with gaps are arrays with nulls');
    assert.ok(plain instanceof Float64Array, 'a column without gaps stays typed');
    assert.strictEqual(g[0], null);
    assert.strictEqual(g[1], null);
    assert.strictEqual(f[f.length - 1], null);
    for (const col of [g, f]) for (const v of col) assert.ok(v === null || Number.isFinite(v), 'no NaN reaches the chart');
    const k = env.buckets.findIndex((b, i) => i % 2 === 0 && b <= 5_000 && env.buckets[i + 1] >= 5_000);
    assert.ok(g[k] !== null && g[k + 1] !== null);
  });

  it('answers null (draw every bucket) when there are no more than 2 buckets per column', () => {
    assert.strictEqual(minMaxEnvelope(x, ys, 10, 209, 100), null);
    assert.ok(minMaxEnvelope(x, ys, 10, 210, 100));
  });
});
