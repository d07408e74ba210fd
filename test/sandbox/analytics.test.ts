// The sandbox's data makes the analytics views meaningful (issue 13): sites with 2-8 entrances whose counts differ,
// weekly seasonality with shorter Sunday hours, a last year to compare with (data 400 days back, a trend), DST days.
// Every expectation is computed here from the JSON the sandbox answers, never from the sandbox's own code.
import { strict as assert } from 'assert';
import type { Sandbox } from '../../sandbox/index';
import { accessToken, api, DEMO, listAll, OPS, start } from './helpers';

interface Monitor {
  id: string;
  site_id: string;
  name: string;
  type: string;
  directions: { id: string; name: string }[];
}
interface Site {
  id: string;
  name: string;
  timezone: string;
}
interface Data {
  timezone: string;
  totals: Record<string, number>;
  buckets: { start: string; counts: Record<string, number> }[];
}

const DAY = 86_400_000;
/** The stock monitors every regular Acme site had before entrances were added (default monitorsPerSite 6). */
const STOCK = ['Main Entrance', 'Store Occupancy', 'Café Corridor', 'Escalator Landing', 'Food Hall', 'Atrium Crossing'];

/** YYYY-MM-DD of a UTC instant. */
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Day of the week (0 = Sunday) of a bucket's local date, read from its ISO start (the local wall time). */
const dowOf = (bucketStart: string) => new Date(`${bucketStart.slice(0, 10)}T00:00:00Z`).getUTCDay();
/** Local hour of a bucket's ISO start. */
const hourOf = (bucketStart: string) => Number(bucketStart.slice(11, 13));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;
const bucketTotal = (b: { counts: Record<string, number> }) => sum(Object.values(b.counts));

