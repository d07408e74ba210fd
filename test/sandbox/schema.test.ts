// Validates a sample of every endpoint's responses with the contract's generated validators
// (src/api/validators.js, what the API client checks every answer with; test/unit/contract.test.ts proves they are
// what scripts/gen-api.js makes of openapi.yaml).
import { strict as assert } from 'assert';
import type { Sandbox } from '../../sandbox/index';
import * as validators from '../../src/api/validators';
import { accessToken, api, BOROUGH, DEMO, MEMBER, OPS, start } from './helpers';
import type { Reply } from './helpers';

type SchemaName = Exclude<keyof typeof validators, 'Validator'>;

describe('sandbox: responses match openapi.yaml', () => {
  let sb: Sandbox;
  let t: string;

  const check = (schema: SchemaName, r: Reply) => {
    const validate = validators[schema];
    assert.equal(typeof validate, 'function', schema);
    const valid = validate(r.body);
    assert.ok(valid, `${schema}: ${JSON.stringify(validate.errors)}\n${r.text.slice(0, 500)}`);
  };

  before(async () => {
    sb = await start({ bigSiteMonitors: 20 });
    t = await accessToken(sb, DEMO);
  });
  after(() => sb.close());

  it('the validators are real (a wrong body fails)', () => {
    const bad = (schema: SchemaName, body: unknown) => {
      assert.ok(!validators[schema](body), schema);
    };
    bad('Error', { error: { code: 'x' } });
    bad('MonitorList', { data: [{ id: 'm' }], next_cursor: null });
    bad('ReportData', { report_id: null });
  });

  it('organisation, sites and monitors', async () => {
    check('Organisation', await api(sb, t, '/v1/organisation'));
    check('Organisation', await api(sb, await accessToken(sb, OPS, BOROUGH), '/v1/organisation'));
    check('SiteList', await api(sb, t, '/v1/sites?limit=2'));
    const monitors = await api(sb, t, '/v1/monitors?limit=500');
    check('MonitorList', monitors);
    check('MonitorList', await api(sb, t, '/v1/monitors?type=occupancy&limit=3'));
    for (const m of monitors.body.data.slice(0, 5)) check('Monitor', await api(sb, t, `/v1/monitors/${m.id}`));
  });

  it('report data for both monitor types, every interval, and saved reports', async () => {
    for (const type of ['people_count', 'occupancy']) {
      const m = (await api(sb, t, `/v1/monitors?type=${type}&limit=1`)).body.data[0];
      for (const interval of ['15m', '1h', '1d']) {
        check('ReportData', await api(sb, t, `/v1/monitors/${m.id}/data?start=2026-03-28&end=2026-03-31&interval=${interval}`));
      }
    }
    const reports = await api(sb, t, '/v1/reports?limit=500');
    check('ReportList', reports);
    assert.ok(reports.body.data.length > 0);
    for (const r of reports.body.data.slice(0, 6)) {
      check('Report', await api(sb, t, `/v1/reports/${r.id}`));
      check('ReportData', await api(sb, t, `/v1/reports/${r.id}/data`));
    }
  });

  it('report create and update', async () => {
    const m = (await api(sb, t, '/v1/monitors?limit=1')).body.data[0];
    const created = await api(sb, t, '/v1/reports', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Schema',
        monitor_id: m.id,
        range: { start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' },
        interval: '1h',
      }),
    });
    assert.equal(created.status, 201);
    check('Report', created);
    const patched = await api(sb, t, `/v1/reports/${created.body.id}`, {
      method: 'PATCH',
      headers: { 'If-Match': '1' },
      body: JSON.stringify({ range: { preset: 'last_month' }, directions: null }),
    });
    check('Report', patched);
  });

  it('errors: 400, 401, 403, 404, 409, 422, 428, 429, 503', async () => {
    const member = await accessToken(sb, MEMBER);
    const sites = (await api(sb, t, '/v1/sites?limit=500')).body.data as { id: string }[];
    const memberSites = new Set(((await api(sb, member, '/v1/sites')).body.data as { id: string }[]).map((s) => s.id));
    const outside = sites.find((s) => !memberSites.has(s.id));
    const m = (await api(sb, t, '/v1/monitors?limit=1')).body.data[0];
    const rep = (await api(sb, t, '/v1/reports?limit=1')).body.data[0];
    const errors: [number, Reply][] = [
      [400, await api(sb, t, '/v1/sites?limit=0')],
      [401, await api(sb, 'nope', '/v1/sites')],
      [403, await api(sb, member, `/v1/monitors?site_id=${outside?.id}`)],
      [404, await api(sb, t, '/v1/monitors/mon_missing')],
      [409, await api(sb, t, `/v1/reports/${rep.id}`, { method: 'PATCH', headers: { 'If-Match': '999' }, body: '{}' })],
      [422, await api(sb, t, `/v1/monitors/${m.id}/data?start=2020-01-01&end=2026-01-01&interval=1d`)],
      [428, await api(sb, t, `/v1/reports/${rep.id}`, { method: 'PATCH', body: '{}' })],
    ];
    sb.faults.set({ route: 'GET /v1/organisation', status: 429, retryAfter: 1, times: 1 });
    errors.push([429, await api(sb, t, '/v1/organisation')]);
    sb.faults.set({ route: 'GET /v1/organisation', status: 503, times: 1 });
    errors.push([503, await api(sb, t, '/v1/organisation')]);
    for (const [status, r] of errors) {
      assert.equal(r.status, status, r.text);
      check('Error', r);
    }
  });
});
