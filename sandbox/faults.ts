// Fault injection per route (switchable at run time) and request statistics.

export interface FaultSpec {
  /** "GET /v1/monitors" (method + path prefix), "/v1/monitors" or "* /v1/monitors" (any method), or "*" (all). */
  route: string;
  /** Answer with this status and an error body (429 and 503 get Retry-After when `retryAfter` is set). */
  status?: number;
  /** With `status`: the error's `message` (API) or `error_description` (auth server), e.g. hostile text. */
  message?: string;
  /** Seconds, for the Retry-After header. */
  retryAfter?: number;
  /** Delay before answering (combines with the other effects, or alone). */
  latencyMs?: number;
  /** Answer 200 with a broken JSON body. */
  malformed?: boolean;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Answer 200 with a body the client must survive (see BODY_FAULTS). */
  body?: BodyFault;
  /** Answer `status` (default 307) with `Location: redirectTo` (an absolute http(s) URL). */
  redirectTo?: string;
  /** Apply to the next N matching requests only; forever when absent. */
  times?: number;
}

/**
 * Odd bodies for the client's robustness tests:
 * - `oddItems`: in a list, item 0 gets nulls (`name`, `address`), item 1 wrong types (`name: 42`, `capacity: "many"`,
 *   `created_at: 7`), item 2 unknown fields, item 3 `id: null` and item 4 `id: ".."` (no usable id); a single
 *   object gets the nulls of item 0.
 * - `html`: a captive portal's page with status 200 and text/html.
 * - `oversized`: a JSON body of 80 MiB (chunked, no Content-Length), larger than any valid answer; with `status`
 *   the body of that error status.
 * - `badTotals`: report data whose totals are one more than the sums of the buckets.
 * - `otherRange`: report data covering only the second half of what was asked (start moved, totals kept right).
 * - `stall`: the real answer's headers and first half, then nothing until the client gives up.
 * - `badEnvelope`: a list whose `data` is an object, not an array.
 * - `utcTimes`: report data whose times (range start and end, bucket starts) are written in UTC (`Z`), the same
 *   instants: an API that does not write the report zone's offsets.
 */
export const BODY_FAULTS = ['oddItems', 'html', 'oversized', 'badTotals', 'otherRange', 'stall', 'badEnvelope', 'utcTimes'] as const;
export type BodyFault = (typeof BODY_FAULTS)[number];

interface ActiveFault {
  spec: FaultSpec;
  method: string | null;
  prefix: string;
  remaining: number;
}

function parseRoute(route: string): { method: string | null; prefix: string } {
  const r = route.trim();
  if (r === '*' || r === '') return { method: null, prefix: '/' };
  const parts = r.split(/\s+/);
  if (parts.length === 1) return { method: null, prefix: parts[0] };
  const method = parts[0] === '*' ? null : parts[0].toUpperCase();
  return { method, prefix: parts[1] };
}

