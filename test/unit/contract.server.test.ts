// The contract says what the server does (issue #10, item 8): each statement of openapi.yaml checked against
// the sandbox over real HTTP and through the client, with the generated validators the client uses.
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { HoxtonClient } from '../../src/api/client';
import { HoxtonApiError } from '../../src/api/errors';
import { MAX_BUCKETS } from '../../src/api/types';
import * as validators from '../../src/api/validators';
import type { Sandbox } from '../../sandbox/index';
import { projectRoot } from '../../sandbox/server';
import { accessToken, api, DEMO, start } from './sandboxHelpers';

type Json = Record<string, unknown>;

describe('contract: what the server does', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let t: string;
  let monitor: { id: string; site_id: string; directions: { id: string }[] };
  let siteTz: string;
  const spec = parse(readFileSync(path.join(projectRoot(), 'src', 'api', 'openapi.yaml'), 'utf8')) as {
    paths: Record<string, Record<string, { parameters?: Json[]; responses: Record<string, unknown> }>>;
    components: { parameters: Record<string, Json>; schemas: Record<string, Json> };
  };
  const client = () => new HoxtonClient({ baseUrl: sb.url, token: async () => t, retry: { attempts: 1 } });
  const newReport = async () => {
    const r = await api(sb, t, '/v1/reports', {
      method: 'POST',
      body: JSON.stringify({ name: 'Contract', monitor_id: monitor.id, range: { preset: 'yesterday' }, interval: '1h' }),
    });
    assert.equal(r.status, 201, r.text);
    return r;
  };

  before(async () => {
    sb = await start({ bigSiteMonitors: 0 });
    t = await accessToken(sb, DEMO);
    const list = await api(sb, t, '/v1/monitors?limit=1&type=people_count');
    monitor = list.body.data[0];
    siteTz = (await api(sb, t, '/v1/sites?limit=500')).body.data.find((s: { id: string }) => s.id === monitor.site_id).timezone;
  });
  after(() => sb.close());

  it('lists 428 and 409 for PATCH, and the sandbox answers them', async () => {
    const patch = spec.paths['/v1/reports/{id}'].patch;
    assert.ok(patch.responses['428'], '428 listed');
    assert.ok(patch.responses['409'], '409 listed');
    const rep = (await newReport()).body;
    const missing = await api(sb, t, `/v1/reports/${rep.id}`, { method: 'PATCH', body: '{"name":"x"}' });
    assert.equal(missing.status, 428);
    assert.equal(missing.body.error.code, 'precondition_required');
    assert.ok(validators.Error(missing.body));
    const stale = await api(sb, t, `/v1/reports/${rep.id}`, { method: 'PATCH', headers: { 'If-Match': '"99"' }, body: '{"name":"x"}' });
    assert.equal(stale.status, 409);
    assert.equal(stale.headers.get('etag'), `"${rep.version}"`, 'a 409 sends the current ETag');
  });

  it('every report answer carries an ETag that mirrors its version', async () => {
    const created = await newReport();
    assert.equal(created.headers.get('etag'), `"${created.body.version}"`);
    const got = await api(sb, t, `/v1/reports/${created.body.id}`);
    assert.equal(got.headers.get('etag'), `"${got.body.version}"`);
    const patched = await api(sb, t, `/v1/reports/${created.body.id}`, {
      method: 'PATCH',
      headers: { 'If-Match': got.headers.get('etag') ?? '' },
      body: '{"name":"Renamed"}',
    });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.version, got.body.version + 1);
    assert.equal(patched.headers.get('etag'), `"${patched.body.version}"`);
    for (const [route, method, status] of [
      ['/v1/reports', 'post', '201'],
      ['/v1/reports/{id}', 'get', '200'],
      ['/v1/reports/{id}', 'patch', '200'],
    ] as const) {
      const r = spec.paths[route][method].responses[status] as { headers?: Record<string, unknown> };
      assert.ok(r.headers?.ETag, `${method} ${route} ${status} lists ETag`);
    }
  });

  it('the client sends the ETag as If-Match and gets 409 with a stale one', async () => {
    const c = client();
    const r = await c.createReport({ name: 'Client ETag', monitor_id: monitor.id, range: { preset: 'today' }, interval: '1h' });
    const renamed = await c.updateReport(r.id, r.version, { name: 'Again' });
    assert.equal(renamed.version, r.version + 1);
    await assert.rejects(
      c.updateReport(r.id, r.version, { name: 'Stale' }),
      (e: unknown) => e instanceof HoxtonApiError && e.status === 409,
    );
    await assert.rejects(c.deleteReport(r.id, r.version), (e: unknown) => e instanceof HoxtonApiError && e.code === 'version_conflict');
    await c.deleteReport(r.id, renamed.version);
  });

  it('/v1/reports/{id}/data takes timezone like the monitor data route', async () => {
    const params = (spec.paths['/v1/reports/{id}/data'].get.parameters ?? []).map((p) => p.$ref ?? p.name);
    assert.ok(params.includes('#/components/parameters/timezone'), JSON.stringify(params));
    const rep = (await newReport()).body;
    const other = siteTz === 'Asia/Tokyo' ? 'America/New_York' : 'Asia/Tokyo';
    const c = client();
    const own = await c.getReportData(rep.id);
    assert.equal(own.timezone, siteTz);
    const there = await c.getReportData(rep.id, { timezone: other });
    assert.equal(there.timezone, other);
    assert.notEqual(there.start, own.start, '"yesterday" resolved in the other zone');
    assert.equal((await api(sb, t, `/v1/reports/${rep.id}/data?timezone=Mars/Olympus`)).status, 400);
  });

  it('a Report carries site_id, required by the schema', async () => {
    const rep = (await newReport()).body;
    assert.equal(rep.site_id, monitor.site_id);
    const listed = await api(sb, t, `/v1/reports?monitor_id=${monitor.id}`);
    assert.ok(listed.body.data.length > 0);
    for (const r of listed.body.data) assert.equal(r.site_id, monitor.site_id);
    assert.ok(validators.Report(rep));
    const { site_id: _drop, ...without } = rep;
    assert.equal(validators.Report(without), false, 'a Report without site_id fails the validator');
  });

  it('directions: [] is refused: 422 from the server, the schema and the client', async () => {
    const r = await api(sb, t, '/v1/reports', {
      method: 'POST',
      body: JSON.stringify({ name: 'Empty', monitor_id: monitor.id, range: { preset: 'today' }, interval: '1h', directions: [] }),
    });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, 'invalid_directions');
    assert.equal(spec.components.schemas.DirectionSelection.minItems, 1);
    const rep = (await newReport()).body;
    assert.ok(validators.Report({ ...rep, directions: null }));
    assert.ok(validators.Report({ ...rep, directions: [monitor.directions[0].id] }));
    assert.equal(validators.Report({ ...rep, directions: [] }), false);
    sb.resetStats();
    await assert.rejects(
      client().createReport({ name: 'Empty', monitor_id: monitor.id, range: { preset: 'today' }, interval: '1h', directions: [] }),
      (e: unknown) => e instanceof HoxtonApiError && e.kind === 'invalid' && e.code === 'invalid_directions',
    );
    assert.equal(sb.stats().requests['POST /v1/reports'] ?? 0, 0, 'nothing was sent');
  });

  it('the bucket limit can trigger: 366 days and an hour at 15 minutes is 422 too_many_buckets, at 1 hour 200', async () => {
    assert.equal(MAX_BUCKETS, 35_136);
    const q = (interval: string) => `start=2025-01-01T00:00:00Z&end=2026-01-02T01:00:00Z&interval=${interval}&timezone=UTC`;
    const quarter = await api(sb, t, `/v1/monitors/${monitor.id}/data?${q('15m')}`);
    assert.equal(quarter.status, 422);
    assert.equal(quarter.body.error.code, 'too_many_buckets');
    const hourly = await api(sb, t, `/v1/monitors/${monitor.id}/data?${q('1h')}`);
    assert.equal(hourly.status, 200, hourly.text);
    assert.equal(hourly.body.buckets.length, 366 * 24 + 1);
    const leap = await api(
      sb,
      t,
      `/v1/monitors/${monitor.id}/data?start=2024-01-01T00:00:00Z&end=2025-01-01T00:00:00Z&interval=15m&timezone=UTC`,
    );
    assert.equal(leap.status, 200, 'a leap year at 15 minutes is exactly the limit');
    assert.equal(leap.body.buckets.length, MAX_BUCKETS);
    assert.ok(validators.ReportData(leap.body));
    assert.equal(validators.ReportData({ ...leap.body, buckets: [...leap.body.buckets, leap.body.buckets[0]] }), false);
  });

  it('ids have a pattern that keeps them one path segment', () => {
    assert.equal(spec.components.parameters.id.schema && (spec.components.parameters.id.schema as Json).$ref, '#/components/schemas/Id');
    const site = { name: 'n', address: 'a', timezone: 'UTC' };
    for (const id of ['site_1', 'a.b', 'x..y', 'auth0|123']) assert.ok(validators.Site({ ...site, id }), id);
    for (const id of ['', '.', '..', 'a/b', 'a\\b', 'a\u0000b', 'line\nbreak', 'x\u007f', 'x'.repeat(201)])
      assert.equal(validators.Site({ ...site, id }), false, JSON.stringify(id));
  });
});
