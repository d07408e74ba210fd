import { strict as assert } from 'assert';
import type { Sandbox } from '../../sandbox/index';
import { buildWorld } from '../../sandbox/data';
import { buildReportData, resolvePreset } from '../../sandbox/series';
import { formatInTz, localMidnight, offsetMinutes, parseInstant, zonedToInstant } from '../../sandbox/time';
import { accessToken, api, DEMO, listAll, start } from './sandboxHelpers';

interface Monitor {
  id: string;
  site_id: string;
  name: string;
  type: string;
  directions: { id: string; name: string }[];
}

type Data = {
  timezone: string;
  interval: string;
  start: string;
  end: string;
  directions: { id: string }[];
  totals: Record<string, number>;
  buckets: { start: string; counts: Record<string, number>; occupancy: { min: number; max: number; end: number } | null }[];
};

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describe('sandbox: generated data', () => {
  let sb: Sandbox;
  let t: string;
  let monitors: Monitor[];
  let sites: { id: string; name: string; timezone: string }[];

  const data = async (m: Monitor, q: string) => api(sb, t, `/v1/monitors/${m.id}/data?${q}`);
  const ok = async (m: Monitor, q: string): Promise<Data> => {
    const r = await data(m, q);
    assert.equal(r.status, 200, r.text);
    return r.body as Data;
  };
  const inZone = (tz: string) => {
    const site = sites.find((s) => s.timezone === tz);
    assert.ok(site, tz);
    return monitors.filter((m) => m.site_id === site.id);
  };

  before(async () => {
    sb = await start({ bigSiteMonitors: 0 });
    t = await accessToken(sb, DEMO);
    monitors = (await listAll(sb, t, '/v1/monitors', 500)).items;
    sites = (await listAll(sb, t, '/v1/sites')).items;
  });
  after(() => sb.close());

  it('15m, 1h and 1d of the same range have the same totals, and totals are bucket sums', async () => {
    for (const tz of ['Europe/London', 'Asia/Tokyo', 'America/New_York']) {
      for (const m of inZone(tz).slice(0, 3)) {
        const range = 'start=2026-03-23&end=2026-04-06';
        const [q, h, d] = await Promise.all(['15m', '1h', '1d'].map((i) => ok(m, `${range}&interval=${i}`)));
        assert.deepEqual(q.totals, h.totals, `${m.name} 15m vs 1h`);
        assert.deepEqual(h.totals, d.totals, `${m.name} 1h vs 1d`);
        assert.equal(d.buckets.length, 14);
        for (const x of [q, h, d]) {
          for (const dir of m.directions) {
            assert.equal(
              x.buckets.reduce((s, b) => s + b.counts[dir.id], 0),
              x.totals[dir.id],
            );
          }
        }
        assert.ok(
          Object.values(d.totals).some((v) => v > 0),
          'some traffic',
        );
      }
    }
  });

  it('aligns buckets to the requested zone, with offsets, across the spring DST change (23-hour day)', async () => {
    const m = inZone('Europe/London')[0];
    const q = await ok(m, 'start=2026-03-29T00:00:00Z&end=2026-03-30T00:00:00%2B01:00&interval=15m');
    assert.equal(q.buckets.length, 92);
    assert.equal(q.start, '2026-03-29T00:00:00+00:00');
    assert.equal(q.end, '2026-03-30T00:00:00+01:00');
    assert.equal(q.buckets[3].start, '2026-03-29T00:45:00+00:00');
    assert.equal(q.buckets[4].start, '2026-03-29T02:00:00+01:00');
    const h = await ok(m, 'start=2026-03-29&end=2026-03-30&interval=1h&timezone=Europe/London');
    assert.equal(h.buckets.length, 23);
    assert.deepEqual(
      h.buckets.slice(0, 3).map((b) => b.start),
      ['2026-03-29T00:00:00+00:00', '2026-03-29T02:00:00+01:00', '2026-03-29T03:00:00+01:00'],
    );
    const d = await ok(m, 'start=2026-03-28&end=2026-03-31&interval=1d');
    assert.deepEqual(
      d.buckets.map((b) => b.start),
      ['2026-03-28T00:00:00+00:00', '2026-03-29T00:00:00+00:00', '2026-03-30T00:00:00+01:00'],
    );
  });

  it('handles the autumn DST change (25-hour day) and other zones', async () => {
    const m = inZone('Europe/London')[0];
    const q = await ok(m, 'start=2026-10-25&end=2026-10-26&interval=15m');
    assert.equal(q.buckets.length, 100);
    const h = await ok(m, 'start=2026-10-25&end=2026-10-26&interval=1h');
    assert.equal(h.buckets.length, 25);
    assert.deepEqual(
      h.buckets.slice(1, 3).map((b) => b.start),
      ['2026-10-25T01:00:00+01:00', '2026-10-25T01:00:00+00:00'],
    );
    // A Tokyo monitor seen from New York; a half-hour zone.
    const tokyo = inZone('Asia/Tokyo')[0];
    const ny = await ok(tokyo, 'start=2026-11-01&end=2026-11-03&interval=1d&timezone=America/New_York');
    assert.equal(ny.timezone, 'America/New_York');
    assert.deepEqual(
      ny.buckets.map((b) => b.start),
      ['2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00'],
    );
    const india = await ok(tokyo, 'start=2026-06-01T10:10:00Z&end=2026-06-01T13:00:00Z&interval=1h&timezone=Asia/Kolkata');
    assert.ok(
      india.buckets.every((b) => /T\d{2}:00:00\+05:30$/.test(b.start)),
      'local hours',
    );
    assert.equal(india.start, '2026-06-01T15:00:00+05:30');
    for (const b of [...q.buckets, ...ny.buckets, ...india.buckets]) assert.match(b.start, ISO_WITH_OFFSET);
  });

  it('occupancy: directions in/out only, never below zero, min ≤ end ≤ max, reset every local day', async () => {
    const occ = monitors.filter((m) => m.type === 'occupancy').slice(0, 4);
    assert.ok(occ.length >= 2);
    for (const m of occ) {
      const d = await ok(m, 'start=2026-06-01&end=2026-06-15&interval=15m');
      assert.deepEqual(
        d.directions.map((x) => x.id),
        ['in', 'out'],
      );
      let inside = 0;
      let day = '';
      for (const b of d.buckets) {
        assert.deepEqual(Object.keys(b.counts).sort(), ['in', 'out']);
        assert.ok(b.occupancy);
        const o = b.occupancy;
        assert.ok(o.min >= 0 && o.min <= o.end && o.end <= o.max, JSON.stringify(b));
        if (b.start.slice(0, 10) !== day) {
          day = b.start.slice(0, 10);
          inside = 0;
        }
        inside += b.counts.in - b.counts.out;
        assert.equal(o.end, inside, `running in−out at ${b.start}`);
        assert.ok(inside >= 0);
      }
      const daily = await ok(m, 'start=2026-06-01&end=2026-06-15&interval=1d');
      assert.ok(
        daily.buckets.every((b) => b.occupancy && b.occupancy.end === 0 && b.occupancy.min === 0),
        'empty at the end of each day',
      );
      assert.ok(daily.buckets.some((b) => (b.occupancy?.max ?? 0) > 0));
    }
    const pc = monitors.find((m) => m.type === 'people_count');
    assert.ok(pc);
    assert.ok((await ok(pc, 'start=2026-06-01&end=2026-06-02&interval=1h')).buckets.every((b) => b.occupancy === null));
  });

  it('the same seed gives the same ids and data; another seed differs', async () => {
    const again = await start({ bigSiteMonitors: 0 });
    const other = await start({ bigSiteMonitors: 0, seed: 2 });
    try {
      const t2 = await accessToken(again, DEMO);
      const m = monitors[0];
      const q = `start=2026-02-01&end=2026-02-03&interval=15m`;
      const a = await ok(m, q);
      const b = (await api(again, t2, `/v1/monitors/${m.id}/data?${q}`)).body;
      assert.deepEqual(b, a);
      const t3 = await accessToken(other, DEMO);
      const otherMonitors = (await listAll(other, t3, '/v1/monitors', 500)).items as Monitor[];
      assert.notDeepEqual(
        otherMonitors.map((x) => x.id),
        monitors.map((x) => x.id),
      );
      // Sub-ranges give the same values as the full range (counts are per 15-minute slot, not per request).
      const part = await ok(m, 'start=2026-02-01T10:00:00Z&end=2026-02-01T12:00:00Z&interval=15m');
      const offset = a.buckets.findIndex((x) => x.start === part.buckets[0].start);
      assert.deepEqual(part.buckets, a.buckets.slice(offset, offset + part.buckets.length));
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('limits: 422 over 366 days or 35,136 buckets; 400 for bad parameters', async () => {
    const m = monitors[0];
    assert.equal((await data(m, 'start=2025-01-01&end=2026-01-02&interval=1d')).status, 200, '366 days');
    const long = await data(m, 'start=2025-01-01&end=2026-01-03&interval=1d');
    assert.equal(long.status, 422);
    assert.equal(typeof long.body.error.code, 'string');
    const buckets = await data(m, 'start=2025-01-01T00:00:00Z&end=2026-01-02T00:15:00Z&interval=15m&timezone=UTC');
    assert.equal(buckets.status, 422, '> 35,136 buckets');
    assert.equal(buckets.body.error.code, 'too_many_buckets');
    assert.equal((await data(m, 'start=2026-01-02&end=2026-01-01&interval=1h')).status, 422, 'end before start');
    assert.equal((await data(m, 'start=2026-01-01&end=2026-01-02&interval=5m')).status, 400);
    assert.equal((await data(m, 'end=2026-01-02&interval=1h')).status, 400);
    assert.equal((await data(m, 'start=yesterday&end=2026-01-02&interval=1h')).status, 400);
    assert.equal((await data(m, 'start=2026-01-01&end=2026-01-02&interval=1h&timezone=Mars/Olympus')).status, 400);
    assert.equal((await data(m, `start=2026-01-01&end=2026-01-02&interval=1h&directions=nowhere`)).status, 400);
    const one = await ok(m, `start=2026-01-01&end=2026-01-02&interval=1h&directions=${m.directions[1].id}`);
    assert.deepEqual(Object.keys(one.totals), [m.directions[1].id]);
    assert.ok(one.buckets.every((b) => Object.keys(b.counts).join() === m.directions[1].id));
  });

  it('generates a year at 15 minutes (35,040 buckets) well under a second', () => {
    const world = buildWorld({ seed: 7, sites: 2, monitorsPerSite: 10, bigSiteMonitors: 0 });
    for (const type of ['people_count', 'occupancy']) {
      const m = [...world.monitorById.values()].find((x) => x.type === type);
      assert.ok(m);
      const site = world.siteById.get(m.siteId);
      assert.ok(site);
      const started = Date.now();
      const d = buildReportData({
        seed: 7,
        monitor: m,
        site,
        timezone: 'UTC',
        interval: '15m',
        start: Date.UTC(2025, 0, 1),
        end: Date.UTC(2026, 0, 1),
        directions: null,
        reportId: null,
      });
      assert.equal(d.buckets.length, 35_040);
      assert.ok(Date.now() - started < 700, `${type}: ${Date.now() - started} ms`);
    }
  });

  describe('time helpers', () => {
    it('offsets and local midnights', () => {
      assert.equal(offsetMinutes('Europe/London', Date.UTC(2026, 0, 1)), 0);
      assert.equal(offsetMinutes('Europe/London', Date.UTC(2026, 6, 1)), 60);
      assert.equal(offsetMinutes('Asia/Kolkata', Date.UTC(2026, 6, 1)), 330);
      assert.equal(offsetMinutes('America/New_York', Date.UTC(2026, 6, 1)), -240);
      assert.equal(localMidnight('Australia/Sydney', { y: 2026, m: 11, d: 28 }), Date.UTC(2026, 10, 27, 13));
      assert.equal(formatInTz('Europe/Paris', Date.UTC(2026, 10, 27, 23)), '2026-11-28T00:00:00+01:00');
      // Gap (01:30 does not exist in London on 2026-03-29) and overlap (01:30 happens twice on 2026-10-25).
      assert.equal(zonedToInstant('Europe/London', 2026, 3, 29, 1, 30), Date.UTC(2026, 2, 29, 1, 30));
      assert.equal(zonedToInstant('Europe/London', 2026, 10, 25, 1, 30), Date.UTC(2026, 9, 25, 0, 30));
      // Santiago skips local midnight when DST starts (2026-09-06): the day starts at 01:00 -03:00.
      assert.equal(formatInTz('America/Santiago', localMidnight('America/Santiago', { y: 2026, m: 9, d: 6 })), '2026-09-06T01:00:00-03:00');
      assert.equal(parseInstant('2026-03-29', 'Europe/London'), Date.UTC(2026, 2, 29));
      assert.equal(parseInstant('2026-07-01T12:00:00+02:00', 'UTC'), Date.UTC(2026, 6, 1, 10));
      assert.equal(parseInstant('2026-02-30', 'UTC'), null);
    });

    it('resolves presets in the zone at "now"', () => {
      const now = Date.UTC(2026, 10, 28, 23, 30); // 2026-11-29 08:30 in Sydney, 2026-11-28 23:30 in London
      const fmt = (tz: string, r: { start: number; end: number }) => [formatInTz(tz, r.start), formatInTz(tz, r.end)];
      assert.deepEqual(fmt('Europe/London', resolvePreset('today', 'Europe/London', now)), [
        '2026-11-28T00:00:00+00:00',
        '2026-11-29T00:00:00+00:00',
      ]);
      assert.deepEqual(fmt('Australia/Sydney', resolvePreset('today', 'Australia/Sydney', now)), [
        '2026-11-29T00:00:00+11:00',
        '2026-11-30T00:00:00+11:00',
      ]);
      assert.deepEqual(fmt('Europe/London', resolvePreset('yesterday', 'Europe/London', now)), [
        '2026-11-27T00:00:00+00:00',
        '2026-11-28T00:00:00+00:00',
      ]);
      assert.deepEqual(fmt('Europe/London', resolvePreset('last_7_days', 'Europe/London', now)), [
        '2026-11-22T00:00:00+00:00',
        '2026-11-29T00:00:00+00:00',
      ]);
      assert.deepEqual(fmt('Europe/London', resolvePreset('last_30_days', 'Europe/London', now)), [
        '2026-10-30T00:00:00+00:00',
        '2026-11-29T00:00:00+00:00',
      ]);
      assert.deepEqual(fmt('Europe/London', resolvePreset('this_month', 'Europe/London', now)), [
        '2026-11-01T00:00:00+00:00',
        '2026-12-01T00:00:00+00:00',
      ]);
      assert.deepEqual(fmt('Europe/London', resolvePreset('last_month', 'Europe/London', now)), [
        '2026-10-01T00:00:00+01:00',
        '2026-11-01T00:00:00+00:00',
      ]);
    });
  });
});
