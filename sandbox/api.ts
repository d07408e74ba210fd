// The reports API (/v1/...): organisation, sites, monitors, report data and saved reports, with organisation and
// member-site enforcement and cursor pagination.
import type { components } from '../src/api/schema';
import type { Interval, MonitorRec, OrgRec, Principal, ReportRange, ReportRec, SiteRec, World } from './data';
import { byNameThenId, newReportId } from './data';
import { hashString, hex8 } from './hash';
import { HttpError } from './http';
import {
  buildReportData,
  ceilToInterval,
  estimateBuckets,
  floorToInterval,
  MAX_BUCKETS,
  rangeTooLong,
  resolvePreset,
  type ReportData,
} from './series';
import type { LiveControl } from './live';
import { isValidTimeZone, parseInstant } from './time';

type S = components['schemas'];

export interface ApiRequest {
  principal: Principal;
  url: URL;
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body text (POST/PATCH). */
  body: string;
}

export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type ApiHandler = (r: ApiRequest) => ApiResult | Promise<ApiResult>;

const INTERVALS: Interval[] = ['15m', '1h', '1d'];
const PRESETS = ['today', 'yesterday', 'last_7_days', 'last_30_days', 'this_month', 'last_month'];
const TYPES = ['people_count', 'occupancy'];

const bad = (message: string, code = 'invalid_request') => new HttpError(400, code, message);
const unprocessable = (message: string, code = 'unprocessable') => new HttpError(422, code, message);
const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
const forbidden = (what: string) => new HttpError(403, 'forbidden', `You do not have access to this ${what}`);

// ---- serialisation ----

function siteJson(s: SiteRec): S['Site'] {
  return { id: s.id, name: s.name, address: s.address, timezone: s.timezone };
}

function monitorJson(m: MonitorRec): S['Monitor'] {
  return {
    id: m.id,
    site_id: m.siteId,
    name: m.name,
    type: m.type,
    directions: m.directions.map((d) => ({ ...d })),
    capacity: m.capacity,
    created_at: m.createdAt,
  };
}

function reportJson(r: ReportRec, siteId: string): S['Report'] {
  return {
    id: r.id,
    name: r.name,
    monitor_id: r.monitorId,
    site_id: siteId,
    range: { ...r.range },
    interval: r.interval,
    directions: r.directions ? [...r.directions] : null,
    ...(r.compare ? { compare: { ...r.compare } } : {}),
    version: r.version,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

const etag = (r: ReportRec) => ({ ETag: `"${r.version}"` });

// ---- pagination ----

export function parseLimit(v: string | null): number {
  if (v === null || v === '') return 100;
  if (!/^\d{1,6}$/.test(v)) throw bad('`limit` must be an integer from 1 to 500', 'invalid_parameter');
  const n = Number(v);
  if (n < 1 || n > 500) throw bad('`limit` must be an integer from 1 to 500', 'invalid_parameter');
  return n;
}

function encodeCursor(offset: number, filterKey: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: hex8(hashString(filterKey)) })).toString('base64url');
}

function decodeCursor(v: string | null, filterKey: string): number {
  if (!v) return 0;
  try {
    const c = JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as { o?: unknown; f?: unknown };
    if (typeof c.o === 'number' && Number.isInteger(c.o) && c.o >= 0 && c.f === hex8(hashString(filterKey))) return c.o;
  } catch {
    // fall through
  }
  throw bad('`cursor` is invalid or belongs to another query', 'invalid_cursor');
}

function page<T>(items: T[], url: URL, filterKey: string, map: (t: T) => unknown): ApiResult {
  const limit = parseLimit(url.searchParams.get('limit'));
  const offset = decodeCursor(url.searchParams.get('cursor'), filterKey);
  const end = offset + limit;
  return {
    status: 200,
    body: { data: items.slice(offset, end).map(map), next_cursor: end < items.length ? encodeCursor(end, filterKey) : null },
  };
}

// ---- the API ----

