// The `utcTimes` body fault: the same report data with every time written in UTC, as an API that does not write the
// report zone's offsets would send it (the host tests of the exports use it to show they write the zone's offsets).
import { strict as assert } from 'assert';
import type { Sandbox } from '../../sandbox/index';
import { accessToken, api, DEMO, post, start } from './helpers';

describe('sandbox: the utcTimes body fault', () => {
  let sb: Sandbox;
  let t: string;
  before(async () => {
    sb = await start({ bigSiteMonitors: 0 });
    t = await accessToken(sb, DEMO);
  });
  after(async () => {
    await fetch(`${sb.url}/__sandbox/faults`, { method: 'DELETE' });
    await sb.close();
  });

  it('writes the same instants in UTC, across the October DST change in London', async () => {
    const sites = (await api(sb, t, '/v1/sites')).body.data as { id: string; timezone: string }[];
    const london = sites.find((s) => s.timezone === 'Europe/London')!;
    const monitors = (await api(sb, t, `/v1/monitors?type=people_count&site_id=${london.id}`)).body.data as { id: string }[];
    const path = `/v1/monitors/${monitors[0].id}/data?start=${encodeURIComponent('2026-10-24T00:00:00+01:00')}&end=${encodeURIComponent(
      '2026-10-27T00:00:00Z',
    )}&interval=1h&timezone=Europe%2FLondon`;
    const zoned = (await api(sb, t, path)).body;
    assert.equal(zoned.buckets.length, 24 + 25 + 24, 'the 25-hour day has 25 hourly buckets');
    assert.equal(zoned.buckets[0].start, '2026-10-24T00:00:00+01:00');
    assert.equal(zoned.buckets[72].start, '2026-10-26T23:00:00+00:00');
    const r = await post(`${sb.url}/__sandbox/faults`, JSON.stringify({ route: 'GET /v1/monitors/', body: 'utcTimes', times: 1 }));
    assert.equal(r.status, 200, r.text);
    const utc = (await api(sb, t, path)).body;
    assert.equal(utc.start, '2026-10-23T23:00:00Z');
    assert.equal(utc.end, '2026-10-27T00:00:00Z');
    assert.equal(utc.buckets[0].start, '2026-10-23T23:00:00Z');
    assert.equal(utc.buckets.length, zoned.buckets.length);
    zoned.buckets.forEach((b: { start: string; counts: unknown }, i: number) => {
      assert.equal(Date.parse(utc.buckets[i].start), Date.parse(b.start), `bucket ${i}: the same instant`);
      assert.match(utc.buckets[i].start, /Z$/);
      assert.deepEqual(utc.buckets[i].counts, b.counts);
    });
    assert.deepEqual(utc.totals, zoned.totals);
  });
});
