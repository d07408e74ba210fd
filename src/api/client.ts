// The HTTP layer: the only code that knows HoxtonAi's URLs and wire formats (see openapi.yaml).
// node-fetch (VS Code patches Node's http/https agents for proxies), a timeout per attempt, bounded retries with
// backoff and jitter for idempotent requests, one token refresh on 401, and every answer checked against the
// contract before it reaches the rest of the extension.
import type { RequestInit, Response } from 'node-fetch';
import { errorText } from '../shared/errorText';
import { HoxtonApiError } from './errors';
import { backOff, validator, type ValidatorName } from './lazy';
import { CrossOriginRedirectError, fetchSameOrigin } from './redirects';
import type { Interval, Monitor, MonitorType, Organisation, Page, Report, ReportData, ReportInput, ReportPatch, Site } from './types';

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface TokenSource {
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
    return this.request({ method: 'GET', template: '/v1/sites', query: listQuery(p), validate: 'SiteList' });
  }

  listMonitors(p: ListParams & { siteId?: string; type?: MonitorType } = {}): Promise<Page<Monitor>> {
    return this.request({
      method: 'GET',
      template: '/v1/monitors',
      query: { ...listQuery(p), site_id: p.siteId, type: p.type },
      validate: 'MonitorList',
    });
  }

  getMonitor(id: string): Promise<Monitor> {
    return this.request({ method: 'GET', template: '/v1/monitors/{id}', params: { id }, validate: 'Monitor' });
  }

  getMonitorData(id: string, p: MonitorDataParams): Promise<ReportData> {
    return this.request({
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
    });
  }

  listReports(p: ListParams & { monitorId?: string; siteId?: string } = {}): Promise<Page<Report>> {
    return this.request({
      method: 'GET',
      template: '/v1/reports',
      query: { ...listQuery(p), monitor_id: p.monitorId, site_id: p.siteId },
      validate: 'ReportList',
    });
  }

  getReport(id: string): Promise<Report> {
    return this.request({ method: 'GET', template: '/v1/reports/{id}', params: { id }, validate: 'Report' });
  }

  createReport(input: ReportInput): Promise<Report> {
    return this.request({ method: 'POST', template: '/v1/reports', body: input, validate: 'Report' });
  }

  /** Updates a report if it is still at `version`; a 409 `HoxtonApiError` when it changed elsewhere. */
  updateReport(id: string, version: number, patch: ReportPatch): Promise<Report> {
    return this.request({
      method: 'PATCH',
      template: '/v1/reports/{id}',
      params: { id },
      headers: { 'If-Match': String(version) },
      body: patch,
      validate: 'Report',
    });
  }

  async deleteReport(id: string, version?: number): Promise<void> {
    await this.request({
      method: 'DELETE',
      template: '/v1/reports/{id}',
      params: { id },
      headers: version === undefined ? undefined : { 'If-Match': String(version) },
    });
  }

  getReportData(id: string): Promise<ReportData> {
    return this.request({
      method: 'GET',
      template: '/v1/reports/{id}/data',
      params: { id },
      validate: 'ReportData',
    });
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

  private async request<T>(spec: RequestSpec): Promise<T> {
    const endpoint = `${spec.method} ${spec.template}`;
    const idempotent = spec.method !== 'POST';
    let attempt = 0;
    const run = () => this.attemptWithAuth<T>(spec, endpoint, ++attempt);
    if (!idempotent) return run();
    return backOff()(run, {
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
    const base = await resolve(this.options.baseUrl);
    if (!base) throw new HoxtonApiError('auth', endpoint, `${endpoint}: no API server for this account`, undefined, 'no_session');
    const url = this.url(base, spec);
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
      text = await res.text();
    } catch (e) {
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
    if (!res.ok) throw errorFromResponse(endpoint, res, text);
    if (res.status === 204 || !spec.validate) return undefined as T;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new HoxtonApiError('malformed', endpoint, `${endpoint} answered with malformed JSON`, res.status, 'malformed_response');
    }
    const validate = validator(spec.validate);
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
    return body as T;
  }

  private url(baseUrl: string, spec: RequestSpec): string {
    const base = baseUrl.replace(/\/+$/, '');
    const path = spec.template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(spec.params?.[k] ?? ''));
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.query ?? {})) {
      if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    }
    const q = qs.toString();
    return `${base}${path}${q ? `?${q}` : ''}`;
  }
}

function listQuery(p: ListParams): Query {
  return { limit: p.limit, cursor: p.cursor ?? undefined };
}

function errorFromResponse(endpoint: string, res: Response, text: string): HoxtonApiError {
  let code = `http_${res.status}`;
  let message = `${endpoint} answered ${res.status} ${res.statusText}`;
  try {
    const body = JSON.parse(text) as unknown;
    if (validator('Error')(body)) {
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