export class ReportsApi {
  constructor(
    private readonly world: World,
    private readonly now: () => number = Date.now,
    private readonly live?: LiveControl,
  ) {}

  /**
   * Admin (tests): gives an organisation, site, monitor, direction (`monitorId` + direction `id`), report or user
   * (`id` = username; the name is in tokens issued from then on) another name, any string; answers the old name.
   */
  rename(body: Record<string, unknown>): { previous: string } {
    const { kind, id, name, monitorId } = body;
    if (typeof id !== 'string' || typeof name !== 'string' || name.length > 4000) throw new Error('`id` and `name` (a string) are needed');
    const w = this.world;
    const set = <T extends { name: string }>(rec: T | undefined): { previous: string } => {
      if (!rec) throw new Error(`No ${String(kind)} ${id}`);
      const previous = rec.name;
      rec.name = name;
      return { previous };
    };
    switch (kind) {
      case 'org':
        return set(w.orgById.get(id));
      case 'site': {
        const out = set(w.siteById.get(id));
        for (const o of w.orgs) o.sites.sort(byNameThenId);
        return out;
      }
      case 'monitor': {
        const out = set(w.monitorById.get(id));
        for (const o of w.orgs) o.monitors.sort(byNameThenId);
        for (const s of w.siteById.values()) s.monitors.sort(byNameThenId);
        return out;
      }
      case 'direction': {
        // Occupancy monitors share one directions list: this monitor gets its own copy.
        const m = w.monitorById.get(String(monitorId));
        const d = m?.directions.find((x) => x.id === id);
        if (!m || !d) throw new Error(`No direction ${id} of ${String(monitorId)}`);
        m.directions = m.directions.map((x) => (x === d ? { ...x, name } : x));
        return { previous: d.name };
      }
      case 'report':
        return set(w.reports.get(id));
      case 'user':
        return set(w.users.find((u) => u.username === id));
      default:
        throw new Error('`kind` must be org, site, monitor, direction, report or user');
    }
  }

  private org(p: Principal): OrgRec {
    const org = this.world.orgById.get(p.orgId);
    if (!org) throw new HttpError(401, 'unauthorized', 'Unknown organisation');
    return org;
  }

  private canSee(p: Principal, siteId: string): boolean {
    return p.siteIds === null || p.siteIds.includes(siteId);
  }

  private site(p: Principal, id: string): SiteRec {
    const s = this.world.siteById.get(id);
    if (!s || s.orgId !== p.orgId) throw notFound('Site');
    if (!this.canSee(p, s.id)) throw forbidden('site');
    return s;
  }

  private monitor(p: Principal, id: string): { monitor: MonitorRec; site: SiteRec } {
    const m = this.world.monitorById.get(id);
    if (!m || m.orgId !== p.orgId) throw notFound('Monitor');
    if (!this.canSee(p, m.siteId)) throw forbidden('monitor');
    return { monitor: m, site: this.world.siteById.get(m.siteId) as SiteRec };
  }

  private report(p: Principal, id: string): { report: ReportRec; monitor: MonitorRec; site: SiteRec } {
    const r = this.world.reports.get(id);
    const m = r && this.world.monitorById.get(r.monitorId);
    if (!r || !m || r.orgId !== p.orgId) throw notFound('Report');
    if (!this.canSee(p, m.siteId)) throw forbidden('report');
    return { report: r, monitor: m, site: this.world.siteById.get(m.siteId) as SiteRec };
  }

  readonly getOrganisation: ApiHandler = ({ principal }) => {
    const org = this.org(principal);
    return { status: 200, body: { id: org.id, name: org.name, timezone: org.timezone } };
  };

  readonly listSites: ApiHandler = ({ principal, url }) => {
    const sites = this.org(principal).sites.filter((s) => this.canSee(principal, s.id));
    return page(sites, url, `sites|${principal.siteIds?.join(',') ?? '*'}`, siteJson);
  };

