// The sandbox's world: organisations, sites, monitors, users, OAuth clients and saved reports, generated
// deterministically from a seed. Counts are not stored: see series.ts.
import { hash32, hex8, unit } from './hash';
import { formatInTz, localMidnight, MINUTE } from './time';
import type { Compare, Direction, Interval, MonitorType, RangePreset, ReportRange } from '../src/api/types';

export type { Direction, Interval, MonitorType, RangePreset, ReportRange };

export type Role = 'admin' | 'member';

export interface OrgRec {
  id: string;
  name: string;
  timezone: string;
  sites: SiteRec[]; // sorted by name, id
  monitors: MonitorRec[]; // sorted by name, id
}

export interface SiteRec {
  id: string;
  orgId: string;
  name: string;
  address: string;
  timezone: string;
  openHour: number;
  closeHour: number;
  monitors: MonitorRec[]; // sorted by name, id
}

export interface MonitorRec {
  id: string;
  orgId: string;
  siteId: string;
  name: string;
  type: MonitorType;
  directions: Direction[];
  capacity: number | null;
  createdAt: string;
  /** Hash key of the monitor's generated data. */
  key: number;
  /** Mean people per 15 minutes at the busiest time of an average day (first direction). */
  scale: number;
  /** Relative volume per direction. */
  dirFactors: number[];
  /** A live monitor: its data stops at the sandbox's now, and tests can set its occupancy (live.ts). */
  live?: boolean;
}

export interface UserRec {
  sub: string;
  username: string;
  password: string;
  name: string;
  orgId: string;
  role: Role;
  /** Sites a member may see; null for admins. */
  siteIds: string[] | null;
}

/**
 * An OAuth client modelled like an Auth0 application: `public` is a native app (no secret; PKCE required for
 * authorization_code; refresh without a secret), `confidential` a machine-to-machine or regular web app (its secret
 * required for every grant it uses, refresh_token included).
 */
export interface ClientRec {
  id: string;
  type: 'public' | 'confidential';
  /** Confidential clients only. */
  secret?: string;
  name: string;
  orgId: string;
  grants: string[];
  redirectUris: string[];
}

