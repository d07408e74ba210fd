// Shared by the host test "20 watched monitors" (liveLoad.test.ts) and the soak (`npm run soak`, bench/soakHost.ts):
// occupancy monitors read straight from the sandbox (not through the product's client), many watches set up at
// once, the sandbox's request log split per monitor, and a census of the extension's pending timers.
import * as path from 'path';
import type { TestingApi } from '../../src/extension';
import type { OccupancyWatcher } from '../../src/live/watcher';
import type { TargetBase } from '../../src/reports/target';
import { requestLog, sandboxUrl } from './helpers';

interface RawSite {
  id: string;
  name: string;
  timezone: string;
}
interface RawMonitor {
  id: string;
  site_id: string;
  name: string;
  type: 'occupancy' | 'people_count';
  directions: { id: string; name: string }[];
  capacity: number | null;
}

async function getJson<T>(token: string, pathAndQuery: string): Promise<T> {
  const res = await fetch(`${sandboxUrl()}${pathAndQuery}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${pathAndQuery} → ${res.status}`);
  return (await res.json()) as T;
}

/** The first `count` occupancy monitors of an account, as the targets the tree would make of them (raw sandbox JSON). */
export async function occupancyBases(a: TestingApi, accountId: string, orgName: string, count: number): Promise<TargetBase[]> {
  const token = await a.auth.accessToken(accountId);
  if (!token) throw new Error('no access token');
  const sites = (await getJson<{ data: RawSite[] }>(token, '/v1/sites?limit=500')).data;
  const monitors = (await getJson<{ data: RawMonitor[] }>(token, '/v1/monitors?type=occupancy&limit=500')).data;
  const out: TargetBase[] = [];
  for (const m of monitors) {
    const site = sites.find((s) => s.id === m.site_id);
    if (!site || m.type !== 'occupancy' || !m.capacity) continue;
    out.push({
      accountId,
      monitor: { id: m.id, name: m.name, type: m.type, capacity: m.capacity, directions: m.directions },
      site: { id: site.id, name: site.name, timezone: site.timezone },
      orgName,
    });
    if (out.length === count) break;
  }
  if (out.length < count) throw new Error(`only ${out.length} occupancy monitors in the sandbox (need ${count})`);
  return out;
}

/**
 * Watches every monitor, then runs one full round by hand so that the timer-driven rounds that follow all poll
 * every monitor (watch() starts a round at once, which may see only the monitors watched so far).
 */
export async function watchAll(w: OccupancyWatcher, bases: TargetBase[]): Promise<void> {
  for (const b of bases) await w.watch(b);
  await w.pollNow();
}

const DATA_PATH = /^\/v1\/monitors\/([^/]+)\/data$/;

/** The monitor ids of the data requests in the sandbox's request log, in the order they arrived. */
export async function dataRequestIds(): Promise<string[]> {
  const log = await requestLog('GET /v1/monitors/');
  return log.map((r) => DATA_PATH.exec(r.path)?.[1]).filter((id): id is string => id !== undefined);
}

/**
 * Pending timers (setTimeout/setInterval not yet fired or cleared) set by code in the extension's bundle
 * (`dist/`), found by the calling frame at creation. Installed by patching the globals of the extension host; `stop()`
 * puts them back.
 */
export function timerCensus(extensionPath: string): { pending(): { count: number; stacks: string[] }; stop(): void } {
  const dist = path.join(extensionPath, 'dist') + path.sep;
  const g = globalThis as unknown as Record<string, unknown>;
  const orig = {
    setTimeout: g.setTimeout as typeof setTimeout,
    setInterval: g.setInterval as typeof setInterval,
    clearTimeout: g.clearTimeout as typeof clearTimeout,
    clearInterval: g.clearInterval as typeof clearInterval,
  };
  const live = new Map<unknown, string>();
  // The extension's own timers: the frame that called setTimeout/setInterval is in its bundle (not VS Code's API
  // code that the extension happened to call, such as its RPC batching).
  const ours = (): string | undefined => {
    const stack = new Error().stack ?? '';
    const frames = stack.split('\n').slice(1);
    const caller = frames.find((f) => !f.includes(__filename));
    return caller?.includes(dist) ? stack : undefined;
  };
  g.setTimeout = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const stack = ours();
    const handle: unknown = orig.setTimeout(
      (...a: unknown[]) => {
        live.delete(handle);
        fn(...a);
      },
      ms,
      ...args,
    );
    if (stack) live.set(handle, stack);
    return handle;
  };
  g.setInterval = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const stack = ours();
    const handle: unknown = orig.setInterval(fn, ms, ...args);
    if (stack) live.set(handle, stack);
    return handle;
  };
  g.clearTimeout = (h: unknown) => {
    live.delete(h);
    orig.clearTimeout(h as NodeJS.Timeout);
  };
  g.clearInterval = (h: unknown) => {
    live.delete(h);
    orig.clearInterval(h as NodeJS.Timeout);
  };
  return {
    pending: () => {
      // A timer object unref'd and fired… is gone from the map already; also drop handles Node reports as done.
      for (const h of [...live.keys()]) {
        const t = h as { _destroyed?: boolean };
        if (t && typeof t === 'object' && t._destroyed) live.delete(h);
      }
      return { count: live.size, stacks: [...live.values()].map((s) => s.split('\n').slice(1, 6).join('\n')) };
    },
    stop: () => Object.assign(g, orig),
  };
}