  readonly listMonitors: ApiHandler = ({ principal, url }) => {
    const siteId = url.searchParams.get('site_id') || null;
    const type = url.searchParams.get('type') || null;
    if (type !== null && !TYPES.includes(type)) throw bad('`type` must be people_count or occupancy', 'invalid_parameter');
    let list = siteId ? this.site(principal, siteId).monitors : this.org(principal).monitors;
    if (!siteId && principal.siteIds !== null) list = list.filter((m) => this.canSee(principal, m.siteId));
    if (type) list = list.filter((m) => m.type === type);
    return page(list, url, `monitors|${siteId}|${type}|${principal.siteIds?.join(',') ?? '*'}`, monitorJson);
  };

  readonly getMonitor: ApiHandler = ({ principal, params }) => ({
    status: 200,
    body: monitorJson(this.monitor(principal, params.id).monitor),
  });

  readonly getMonitorData: ApiHandler = ({ principal, params, url }) => {
    const { monitor, site } = this.monitor(principal, params.id);
    const q = url.searchParams;
    const tz = q.get('timezone') || site.timezone;
    if (!isValidTimeZone(tz)) throw bad(`Unknown time zone "${tz}"`, 'invalid_parameter');
    const interval = q.get('interval');
    if (!interval || !INTERVALS.includes(interval as Interval)) throw bad('`interval` must be one of 15m, 1h, 1d', 'invalid_parameter');
    const startText = q.get('start');
    const endText = q.get('end');
    if (!startText || !endText) throw bad('`start` and `end` are required', 'invalid_parameter');
    const start = parseInstant(startText, tz);
    const end = parseInstant(endText, tz);
    if (start === null || end === null) throw bad('`start` and `end` must be ISO 8601 date-times', 'invalid_parameter');
    let directions: string[] | null = null;
    const dirText = q.get('directions');
    if (dirText) {
      directions = [
        ...new Set(
          dirText
            .split(',')
            .map((d) => d.trim())
            .filter(Boolean),
        ),
      ];
      const unknown = directions.filter((d) => !monitor.directions.some((x) => x.id === d));
      if (unknown.length) throw bad(`Unknown direction(s): ${unknown.join(', ')}`, 'invalid_parameter');
    }
    return { status: 200, body: this.data(monitor, site, tz, interval as Interval, start, end, directions, null) };
  };

  private data(
    monitor: MonitorRec,
    site: SiteRec,
    tz: string,
    interval: Interval,
    startMs: number,
    endMs: number,
    directions: string[] | null,
    reportId: string | null,
  ): ReportData {
    if (endMs <= startMs) throw unprocessable('`end` must be after `start`', 'invalid_range');
    const start = floorToInterval(startMs, tz, interval);
    const end = ceilToInterval(endMs, tz, interval);
    if (rangeTooLong(start, end)) throw unprocessable('The range is longer than 366 days', 'range_too_large');
    if (estimateBuckets(start, end, interval) > MAX_BUCKETS)
      throw unprocessable(`The range has more than ${MAX_BUCKETS} buckets`, 'too_many_buckets');
    const data = buildReportData({ seed: this.world.seed, monitor, site, timezone: tz, interval, start, end, directions, reportId });
    return monitor.live && this.live ? this.live.apply(monitor.id, data) : data;
  }

  readonly listReports: ApiHandler = ({ principal, url }) => {
    const monitorId = url.searchParams.get('monitor_id') || null;
    const siteId = url.searchParams.get('site_id') || null;
    if (monitorId) this.monitor(principal, monitorId);
    if (siteId) this.site(principal, siteId);
    const list = [...this.world.reports.values()]
      .filter((r) => {
        if (r.orgId !== principal.orgId) return false;
        const m = this.world.monitorById.get(r.monitorId);
        if (!m || !this.canSee(principal, m.siteId)) return false;
        return (!monitorId || r.monitorId === monitorId) && (!siteId || m.siteId === siteId);
      })
      .sort(byNameThenId);
    return page(list, url, `reports|${monitorId}|${siteId}|${principal.siteIds?.join(',') ?? '*'}`, (r) =>
      reportJson(r, this.world.monitorById.get(r.monitorId)?.siteId ?? ''),
    );
  };

