import { strict as assert } from 'assert';
import type { Sandbox } from '../../sandbox/index';
import { accessToken, api, BOROUGH, OPS, post, start } from './helpers';

const SLOT = 15 * 60_000;

describe('sandbox: live occupancy monitor and clock', () => {
  let sb: Sandbox;
  let ops: string;
  let live: { id: string; capacity: number | null };
  const base = Math.floor(Date.parse('2026-06-10T12:07:00Z') / SLOT) * SLOT; // 12:00Z

  before(async () => {
    sb = await start({ bigSiteMonitors: 0 });
    ops = await accessToken(sb, OPS, BOROUGH);
    live = sb.info.liveMonitors[0];
  });
  after(() => sb.close());
  afterEach(() => post(`${sb.url}/__sandbox/live`, JSON.stringify({ now: null, values: { [live.id]: null } })));

  const data = (start: string, end: string) =>
    api(sb, ops, `/v1/monitors/${live.id}/data?interval=15m&timezone=UTC&start=${start}&end=${end}`);

  it('lists one live occupancy monitor in Borough Market with its capacity', async () => {
    assert.equal(sb.info.liveMonitors.length, 1);
    const m = (await api(sb, ops, `/v1/monitors/${live.id}`)).body;
    assert.equal(m.type, 'occupancy');
    assert.equal(m.capacity, 414);
    assert.equal(live.capacity, 414);
  });

  it('answers buckets up to the sandbox’s now only, and more as now moves (range and totals as asked)', async () => {
    const r0 = await post(`${sb.url}/__sandbox/live`, JSON.stringify({ now: base + 60_000 }));
    assert.equal(r0.status, 200, r0.text);
    assert.equal(r0.body.fixed, true);
    const a = await data('2026-06-10T00:00:00Z', '2026-06-11T00:00:00Z');
    assert.equal(a.status, 200, a.text);
    assert.equal(a.body.buckets.length, 49, '00:00 … 12:00 inclusive');
    assert.equal(a.body.end, '2026-06-11T00:00:00+00:00');
    const sum = a.body.buckets.reduce((s: number, b: { counts: { in: number } }) => s + b.counts.in, 0);
    assert.equal(a.body.totals.in, sum);
    await post(`${sb.url}/__sandbox/live`, JSON.stringify({ advanceMinutes: 15 }));
    const b = await data('2026-06-10T00:00:00Z', '2026-06-11T00:00:00Z');
    assert.equal(b.body.buckets.length, 50);
    assert.deepEqual(b.body.buckets.slice(0, 49), a.body.buckets, 'earlier buckets do not change');
  });

  it('shows the occupancy set through the admin route in the bucket holding now', async () => {
    await post(`${sb.url}/__sandbox/live`, JSON.stringify({ now: base + 60_000, values: { [live.id]: 400 } }));
    const a = await data('2026-06-10T11:00:00Z', '2026-06-10T13:00:00Z');
    const last = a.body.buckets[a.body.buckets.length - 1];
    assert.equal(last.start, '2026-06-10T12:00:00+00:00');
    assert.equal(last.occupancy.end, 400);
    assert.ok(last.occupancy.max >= 400);
    await post(`${sb.url}/__sandbox/live`, JSON.stringify({ values: { [live.id]: 12 } }));
    const b = await data('2026-06-10T11:00:00Z', '2026-06-10T13:00:00Z');
    assert.equal(b.body.buckets[b.body.buckets.length - 1].occupancy.end, 12);
  });

  it('refuses a malformed live update', async () => {
    const r = await post(`${sb.url}/__sandbox/live`, JSON.stringify({ values: { x: -1 } }));
    assert.equal(r.status, 400);
    const r2 = await post(`${sb.url}/__sandbox/live`, JSON.stringify({ now: 'soon' }));
    assert.equal(r2.status, 400);
  });
});
