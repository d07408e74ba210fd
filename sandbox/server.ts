// Request routing: admin endpoints (/__sandbox/…), faults, stats, the auth server and the reports API.
import { readFileSync } from 'fs';
import type { IncomingMessage, ServerResponse } from 'http';
import * as path from 'path';
import type { ApiHandler, ReportsApi } from './api';
import type { BodyFault, FaultSpec, Faults, StatsCounter } from './faults';
import { validateFault } from './faults';
import { parseLiveUpdate, type LiveControl } from './live';
import { CORS_HEADERS, HttpError, isLoopbackAddress, readBody, send, sendApiError, sendEmpty, sendHtml, sendJson } from './http';
import type { AuthServer, TokenAuth } from './oauth';
import { TOKEN_AUTHS } from './oauth';
import { projectRoot } from './root';

export interface SandboxInfo {
  url: string;
  organisations: { id: string; name: string }[];
  /** OAuth clients: `public` (native app: PKCE, no secret) or `confidential` (its secret needed for every grant). */
  clients: { id: string; type: 'public' | 'confidential'; secret?: string; name: string; orgName: string; grants: string[] }[];
  users: { username: string; password: string; name: string; org: string; orgName: string; role: string }[];
  /** Occupancy monitors whose data stops at the sandbox's now (admin route /__sandbox/live). */
  liveMonitors: { id: string; name: string; org: string; siteId: string; capacity: number | null }[];
}

/** What the router needs from the running sandbox. */
export interface ServerContext {
  auth: AuthServer;
  api: ReportsApi;
  faults: Faults;
  stats: StatsCounter;
  live: LiveControl;
  info(): SandboxInfo;
  setTokenLifetime(seconds: number): void;
  revokeAll(): void;
  log(line: string): void;
}

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  handler: ApiHandler;
}

function route(method: string, pattern: string, handler: ApiHandler): Route {
  return { method, pattern, segments: pattern.split('/').filter(Boolean), handler };
}

function matchRoute(routes: Route[], pathname: string): { routes: Route[]; params: Record<string, string> } | undefined {
  const segs = pathname.split('/').filter(Boolean);
  let found: { routes: Route[]; params: Record<string, string> } | undefined;
  for (const r of routes) {
    if (r.segments.length !== segs.length) continue;
    const params: Record<string, string> = {};
    const ok = r.segments.every((s, i) => {
      if (s.startsWith('{')) {
        try {
          params[s.slice(1, -1)] = decodeURIComponent(segs[i]);
        } catch {
          return false;
        }
        return true;
      }
      return s === segs[i];
    });
    if (!ok) continue;
    if (!found) found = { routes: [], params };
    if (found.routes[0]?.pattern === undefined || found.routes[0].pattern === r.pattern) found.routes.push(r);
  }
  return found;
}