  readonly createReport: ApiHandler = ({ principal, body }) => {
    const input = parseJsonObject(body);
    const name = validateName(input.name);
    if (typeof input.monitor_id !== 'string' || !input.monitor_id) throw bad('`monitor_id` is required');
    const { monitor, site } = this.monitor(principal, input.monitor_id);
    const interval = validateInterval(input.interval);
    const range = validateRange(input.range, site.timezone);
    const directions = validateDirections(input.directions, monitor);
    const compare = validateCompare(input.compare);
    const now = isoNow(this.now());
    const id = newReportId(this.world);
    const r: ReportRec = {
      id,
      orgId: principal.orgId,
      name,
      monitorId: monitor.id,
      range,
      interval,
      directions,
      ...(compare ? { compare } : {}),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    this.world.reports.set(id, r);
    return { status: 201, body: reportJson(r, site.id), headers: { ...etag(r), Location: `/v1/reports/${id}` } };
  };

  readonly getReport: ApiHandler = ({ principal, params }) => {
    const { report, site } = this.report(principal, params.id);
    return { status: 200, body: reportJson(report, site.id), headers: etag(report) };
  };

  readonly updateReport: ApiHandler = ({ principal, params, headers, body }) => {
    const { report, monitor, site } = this.report(principal, params.id);
    const ifMatch = headerValue(headers['if-match']);
    if (ifMatch === undefined) throw new HttpError(428, 'precondition_required', 'PATCH needs If-Match: <version>');
    const input = parseJsonObject(body);
    const patch: Partial<Pick<ReportRec, 'name' | 'range' | 'interval' | 'directions' | 'compare'>> = {};
    if (input.name !== undefined) patch.name = validateName(input.name);
    if (input.range !== undefined) patch.range = validateRange(input.range, site.timezone);
    if (input.interval !== undefined) patch.interval = validateInterval(input.interval);
    if (input.directions !== undefined) patch.directions = validateDirections(input.directions, monitor);
    if (input.compare !== undefined) patch.compare = validateCompare(input.compare);
    if (input.monitor_id !== undefined && input.monitor_id !== report.monitorId) throw bad('`monitor_id` cannot be changed');
    if (!versionMatches(ifMatch, report.version)) {
      throw new HttpError(409, 'version_conflict', `The report has changed (current version ${report.version})`, etag(report));
    }
    Object.assign(report, patch);
    if (report.compare === undefined) delete report.compare;
    report.version++;
    const now = Math.max(this.now(), Date.parse(report.updatedAt) + 1);
    report.updatedAt = isoNow(now);
    return { status: 200, body: reportJson(report, site.id), headers: etag(report) };
  };

  readonly deleteReport: ApiHandler = ({ principal, params, headers }) => {
    const { report } = this.report(principal, params.id);
    const ifMatch = headerValue(headers['if-match']);
    if (ifMatch !== undefined && !versionMatches(ifMatch, report.version)) {
      throw new HttpError(409, 'version_conflict', `The report has changed (current version ${report.version})`, etag(report));
    }
    this.world.reports.delete(report.id);
    return { status: 204 };
  };

  readonly getReportData: ApiHandler = ({ principal, params, url }) => {
    const { report, monitor, site } = this.report(principal, params.id);
    const tz = url.searchParams.get('timezone') || site.timezone;
    if (!isValidTimeZone(tz)) throw bad(`Unknown time zone "${tz}"`, 'invalid_parameter');
    let start: number;
    let end: number;
    if ('preset' in report.range) {
      ({ start, end } = resolvePreset(report.range.preset, tz, this.now()));
    } else {
      const s = parseInstant(report.range.start, tz);
      const e = parseInstant(report.range.end, tz);
      if (s === null || e === null) throw unprocessable('The report has an invalid range', 'invalid_range');
      start = s;
      end = e;
    }
    const dirs = report.directions ? report.directions.filter((d) => monitor.directions.some((x) => x.id === d)) : null;
    return { status: 200, body: this.data(monitor, site, tz, report.interval, start, end, dirs, report.id) };
  };
}

// ---- validation ----

function parseJsonObject(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw bad('The request body is not valid JSON', 'invalid_json');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad('The request body must be a JSON object', 'invalid_json');
  return v as Record<string, unknown>;
}

function validateName(v: unknown): string {
  if (typeof v !== 'string' || !v.trim() || v.length > 200) throw bad('`name` must be a string of 1 to 200 characters');
  return v;
}

function validateInterval(v: unknown): Interval {
  if (typeof v !== 'string' || !INTERVALS.includes(v as Interval)) throw bad('`interval` must be one of 15m, 1h, 1d');
  return v as Interval;
}

function validateRange(v: unknown, tz: string): ReportRange {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad('`range` must be {"preset"} or {"start","end"}');
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  if (keys === 'preset') {
    if (typeof o.preset !== 'string' || !PRESETS.includes(o.preset)) throw bad(`\`range.preset\` must be one of ${PRESETS.join(', ')}`);
    return { preset: o.preset as S['RangePreset'] };
  }
  if (keys === 'end,start') {
    if (typeof o.start !== 'string' || typeof o.end !== 'string') throw bad('`range.start` and `range.end` must be date-times');
    const s = parseInstant(o.start, tz);
    const e = parseInstant(o.end, tz);
    if (s === null || e === null) throw bad('`range.start` and `range.end` must be ISO 8601 date-times');
    if (e <= s) throw unprocessable('`range.end` must be after `range.start`', 'invalid_range');
    if (rangeTooLong(s, e)) throw unprocessable('The range is longer than 366 days', 'range_too_large');
    return { start: o.start, end: o.end };
  }
  throw bad('`range` must be {"preset"} or {"start","end"}');
}

/** `compare`: {"kind":"previous"|"last_year"} or {"kind":"custom","start":"YYYY-MM-DD"}; null or absent for none. */
function validateCompare(v: unknown): S['Compare'] | undefined {
  if (v === undefined || v === null) return undefined;
  const shape = '`compare` must be {"kind":"previous"}, {"kind":"last_year"}, {"kind":"custom","start":"YYYY-MM-DD"} or null';
  if (typeof v !== 'object' || Array.isArray(v)) throw bad(shape);
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  if (keys === 'kind' && (o.kind === 'previous' || o.kind === 'last_year')) return { kind: o.kind };
  if (keys === 'kind,start' && o.kind === 'custom' && typeof o.start === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(o.start)) {
    const d = new Date(`${o.start}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== o.start) throw bad('`compare.start` must be a calendar day');
    return { kind: 'custom', start: o.start };
  }
  throw bad(shape);
}

function validateDirections(v: unknown, m: MonitorRec): string[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || !v.every((d) => typeof d === 'string')) throw bad('`directions` must be an array of direction ids or null');
  const ids = [...new Set(v as string[])];
  if (!ids.length) throw unprocessable('`directions` must not be empty (use null for all)', 'invalid_directions');
  const unknown = ids.filter((d) => !m.directions.some((x) => x.id === d));
  if (unknown.length) throw unprocessable(`Unknown direction(s) for this monitor: ${unknown.join(', ')}`, 'invalid_directions');
  return ids;
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

function versionMatches(ifMatch: string, version: number): boolean {
  return ifMatch
    .split(',')
    .map((t) =>
      t
        .trim()
        .replace(/^W\//, '')
        .replace(/^"(.*)"$/, '$1'),
    )
    .some((t) => t === '*' || t === String(version));
}

function isoNow(ms: number): string {
  return new Date(ms).toISOString();
}
