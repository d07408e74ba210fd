import { strict as assert } from 'assert';
import type { Sandbox } from '../../sandbox/index';
import { accessToken, api, BOROUGH, clientToken, DEMO, listAll, MEMBER, OPS, start } from './sandboxHelpers';

const byNameThenId = (a: { name: string; id: string }, b: { name: string; id: string }) =>
  a.name !== b.name ? (a.name < b.name ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

describe('sandbox: reports API', () => {
  let sb: Sandbox;
  let demo: string;
  let member: string;
  let ops: string;
  let sites: { id: string; name: string; timezone: string }[];

  before(async () => {
    sb = await start({ bigSiteMonitors: 1000 });
    demo = await accessToken(sb, DEMO);
    member = await accessToken(sb, MEMBER);
    ops = await accessToken(sb, OPS, BOROUGH);
    sites = (await listAll(sb, demo, '/v1/sites')).items;
  });
  after(() => sb.close());

  it('GET /v1/organisation is the token’s organisation', async () => {
    assert.deepEqual((await api(sb, demo, '/v1/organisation')).body, {
      id: 'org_acme_retail',
      name: 'Acme Retail',
      timezone: 'Europe/London',
    });
    assert.equal((await api(sb, ops, '/v1/organisation')).body.name, 'Borough Market');
    assert.equal((await api(sb, await clientToken(sb), '/v1/organisation')).body.name, 'Acme Retail');
  });

  it('sites span several time zones, sorted by name then id', async () => {
    const zones = new Set(sites.map((s) => s.timezone));
    for (const z of ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney']) assert.ok(zones.has(z), z);
    assert.deepEqual([...sites].sort(byNameThenId), sites);
  });

  it('pages a 1,000-monitor site to the end with limit 100: all unique, in order', async () => {
    const big = sites.find((s) => s.name === 'Distribution Centre');
    assert.ok(big);
    const { items, pages } = await listAll(sb, demo, `/v1/monitors?site_id=${big.id}`, 100);
    assert.equal(pages, 10);
    assert.equal(items.length, 1000);
    assert.equal(new Set(items.map((m) => m.id)).size, 1000);
    assert.deepEqual([...items].sort(byNameThenId), items);
    assert.ok(items.every((m) => m.site_id === big.id));
  });

  it('rejects limits out of 1-500 and bad cursors with 400', async () => {
    for (const limit of ['0', '501', 'abc', '1.5', '-1']) {
      const r = await api(sb, demo, `/v1/monitors?limit=${limit}`);
      assert.equal(r.status, 400, limit);
      assert.equal(typeof r.body.error.code, 'string');
      assert.equal(typeof r.body.error.message, 'string');
    }
    assert.equal((await api(sb, demo, '/v1/monitors?limit=500')).body.data.length, 500);
    assert.equal((await api(sb, demo, '/v1/sites?cursor=garbage')).status, 400);
    const first = await api(sb, demo, '/v1/monitors?limit=10');
    const cross = await api(sb, demo, `/v1/monitors?type=occupancy&cursor=${encodeURIComponent(first.body.next_cursor)}`);
    assert.equal(cross.status, 400, 'a cursor belongs to its filters');
    const dflt = await api(sb, demo, '/v1/monitors');
    assert.equal(dflt.body.data.length, 100);
  });

  it('filters monitors by type; occupancy monitors have in/out and a capacity', async () => {
    const { items: occ } = await listAll(sb, demo, '/v1/monitors?type=occupancy', 500);
    const { items: pc } = await listAll(sb, demo, '/v1/monitors?type=people_count', 500);
    assert.ok(occ.length > 0 && pc.length > 0);
    assert.ok(occ.every((m) => m.type === 'occupancy' && m.capacity > 0));
    assert.ok(occ.every((m) => m.directions.map((d: { id: string }) => d.id).join() === 'in,out'));
    assert.ok(pc.every((m) => m.type === 'people_count' && m.capacity === null));
    const names = new Set(pc.flatMap((m) => m.directions.map((d: { name: string }) => d.name)));
    for (const n of ['in', 'out', 'towards cafe', 'towards gift shop', 'left', 'right']) assert.ok(names.has(n), n);
    assert.equal((await api(sb, demo, '/v1/monitors?type=bogus')).status, 400);
  });

  it('hides other organisations’ objects behind 404', async () => {
    const monitor = (await api(sb, demo, '/v1/monitors?limit=1')).body.data[0];
    const report = (await api(sb, demo, '/v1/reports?limit=1')).body.data[0];
    assert.equal((await api(sb, ops, `/v1/monitors/${monitor.id}`)).status, 404);
    assert.equal((await api(sb, ops, `/v1/monitors/${monitor.id}/data?start=2026-01-01&end=2026-01-02&interval=1h`)).status, 404);
    assert.equal((await api(sb, ops, `/v1/monitors?site_id=${monitor.site_id}`)).status, 404);
    assert.equal((await api(sb, ops, `/v1/reports/${report.id}`)).status, 404);
    assert.equal((await api(sb, ops, `/v1/reports?monitor_id=${monitor.id}`)).status, 404);
    const r = await api(sb, ops, `/v1/reports/${report.id}`, { method: 'DELETE' });
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'not_found');
    const opsMonitors = await listAll(sb, ops, '/v1/monitors');
    assert.ok(opsMonitors.items.length > 0 && !opsMonitors.items.some((m) => m.id === monitor.id));
  });

  it('limits members to their sites: filtered lists and 403 elsewhere', async () => {
    const memberSites = (await listAll(sb, member, '/v1/sites')).items;
    assert.ok(memberSites.length > 0 && memberSites.length < sites.length);
    const allowed = new Set(memberSites.map((s) => s.id));
    const monitors = (await listAll(sb, member, '/v1/monitors', 500)).items;
    assert.ok(monitors.length > 0 && monitors.every((m) => allowed.has(m.site_id)));
    const reports = (await listAll(sb, member, '/v1/reports')).items;
    const allReports = (await listAll(sb, demo, '/v1/reports')).items;
    assert.ok(reports.length > 0 && reports.length < allReports.length);
    const monitorSite = new Map(
      ((await listAll(sb, demo, '/v1/monitors', 500)).items as { id: string; site_id: string }[]).map((m) => [m.id, m.site_id]),
    );
    assert.ok(reports.every((r) => allowed.has(monitorSite.get(r.monitor_id) ?? '')));

    const outside = sites.find((s) => !allowed.has(s.id));
    assert.ok(outside);
    const outsideMonitor = (await api(sb, demo, `/v1/monitors?site_id=${outside.id}&limit=1`)).body.data[0];
    const outsideReport = allReports.find((r) => !allowed.has(monitorSite.get(r.monitor_id) ?? ''));
    for (const path of [
      `/v1/monitors?site_id=${outside.id}`,
      `/v1/monitors/${outsideMonitor.id}`,
      `/v1/monitors/${outsideMonitor.id}/data?start=2026-01-01&end=2026-01-02&interval=1h`,
      `/v1/reports/${outsideReport.id}`,
      `/v1/reports/${outsideReport.id}/data`,
      `/v1/reports?site_id=${outside.id}`,
    ]) {
      const r = await api(sb, member, path);
      assert.equal(r.status, 403, path);
      assert.equal(r.body.error.code, 'forbidden');
    }
    const create = await api(sb, member, '/v1/reports', {
      method: 'POST',
      body: JSON.stringify({ name: 'x', monitor_id: outsideMonitor.id, range: { preset: 'today' }, interval: '1h' }),
    });
    assert.equal(create.status, 403);
  });

  it('report CRUD with If-Match versions', async () => {
    const london = sites.find((s) => s.timezone === 'Europe/London' && s.name !== 'Distribution Centre');
    assert.ok(london);
    const monitor = (await api(sb, demo, `/v1/monitors?site_id=${london.id}&type=people_count&limit=1`)).body.data[0];
    const input = {
      name: 'Weekly entrance',
      monitor_id: monitor.id,
      range: { preset: 'last_7_days' },
      interval: '1h',
      directions: [monitor.directions[0].id],
    };
    const created = await api(sb, demo, '/v1/reports', { method: 'POST', body: JSON.stringify(input) });
    assert.equal(created.status, 201, created.text);
    const rep = created.body;
    assert.equal(rep.version, 1);
    assert.deepEqual(
      { name: rep.name, monitor_id: rep.monitor_id, range: rep.range, interval: rep.interval, directions: rep.directions },
      input,
    );
    assert.deepEqual((await api(sb, demo, `/v1/reports/${rep.id}`)).body, rep);
    assert.ok((await listAll(sb, demo, `/v1/reports?monitor_id=${monitor.id}`)).items.some((r) => r.id === rep.id));
    assert.ok((await listAll(sb, demo, `/v1/reports?site_id=${monitor.site_id}`)).items.some((r) => r.id === rep.id));

    const patch = (body: unknown, ifMatch?: string) =>
      api(sb, demo, `/v1/reports/${rep.id}`, {
        method: 'PATCH',
        body: JSON.stringify(body),
        headers: ifMatch === undefined ? {} : { 'If-Match': ifMatch },
      });
    const noMatch = await patch({ name: 'Renamed' });
    assert.equal(noMatch.status, 428);
    const ok = await patch({ name: 'Renamed', range: { start: '2026-01-05T00:00:00Z', end: '2026-01-12T00:00:00Z' } }, '1');
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.version, 2);
    assert.equal(ok.body.name, 'Renamed');
    assert.deepEqual(ok.body.range, { start: '2026-01-05T00:00:00Z', end: '2026-01-12T00:00:00Z' });
    assert.notEqual(ok.body.updated_at, rep.updated_at);
    assert.equal(ok.body.created_at, rep.created_at);
    const quoted = await patch({ interval: '1d' }, '"2"');
    assert.equal(quoted.body.version, 3);
    const stale = await patch({ name: 'Lost update' }, '1');
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'version_conflict');
    assert.equal((await api(sb, demo, `/v1/reports/${rep.id}`)).body.name, 'Renamed');

    const invalid = await patch({ interval: '5m' }, '3');
    assert.equal(invalid.status, 400);
    const badDir = await patch({ directions: ['nowhere'] }, '3');
    assert.equal(badDir.status, 422);

    const data = await api(sb, demo, `/v1/reports/${rep.id}/data`);
    assert.equal(data.status, 200);
    assert.equal(data.body.report_id, rep.id);
    assert.equal(data.body.interval, '1d');
    assert.equal(data.body.buckets.length, 7);
    assert.deepEqual(Object.keys(data.body.totals), [monitor.directions[0].id]);

    assert.equal((await api(sb, demo, `/v1/reports/${rep.id}`, { method: 'DELETE', headers: { 'If-Match': '1' } })).status, 409);
    const del = await api(sb, demo, `/v1/reports/${rep.id}`, { method: 'DELETE', headers: { 'If-Match': '3' } });
    assert.equal(del.status, 204);
    assert.equal((await api(sb, demo, `/v1/reports/${rep.id}`)).status, 404);
  });

  it('validates new reports', async () => {
    const monitor = (await api(sb, demo, '/v1/monitors?type=occupancy&limit=1')).body.data[0];
    const post = (body: unknown) =>
      api(sb, demo, '/v1/reports', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
    const base = { name: 'R', monitor_id: monitor.id, range: { preset: 'today' }, interval: '15m' };
    assert.equal((await post(base)).status, 201);
    assert.equal((await post('{"name":')).status, 400);
    assert.equal((await post({ ...base, name: '' })).status, 400);
    assert.equal((await post({ ...base, interval: '2h' })).status, 400);
    assert.equal((await post({ ...base, range: { preset: 'forever' } })).status, 400);
    assert.equal((await post({ ...base, range: { preset: 'today', start: '2026-01-01T00:00:00Z' } })).status, 400);
    assert.equal((await post({ ...base, range: { start: '2026-01-02T00:00:00Z', end: '2026-01-01T00:00:00Z' } })).status, 422);
    assert.equal((await post({ ...base, range: { start: '2024-01-01T00:00:00Z', end: '2026-01-01T00:00:00Z' } })).status, 422);
    assert.equal((await post({ ...base, directions: ['sideways'] })).status, 422);
    assert.equal((await post({ ...base, monitor_id: 'mon_nope' })).status, 404);
  });

  it('answers 404 for unknown routes and 405 for wrong methods', async () => {
    assert.equal((await api(sb, demo, '/v1/nothing')).status, 404);
    const r = await api(sb, demo, '/v1/sites', { method: 'DELETE' });
    assert.equal(r.status, 405);
  });

  it('lists 10,000 monitors quickly (sites 50 × monitorsPerSite 200)', async () => {
    const large = await start({ sites: 50, monitorsPerSite: 200, bigSiteMonitors: 0 });
    try {
      const t = await accessToken(large, DEMO);
      const started = Date.now();
      const { items } = await listAll(large, t, '/v1/monitors', 500);
      assert.equal(items.length, 10_000);
      assert.equal(new Set(items.map((m) => m.id)).size, 10_000);
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    } finally {
      await large.close();
    }
  });
});