export function createHandler(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  const { api } = ctx;
  const routes: Route[] = [
    route('GET', '/v1/organisation', api.getOrganisation),
    route('GET', '/v1/sites', api.listSites),
    route('GET', '/v1/monitors', api.listMonitors),
    route('GET', '/v1/monitors/{id}', api.getMonitor),
    route('GET', '/v1/monitors/{id}/data', api.getMonitorData),
    route('GET', '/v1/reports', api.listReports),
    route('POST', '/v1/reports', api.createReport),
    route('GET', '/v1/reports/{id}', api.getReport),
    route('PATCH', '/v1/reports/{id}', api.updateReport),
    route('DELETE', '/v1/reports/{id}', api.deleteReport),
    route('GET', '/v1/reports/{id}/data', api.getReportData),
  ];

  return (req, res) => {
    const started = Date.now();
    res.on('finish', () => {
      const pathname = (req.url ?? '/').split('?')[0]; // never log query strings (codes, state)
      ctx.log(`${req.method} ${pathname} ${res.statusCode} ${Date.now() - started}ms`);
    });
    handle(ctx, routes, req, res).catch((e: unknown) => {
      if (e instanceof HttpError) {
        sendApiError(res, e.status, e.code, e.message, e.headers);
      } else {
        ctx.log(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        sendApiError(res, 500, 'internal', 'Internal sandbox error');
      }
    });
  };
}

async function handle(ctx: ServerContext, routes: Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const pathname = url.pathname;

  if (pathname.startsWith('/__sandbox/')) return admin(ctx, req, res, method, pathname);

  for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
  if (method === 'OPTIONS') return sendEmpty(res, 204);

  const apiMatch = pathname.startsWith('/v1/') ? matchRoute(routes, pathname) : undefined;
  const apiRoute = apiMatch?.routes.find((r) => r.method === method);
  ctx.stats.request(`${method} ${apiRoute?.pattern ?? apiMatch?.routes[0]?.pattern ?? pathname}`, `${method} ${url.pathname}${url.search}`);
  if (apiMatch) {
    const end = ctx.stats.begin();
    res.once('finish', end);
    res.once('close', end);
  }

  const fault = ctx.faults.take(method, pathname);
  if (fault) {
    const handled = await applyFault(fault, req, res, pathname);
    if (handled) return;
  }

  if (pathname === '/.well-known/openid-configuration' && method === 'GET') {
    // no-cache: a client sees a switch of /__sandbox/oidc at once (the extension caches per Cache-Control).
    if (!ctx.auth.discovery) throw new HttpError(404, 'not_found', 'No discovery document here', { 'Cache-Control': 'no-cache' });
    return sendJson(res, 200, ctx.auth.openidConfiguration(), { 'Cache-Control': 'no-cache' });
  }
  if (pathname === '/.well-known/jwks.json' && method === 'GET') return sendJson(res, 200, ctx.auth.tokens.jwks());
  if (pathname === '/authorize' && (method === 'GET' || method === 'POST')) return ctx.auth.handleAuthorize(req, res, url);
  if (pathname === '/oauth/token' && method === 'POST') return ctx.auth.handleToken(req, res);
  if (pathname === '/oauth/revoke' && method === 'POST') return ctx.auth.handleRevoke(req, res);
  if (pathname === '/userinfo' && (method === 'GET' || method === 'POST')) return ctx.auth.handleUserinfo(req, res);
  if ((pathname === '/v1/openapi.yaml' || pathname === '/openapi.yaml') && method === 'GET') {
    const text = readFileSync(path.join(projectRoot(), 'src', 'api', 'openapi.yaml'), 'utf8');
    return send(res, 200, text, 'application/yaml; charset=utf-8');
  }

  if (!apiMatch) throw new HttpError(404, 'not_found', `No route for ${method} ${pathname}`);
  if (!apiRoute) {
    const allow = apiMatch.routes.map((r) => r.method).join(', ');
    throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here`, { Allow: allow });
  }
  const principal = await ctx.auth.authenticate(req);
  const body = method === 'POST' || method === 'PATCH' ? await readBody(req) : '';
  const result = await apiRoute.handler({ principal, url, params: apiMatch.params, headers: req.headers, body });
  if (result.body === undefined) return sendEmpty(res, result.status, result.headers);
  if (fault?.body && result.status < 300) return sendOddBody(fault.body, result.body, res, result.headers);
  return sendJson(res, result.status, result.body, result.headers);
}

/** Applies a fault; true when the request has been answered (or dropped). */
async function applyFault(f: FaultSpec, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
  if (res.destroyed) return true;
  if (f.reset) {
    req.socket.destroy();
    return true;
  }
  if (f.redirectTo) {
    sendEmpty(res, f.status ?? 307, { Location: f.redirectTo, 'Cache-Control': 'no-store' });
    return true;
  }
  if (f.body === 'oversized') {
    await streamOversized(res, 80 << 20, f.status ?? 200);
    return true;
  }
  if (f.status) {
    const headers: Record<string, string> = {};
    if (f.retryAfter !== undefined) headers['Retry-After'] = String(f.retryAfter);
    const oauthRoute = !pathname.startsWith('/v1/');
    const code = f.status === 429 ? 'rate_limited' : f.status >= 500 ? 'unavailable' : 'injected_fault';
    const message = f.message ?? `Injected fault (${f.status})`;
    if (oauthRoute) {
      const error = f.status === 429 || f.status >= 500 ? 'temporarily_unavailable' : 'invalid_request';
      sendJson(res, f.status, { error, error_description: message }, headers);
    } else {
      sendApiError(res, f.status, code, message, headers);
    }
    return true;
  }
  if (f.malformed) {
    send(res, 200, '{"data": [{"id": "truncated', 'application/json; charset=utf-8');
    return true;
  }
  if (f.body === 'html') {
    sendHtml(res, 200, '<!doctype html><html><head><title>Wi-Fi login</title></head><body><form>Accept the terms</form></body></html>');
    return true;
  }
  return false;
}

/** 80 MiB of JSON-looking filler, written as the client reads it (stops when the client goes away). */
async function streamOversized(res: ServerResponse, bytes: number, status: number): Promise<void> {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  const item = `{"id":"filler","name":"${'x'.repeat(1000)}"},`;
  const chunk = Buffer.from(item.repeat(64));
  let sent = 0;
  res.write('{"data":[');
  while (sent < bytes && !res.destroyed) {
    sent += chunk.length;
    if (!res.write(chunk)) {
      await new Promise<void>((r) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          r();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!res.destroyed) res.end('{"id":"last","name":"x"}],"next_cursor":null}');
}

/** A real answer made odd (see BODY_FAULTS in faults.ts). */
function sendOddBody(kind: BodyFault, body: unknown, res: ServerResponse, headers: Record<string, string> = {}): void {
  const b = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  if (kind === 'oddItems') {
    const items = Array.isArray(b.data) ? (b.data as Record<string, unknown>[]) : [b];
    const nulls = (o: Record<string, unknown>) => {
      o.name = null;
      if ('address' in o) o.address = null;
    };
    if (items[0]) nulls(items[0]);
    if (items[1] && Array.isArray(b.data)) {
      items[1].name = 42;
      if ('capacity' in items[1]) items[1].capacity = 'many';
      if ('created_at' in items[1]) items[1].created_at = 7;
    }
    if (items[2] && Array.isArray(b.data)) Object.assign(items[2], { x_future: { nested: [1, 2] }, x_note: '<b>new</b>' });
    if (items[3] && Array.isArray(b.data)) items[3].id = null;
    if (items[4] && Array.isArray(b.data)) items[4].id = '..';
  } else if ((kind === 'badTotals' || kind === 'otherRange') && Array.isArray(b.buckets)) {
    const totals = b.totals as Record<string, number>;
    if (kind === 'otherRange') {
      const buckets = b.buckets as { start: string; counts: Record<string, number> }[];
      const kept = buckets.slice(Math.floor(buckets.length / 2));
      b.buckets = kept;
      if (kept[0]) b.start = kept[0].start;
      for (const k of Object.keys(totals)) totals[k] = kept.reduce((s, x) => s + (x.counts[k] ?? 0), 0);
    } else {
      for (const k of Object.keys(totals)) totals[k] += 1;
    }
  } else if (kind === 'utcTimes' && Array.isArray(b.buckets)) {
    const utc = (iso: unknown) => (typeof iso === 'string' ? new Date(iso).toISOString().replace(/\.000Z$/, 'Z') : iso);
    b.start = utc(b.start);
    b.end = utc(b.end);
    for (const x of b.buckets as { start: string }[]) x.start = utc(x.start) as string;
  } else if (kind === 'badEnvelope' && Array.isArray(b.data)) {
    b.data = Object.fromEntries((b.data as unknown[]).map((x, i) => [String(i), x]));
  } else if (kind === 'stall') {
    const text = JSON.stringify(b);
    const half = Buffer.from(text).subarray(0, Math.floor(Buffer.byteLength(text) / 2));
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.write(half); // and then nothing: the socket stays open until the client (or close()) ends it
    return;
  }
  sendJson(res, 200, b, headers);
}

async function admin(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, method: string, pathname: string): Promise<void> {
  if (!isLoopbackAddress(req.socket.remoteAddress)) throw new HttpError(403, 'forbidden', 'Sandbox admin endpoints are loopback-only');
  const key = `${method} ${pathname.replace(/\/+$/, '')}`;
  const json = async (): Promise<unknown> => {
    const text = await readBody(req);
    if (!text.trim()) return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON');
    }
  };
  switch (key) {
    case 'GET /__sandbox/faults':
      return sendJson(res, 200, { faults: ctx.faults.list() });
    case 'POST /__sandbox/faults': {
      const body = await json();
      let specs: FaultSpec[];
      try {
        specs = (Array.isArray(body) ? body : [body]).map(validateFault);
      } catch (e) {
        throw new HttpError(400, 'invalid_fault', e instanceof Error ? e.message : 'Invalid fault');
      }
      specs.forEach((s) => ctx.faults.set(s));
      return sendJson(res, 200, { faults: ctx.faults.list() });
    }
    case 'DELETE /__sandbox/faults':
      ctx.faults.clear();
      return sendJson(res, 200, { faults: [] });
    case 'POST /__sandbox/token-lifetime': {
      const body = (await json()) as { seconds?: unknown };
      const s = body.seconds;
      if (typeof s !== 'number' || !Number.isInteger(s) || s < 1 || s > 31_536_000) {
        throw new HttpError(400, 'invalid_request', '`seconds` must be a positive integer');
      }
      ctx.setTokenLifetime(s);
      return sendJson(res, 200, { seconds: s });
    }
    case 'POST /__sandbox/revoke-all':
      ctx.revokeAll();
      return sendJson(res, 200, { revoked: true });
    case 'GET /__sandbox/stats':
      return sendJson(res, 200, ctx.stats.snapshot());
    case 'POST /__sandbox/stats/reset':
      ctx.stats.reset();
      return sendJson(res, 200, ctx.stats.snapshot());
    case 'POST /__sandbox/rename': {
      const body = (await json()) as Record<string, unknown>;
      try {
        return sendJson(res, 200, ctx.api.rename(body));
      } catch (e) {
        throw new HttpError(400, 'invalid_request', e instanceof Error ? e.message : 'Invalid rename');
      }
    }
    case 'GET /__sandbox/live':
      return sendJson(res, 200, ctx.live.state());
    case 'POST /__sandbox/live': {
      let u: ReturnType<typeof parseLiveUpdate>;
      try {
        u = parseLiveUpdate(await json());
      } catch (e) {
        throw new HttpError(400, 'invalid_request', e instanceof Error ? e.message : 'Invalid live update');
      }
      if (u.now !== undefined) ctx.live.setNow(u.now);
      if (u.advanceMinutes !== undefined) ctx.live.setNow(ctx.live.now() + u.advanceMinutes * 60_000);
      for (const [id, v] of Object.entries(u.values ?? {})) ctx.live.setValue(id, v);
      return sendJson(res, 200, ctx.live.state());
    }
    case 'GET /__sandbox/redirect-check':
      return sendJson(res, 200, { check: ctx.auth.redirectCheck });
    case 'POST /__sandbox/redirect-check': {
      const body = (await json()) as { check?: unknown };
      if (body.check !== 'exact' && body.check !== 'any-port') {
        throw new HttpError(400, 'invalid_request', '`check` must be "exact" or "any-port"');
      }
      ctx.auth.redirectCheck = body.check;
      return sendJson(res, 200, { check: body.check });
    }
    case 'GET /__sandbox/oidc':
      return sendJson(res, 200, ctx.auth.oidcState());
    case 'POST /__sandbox/oidc': {
      const body = (await json()) as { discovery?: unknown; tokenAuth?: unknown };
      if (body.discovery !== undefined && typeof body.discovery !== 'boolean') {
        throw new HttpError(400, 'invalid_request', '`discovery` must be true or false');
      }
      if (body.tokenAuth !== undefined && !TOKEN_AUTHS.includes(body.tokenAuth as TokenAuth)) {
        throw new HttpError(400, 'invalid_request', `\`tokenAuth\` must be one of ${TOKEN_AUTHS.join(', ')}`);
      }
      ctx.auth.setOidc({ discovery: body.discovery, tokenAuth: body.tokenAuth as TokenAuth | undefined });
      return sendJson(res, 200, ctx.auth.oidcState());
    }
    case 'GET /__sandbox/info':
      return sendJson(res, 200, ctx.info());
    default:
      throw new HttpError(404, 'not_found', `No sandbox admin route ${method} ${pathname}`);
  }
}