export interface ReportRec {
  id: string;
  orgId: string;
  name: string;
  monitorId: string;
  range: ReportRange;
  interval: Interval;
  directions: string[] | null;
  /** The period the report is compared with; absent for none. */
  compare?: Compare;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface WorldOptions {
  seed: number;
  sites: number;
  monitorsPerSite: number;
  bigSiteMonitors: number;
}

export interface World {
  seed: number;
  orgs: OrgRec[];
  orgById: Map<string, OrgRec>;
  siteById: Map<string, SiteRec>;
  monitorById: Map<string, MonitorRec>;
  users: UserRec[];
  clients: ClientRec[];
  reports: Map<string, ReportRec>;
  nextReportNo: number;
}

interface SiteTemplate {
  name: string;
  city: string;
  address: string;
  tz: string;
}

const ACME_SITES: SiteTemplate[] = [
  { name: 'Oxford Street Flagship', city: 'London', address: '214 Oxford Street, London W1C 1DH, United Kingdom', tz: 'Europe/London' },
  { name: 'Fifth Avenue', city: 'New York', address: '611 Fifth Avenue, New York, NY 10022, United States', tz: 'America/New_York' },
  { name: 'Shibuya', city: 'Tokyo', address: '2-24-1 Shibuya, Shibuya City, Tokyo 150-0002, Japan', tz: 'Asia/Tokyo' },
  { name: 'Pitt Street Mall', city: 'Sydney', address: '188 Pitt Street, Sydney NSW 2000, Australia', tz: 'Australia/Sydney' },
  { name: 'Manchester Arndale', city: 'Manchester', address: 'Market Street, Manchester M4 3AQ, United Kingdom', tz: 'Europe/London' },
  {
    name: 'Union Square',
    city: 'San Francisco',
    address: "170 O'Farrell Street, San Francisco, CA 94102, United States",
    tz: 'America/Los_Angeles',
  },
  { name: 'Rue de Rivoli', city: 'Paris', address: '52 Rue de Rivoli, 75004 Paris, France', tz: 'Europe/Paris' },
  { name: 'Phoenix Palladium', city: 'Mumbai', address: '462 Senapati Bapat Marg, Lower Parel, Mumbai 400013, India', tz: 'Asia/Kolkata' },
  { name: 'Rundle Mall', city: 'Adelaide', address: '77 Rundle Mall, Adelaide SA 5000, Australia', tz: 'Australia/Adelaide' },
  { name: 'Eaton Centre', city: 'Toronto', address: '220 Yonge Street, Toronto, ON M5B 2H1, Canada', tz: 'America/Toronto' },
  { name: 'Alexanderplatz', city: 'Berlin', address: 'Alexanderplatz 9, 10178 Berlin, Germany', tz: 'Europe/Berlin' },
  { name: 'Dubai Mall', city: 'Dubai', address: 'Financial Centre Road, Downtown Dubai, United Arab Emirates', tz: 'Asia/Dubai' },
];

const BOROUGH_SITES: SiteTemplate[] = [
  { name: 'Green Market', city: 'London', address: '8 Southwark Street, London SE1 1TL, United Kingdom', tz: 'Europe/London' },
  { name: 'Jubilee Place', city: 'London', address: 'Stoney Street, London SE1 9AA, United Kingdom', tz: 'Europe/London' },
  { name: 'Borough Market Kitchen', city: 'London', address: 'Winchester Walk, London SE1 9AG, United Kingdom', tz: 'Europe/London' },
];

/**
 * A monitor whose name and directions are hostile markup and very long: every client must show them as text.
 * In Borough Market's "Jubilee Place", so that Acme's numbers stay as they are.
 */
export const HOSTILE_MONITOR = {
  name: `<img src=x onerror="window.__pwned=1"> Stall "quotes" & </script><script>window.__pwned=2</script> ${'very long name '.repeat(12).trim()}`,
  type: 'people_count' as const,
  directions: ['<b>towards</b> cafe', '</script><img src=y onerror=alert(2)>'],
};

interface MonitorTemplate {
  name: string;
  type: MonitorType;
  directions?: string[];
  capacity?: number;
}

const MONITOR_TEMPLATES: MonitorTemplate[] = [
  { name: 'Main Entrance', type: 'people_count', directions: ['in', 'out'] },
  { name: 'Store Occupancy', type: 'occupancy', capacity: 350 },
  { name: 'Café Corridor', type: 'people_count', directions: ['towards cafe', 'towards gift shop'] },
  { name: 'Escalator Landing', type: 'people_count', directions: ['left', 'right'] },
  { name: 'Food Hall', type: 'occupancy', capacity: 180 },
  { name: 'Atrium Crossing', type: 'people_count', directions: ['towards cafe', 'towards gift shop', 'towards exit'] },
  { name: 'Side Door', type: 'people_count', directions: ['in', 'out'] },
  { name: 'Fitting Rooms', type: 'occupancy', capacity: 40 },
  { name: 'Car Park Link', type: 'people_count', directions: ['towards car park', 'towards store'] },
  { name: 'Staff Entrance', type: 'people_count', directions: ['in', 'out'] },
];

/**
 * More entrances for some of Acme's sites, so sites have from 4 to 8 people-count monitors whose counts differ (a
 * whole-site report needs them). Named to sort after the stock monitors, so every existing monitor keeps its place.
 * By ACME_SITES index: Oxford Street Flagship keeps exactly 4 entrances, Shibuya has 8.
 */
const EXTRA_ENTRANCES: MonitorTemplate[] = [
  { name: 'West Entrance', type: 'people_count', directions: ['in', 'out'] },
  { name: 'Underground Link', type: 'people_count', directions: ['in', 'out'] },
  { name: 'Upper Mall Entrance', type: 'people_count', directions: ['in', 'out'] },
  { name: 'Taxi Rank Entrance', type: 'people_count', directions: ['in', 'out'] },
];
const EXTRA_ENTRANCES_BY_SITE = [0, 0, 4, 2, 1, 0, 1, 2, 0, 3, 1, 4];
/** At most this many people-count monitors per site from the extra entrances. */
const MAX_ENTRANCES = 8;

export const OCCUPANCY_DIRECTIONS: Direction[] = [
  { id: 'in', name: 'in' },
  { id: 'out', name: 'out' },
];

export function slug(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

export function byNameThenId<T extends { name: string; id: string }>(a: T, b: T): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

class IdMaker {
  private readonly used = new Set<string>();
  constructor(private readonly seed: number) {}
  make(prefix: string, ...parts: number[]): string {
    for (let salt = 0; ; salt++) {
      const id = `${prefix}_${hex8(hash32(this.seed, ...parts, salt))}`;
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

const ORG_ACME = 'org_acme_retail';
const ORG_BOROUGH = 'org_borough_market';

function makeMonitor(seed: number, ids: IdMaker, site: SiteRec, n: number, tpl: MonitorTemplate, name: string, tag: number): MonitorRec {
  const key = hash32(seed, 0x6d6f6e, tag, n);
  const directions: Direction[] =
    tpl.type === 'occupancy' ? OCCUPANCY_DIRECTIONS : (tpl.directions ?? ['in', 'out']).map((d) => ({ id: slug(d), name: d }));
  const capacity = tpl.type === 'occupancy' ? Math.round((tpl.capacity ?? 100) * (0.8 + 0.4 * unit(key, 1))) : null;
  const scale = capacity !== null ? capacity * 0.24 : 6 + Math.floor(unit(key, 2) * 55);
  // Occupancy monitors always have in/out with the same factor (out is simulated from in).
  const dirFactors = tpl.type === 'occupancy' ? [1, 1] : directions.map((_, i) => (i === 0 ? 1 : 0.75 + 0.3 * unit(key, 3, i)));
  const createdMs = Date.UTC(2024, 0, 1) + Math.floor(unit(key, 4) * 600) * 86_400_000 + Math.floor(unit(key, 5) * 600) * MINUTE;
  return {
    id: ids.make('mon', tag, n),
    orgId: site.orgId,
    siteId: site.id,
    name,
    type: tpl.type,
    directions,
    capacity,
    createdAt: isoSeconds(createdMs),
    key,
    scale,
    dirFactors,
  };
}

function makeSite(seed: number, ids: IdMaker, orgId: string, tag: number, tpl: SiteTemplate, name: string): SiteRec {
  const h = hash32(seed, 0x73697465, tag);
  return {
    id: ids.make('site', tag),
    orgId,
    name,
    address: tpl.address,
    timezone: tpl.tz,
    openHour: 7 + (h % 3), // 07:00-09:00
    closeHour: 19 + ((h >>> 4) % 3), // 19:00-21:00
    monitors: [],
  };
}

function regularMonitors(seed: number, ids: IdMaker, site: SiteRec, count: number, tag: number): MonitorRec[] {
  const out: MonitorRec[] = [];
  for (let i = 0; i < count; i++) {
    const tpl = MONITOR_TEMPLATES[i % MONITOR_TEMPLATES.length];
    const round = Math.floor(i / MONITOR_TEMPLATES.length);
    const name = round === 0 ? tpl.name : `${tpl.name} ${round + 1}`;
    out.push(makeMonitor(seed, ids, site, i, tpl, name, tag));
  }
  return out;
}

/**
 * The extra entrances of a regular site of the stock catalogue (first round of ACME_SITES, at most the stock monitor
 * templates per site), up to MAX_ENTRANCES people-count monitors; none for stress worlds with more monitors per site.
 */
function extraEntrances(seed: number, ids: IdMaker, site: SiteRec, index: number, tag: number): MonitorRec[] {
  if (index >= ACME_SITES.length || site.monitors.length > MONITOR_TEMPLATES.length) return [];
  const have = site.monitors.filter((m) => m.type === 'people_count').length;
  const count = Math.min(EXTRA_ENTRANCES_BY_SITE[index] ?? 0, Math.max(0, MAX_ENTRANCES - have));
  return EXTRA_ENTRANCES.slice(0, count).map((tpl, j) => makeMonitor(seed, ids, site, 100 + j, tpl, tpl.name, tag));
}

function bigSiteMonitors(seed: number, ids: IdMaker, site: SiteRec, count: number, tag: number): MonitorRec[] {
  const out: MonitorRec[] = [];
  for (let i = 0; i < count; i++) {
    const occupancy = i % 5 === 4;
    const tpl: MonitorTemplate = occupancy
      ? { name: 'Zone', type: 'occupancy', capacity: 60 }
      : { name: 'Dock Door', type: 'people_count', directions: ['in', 'out'] };
    const name = `${tpl.name} ${String(i + 1).padStart(4, '0')}`;
    out.push(makeMonitor(seed, ids, site, i, tpl, name, tag));
  }
  return out;
}

/** The live occupancy monitor (Borough Market, Green Market): see live.ts. */
export const LIVE_MONITOR = { name: 'Market Hall (live)', type: 'occupancy' as const, capacity: 414 };

function liveMonitor(seed: number, ids: IdMaker, site: SiteRec, tag: number): MonitorRec {
  const m = makeMonitor(seed, ids, site, 98, LIVE_MONITOR, LIVE_MONITOR.name, tag);
  return { ...m, capacity: LIVE_MONITOR.capacity, scale: LIVE_MONITOR.capacity * 0.24, live: true };
}

function finishOrg(org: OrgRec, sites: SiteRec[], world: World): void {
  sites.sort(byNameThenId);
  org.sites = sites;
  const all: MonitorRec[] = [];
  for (const s of sites) {
    s.monitors.sort(byNameThenId);
    world.siteById.set(s.id, s);
    for (const m of s.monitors) {
      world.monitorById.set(m.id, m);
      all.push(m);
    }
  }
  org.monitors = all.sort(byNameThenId);
  world.orgs.push(org);
  world.orgById.set(org.id, org);
}

export function buildWorld(opts: WorldOptions): World {
  const seed = opts.seed | 0;
  const ids = new IdMaker(seed);
  const world: World = {
    seed,
    orgs: [],
    orgById: new Map(),
    siteById: new Map(),
    monitorById: new Map(),
    users: [],
    clients: [],
    reports: new Map(),
    nextReportNo: 1,
  };

  // Acme Retail: `sites` regular sites plus, optionally, one big distribution centre.
  const acme: OrgRec = { id: ORG_ACME, name: 'Acme Retail', timezone: 'Europe/London', sites: [], monitors: [] };
  const acmeSites: SiteRec[] = [];
  for (let i = 0; i < opts.sites; i++) {
    const tpl = ACME_SITES[i % ACME_SITES.length];
    const round = Math.floor(i / ACME_SITES.length);
    const name = round === 0 ? tpl.name : `${tpl.name} ${round + 1}`;
    const site = makeSite(seed, ids, acme.id, i, tpl, name);
    site.monitors = regularMonitors(seed, ids, site, opts.monitorsPerSite, i);
    site.monitors.push(...extraEntrances(seed, ids, site, i, i));
    acmeSites.push(site);
  }
  const memberSiteIds = acmeSites.slice(0, 2).map((s) => s.id);
  if (opts.bigSiteMonitors > 0) {
    const tpl: SiteTemplate = {
      name: 'Distribution Centre',
      city: 'Milton Keynes',
      address: 'Unit 4, Fenny Lock Road, Milton Keynes MK1 1BY, United Kingdom',
      tz: 'Europe/London',
    };
    const site = makeSite(seed, ids, acme.id, 9000, tpl, 'Distribution Centre');
    site.openHour = 6;
    site.closeHour = 22;
    site.monitors = bigSiteMonitors(seed, ids, site, opts.bigSiteMonitors, 9000);
    acmeSites.push(site);
  }
  finishOrg(acme, acmeSites, world);

  // Borough Market: a small second organisation.
  const borough: OrgRec = { id: ORG_BOROUGH, name: 'Borough Market', timezone: 'Europe/London', sites: [], monitors: [] };
  const boroughSites = BOROUGH_SITES.map((tpl, i) => {
    const site = makeSite(seed, ids, borough.id, 5000 + i, tpl, tpl.name);
    site.monitors = regularMonitors(seed, ids, site, 4, 5000 + i);
    if (i === 1) site.monitors.push(makeMonitor(seed, ids, site, 99, HOSTILE_MONITOR, HOSTILE_MONITOR.name, 5000 + i));
    if (i === 0) site.monitors.push(liveMonitor(seed, ids, site, 5000 + i));
    return site;
  });
  finishOrg(borough, boroughSites, world);

  world.users.push(
    {
      sub: `auth0|${hex8(hash32(seed, 1))}`,
      username: 'demo@hoxton.test',
      password: 'demo',
      name: 'Dana Demo',
      orgId: acme.id,
      role: 'admin',
      siteIds: null,
    },
    {
      sub: `auth0|${hex8(hash32(seed, 2))}`,
      username: 'member@hoxton.test',
      password: 'member',
      name: 'Morgan Member',
      orgId: acme.id,
      role: 'member',
      siteIds: memberSiteIds,
    },
    {
      sub: `auth0|${hex8(hash32(seed, 3))}`,
      username: 'ops@borough.test',
      password: 'borough',
      name: 'Olly Ops',
      orgId: borough.id,
      role: 'admin',
      siteIds: null,
    },
  );

  const redirectUris = [
    'http://127.0.0.1/callback',
    'http://127.0.0.1:47321/callback', // the extension's default hoxton.auth.loopbackPort (exact redirect checks)
    'http://localhost/callback',
    'vscode://hoxton.hoxton-reports/auth-complete',
    'vscode-insiders://hoxton.hoxton-reports/auth-complete',
    'https://vscode.dev/redirect',
    'https://insiders.vscode.dev/redirect',
  ];
  // What a person signs in with (the browser, PKCE): a public native app. Auth0 offers native apps no client_credentials.
  const native = { type: 'public' as const, grants: ['authorization_code', 'refresh_token'], redirectUris };
  // Scripts and services (password, client credentials): a confidential app whose secret every grant needs.
  const service = { type: 'confidential' as const, grants: ['password', 'client_credentials', 'refresh_token'], redirectUris: [] };
  world.clients.push(
    { id: 'sandbox-acme', name: 'Acme Retail (sandbox)', orgId: acme.id, ...native },
    {
      id: 'sandbox-acme-service',
      secret: 'sandbox-acme-service-secret',
      name: 'Acme Retail service (sandbox)',
      orgId: acme.id,
      ...service,
    },
    { id: 'sandbox-borough', secret: 'sandbox-borough-secret', name: 'Borough Market service (sandbox)', orgId: borough.id, ...service },
  );

  seedReports(world);
  return world;
}

export function newReportId(world: World): string {
  for (;;) {
    const id = `rep_${hex8(hash32(world.seed, 0x726570, world.nextReportNo++))}`;
    if (!world.reports.has(id)) return id;
  }
}

function seedReports(world: World): void {
  const created = '2026-01-15T09:30:00Z';
  const add = (m: MonitorRec, name: string, range: ReportRange, interval: Interval, directions: string[] | null = null) => {
    const id = newReportId(world);
    world.reports.set(id, {
      id,
      orgId: m.orgId,
      name,
      monitorId: m.id,
      range,
      interval,
      directions,
      version: 1,
      createdAt: created,
      updatedAt: created,
    });
  };
  for (const org of world.orgs) {
    for (const site of org.sites.slice(0, 3)) {
      const pc = site.monitors.find((m) => m.type === 'people_count');
      const occ = site.monitors.find((m) => m.type === 'occupancy');
      if (pc) {
        add(pc, `${pc.name}: last 7 days`, { preset: 'last_7_days' }, '1h');
        add(pc, `${pc.name}: yesterday`, { preset: 'yesterday' }, '15m');
        const start = localMidnight(site.timezone, { y: 2025, m: 11, d: 28 });
        const end = localMidnight(site.timezone, { y: 2025, m: 12, d: 1 });
        add(pc, 'Black Friday weekend 2025', { start: formatInTz(site.timezone, start), end: formatInTz(site.timezone, end) }, '1h', [
          pc.directions[0].id,
        ]);
      }
      if (occ) {
        add(occ, `${occ.name}: this month`, { preset: 'this_month' }, '1d');
        add(occ, `${occ.name}: last 30 days`, { preset: 'last_30_days' }, '1d', ['in']);
      }
    }
  }
}

/** The principal a token stands for: a person, or an OAuth client acting as its organisation's admin. */
export interface Principal {
  kind: 'user' | 'client';
  sub: string;
  orgId: string;
  role: Role;
  siteIds: string[] | null;
  name: string;
  email: string | null;
  clientId?: string;
}

export function userPrincipal(u: UserRec): Principal {
  return { kind: 'user', sub: u.sub, orgId: u.orgId, role: u.role, siteIds: u.siteIds, name: u.name, email: u.username };
}

export function clientPrincipal(c: ClientRec): Principal {
  return {
    kind: 'client',
    sub: `${c.id}@clients`,
    orgId: c.orgId,
    role: 'admin',
    siteIds: null,
    name: c.name,
    email: null,
    clientId: c.id,
  };
}

export function findPrincipal(world: World, sub: string): Principal | undefined {
  const u = world.users.find((x) => x.sub === sub);
  if (u) return userPrincipal(u);
  const c = world.clients.find((x) => `${x.id}@clients` === sub);
  return c ? clientPrincipal(c) : undefined;
}
