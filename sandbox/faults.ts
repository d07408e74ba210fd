// Fault injection per route (switchable at run time) and request statistics.

export interface FaultSpec {
  /** "GET /v1/monitors" (method + path prefix), "/v1/monitors" or "* /v1/monitors" (any method), or "*" (all). */
  route: string;
  /** Answer with this status and an error body (429 and 503 get Retry-After when `retryAfter` is set). */
  status?: number;
  /** Seconds, for the Retry-After header. */
  retryAfter?: number;
  /** Delay before answering (combines with the other effects, or alone). */
  latencyMs?: number;
  /** Answer 200 with a broken JSON body. */
  malformed?: boolean;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Apply to the next N matching requests only; forever when absent. */
  times?: number;
}

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
  const spec: FaultSpec = { route: f.route };
  for (const k of ['status', 'retryAfter', 'latencyMs', 'times'] as const) if (typeof f[k] === 'number') spec[k] = f[k] as number;
  for (const k of ['malformed', 'reset'] as const) if (typeof f[k] === 'boolean') spec[k] = f[k] as boolean;
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
}

export class StatsCounter {
  private s: Stats = { tokenRequests: 0, tokenRequestsByGrant: {}, requests: {}, log: [] };

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
    this.s = { tokenRequests: 0, tokenRequestsByGrant: {}, requests: {}, log: [] };
  }
}
