// The client against a server that misbehaves (issue #11 "Input from servers and links is bounded", issue #16
// sandbox fault kinds): odd list items, a captive portal's HTML, oversized bodies, totals that disagree with the
// buckets, a body that stalls halfway, and ids that must not go into a path. Real HTTP to the sandbox.
import { strict as assert } from 'assert';
import { HoxtonClient, MAX_BODY_BYTES, type Logger } from '../../src/api/client';
import { HoxtonApiError } from '../../src/api/errors';
import type { Monitor, Site } from '../../src/api/types';
import type { Sandbox } from '../../sandbox/index';
import { accessToken, api, DEMO, post, start } from './sandboxHelpers';

const isApiError = (kind: string, code: string) => (e: unknown) => {
  assert.ok(e instanceof HoxtonApiError, String(e));
  assert.equal(e.kind, kind, e.message);
  assert.equal(e.code, code, e.message);
  return true;
};

describe('API client against odd servers (sandbox fault kinds)', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  let t: string;
  let warnings: string[];
  let sites: Site[];
  let monitor: Monitor;
  const log: Logger = { trace() {}, debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} };
  const client = (timeoutMs = 30_000) =>
    new HoxtonClient({ baseUrl: sb.url, token: async () => t, timeoutMs, log, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
  const fault = async (f: Record<string, unknown>) => {
    const r = await post(`${sb.url}/__sandbox/faults`, JSON.stringify(f));
    assert.equal(r.status, 200, r.text);
  };
  const requests = (key: string) => sb.stats().requests[key] ?? 0;

  before(async () => {
    sb = await start({ bigSiteMonitors: 0 });
    t = await accessToken(sb, DEMO);
    sites = (await api(sb, t, '/v1/sites?limit=500')).body.data;
    monitor = (await api(sb, t, '/v1/monitors?limit=1&type=people_count')).body.data[0];
    assert.ok(sites.length >= 5, 'the fault needs five items');
  });
  beforeEach(() => {
    warnings = [];
    sb.resetStats();
  });
  afterEach(() => sb.faults.clear());
  after(() => sb.close());

  it('odd list items: nulls and wrong types show empty, unknown fields are kept, items without a usable id are counted', async () => {
    await fault({ route: 'GET /v1/sites', body: 'oddItems' });
    const page = await client().listSites({ limit: 500 });
    assert.equal(page.skipped, 2);
    assert.equal(page.data.length, sites.length - 2);
    const byId = new Map(page.data.map((s) => [s.id, s]));
    assert.deepEqual(byId.get(sites[0].id), { ...sites[0], name: '', address: '' }, 'nulls show as empty');
    assert.equal(byId.get(sites[1].id)?.name, '', 'a number as a name shows as empty');
    assert.deepEqual((byId.get(sites[2].id) as unknown as Record<string, unknown>).x_future, { nested: [1, 2] }, 'unknown fields pass');
    assert.ok(!byId.has(sites[3].id) && !byId.has(sites[4].id), 'id null and ".." are left out');
    for (const s of page.data) assert.equal(typeof s.name, 'string');
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /2 item\(s\) left out/);
  });

  it('odd monitor items: a capacity of the wrong type becomes null; the same answer without faults is untouched', async () => {
    const clean = await client().listMonitors({ siteId: sites[0].id, limit: 500 });
    assert.equal(clean.skipped, 0);
    assert.equal(warnings.length, 0);
    assert.ok(clean.data.length >= 5);
    await fault({ route: 'GET /v1/monitors', body: 'oddItems' });
    const odd = await client().listMonitors({ siteId: sites[0].id, limit: 500 });
    assert.equal(odd.skipped, 2);
    const second = odd.data.find((m) => m.id === clean.data[1].id);
    assert.ok(second);
    assert.equal(second.capacity, null);
    assert.equal(second.created_at, '');
    assert.deepEqual(second.directions, clean.data[1].directions, 'working fields stay');
  });

  it('a single object with nulls reads with empty display fields', async () => {
    await fault({ route: 'GET /v1/organisation', body: 'oddItems' });
    const org = await client().getOrganisation();
    assert.equal(org.name, '');
    assert.equal(org.id.length > 0, true);
  });

  it('a broken envelope fails the whole list with a clear error', async () => {
    await fault({ route: 'GET /v1/sites', body: 'badEnvelope' });
    await assert.rejects(client().listSites(), isApiError('malformed', 'unexpected_response'));
  });

  it('an HTML page with status 200 (captive portal) is a not_json error, not retried', async () => {
    await fault({ route: 'GET /v1/sites', body: 'html' });
    await assert.rejects(client().listSites(), isApiError('malformed', 'not_json'));
    assert.equal(requests('GET /v1/sites'), 1);
  });

  it('a list body larger than a page can be ends in response_too_large, not out of memory', async () => {
    await fault({ route: 'GET /v1/sites', body: 'oversized' });
    const before = process.memoryUsage().rss;
    await assert.rejects(client().listSites(), (e: unknown) => {
      isApiError('malformed', 'response_too_large')(e);
      assert.match((e as Error).message, new RegExp(String(MAX_BODY_BYTES.list)));
      return true;
    });
    assert.equal(requests('GET /v1/sites'), 1, 'not retried');
    assert.ok(process.memoryUsage().rss - before < 80 << 20, 'the 80 MiB body was not buffered');
  });

  it('report data larger than the contract allows ends in response_too_large', async () => {
    await fault({ route: 'GET /v1/monitors', body: 'oversized' });
    await assert.rejects(
      client().getMonitorData(monitor.id, { start: '2026-11-02T00:00:00Z', end: '2026-11-03T00:00:00Z', interval: '1h' }),
      isApiError('malformed', 'response_too_large'),
    );
  });

  it('an error answer with a huge body is still that error (its body read only up to a cap)', async () => {
    await fault({ route: 'GET /v1/organisation', body: 'oversized', status: 404 });
    await assert.rejects(client().getOrganisation(), (e: unknown) => e instanceof HoxtonApiError && e.kind === 'http' && e.status === 404);
  });

  it('totals that disagree with the buckets are recomputed from the buckets, with a warning', async () => {
    const q = { start: '2026-11-02T00:00:00Z', end: '2026-11-03T00:00:00Z', interval: '1h' as const, timezone: 'UTC' };
    const right = await client().getMonitorData(monitor.id, q);
    await fault({ route: 'GET /v1/monitors', body: 'badTotals' });
    const raw = await api(sb, t, `/v1/monitors/${monitor.id}/data?${new URLSearchParams(q)}`);
    assert.notDeepEqual(raw.body.totals, right.totals, 'the fault changes the totals');
    assert.equal(warnings.length, 0);
    const data = await client().getMonitorData(monitor.id, q);
    assert.deepEqual(data.totals, right.totals);
    for (const d of data.directions)
      assert.equal(
        data.buckets.reduce((s, b) => s + (b.counts[d.id] ?? 0), 0),
        data.totals[d.id],
      );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /totals disagree/);
  });

  it('a body that stalls halfway is ended by the timeout', async () => {
    await fault({ route: 'GET /v1/organisation', body: 'stall' });
    const c = new HoxtonClient({
      baseUrl: sb.url,
      token: async () => t,
      timeoutMs: 500,
      retry: { attempts: 2, initialDelayMs: 5, maxDelayMs: 5 },
    });
    await assert.rejects(c.getOrganisation(), isApiError('timeout', 'timeout'));
    assert.equal(requests('GET /v1/organisation'), 2, 'a timeout is retried as the policy says');
  });

  for (const id of ['..', '.', '', 'a/b', 'line\nbreak', 'nul\u0000', 'back\\slash', 'del\u007f']) {
    const shown = JSON.stringify(id).replace(/[\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    it(`refuses the id ${shown} before anything is sent`, async () => {
      const c = client();
      await assert.rejects(c.getMonitor(id), isApiError('invalid', 'invalid_id'));
      await assert.rejects(c.getReportData(id), isApiError('invalid', 'invalid_id'));
      await assert.rejects(c.deleteReport(id, 1), isApiError('invalid', 'invalid_id'));
      assert.deepEqual(sb.stats().requests, {}, 'no request reached the server');
    });
  }

  it('an id with dots and other characters that are safe in one segment still goes through', async () => {
    await assert.rejects(client().getMonitor('mon.x..y'), (e: unknown) => e instanceof HoxtonApiError && e.status === 404);
    assert.equal(requests('GET /v1/monitors/{id}'), 1);
  });

  it('the sandbox refuses an unknown body fault', async () => {
    const r = await post(`${sb.url}/__sandbox/faults`, JSON.stringify({ route: '*', body: 'nonsense' }));
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /oddItems/);
  });
});
