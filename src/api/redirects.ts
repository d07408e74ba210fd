// Redirects are followed only within the origin the request was made to. node-fetch follows any redirect by
// default and resends the body (a token grant, a refresh token) and, to subdomains, the Authorization header:
// a token must never reach an origin it was not sent to, so a redirect to another origin is an error, unfollowed.
import type { RequestInit, Response } from 'node-fetch';
import { nodeFetch } from './lazy';

const MAX_REDIRECTS = 5;

export class CrossOriginRedirectError extends Error {
  override readonly name = 'CrossOriginRedirectError';
  constructor(
    readonly status: number,
    /** The origin the server pointed to, for the log ("null" when unreadable). */
    readonly target: string,
  ) {
    super(`redirected (${status}) to another origin, ${target}; not followed`);
  }
}

/** fetch with `redirect: 'manual'`, following same-origin redirects only (at most 5). */
export async function fetchSameOrigin(url: string, init: RequestInit): Promise<Response> {
  let current = url;
  let request: RequestInit = { ...init, redirect: 'manual' };
  for (let hop = 0; ; hop++) {
    const res = await (await nodeFetch())(current, request);
    if (res.status < 300 || res.status >= 400 || res.status === 304) return res;
    const location = res.headers.get('location');
    if (!location) return res;
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new CrossOriginRedirectError(res.status, 'null');
    }
    if (next.origin !== new URL(current).origin) throw new CrossOriginRedirectError(res.status, next.origin);
    if (hop >= MAX_REDIRECTS) return res;
    res.body?.resume?.();
    // 307/308 keep the method and body; 301/302/303 turn anything but GET/HEAD into a GET without a body.
    const keep =
      res.status === 307 || res.status === 308 || request.method === undefined || request.method === 'GET' || request.method === 'HEAD';
    if (!keep) request = { ...request, method: 'GET', body: undefined };
    current = next.toString();
  }
}
