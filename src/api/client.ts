// The HTTP layer: the only code that knows HoxtonAi's URLs and wire formats (see openapi.yaml).
// node-fetch (VS Code patches Node's http/https agents for proxies), a timeout per attempt, bounded retries with
// backoff and jitter for idempotent requests, one token refresh on 401, and every answer checked against the
// contract before it reaches the rest of the extension.
import type { RequestInit, Response } from 'node-fetch';
import { errorText } from '../shared/errorText';
import { HoxtonApiError } from './errors';
import { isItemSchema, isUsableId, readItem, readItems, type ItemSchema } from './items';
import { backOff, loadValidators, validator, type ValidatorName } from './lazy';
import { CrossOriginRedirectError, fetchSameOrigin } from './redirects';
import type { Interval, Monitor, MonitorType, Organisation, Page, Report, ReportData, ReportInput, ReportPatch, Site } from './types';

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

interface TokenSource {
  /** An access token for this client's account; `forceRefresh` after the API answered 401 with the last one. */
  (options: { forceRefresh: boolean }): Promise<string>;
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error goes to the caller. */
  maxRetryAfterSeconds: number;
}

export interface ClientOptions {
  /** The API origin (and path prefix) this client's token was issued for; undefined when there is none any more. */
  baseUrl: string | (() => string | undefined | Promise<string | undefined>);
  token: TokenSource;
  timeoutMs?: number | (() => number);
  retry?: Partial<RetryOptions>;
  log?: Logger;
  userAgent?: string;
}

export interface ListParams {
  limit?: number;
  cursor?: string | null;
}

export interface MonitorDataParams {
  start: string;
  end: string;
  interval: Interval;
  timezone?: string;
  directions?: string[] | null;
}

type Query = Record<string, string | number | undefined | null>;

interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path template for logs and errors, e.g. `/v1/monitors/{id}`. */
  template: string;
  params?: Record<string, string>;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** The contract's schema the answer must match. */
  validate?: ValidatorName;
}

/**
 * The largest body read for each kind of answer (openapi.yaml states them): report data of 35,136 buckets is
 * 4.3 MB with 3 directions, a page of 500 monitors 106 kB (sandbox, measured). A bigger body is cut off, not buffered.
 */
export const MAX_BODY_BYTES = { object: 1 << 20, list: 8 << 20, data: 64 << 20 } as const;

const DEFAULT_RETRY: RetryOptions = { attempts: 4, initialDelayMs: 250, maxDelayMs: 4000, maxRetryAfterSeconds: 30 };

export class HoxtonClient {
  private readonly retry: RetryOptions;

  constructor(private readonly options: ClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  // ---- endpoints ----

  getOrganisation(): Promise<Organisation> {
    return this.request({ method: 'GET', template: '/v1/organisation', validate: 'Organisation' });
  }

  listSites(p: ListParams = {}): Promise<Page<Site>> {
    return this.list({ method: 'GET', template: '/v1/sites', query: listQuery(p) }, 'Site');
  }

  listMonitors(p: ListParams & { siteId?: string; type?: MonitorType } = {}): Promise<Page<Monitor>> {
    return this.list({ method: 'GET', template: '/v1/monitors', query: { ...listQuery(p), site_id: p.siteId, type: p.type } }, 'Monitor');
  }

  getMonitor(id: string): Promise<Monitor> {
    return this.request({ method: 'GET', template: '/v1/monitors/{id}', params: { id }, validate: 'Monitor' });
  }

  getMonitorData(id: string, p: MonitorDataParams): Promise<ReportData> {
    return this.request(monitorDataSpec(id, p));
  }

  listReports(p: ListParams & { monitorId?: string; siteId?: string } = {}): Promise<Page<Report>> {
    return this.list(
      { method: 'GET', template: '/v1/reports', query: { ...listQuery(p), monitor_id: p.monitorId, site_id: p.siteId } },
      'Report',
    );
  }

  getReport(id: string): Promise<Report> {
    return this.request({ method: 'GET', template: '/v1/reports/{id}', params: { id }, validate: 'Report' });
  }

  async createReport(input: ReportInput): Promise<Report> {
    refuseEmptyDirections('POST /v1/reports', input.directions);
    return this.request({ method: 'POST', template: '/v1/reports', body: input, validate: 'Report' });
  }

  /** Updates a report if it is still at `version`; a 409 `HoxtonApiError` when it changed elsewhere. */
  async updateReport(id: string, version: number, patch: ReportPatch): Promise<Report> {
    refuseEmptyDirections('PATCH /v1/reports/{id}', patch.directions);
    return this.request({
      method: 'PATCH',
      template: '/v1/reports/{id}',
      params: { id },
      headers: { 'If-Match': etagOf(version) },
      body: patch,
      validate: 'Report',
    });
  }

  async deleteReport(id: string, version?: number): Promise<void> {
    await this.request({
      method: 'DELETE',
      template: '/v1/reports/{id}',
      params: { id },
      headers: version === undefined ? undefined : { 'If-Match': etagOf(version) },
    });
  }

  /** A saved report's data, its range resolved in `timezone` (the site's when absent). */
  getReportData(id: string, p: { timezone?: string } = {}): Promise<ReportData> {
    return this.request(reportDataSpec(id, p));
  }

  /** Every item of a cursor-paged list, page by page. */
  async *pages<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): AsyncGenerator<T[]> {
    let cursor: string | null = null;
    do {
      const page: Page<T> = await fetchPage(cursor);
      yield page.data;
      cursor = page.next_cursor;
    } while (cursor);
  }

