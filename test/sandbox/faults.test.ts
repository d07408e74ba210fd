import { strict as assert } from 'assert';
import type { Sandbox } from '../../sandbox/index';
import { ACME, accessToken, api, clientToken, DEMO, passwordToken, post, start } from './helpers';

describe('sandbox: faults, stats and admin endpoints', () => {
  let sb: Sandbox;
  let t: string;
  const setFault = async (f: Record<string, unknown>) => {
    const r = await post(`${sb.url}/__sandbox/faults`, JSON.stringify(f));
    assert.equal(r.status, 200, r.text);
  };

  before(async () => {
    sb = await start({ bigSiteMonitors: 0 });
    t = await accessToken(sb, DEMO);
  });
  afterEach(async () => {
    await fetch(`${sb.url}/__sandbox/faults`, { method: 'DELETE' });
  });
  after(() => sb.close());

  it('503 with Retry-After on the chosen route only', async () => {
    await setFault({ route: 'GET /v1/sites', status: 503, retryAfter: 1 });
    const r = await api(sb, t, '/v1/sites');
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('retry-after'), '1');
    assert.equal(typeof r.body.error.code, 'string');
    assert.equal((await api(sb, t, '/v1/organisation')).status, 200);
    assert.equal((await api(sb, t, '/v1/monitors')).status, 200);
  });

  it('429 with Retry-After', async () => {
    await setFault({ route: 'GET /v1/monitors', status: 429, retryAfter: 2 });
    const r = await api(sb, t, '/v1/monitors?limit=1');
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '2');
    assert.equal(r.body.error.code, 'rate_limited');
    // The prefix also covers /v1/monitors/{id}/data.
    assert.equal((await api(sb, t, '/v1/monitors/x/data')).status, 429);
  });

  it('a status fault with its own message (API) or error_description (auth server)', async () => {
    const hostile = '[Retry](command:workbench.action.reloadWindow)\n$(alert)';
    await setFault({ route: 'GET /v1/sites', status: 422, message: hostile });
    const r = await api(sb, t, '/v1/sites');
    assert.equal(r.status, 422);
    assert.equal(r.body.error.message, hostile);
    await setFault({ route: 'POST /oauth/token', status: 400, message: hostile, times: 1 });
    const tok = await passwordToken(sb, DEMO);
    assert.equal(tok.status, 400);
    assert.deepEqual(tok.body, { error: 'invalid_request', error_description: hostile });
    const bad = await post(`${sb.url}/__sandbox/faults`, JSON.stringify({ route: '*', status: 400, message: 42 }));
    assert.equal(bad.status, 400);
  });

  it('renames sites, monitors, directions, reports and users (admin)', async () => {
    const rename = (body: Record<string, unknown>) => post(`${sb.url}/__sandbox/rename`, JSON.stringify(body));
    const sites = (await api(sb, t, '/v1/sites')).body.data;
    const site = sites[sites.length - 1];
    const r = await rename({ kind: 'site', id: site.id, name: '!\u202eevil <b>' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { previous: site.name });
    const again = (await api(sb, t, '/v1/sites')).body.data;
    assert.equal(again[0].id, site.id, 'the list is sorted by the new name');
    assert.equal(again[0].name, '!\u202eevil <b>');
    await rename({ kind: 'site', id: site.id, name: site.name });

    const monitor = (await api(sb, t, '/v1/monitors?type=people_count&limit=1')).body.data[0];
    assert.equal((await rename({ kind: 'direction', monitorId: monitor.id, id: monitor.directions[0].id, name: '$(x)' })).status, 200);
    assert.equal((await api(sb, t, `/v1/monitors/${monitor.id}`)).body.directions[0].name, '$(x)');
    assert.equal((await rename({ kind: 'user', id: DEMO.username, name: 'Eve\nNewline' })).status, 200);
    assert.equal((await rename({ kind: 'monitor', id: 'nope', name: 'x' })).status, 400);
    assert.equal((await rename({ kind: 'planet', id: 'x', name: 'x' })).status, 400);
    await rename({ kind: 'user', id: DEMO.username, name: 'Dana Demo' });
  });

  it('malformed JSON bodies', async () => {
    await setFault({ route: 'GET /v1/organisation', malformed: true });
    const res = await fetch(`${sb.url}/v1/organisation`, { headers: { Authorization: `Bearer ${t}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /json/);
    await assert.rejects(res.json(), SyntaxError);
  });

  it('connection resets', async () => {
    await setFault({ route: '*', reset: true, times: 1 });
    sb.resetStats();
    await assert.rejects(fetch(`${sb.url}/v1/sites`, { headers: { Authorization: `Bearer ${t}` } }), {
      name: 'TypeError',
      message: 'fetch failed',
    });
    assert.equal(sb.stats().requests['GET /v1/sites'], 1, 'the reset request reached the sandbox');
    assert.equal((await api(sb, t, '/v1/sites')).status, 200);
  });

  it('latency', async () => {
    await setFault({ route: 'GET /v1/organisation', latencyMs: 250 });
    const started = Date.now();
    assert.equal((await api(sb, t, '/v1/organisation')).status, 200);
    assert.ok(Date.now() - started >= 240);
  });

  it('`times` applies to the next N requests, then clears', async () => {
    await setFault({ route: 'GET /v1/sites', status: 500, times: 2 });
    assert.equal((await api(sb, t, '/v1/sites')).status, 500);
    assert.equal((await api(sb, t, '/v1/sites')).status, 500);
    assert.equal((await api(sb, t, '/v1/sites')).status, 200);
  });

  it('faults on the token endpoint answer in the OAuth error shape; DELETE clears all', async () => {
    await setFault({ route: 'POST /oauth/token', status: 503, retryAfter: 3 });
    const r = await passwordToken(sb, DEMO);
    assert.equal(r.status, 503);
    assert.equal(r.body.error, 'temporarily_unavailable');
    assert.equal((await fetch(`${sb.url}/__sandbox/faults`, { method: 'DELETE' })).status, 200);
    assert.equal((await passwordToken(sb, DEMO)).status, 200);
  });

  it('rejects invalid faults; the programmatic API works too', async () => {
    assert.equal((await post(`${sb.url}/__sandbox/faults`, JSON.stringify({ status: 503 }))).status, 400);
    assert.equal((await post(`${sb.url}/__sandbox/faults`, JSON.stringify({ route: '*', status: 'x' }))).status, 400);
    sb.faults.set({ route: 'GET /v1/sites', status: 502, times: 1 });
    assert.equal((await api(sb, t, '/v1/sites')).status, 502);
    assert.equal((await api(sb, t, '/v1/sites')).status, 200);
    sb.faults.set({ route: '*', status: 500 });
    sb.faults.clear();
    assert.equal((await api(sb, t, '/v1/sites')).status, 200);
  });

  it('counts token requests by grant and API requests by route', async () => {
    assert.equal((await post(`${sb.url}/__sandbox/stats/reset`, '{}')).status, 200);
    await passwordToken(sb, DEMO);
    await clientToken(sb);
    await clientToken(sb);
    await api(sb, t, '/v1/monitors?limit=1');
    const one = (await api(sb, t, '/v1/monitors?limit=1')).body.data[0];
    await api(sb, t, `/v1/monitors/${one.id}`);
    const stats = (await (await fetch(`${sb.url}/__sandbox/stats`)).json()) as {
      tokenRequests: number;
      tokenRequestsByGrant: Record<string, number>;
      requests: Record<string, number>;
    };
    assert.equal(stats.tokenRequests, 3);
    assert.deepEqual(stats.tokenRequestsByGrant, { password: 1, client_credentials: 2 });
    assert.equal(stats.requests['GET /v1/monitors'], 2);
    assert.equal(stats.requests['GET /v1/monitors/{id}'], 1);
    assert.equal(stats.requests['POST /oauth/token'], 3);
    assert.deepEqual(sb.stats(), stats);
    sb.resetStats();
    assert.equal(sb.stats().tokenRequests, 0);
  });

  it('GET /__sandbox/info lists organisations, clients and users', async () => {
    const info = (await (await fetch(`${sb.url}/__sandbox/info`)).json()) as {
      url: string;
      organisations: { id: string; name: string }[];
      clients: { id: string; type: string; secret?: string; orgName: string }[];
      users: { username: string; password: string; org: string; role: string }[];
    };
    assert.equal(info.url, sb.url);
    assert.deepEqual(info, JSON.parse(JSON.stringify(sb.info)));
    assert.deepEqual(
      info.organisations.map((o) => o.name),
      ['Acme Retail', 'Borough Market'],
    );
    assert.deepEqual(
      info.clients.map((c) => [c.orgName, c.id, c.type, c.secret]),
      [
        ['Acme Retail', 'sandbox-acme', 'public', undefined],
        ['Acme Retail', ACME.clientId, 'confidential', ACME.clientSecret],
        ['Borough Market', 'sandbox-borough', 'confidential', 'sandbox-borough-secret'],
      ],
    );
    const demo = info.users.find((u) => u.username === 'demo@hoxton.test');
    assert.deepEqual(demo && [demo.password, demo.org, demo.role], ['demo', info.organisations[0].id, 'admin']);
    assert.ok(info.users.some((u) => u.username === 'member@hoxton.test' && u.role === 'member'));
    assert.ok(info.users.some((u) => u.username === 'ops@borough.test' && u.org === info.organisations[1].id));
  });

  it('serves the contract at /v1/openapi.yaml and /openapi.yaml', async () => {
    for (const p of ['/v1/openapi.yaml', '/openapi.yaml']) {
      const res = await fetch(`${sb.url}${p}`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^openapi: 3\.1/);
    }
  });
});
