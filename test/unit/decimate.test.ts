import * as assert from 'assert';
import { m4Indices, pick } from '../../src/shared/decimate';

function rnd(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
}

describe('decimate: per-pixel min/max (M4)', () => {
  const n = 35_040;
  const r = rnd(7);
  const x = Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 900_000);
  const ys = [0, 1, 2].map(() => Int32Array.from({ length: n }, () => Math.floor(r() * 1000)));
  ys[1][12_345] = 99_999; // one spike
  ys[2][20_000] = -5;

  it('keeps every series’ maximum and minimum, and the first and last bucket', () => {
    const idx = m4Indices(x, ys, 0, n - 1, 800);
    assert.ok(idx.length < n / 4, `decimated: ${idx.length}`);
    assert.strictEqual(idx[0], 0);
    assert.strictEqual(idx[idx.length - 1], n - 1);
    for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1], 'ascending, unique');
    for (const y of ys) {
      const d = pick(y, idx);
      assert.strictEqual(Math.max(...d), Math.max(...y));
      assert.strictEqual(Math.min(...d), Math.min(...y));
    }
    assert.ok(idx.includes(12_345) && idx.includes(20_000));
  });

  it('keeps the min and max of every pixel column', () => {
    const cols = 300;
    const idx = m4Indices(x, ys, 100, n - 101, cols);
    const span = x[n - 101] - x[100];
    const colOf = (i: number) => Math.min(cols - 1, Math.floor(((x[i] - x[100]) / span) * cols));
    for (let s = 0; s < ys.length; s++) {
      const full = new Map<number, [number, number]>();
      for (let i = 100; i <= n - 101; i++) {
        const c = colOf(i);
        const m = full.get(c) ?? [Infinity, -Infinity];
        full.set(c, [Math.min(m[0], ys[s][i]), Math.max(m[1], ys[s][i])]);
      }
      const kept = new Map<number, [number, number]>();
      for (const i of idx) {
        const c = colOf(i);
        const m = kept.get(c) ?? [Infinity, -Infinity];
        kept.set(c, [Math.min(m[0], ys[s][i]), Math.max(m[1], ys[s][i])]);
      }
      assert.deepStrictEqual(kept, full, `series ${s}`);
    }
  });

  it('answers every index when there are few per pixel, and keeps the array type', () => {
    assert.deepStrictEqual([...m4Indices(x, ys, 10, 19, 100)], [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    assert.ok(pick(x, Uint32Array.from([1])) instanceof Float64Array);
    assert.ok(pick(ys[0], Uint32Array.from([1])) instanceof Int32Array);
  });
});