  async all<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): Promise<T[]> {
    const out: T[] = [];
    for await (const items of this.pages(fetchPage)) out.push(...items);
    return out;
  }

  // ---- transport ----

  /** A list: the envelope strictly, the items one by one (see items.ts); odd items are counted, not fatal. */
  private async list<T>(spec: Omit<RequestSpec, 'validate'>, item: ItemSchema): Promise<Page<T>> {
    const endpoint = `${spec.method} ${spec.template}`;
    const body = await this.request<{ data: unknown[]; next_cursor: string | null }>({ ...spec, validate: 'ListEnvelope' });
    const read = readItems<T>(item, body.data);
    if (read.skipped || read.repaired) {
      this.options.log?.warn(
        `${endpoint}: ${read.skipped} item(s) left out (no usable id or fields), ${read.repaired} shown with odd display fields empty`,
      );
    }
    return { data: read.items, next_cursor: body.next_cursor, skipped: read.skipped };
  }

  private async request<T>(spec: RequestSpec): Promise<T> {
    const endpoint = `${spec.method} ${spec.template}`;
    const idempotent = spec.method !== 'POST';
    let attempt = 0;
    const run = () => this.attemptWithAuth<T>(spec, endpoint, ++attempt);
    if (!idempotent) return run();
    return (await backOff())(run, {
      numOfAttempts: this.retry.attempts,
      startingDelay: this.retry.initialDelayMs,
      maxDelay: this.retry.maxDelayMs,
      timeMultiple: 2,
      jitter: 'full',
      delayFirstAttempt: false,
      retry: async (e: unknown) => {
        if (!(e instanceof HoxtonApiError) || !e.transient) return false;
        if (e.retryAfterSeconds !== undefined) {
          if (e.retryAfterSeconds > this.retry.maxRetryAfterSeconds) return false;
          await sleep(e.retryAfterSeconds * 1000);
        }
        this.options.log?.warn(`${endpoint}: ${e.message}; trying again (attempt ${attempt + 1})`);
        return true;
      },
    });
  }

  /** One attempt; a 401 gets one fresh token and one more try. */
  private async attemptWithAuth<T>(spec: RequestSpec, endpoint: string, attempt: number): Promise<T> {
    const token = await this.token(endpoint, false);
    try {
      return await this.attempt<T>(spec, endpoint, token, attempt);
    } catch (e) {
      if (!(e instanceof HoxtonApiError) || e.status !== 401) throw e;
      this.options.log?.info(`${endpoint}: 401, asking for a fresh access token`);
      const fresh = await this.token(endpoint, true);
      return this.attempt<T>(spec, endpoint, fresh, attempt);
    }
  }

  private async token(endpoint: string, forceRefresh: boolean): Promise<string> {
    try {
      return await this.options.token({ forceRefresh });
    } catch (e) {
      if (e instanceof HoxtonApiError) throw e;
      throw new HoxtonApiError('auth', endpoint, errorText(e), undefined, 'no_session');
    }
  }

  private async attempt<T>(spec: RequestSpec, endpoint: string, token: string, attempt: number): Promise<T> {
    await loadValidators();
    const base = await resolve(this.options.baseUrl);
    if (!base) throw new HoxtonApiError('auth', endpoint, `${endpoint}: no API server for this account`, undefined, 'no_session');
    const url = this.url(base, spec, endpoint);
    const timeoutMs = resolve(this.options.timeoutMs) ?? 30_000;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const started = Date.now();
    const init: RequestInit = {
      method: spec.method,
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${token}`,
        'User-Agent': this.options.userAgent ?? 'hoxton-reports',
        ...(spec.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...spec.headers,
      },
      body: spec.body !== undefined ? JSON.stringify(spec.body) : undefined,
      // node-fetch's AbortSignal type predates the DOM one; they are compatible at run time.
      signal: controller.signal as RequestInit['signal'],
    };
    let res: Response;
    let text: string;
    try {
      res = await fetchSameOrigin(url, init);
      if (res.ok && spec.validate && !isJson(res)) throw notJson(endpoint, res, controller);
      text = res.ok
        ? await readCapped(res, maxBytes(spec.validate), endpoint, controller)
        : await readCapped(res, MAX_ERROR_BYTES, endpoint, controller, true);
    } catch (e) {
      if (e instanceof HoxtonApiError) throw e;
      if (e instanceof CrossOriginRedirectError) {
        this.options.log?.warn(`${endpoint} → ${e.message}`);
        throw new HoxtonApiError(
          'http',
          endpoint,
          `${endpoint} was redirected to another server; not followed`,
          e.status,
          'cross_origin_redirect',
        );
      }
      const aborted = controller.signal.aborted;
      this.options.log?.warn(`${endpoint} → ${aborted ? 'timeout' : 'network error'} after ${Date.now() - started} ms`);
      if (aborted) {
        throw new HoxtonApiError('timeout', endpoint, `${endpoint} timed out after ${timeoutMs} ms`, undefined, 'timeout');
      }
      throw new HoxtonApiError('network', endpoint, `${endpoint} failed: ${describe(e)}`, undefined, 'network');
    } finally {
      clearTimeout(timer);
    }
    this.options.log?.debug(`${endpoint} → ${res.status} in ${Date.now() - started} ms (attempt ${attempt})`);
    if (!res.ok) throw await errorFromResponse(endpoint, res, text);
    if (res.status === 204 || !spec.validate) return undefined as T;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new HoxtonApiError('malformed', endpoint, `${endpoint} answered with malformed JSON`, res.status, 'malformed_response');
    }
    if (isItemSchema(spec.validate)) {
      const read = readItem<T>(spec.validate, body);
      if (read) {
        if (read.repaired) this.options.log?.warn(`${endpoint}: answered with odd display fields; shown empty`);
        return read.item;
      }
    }
    const validate = await validator(spec.validate);
    if (!validate(body)) {
      const first = validate.errors?.[0];
      const where = first ? `${first.instancePath || '/'} ${first.message ?? ''}`.trim() : 'unexpected shape';
      throw new HoxtonApiError(
        'malformed',
        endpoint,
        `${endpoint} answered with unexpected data (${where})`,
        res.status,
        'unexpected_response',
      );
    }
    if (spec.validate === 'ReportData') return checkTotals(body as ReportData, endpoint, this.options.log) as T;
    return body as T;
  }

  private url(baseUrl: string, spec: RequestSpec, endpoint: string): string {
    return buildUrl(baseUrl, spec, endpoint);
  }
}

/** The one place paths are built: every id must be usable as one path segment (the contract's `Id`). */
function buildUrl(baseUrl: string, spec: RequestSpec, endpoint: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const path = spec.template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const id = spec.params?.[k];
    if (!isUsableId(id)) {
      const what = typeof id === 'string' ? `${id.length} characters` : typeof id;
      throw new HoxtonApiError('invalid', endpoint, `${endpoint}: refused an unusable {${k}} (${what})`, undefined, 'invalid_id');
    }
    return encodeURIComponent(id as string);
  });
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(spec.query ?? {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const q = qs.toString();
  return `${base}${path}${q ? `?${q}` : ''}`;
}

function monitorDataSpec(id: string, p: MonitorDataParams): RequestSpec {
  return {
    method: 'GET',
    template: '/v1/monitors/{id}/data',
    params: { id },
    query: {
      start: p.start,
      end: p.end,
      interval: p.interval,
      timezone: p.timezone,
      directions: p.directions?.length ? p.directions.join(',') : undefined,
    },
    validate: 'ReportData',
  };
}

function reportDataSpec(id: string, p: { timezone?: string }): RequestSpec {
  return { method: 'GET', template: '/v1/reports/{id}/data', params: { id }, query: { timezone: p.timezone }, validate: 'ReportData' };
}

/** A request as another program would send it: method, full URL and headers; the bearer token is left to the caller. */
export interface RequestDescription {
  method: 'GET';
  url: string;
  /** Every header the client sends except `Authorization` (always `Bearer <access token>`) and `User-Agent`. */
  headers: Record<string, string>;
}

/**
 * The exact request `getMonitorData` / `getReportData` send for these arguments (same URL, query and headers), for
 * "Copy as cURL/fetch/Python". Pure: no token, no network.
 */
export async function describeDataRequest(
  baseUrl: string,
  what: { reportId: string; timezone?: string } | { monitorId: string; params: MonitorDataParams },
): Promise<RequestDescription> {
  await loadValidators(); // the id check in buildUrl uses the contract's `Id` validator
  const spec =
    'reportId' in what ? reportDataSpec(what.reportId, { timezone: what.timezone }) : monitorDataSpec(what.monitorId, what.params);
  return { method: 'GET', url: buildUrl(baseUrl, spec, `${spec.method} ${spec.template}`), headers: { Accept: 'application/json' } };
}

/** The report's `ETag`, as the contract says `If-Match` takes it. */
function etagOf(version: number): string {
  return `"${version}"`;
}

/** The contract refuses `directions: []` (422); say so before sending (null means all directions). */
function refuseEmptyDirections(endpoint: string, directions: string[] | null | undefined): void {
  if (Array.isArray(directions) && directions.length === 0) {
    throw new HoxtonApiError(
      'invalid',
      endpoint,
      `${endpoint}: directions must not be empty (null means all)`,
      undefined,
      'invalid_directions',
    );
  }
}

function maxBytes(schema: ValidatorName | undefined): number {
  if (schema === 'ReportData') return MAX_BODY_BYTES.data;
  if (schema === 'ListEnvelope') return MAX_BODY_BYTES.list;
  return MAX_BODY_BYTES.object;
}

function isJson(res: Response): boolean {
  const type = res.headers.get('content-type');
  return !type || /[/+]json\b/i.test(type);
}

/** A 200 that is a web page: a captive portal or a proxy's login page answered instead of the API. */
function notJson(endpoint: string, res: Response, controller: AbortController): HoxtonApiError {
  controller.abort();
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
  return new HoxtonApiError(
    'malformed',
    endpoint,
    `${endpoint} answered ${res.status} with ${type} instead of JSON (a proxy or captive portal?)`,
    res.status,
    'not_json',
  );
}

/** An error answer is read up to this much (its `{error: {code, message}}`); the rest is dropped. */
const MAX_ERROR_BYTES = 64 << 10;

/**
 * The body as text, counting bytes as they arrive; past `cap` the request is aborted, not buffered further, and
 * the answer is a `response_too_large` error (or, with `truncate`, what arrived up to the cap).
 */
async function readCapped(res: Response, cap: number, endpoint: string, controller: AbortController, truncate = false): Promise<string> {
  const tooLarge = () => {
    controller.abort();
    return new HoxtonApiError(
      'malformed',
      endpoint,
      `${endpoint} answered with more than ${cap} bytes, more than the contract allows`,
      res.status,
      'response_too_large',
    );
  };
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > cap && !truncate) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (size + buf.length > cap) {
      if (!truncate) throw tooLarge();
      chunks.push(buf.subarray(0, cap - size));
      size = cap;
      controller.abort();
      break;
    }
    size += buf.length;
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/**
 * Totals that disagree with the buckets: the buckets are what the chart and table show, so the totals are
 * recomputed from them (and the disagreement logged) rather than two different answers being shown.
 */
function checkTotals(data: ReportData, endpoint: string, log: Logger | undefined): ReportData {
  const sums: Record<string, number> = {};
  for (const d of data.directions) sums[d.id] = 0;
  for (const b of data.buckets) for (const id in sums) sums[id] += b.counts[id] ?? 0;
  const keys = new Set([...Object.keys(sums), ...Object.keys(data.totals)]);
  const off = [...keys].filter((k) => sums[k] !== data.totals[k]);
  if (!off.length) return data;
  log?.warn(`${endpoint}: totals disagree with the buckets for ${off.length} direction(s); using the sums of the buckets`);
  return { ...data, totals: sums };
}

function listQuery(p: ListParams): Query {
  return { limit: p.limit, cursor: p.cursor ?? undefined };
}

async function errorFromResponse(endpoint: string, res: Response, text: string): Promise<HoxtonApiError> {
  let code = `http_${res.status}`;
  let message = `${endpoint} answered ${res.status} ${res.statusText}`;
  try {
    const body = JSON.parse(text) as unknown;
    if ((await validator('Error'))(body)) {
      const err = (body as { error: { code: string; message: string } }).error;
      code = err.code;
      message = `${endpoint} answered ${res.status}: ${err.message}`;
    }
  } catch {
    // not JSON: keep the status line
  }
  return new HoxtonApiError('http', endpoint, message, res.status, code, retryAfter(res));
}

function retryAfter(res: Response): number | undefined {
  const h = res.headers.get('retry-after');
  if (!h) return undefined;
  const secs = Number(h);
  if (Number.isFinite(secs)) return Math.max(0, secs);
  const date = Date.parse(h);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

function describe(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && typeof e.code === 'string') return e.code;
  return errorText(e);
}

function resolve<T>(v: T | (() => T) | undefined): T | undefined {
  return typeof v === 'function' ? (v as () => T)() : v;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