function intIn(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/** Checks a fault from an untrusted source (the admin endpoint); throws an Error with a readable message. */
export function validateFault(v: unknown): FaultSpec {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('A fault must be a JSON object');
  const f = v as Record<string, unknown>;
  if (typeof f.route !== 'string' || !f.route.trim()) throw new Error('`route` is required, e.g. "GET /v1/monitors" or "*"');
  if (f.status !== undefined && !intIn(f.status, 100, 599)) throw new Error('`status` must be an HTTP status code');
  if (f.retryAfter !== undefined && !intIn(f.retryAfter, 0, 86_400)) throw new Error('`retryAfter` must be whole seconds');
  if (f.latencyMs !== undefined && !intIn(f.latencyMs, 0, 120_000)) throw new Error('`latencyMs` must be 0-120000');
  if (f.times !== undefined && !intIn(f.times, 1, 1_000_000)) throw new Error('`times` must be a positive integer');
  if (f.malformed !== undefined && typeof f.malformed !== 'boolean') throw new Error('`malformed` must be a boolean');
  if (f.reset !== undefined && typeof f.reset !== 'boolean') throw new Error('`reset` must be a boolean');
  if (f.message !== undefined && (typeof f.message !== 'string' || f.message.length > 4000))
    throw new Error('`message` must be a string of at most 4000 characters');
  if (f.body !== undefined && !BODY_FAULTS.includes(f.body as BodyFault))
    throw new Error(`\`body\` must be one of ${BODY_FAULTS.join(', ')}`);
  if (f.redirectTo !== undefined && (typeof f.redirectTo !== 'string' || !/^https?:\/\/[^\s]+$/.test(f.redirectTo))) {
    throw new Error('`redirectTo` must be an absolute http(s) URL');
  }
  const spec: FaultSpec = { route: f.route };
  for (const k of ['status', 'retryAfter', 'latencyMs', 'times'] as const) if (typeof f[k] === 'number') spec[k] = f[k] as number;
  for (const k of ['malformed', 'reset'] as const) if (typeof f[k] === 'boolean') spec[k] = f[k] as boolean;
  if (f.body !== undefined) spec.body = f.body as BodyFault;
  if (typeof f.redirectTo === 'string') spec.redirectTo = f.redirectTo;
  if (typeof f.message === 'string') spec.message = f.message;
  return spec;
}

export class Faults {
  private active: ActiveFault[] = [];

  /** Adds a fault; one set for the same route replaces it. */
  set(spec: FaultSpec): void {
    const { method, prefix } = parseRoute(spec.route);
    this.active = this.active.filter((a) => !(a.method === method && a.prefix === prefix));
    this.active.push({ spec: { ...spec }, method, prefix, remaining: spec.times ?? Infinity });
  }

  clear(): void {
    this.active = [];
  }

  list(): FaultSpec[] {
    return this.active.map((a) => ({ ...a.spec, ...(Number.isFinite(a.remaining) ? { times: a.remaining } : {}) }));
  }

  /** The fault for a request (most specific route wins), counting down its `times`. */
  take(method: string, path: string): FaultSpec | undefined {
    let best: ActiveFault | undefined;
    for (const a of this.active) {
      if (a.method && a.method !== method) continue;
      if (!path.startsWith(a.prefix)) continue;
      if (!best || a.prefix.length > best.prefix.length || (a.prefix.length === best.prefix.length && a.method && !best.method)) best = a;
    }
    if (!best) return undefined;
    best.remaining--;
    if (best.remaining <= 0) this.active = this.active.filter((a) => a !== best);
    return best.spec;
  }
}

export interface Stats {
  tokenRequests: number;
  tokenRequestsByGrant: Record<string, number>;
  /** Keyed by "METHOD /route/{template}". */
  requests: Record<string, number>;
  /** The last requests in order ("METHOD /path?query"), for tests that check what was asked (at most 2,000). */
  log: string[];
  /** The most API requests (`/v1/…`) that were being answered at the same time since the last reset. */
  maxInFlight: number;
}

export class StatsCounter {
  private s: Stats = { tokenRequests: 0, tokenRequestsByGrant: {}, requests: {}, log: [], maxInFlight: 0 };
  private inFlight = 0;

  /** An API request arrived; `end` when its response has finished or its connection closed. */
  begin(): () => void {
    this.inFlight++;
    this.s.maxInFlight = Math.max(this.s.maxInFlight, this.inFlight);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight--;
    };
  }

  request(key: string, line?: string): void {
    this.s.requests[key] = (this.s.requests[key] ?? 0) + 1;
    if (line !== undefined) {
      this.s.log.push(line);
      if (this.s.log.length > 2000) this.s.log.splice(0, this.s.log.length - 2000);
    }
  }

  tokenRequest(grant: string): void {
    this.s.tokenRequests++;
    this.s.tokenRequestsByGrant[grant] = (this.s.tokenRequestsByGrant[grant] ?? 0) + 1;
  }

  snapshot(): Stats {
    return JSON.parse(JSON.stringify(this.s)) as Stats;
  }

  reset(): void {
    this.s = { tokenRequests: 0, tokenRequestsByGrant: {}, requests: {}, log: [], maxInFlight: this.inFlight };
  }
}
