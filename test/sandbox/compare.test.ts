// The sandbox stores a saved report's comparison choice (`compare`, openapi.yaml): created, read, listed, changed
// and cleared with PATCH, refused when malformed; every answer passes the contract's own validator.
import { strict as assert } from 'assert';
import type { Sandbox } from '../../sandbox/index';
import { accessToken, api, DEMO, listAll, start } from './helpers';
import * as validators from '../../src/api/validators';

describe('sandbox: a report’s comparison choice', () => {
  let sb: Sandbox;
  let demo: string;
  let monitorId: string;

  before(async () => {
    sb = await start();
    demo = await accessToken(sb, DEMO);
    monitorId = (await api(sb, demo, '/v1/monitors?type=people_count&limit=1')).body.data[0].id;
  });
  after(() => sb.close());

  const valid = (report: unknown) => assert.ok(validators.Report(report), JSON.stringify(validators.Report.errors));

  it('stores, returns, changes and clears it', async () => {
    const created = await api(sb, demo, '/v1/reports', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Week on week',
        monitor_id: monitorId,
        range: { preset: 'last_7_days' },
        interval: '1h',
        compare: { kind: 'previous' },
      }),
    });
    assert.equal(created.status, 201, created.text);
    valid(created.body);
    assert.deepEqual(created.body.compare, { kind: 'previous' });
    const id = created.body.id as string;
    assert.deepEqual((await api(sb, demo, `/v1/reports/${id}`)).body.compare, { kind: 'previous' });
    const listed = (await listAll(sb, demo, `/v1/reports?monitor_id=${monitorId}`)).items.find((r) => r.id === id);
    assert.deepEqual(listed?.compare, { kind: 'previous' });

    const patch = (body: unknown, version: number) =>
      api(sb, demo, `/v1/reports/${id}`, { method: 'PATCH', body: JSON.stringify(body), headers: { 'If-Match': String(version) } });
    const custom = await patch({ compare: { kind: 'custom', start: '2025-11-24' } }, 1);
    assert.equal(custom.status, 200, custom.text);
    valid(custom.body);
    assert.deepEqual(custom.body.compare, { kind: 'custom', start: '2025-11-24' });
    // A PATCH without `compare` keeps it.
    assert.deepEqual((await patch({ name: 'Renamed' }, 2)).body.compare, { kind: 'custom', start: '2025-11-24' });
    const cleared = await patch({ compare: null }, 3);
    assert.equal(cleared.status, 200, cleared.text);
    valid(cleared.body);
    assert.equal('compare' in cleared.body, false);
  });

  it('refuses a malformed choice with 400', async () => {
    const post = (compare: unknown) =>
      api(sb, demo, '/v1/reports', {
        method: 'POST',
        body: JSON.stringify({ name: 'R', monitor_id: monitorId, range: { preset: 'today' }, interval: '1h', compare }),
      });
    for (const bad of [
      { kind: 'next_year' },
      { kind: 'custom' },
      { kind: 'custom', start: '2026-02-30' },
      { kind: 'previous', start: '2026-01-01' },
      'previous',
    ]) {
      const r = await post(bad);
      assert.equal(r.status, 400, `${JSON.stringify(bad)}: ${r.text}`);
    }
    assert.equal((await post(null)).status, 201);
  });
});
