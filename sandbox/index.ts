// Hoxton sandbox: a local HoxtonAi-compatible OAuth2 server + reports API with generated data, on loopback.
import * as http from 'http';
import type { AddressInfo } from 'net';
import { ReportsApi } from './api';
import { buildWorld } from './data';
import { Faults, StatsCounter, validateFault } from './faults';
import type { FaultSpec, Stats } from './faults';
import { LiveControl } from './live';
import type { LiveState } from './live';
import { AuthServer } from './oauth';
import type { OidcState, RedirectCheck, TokenAuth } from './oauth';
import { createHandler } from './server';
import type { SandboxInfo } from './server';
import { TokenService } from './tokens';

export type { FaultSpec, Stats } from './faults';
export type { SandboxInfo } from './server';
export type { LiveState } from './live';

export const DEFAULT_AUDIENCE = 'https://api.hoxton.cloud';

export interface SandboxOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seed of all generated data (default 1). */
  seed?: number;
  /** Regular Acme Retail sites (default 6). */
  sites?: number;
  /** Monitors per regular site (default 6). */
  monitorsPerSite?: number;
  /** Monitors of the extra "Distribution Centre" site (default 1000; 0 = no such site). */
  bigSiteMonitors?: number;
  /** Access token lifetime (default 86400). */
  tokenLifetimeSeconds?: number;
  /** Default https://api.hoxton.cloud. */
  audience?: string;
  /** No request log (default true; the CLI passes false). */
  quiet?: boolean;
  /** Loopback redirect URIs on any port (default) or exactly as registered. */
  redirectCheck?: RedirectCheck;
  /** Serve /.well-known/openid-configuration (default true). */
  discovery?: boolean;
  /** How confidential clients may send their secret (default `both`; see TokenAuth). */
  tokenAuth?: TokenAuth;
}

export interface Sandbox {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  port: number;
  info: SandboxInfo;
  faults: { set(f: FaultSpec): void; clear(): void; list(): FaultSpec[] };
  revokeAll(): void;
  setTokenLifetime(seconds: number): void;
  setRedirectCheck(check: RedirectCheck): void;
  /** Discovery on/off and the client authentication allowed (also POST /__sandbox/oidc); resets the counts. */
  setOidc(o: { discovery?: boolean; tokenAuth?: TokenAuth }): void;
  oidc(): OidcState;
  stats(): Stats;
  resetStats(): void;
  /** The sandbox's now and the live monitors' occupancy (live.ts). */
  live: { setNow(ms: number | null): void; setValue(monitorId: string, value: number | null): void; state(): LiveState };
  close(): Promise<void>;
}

function intOption(v: number | undefined, dflt: number, min: number, max: number, name: string): number {
  const n = v ?? dflt;
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`Sandbox option ${name} must be an integer from ${min} to ${max}`);
  return n;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  const world = buildWorld({
    seed: intOption(opts.seed, 1, -2_147_483_648, 2_147_483_647, 'seed'),
    sites: intOption(opts.sites, 6, 1, 1000, 'sites'),
    monitorsPerSite: intOption(opts.monitorsPerSite, 6, 1, 10_000, 'monitorsPerSite'),
    bigSiteMonitors: intOption(opts.bigSiteMonitors, 1000, 0, 100_000, 'bigSiteMonitors'),
  });
  const tokens = await TokenService.create(
    opts.audience ?? DEFAULT_AUDIENCE,
    intOption(opts.tokenLifetimeSeconds, 86_400, 1, 31_536_000, 'tokenLifetimeSeconds'),
  );
  const faults = new Faults();
  const stats = new StatsCounter();
  const auth = new AuthServer(world, tokens, stats);
  auth.redirectCheck = opts.redirectCheck ?? 'any-port';
  auth.setOidc({ discovery: opts.discovery ?? true, tokenAuth: opts.tokenAuth ?? 'both' });
  const live = new LiveControl();
  const api = new ReportsApi(world, () => live.now(), live);
  const quiet = opts.quiet ?? true;
  let url = '';

  const info = (): SandboxInfo => ({
    url,
    organisations: world.orgs.map((o) => ({ id: o.id, name: o.name })),
    clients: world.clients.map((c) => ({
      id: c.id,
      type: c.type,
      ...(c.secret !== undefined ? { secret: c.secret } : {}),
      name: c.name,
      orgName: world.orgById.get(c.orgId)?.name ?? '',
      grants: [...c.grants],
    })),
    users: world.users.map((u) => ({
      username: u.username,
      password: u.password,
      name: u.name,
      org: u.orgId,
      orgName: world.orgById.get(u.orgId)?.name ?? '',
      role: u.role,
    })),
    liveMonitors: [...world.monitorById.values()]
      .filter((m) => m.live)
      .map((m) => ({ id: m.id, name: m.name, org: m.orgId, siteId: m.siteId, capacity: m.capacity })),
  });
  const setTokenLifetime = (seconds: number) => {
    tokens.lifetimeSeconds = intOption(seconds, 86_400, 1, 31_536_000, 'seconds');
  };

  const server = http.createServer(
    createHandler({
      auth,
      api,
      faults,
      stats,
      live,
      info,
      setTokenLifetime,
      revokeAll: () => tokens.revokeAll(),
      log: (line) => {
        if (!quiet) console.log(`[sandbox] ${line}`);
      },
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  tokens.issuer = `${url}/`;

  return {
    url,
    port,
    info: info(),
    faults: {
      set: (f) => faults.set(validateFault(f)),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
    setRedirectCheck: (check) => {
      auth.redirectCheck = check;
    },
    setOidc: (o) => auth.setOidc(o),
    oidc: () => auth.oidcState(),
    revokeAll: () => tokens.revokeAll(),
    setTokenLifetime,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    live: {
      setNow: (ms) => live.setNow(ms),
      setValue: (id, v) => live.setValue(id, v),
      state: () => live.state(),
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
