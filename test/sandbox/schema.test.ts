// Validates a sample of every endpoint's responses against the OpenAPI contract's schemas.
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import type { Sandbox } from '../../sandbox/index';
import { projectRoot } from '../../sandbox/root';
import { accessToken, api, BOROUGH, DEMO, MEMBER, OPS, start } from './helpers';
import type { Reply } from './helpers';

describe('sandbox: responses match openapi.yaml', () => {
  let sb: Sandbox;
  let t: string;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
  const doc = parse(readFileSync(path.join(projectRoot(), 'src', 'api', 'openapi.yaml'), 'utf8')) as Record<string, unknown>;
  ajv.addSchema({ ...doc, $id: 'https://hoxton.test/openapi.json' });

  const check = (schema: string, r: Reply) => {
    const validate = ajv.getSchema(`https://hoxton.test/openapi.json#/components/schemas/${schema}`);
    assert.ok(validate, schema);
    const valid = validate(r.body);
    assert.ok(valid, `${schema}: ${ajv.errorsText(validate.errors)}\n${r.text.slice(0, 500)}`);
  };

  before(async () => {
    sb = await start({ bigSiteMonitors: 20 });
    t = await accessToken(sb, DEMO);
  });
  after(() => sb.close());

  it('the validators are real (a wrong body fails)', () => {
    const bad = (schema: string, body: unknown) => {
      const validate = ajv.getSchema(`https://hoxton.test/openapi.json#/components/schemas/${schema}`);
      assert.ok(validate && !validate(body), schema);
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
