// The API client against the real sandbox over HTTP on 127.0.0.1: pagination, validation, error mapping,
// retries (with the sandbox's fault switches) and the one token refresh on 401.
import * as assert from 'assert';
import { HoxtonClient } from '../../src/api/client';
import { HoxtonApiError } from '../../src/api/errors';
import { requestToken } from '../../src/api/oauth';
import { startSandbox, type Sandbox } from '../../sandbox';

describe('API client (sandbox over HTTP)', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let token: string;

  const admin = async (path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}${path}`, {
      method: body === undefined ? 'DELETE' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(res.ok, `${path} → ${res.status}`);
  };
  const fault = (f: Record<string, unknown>) => admin('/__sandbox/faults', f);
  const client = (over: Partial<ConstructorParameters<typeof HoxtonClient>[0]> = {}) =>
    new HoxtonClient({ baseUrl: sandbox.url, token: async () => token, retry: { initialDelayMs: 5, maxDelayMs: 20 }, ...over });

  before(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true, bigSiteMonitors: 1000 });
    const t = await requestToken(
      { domain: sandbox.url, audience: 'https://api.hoxton.cloud' },
      {
        grant: 'password',
        username: 'demo@hoxton.test',
        password: 'demo',
        clientId: 'sandbox-acme-service',
        clientSecret: 'sandbox-acme-service-secret',
        scope: 'offline_access',
      },
    );
    token = t.accessToken;
  });
  after(() => sandbox.close());
  afterEach(() =>
    fault({})
      .catch(() => undefined)
      .then(() => admin('/__sandbox/faults')),
  );

  it('reads the organisation and its sites', async () => {
    const c = client();
    const org = await c.getOrganisation();
    assert.strictEqual(org.name, 'Acme Retail');
    const sites = await c.listSites();
    assert.ok(sites.data.length > 0);
    for (const s of sites.data) assert.ok(s.id && s.name && s.timezone);
  });

  it('pages through a 1,000-monitor site to the end, each page one request', async () => {
    const c = client();
    const sites = await c.all((cursor) => c.listSites({ cursor, limit: 500 }));
    let biggest = { id: '', count: 0 };
    for (const s of sites) {
      const first = await c.listMonitors({ siteId: s.id, limit: 1 });
      if (first.next_cursor) {
        const all = await c.all((cursor) => c.listMonitors({ siteId: s.id, cursor, limit: 100 }));
        if (all.length > biggest.count) biggest = { id: s.id, count: all.length };
      }
    }
    assert.strictEqual(biggest.count, 1000);
    const ids = new Set<string>();
    let pages = 0;
    for await (const page of c.pages((cursor) => c.listMonitors({ siteId: biggest.id, cursor, limit: 100 }))) {
      pages++;
      page.forEach((m) => ids.add(m.id));
    }
    assert.strictEqual(pages, 10);
    assert.strictEqual(ids.size, 1000);
  });

  it('maps an API error to a typed error without retrying a 404', async () => {
    await sandbox.resetStats();
    const e = await client()
      .getMonitor('no-such-monitor')
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    assert.ok(e instanceof HoxtonApiError);
    assert.strictEqual(e.status, 404);
    assert.strictEqual(e.code, 'not_found');
    assert.strictEqual(e.endpoint, 'GET /v1/monitors/{id}');
    assert.strictEqual(sandbox.stats().requests['GET /v1/monitors/{id}'], 1, 'a 404 is not retried');
  });

  it('retries 503 and then succeeds', async () => {
    await fault({ route: 'GET /v1/sites', status: 503, times: 2 });
    sandbox.resetStats();
    const sites = await client().listSites();
    assert.ok(sites.data.length > 0);
    assert.strictEqual(sandbox.stats().requests['GET /v1/sites'], 3);
  });

  it('honours Retry-After on 429', async () => {
    await fault({ route: 'GET /v1/sites', status: 429, retryAfter: 1, times: 1 });
    const started = Date.now();
    await client().listSites();
    assert.ok(Date.now() - started >= 950, `waited only ${Date.now() - started} ms`);
  });

  it('gives up after the bounded number of attempts', async () => {
    await fault({ route: 'GET /v1/sites', status: 503 });
    sandbox.resetStats();
    const e = await client({ retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 } })
      .listSites()
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    assert.ok(e instanceof HoxtonApiError && e.status === 503 && e.transient);
    assert.strictEqual(sandbox.stats().requests['GET /v1/sites'], 3, 'exactly the 3 attempts the policy allows');
  });

  it('does not retry a POST', async () => {
    await fault({ route: 'POST /v1/reports', status: 503, times: 1 });
    sandbox.resetStats();
    const e = await client()
      .createReport({ name: 'x', monitor_id: 'm', range: { preset: 'today' }, interval: '1h' })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    assert.ok(e instanceof HoxtonApiError && e.status === 503);
    assert.strictEqual(sandbox.stats().requests['POST /v1/reports'], 1, 'a POST is sent once');
  });

  it('does not retry a POST whose connection was reset', async () => {
    await fault({ route: 'POST /v1/reports', reset: true, times: 2 });
    sandbox.resetStats();
    const e = await client()
      .createReport({ name: 'x', monitor_id: 'm', range: { preset: 'today' }, interval: '1h' })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    assert.ok(e instanceof HoxtonApiError && e.kind === 'network', String(e));
    assert.strictEqual(sandbox.stats().requests['POST /v1/reports'], 1, 'the reset POST was not sent again');
  });

  it('turns malformed JSON into a typed error naming the endpoint', async () => {
    await fault({ route: 'GET /v1/sites', malformed: true });
    const e = await client()
      .listSites()
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    assert.ok(e instanceof HoxtonApiError);
    assert.strictEqual(e.kind, 'malformed');
    assert.match(e.message, /GET \/v1\/sites/);
  });

  it('times out a slow answer and says so', async () => {
    await fault({ route: 'GET /v1/sites', latencyMs: 1500 });
    const e = await client({ timeoutMs: 200, retry: { attempts: 1 } })
      .listSites()
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    assert.ok(e instanceof HoxtonApiError && e.kind === 'timeout', String(e));
  });

  it('retries a reset connection', async () => {
    await fault({ route: 'GET /v1/sites', reset: true, times: 1 });
    sandbox.resetStats();
    const sites = await client().listSites();
    assert.ok(sites.data.length > 0);
    assert.strictEqual(sandbox.stats().requests['GET /v1/sites'], 2, 'one reset, one retry');
  });

  it('retries reset connections exactly as often as the policy says, then gives up', async () => {
    await fault({ route: 'GET /v1/sites', reset: true });
    sandbox.resetStats();
    const e = await client({ retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 } })
      .listSites()
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    assert.ok(e instanceof HoxtonApiError && e.kind === 'network', String(e));
    assert.strictEqual(sandbox.stats().requests['GET /v1/sites'], 3);
  });

  it('asks once for a fresh token on 401 and retries once', async () => {
    const calls: boolean[] = [];
    const c = client({
      token: async ({ forceRefresh }) => {
        calls.push(forceRefresh);
        return forceRefresh ? token : 'not-a-valid-token';
      },
    });
    const org = await c.getOrganisation();
    assert.strictEqual(org.name, 'Acme Retail');
    assert.deepStrictEqual(calls, [false, true]);
  });

  it('surfaces a 401 that a fresh token does not cure', async () => {
    const c = client({ token: async () => 'still-invalid' });
    const e = await c.getOrganisation().then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(e instanceof HoxtonApiError && e.status === 401);
  });

  it('creates, updates with If-Match (409 when stale) and deletes a report', async () => {
    const c = client();
    const site = (await c.listSites()).data[0];
    const monitor = (await c.listMonitors({ siteId: site.id, limit: 1 })).data[0];
    const r = await c.createReport({ name: 'Client test', monitor_id: monitor.id, range: { preset: 'last_7_days' }, interval: '1h' });
    const renamed = await c.updateReport(r.id, r.version, { name: 'Renamed' });
    assert.strictEqual(renamed.name, 'Renamed');
    assert.ok(renamed.version > r.version);
    const stale = await c.updateReport(r.id, r.version, { name: 'Stale' }).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(stale instanceof HoxtonApiError && stale.status === 409);
    await c.deleteReport(r.id, renamed.version);
    const gone = await c.getReport(r.id).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(gone instanceof HoxtonApiError && gone.status === 404);
  });

  it('reads report data that matches the contract', async () => {
    const c = client();
    const site = (await c.listSites()).data[0];
    const monitor = (await c.listMonitors({ siteId: site.id, limit: 1 })).data[0];
    const data = await c.getMonitorData(monitor.id, {
      start: '2026-11-02T00:00:00Z',
      end: '2026-11-03T00:00:00Z',
      interval: '1h',
      timezone: 'UTC',
    });
    assert.strictEqual(data.buckets.length, 24);
    for (const d of data.directions) {
      assert.strictEqual(
        data.buckets.reduce((s, b) => s + (b.counts[d.id] ?? 0), 0),
        data.totals[d.id],
      );
    }
  });
});
