// One live refresh of a year-long 15-minute occupancy panel (only the buckets from the last, open one on) vs a full
// reload of the same panel: bytes from the API and the host's work (request, JSON parse, columns, merge).
import { performance } from 'perf_hooks';
import fetch from 'node-fetch';
import { requestToken } from '../src/api/oauth';
import type { Monitor, ReportData } from '../src/api/types';
import { toColumns } from '../src/shared/columns';
import { appendColumns, appendData } from '../src/shared/liveColumns';
import { figure, median, type Figure } from './figures';
import type { SandboxProcess } from './sandboxProcess';

const DAY = 86_400_000;

export async function liveRefresh(sb: SandboxProcess, runs: number): Promise<Figure[]> {
  const t = await requestToken(
    { domain: sb.url, audience: 'https://api.hoxton.cloud' },
    {
      grant: 'password',
      username: 'ops@borough.test',
      password: 'borough',
      clientId: 'sandbox-borough',
      clientSecret: 'sandbox-borough-secret',
      scope: 'openid',
    },
  );
  const headers = { Accept: 'application/json', Authorization: `Bearer ${t.accessToken}` };
  const list = (await (await fetch(`${sb.url}/v1/monitors?type=occupancy&limit=500`, { headers })).json()) as { data: Monitor[] };
  const m = list.data.find((x) => x.name.includes('(live)'));
  if (!m) throw new Error('no live occupancy monitor in the sandbox');
  const midnight = Math.floor(Date.now() / DAY) * DAY;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const end = iso(midnight + DAY);
  const get = async (start: string) => {
    const q = new URLSearchParams({ start, end, interval: '15m', timezone: 'UTC' });
    const res = await fetch(`${sb.url}/v1/monitors/${m.id}/data?${q}`, { headers });
    const text = await res.text();
    if (!res.ok) throw new Error(`live data → ${res.status}: ${text.slice(0, 200)}`);
    return text;
  };
  const full = async () => {
    const t0 = performance.now();
    const text = await get(iso(midnight - 365 * DAY));
    const data = JSON.parse(text) as ReportData;
    const columns = toColumns(data);
    return { ms: performance.now() - t0, bytes: Buffer.byteLength(text), data, columns };
  };
  const shown = await full();
  const last = shown.data.buckets[shown.data.buckets.length - 1];
  const tail = async () => {
    const t0 = performance.now();
    const text = await get(last.start);
    const data = JSON.parse(text) as ReportData;
    appendData(shown.data, data);
    appendColumns(shown.columns, toColumns(data));
    return { ms: performance.now() - t0, bytes: Buffer.byteLength(text), buckets: data.buckets.length };
  };
  await tail(); // warm-up
  const fullMs: number[] = [];
  const tailMs: number[] = [];
  let tailBytes = 0;
  let tailBuckets = 0;
  for (let i = 0; i < runs; i++) {
    fullMs.push((await full()).ms);
    const r = await tail();
    tailMs.push(r.ms);
    tailBytes = r.bytes;
    tailBuckets = r.buckets;
  }
  const n = shown.data.buckets.length;
  return [
    figure({
      name: 'live refresh transfer (year, 15 min)',
      value: tailBytes,
      unit: 'B',
      goal: { ratioMax: 0.01 },
      baseline: shown.bytes,
      baselineName: 'full reload',
      note: `"${m.name}": ${tailBuckets} bucket(s) from the last shown one vs ${n.toLocaleString('en')} buckets of a full reload (API response bodies).`,
    }),
    figure({
      name: 'live refresh host work (year, 15 min)',
      value: median(tailMs),
      unit: 'ms',
      goal: { ratioMax: 0.2 },
      baseline: median(fullMs),
      baselineName: 'full reload',
      samples: tailMs,
      baselineSamples: fullMs,
      note:
        'Request, JSON parse, columns and the merge into the shown data and the cache, vs request, parse and columns of ' +
        'the whole year. The page then redraws the chart from the merged columns (a full uPlot render, measured by "report render 35k").',
    }),
  ];
}