describe('sandbox: data for analytics (entrances, seasonality, last year, DST)', () => {
  let sb: Sandbox;
  let t: string;
  let sites: Site[];
  let monitors: Monitor[];
  let borough: { sites: Site[]; monitors: Monitor[]; token: string };

  const ok = async (m: Monitor, q: string, token = t): Promise<Data> => {
    const r = await api(sb, token, `/v1/monitors/${m.id}/data?${q}`);
    assert.equal(r.status, 200, `${m.name}: ${r.text}`);
    return r.body as Data;
  };
  const entrancesOf = (site: Site, ms = monitors) => ms.filter((m) => m.site_id === site.id && m.type === 'people_count');
  const siteNamed = (name: string) => {
    const s = sites.find((x) => x.name === name);
    assert.ok(s, name);
    return s;
  };

  before(async () => {
    sb = await start({ bigSiteMonitors: 0 });
    t = await accessToken(sb, DEMO);
    sites = (await listAll(sb, t, '/v1/sites')).items;
    monitors = (await listAll(sb, t, '/v1/monitors', 500)).items;
    const bt = await accessToken(sb, OPS);
    borough = {
      token: bt,
      sites: (await listAll(sb, bt, '/v1/sites')).items,
      monitors: (await listAll(sb, bt, '/v1/monitors', 500)).items,
    };
  });
  after(() => sb.close());

  it('every site has 2 to 8 people-count entrances, counts vary by site, Oxford Street Flagship has exactly 4', () => {
    const counts = new Map<string, number>();
    for (const s of sites) counts.set(s.name, entrancesOf(s).length);
    for (const s of borough.sites) counts.set(s.name, entrancesOf(s, borough.monitors).length);
    for (const [name, n] of counts) assert.ok(n >= 2 && n <= 8, `${name}: ${n} entrances`);
    assert.equal(counts.get('Oxford Street Flagship'), 4);
    assert.ok(new Set(counts.values()).size >= 3, `several sizes of site: ${JSON.stringify([...counts])}`);
    assert.ok([...counts.values()].includes(8), 'a site with 8 entrances');
    // Sites keep their stock monitors (names other tests rely on).
    for (const s of sites) {
      const names = monitors.filter((m) => m.site_id === s.id).map((m) => m.name);
      for (const stock of STOCK) assert.ok(names.includes(stock), `${s.name} keeps ${stock}`);
    }
  });

  it('the entrances of a site differ: in volume (pairwise different totals) and in the shape of their day', async () => {
    for (const name of ['Oxford Street Flagship', 'Shibuya']) {
      const site = siteNamed(name);
      const entrances = entrancesOf(site);
      const datas = await Promise.all(entrances.map((m) => ok(m, 'start=2026-05-04&end=2026-05-18&interval=1h')));
      const totals = datas.map((d) => sum(Object.values(d.totals)));
      assert.equal(new Set(totals).size, totals.length, `${name}: totals ${totals.join(', ')}`);
      const max = Math.max(...totals);
      const min = Math.min(...totals);
      assert.ok(max > 1.5 * min, `${name}: the busiest entrance is well above the quietest (${max} vs ${min})`);
      // Share of a day's traffic before 13:00 (local): entrances peak at different times.
      const morningShare = datas.map(
        (d) => sum(d.buckets.filter((b) => hourOf(b.start) < 13).map(bucketTotal)) / sum(d.buckets.map(bucketTotal)),
      );
      const spread = Math.max(...morningShare) - Math.min(...morningShare);
      assert.ok(spread > 0.05, `${name}: morning shares ${morningShare.map((x) => x.toFixed(3)).join(', ')}`);
    }
  });

  it("weekly seasonality: each entrance's weekends differ from its weekdays, Sunday is the quietest day with fewer open hours", async () => {
    let busierAtWeekends = 0;
    let quieterAtWeekends = 0;
    for (const site of sites) {
      for (const m of entrancesOf(site)) {
        const d = await ok(m, 'start=2026-06-01&end=2026-07-27&interval=1d'); // 8 weeks, Monday to Monday
        assert.equal(d.buckets.length, 56);
        const byDow = [...Array(7).keys()].map((dow) => mean(d.buckets.filter((b) => dowOf(b.start) === dow).map(bucketTotal)));
        const weekday = mean(byDow.slice(1, 6));
        const weekend = (byDow[0] + byDow[6]) / 2;
        const what = `${site.name} / ${m.name}: Sun..Sat ${byDow.map((x) => x.toFixed(0)).join(' ')}`;
        assert.ok(Math.abs(weekend / weekday - 1) > 0.08, what);
        assert.equal(Math.min(...byDow), byDow[0], `Sunday is the quietest: ${what}`);
        if (weekend > weekday) busierAtWeekends++;
        else quieterAtWeekends++;
      }
    }
    assert.ok(busierAtWeekends > 0 && quieterAtWeekends > 0, `${busierAtWeekends} busier, ${quieterAtWeekends} quieter at weekends`);
    // Hours with people in them (a mean of at least 2 an hour over four weeks): Sunday has fewer than Wednesday.
    for (const m of entrancesOf(siteNamed('Oxford Street Flagship'))) {
      const h = await ok(m, 'start=2026-06-01&end=2026-06-29&interval=1h');
      const openHours = (dow: number) => {
        const byHour = new Map<number, number[]>();
        for (const b of h.buckets.filter((x) => dowOf(x.start) === dow)) {
          const list = byHour.get(hourOf(b.start)) ?? [];
          list.push(bucketTotal(b));
          byHour.set(hourOf(b.start), list);
        }
        return [...byHour.values()].filter((v) => mean(v) >= 2).length;
      };
      assert.ok(openHours(0) < openHours(3), `${m.name}: Sunday ${openHours(0)} h vs Wednesday ${openHours(3)} h`);
    }
  });

  it('has data 400 days back: a month then, and a 366-day range starting then, at daily and 15-minute intervals', async () => {
    const site = siteNamed('Oxford Street Flagship');
    const m = entrancesOf(site)[0];
    const from = Date.now() - 400 * DAY;
    const month = await ok(m, `start=${ymd(from)}&end=${ymd(from + 30 * DAY)}&interval=1d`);
    assert.equal(month.buckets.length, 30);
    assert.ok(month.buckets.filter((b) => bucketTotal(b) > 0).length >= 28, 'people on (nearly) every day');
    const year = await ok(m, `start=${ymd(from)}&end=${ymd(from + 366 * DAY)}&interval=1d`);
    assert.equal(year.buckets.length, 366);
    assert.ok(
      year.buckets.every((b) => bucketTotal(b) > 0),
      'every day of the year has people',
    );
    const q = await ok(m, `start=${ymd(from)}&end=${ymd(from + 7 * DAY)}&interval=15m`);
    assert.ok(q.buckets.length >= 7 * 96 - 4 && q.buckets.length <= 7 * 96 + 4, `${q.buckets.length} buckets`);
    assert.ok(sum(Object.values(q.totals)) > 0);
  });

  it('the same period last year differs plausibly: some entrances grew, some shrank, none changed wildly', async () => {
    // Four whole weeks ending last Sunday (UTC dates, read in each site's zone) and the 52 weeks earlier.
    const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    const end = today - new Date(today).getUTCDay() * DAY;
    const start = end - 28 * DAY;
    const ratios: { name: string; r: number }[] = [];
    for (const site of sites) {
      for (const m of entrancesOf(site)) {
        const [now, then] = await Promise.all([
          ok(m, `start=${ymd(start)}&end=${ymd(end)}&interval=1d`),
          ok(m, `start=${ymd(start - 364 * DAY)}&end=${ymd(end - 364 * DAY)}&interval=1d`),
        ]);
        const a = sum(Object.values(now.totals));
        const b = sum(Object.values(then.totals));
        assert.ok(b > 0, `${m.name} has last year's data`);
        ratios.push({ name: `${site.name} / ${m.name}`, r: a / b });
      }
    }
    const text = ratios.map((x) => `${x.name} ${x.r.toFixed(3)}`).join('; ');
    assert.ok(
      ratios.every((x) => x.r > 0.7 && x.r < 1.4),
      text,
    );
    assert.ok(
      ratios.some((x) => x.r > 1.03),
      `some grew: ${text}`,
    );
    assert.ok(
      ratios.some((x) => x.r < 0.99),
      `some shrank: ${text}`,
    );
  });

  it("DST in the site's own zone: 23 and 25 hourly buckets on the change days, this year and last year", async () => {
    const site = siteNamed('Oxford Street Flagship');
    assert.equal(site.timezone, 'Europe/London');
    const m = entrancesOf(site)[0];
    // Last Sundays of March and October (the EU rule), found here without the sandbox's time code.
    const lastSunday = (y: number, month: number) => {
      const last = Date.UTC(y, month + 1, 0);
      return last - new Date(last).getUTCDay() * DAY;
    };
    for (const y of [2025, 2026]) {
      for (const [month, hours] of [
        [2, 23],
        [9, 25],
      ]) {
        const day = lastSunday(y, month);
        // A week around the change, no time zone parameter: the site's zone. Hourly buckets per local date.
        const d = await ok(m, `start=${ymd(day - 3 * DAY)}&end=${ymd(day + 4 * DAY)}&interval=1h`);
        assert.equal(d.timezone, 'Europe/London');
        const perDate = new Map<string, number>();
        for (const b of d.buckets) perDate.set(b.start.slice(0, 10), (perDate.get(b.start.slice(0, 10)) ?? 0) + 1);
        assert.deepEqual(
          [...perDate.entries()],
          [...Array(7).keys()].map((i) => [ymd(day + (i - 3) * DAY), i === 3 ? hours : 24]),
        );
        // The change day has traffic like its neighbours (the data does not skip it).
        const changeDay = d.buckets.filter((b) => b.start.startsWith(ymd(day)));
        assert.ok(sum(changeDay.map(bucketTotal)) > 0);
      }
    }
  });

  it('is deterministic: a second sandbox with the same seed lists the same entrances and answers the same data', async () => {
    const again = await start({ bigSiteMonitors: 0 });
    try {
      const t2 = await accessToken(again, DEMO);
      const monitors2 = (await listAll(again, t2, '/v1/monitors', 500)).items as Monitor[];
      assert.deepEqual(monitors2, monitors);
      const shibuya = entrancesOf(siteNamed('Shibuya'));
      const from = ymd(Date.now() - 400 * DAY);
      for (const m of [shibuya[0], shibuya[shibuya.length - 1]]) {
        const q = `start=${from}&end=${ymd(Date.parse(from) + 2 * DAY)}&interval=15m`;
        const a = await ok(m, q);
        const b = (await api(again, t2, `/v1/monitors/${m.id}/data?${q}`)).body;
        assert.deepEqual(b, a);
      }
    } finally {
      await again.close();
    }
  });
});
