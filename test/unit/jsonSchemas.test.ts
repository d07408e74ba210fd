// The JSON schemas contributed for report documents (media/schemas, generated from openapi.yaml by gen-api.js):
// every report JSON the sandbox serves validates against them, and broken copies do not.
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import Ajv, { type ValidateFunction } from 'ajv';
import type { Sandbox } from '../../sandbox/index';
import { projectRoot } from '../../sandbox/root';
import { accessToken, api, DEMO, listAll, start, type Json } from '../sandbox/helpers';

const load = (name: string) => JSON.parse(readFileSync(path.join(projectRoot(), 'media', 'schemas', name), 'utf8')) as object;

describe('JSON schemas of report documents', () => {
  let sb: Sandbox;
  let t: string;
  let data: ValidateFunction;
  let definition: ValidateFunction;

  before(async () => {
    const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
    data = ajv.compile(load('report-data.schema.json'));
    definition = ajv.compile(load('report-definition.schema.json'));
    sb = await start();
    t = await accessToken(sb, DEMO);
  });
  after(() => sb.close());

  const valid = (v: ValidateFunction, body: unknown, what: string) => assert.ok(v(body), `${what}: ${JSON.stringify(v.errors)}`);

  it('accepts the data of every monitor at every interval, and of every saved report', async function () {
    this.timeout(60_000);
    const monitors = (await listAll(sb, t, '/v1/monitors')).items as Json[];
    assert.ok(monitors.length > 0);
    const now = Date.now();
    const ranges = [
      { interval: '15m', days: 1 },
      { interval: '1h', days: 7 },
      { interval: '1d', days: 30 },
    ];
    let checked = 0;
    for (const m of monitors) {
      for (const r of ranges) {
        const q = new URLSearchParams({
          start: new Date(now - r.days * 86_400_000).toISOString(),
          end: new Date(now).toISOString(),
          interval: r.interval,
        });
        const res = await api(sb, t, `/v1/monitors/${m.id}/data?${q}`);
        assert.equal(res.status, 200, res.text);
        valid(data, res.body, `${m.id} ${r.interval}`);
        checked++;
      }
    }
    const reports = (await listAll(sb, t, '/v1/reports')).items as Json[];
    for (const r of reports) {
      const res = await api(sb, t, `/v1/reports/${r.id}/data`);
      assert.equal(res.status, 200, res.text);
      valid(data, res.body, `report ${r.id}`);
      const { name, monitor_id, range, interval, directions } = r;
      valid(definition, { name, monitor_id, range, interval, directions }, `definition of ${r.id}`);
      checked++;
    }
    assert.ok(checked >= monitors.length * 3);
  });

  it('refuses broken copies (the schemas are real)', async () => {
    const m = (await listAll(sb, t, '/v1/monitors')).items[0] as Json;
    const q = new URLSearchParams({
      start: new Date(Date.now() - 86_400_000).toISOString(),
      end: new Date().toISOString(),
      interval: '1h',
    });
    const good = (await api(sb, t, `/v1/monitors/${m.id}/data?${q}`)).body as Json;
    valid(data, good, 'the original');
    const broken = (change: (d: Json) => void) => {
      const copy = JSON.parse(JSON.stringify(good)) as Json;
      change(copy);
      return copy;
    };
    assert.ok(!data(broken((d) => delete d.buckets)), 'buckets are required');
    assert.ok(!data(broken((d) => (d.interval = '5m'))), 'interval is one of 15m, 1h, 1d');
    assert.ok(!data(broken((d) => (d.buckets[0].counts.in = 1.5))), 'counts are integers');
    assert.ok(!data(broken((d) => (d.monitor.id = '../x'))), 'ids are path segments');
    assert.ok(!definition({ name: 'x', monitor_id: m.id, range: { preset: 'last_year' }, interval: '1h' }), 'presets are known');
    assert.ok(
      !definition({ name: 'x', monitor_id: m.id, range: { preset: 'today' }, interval: '1h', directions: [] }),
      'no empty direction list',
    );
    assert.ok(
      definition({ name: 'x', monitor_id: m.id, range: { start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' }, interval: '1h' }),
    );
  });
});
