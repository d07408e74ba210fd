// Plain-Node figures: bundle sizes, the .vsix, listing a whole organisation through HoxtonClient vs raw HTTP, and
// the bytes a 35k-bucket report costs to post to the webview vs its JSON.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import fetch from 'node-fetch';
import { HoxtonClient } from '../src/api/client';
import { requestToken } from '../src/api/oauth';
import type { Monitor, ReportData, Site } from '../src/api/types';
import type { ReportTarget } from '../src/reports/target';
import { toColumns } from '../src/shared/columns';
import type { HostMessage, ReportColumns, ReportSelection } from '../src/shared/reportMessages';
import { figure, median, type Figure } from './figures';
import type { SandboxProcess } from './sandboxProcess';
import { projectRoot } from '../sandbox/root';
import { packageVsix } from '../test/harness/vsix';

export const ROOT = projectRoot();
const AUDIENCE = 'https://api.hoxton.cloud';

// ------------------------------------------------------------------------------------------------ sizes

export function bundleSizes(): Figure[] {
  const main = fs.statSync(path.join(ROOT, 'dist', 'extension.js')).size;
  // The chunks loaded on first use (panels, documents, wizard, fetch, validators) count too: the figure is all of it.
  const chunkDir = path.join(ROOT, 'dist', 'chunks');
  const chunks = fs.existsSync(chunkDir)
    ? fs
        .readdirSync(chunkDir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => ({ f, size: fs.statSync(path.join(chunkDir, f)).size }))
    : [];
  const ext = main + chunks.reduce((s, c) => s + c.size, 0);
  const web = path.join(ROOT, 'dist', 'webview');
  // What the report page loads (see src/panels/reportHtml.ts): its script, its stylesheet and codicon.css.
  const loaded = ['report.js', 'report.css', 'codicons/codicon.css'];
  const gz = (f: string) => zlib.gzipSync(fs.readFileSync(path.join(web, f))).length;
  const parts = loaded.map((f) => ({ f, raw: fs.statSync(path.join(web, f)).size, gz: gz(f) }));
  const font = fs.existsSync(path.join(web, 'codicons', 'codicon.ttf')) ? gz('codicons/codicon.ttf') : NaN;
  // Anything else JS/CSS in dist/webview that the page does not load (should be none).
  const extra = (fs.readdirSync(web, { recursive: true }) as string[]).filter(
    (f) => /\.(js|css)$/.test(f) && !loaded.includes(f.split(path.sep).join('/')),
  );
  return [
    figure({
      name: 'extension bundle size',
      value: ext,
      unit: 'B',
      goal: { max: 250_000 },
      note:
        `dist/extension.js (${(main / 1000).toFixed(1)} KB, what activation loads) and the chunks it loads on first use ` +
        `(${chunks.map((c) => `${c.f} ${(c.size / 1000).toFixed(1)} KB`).join(', ') || 'none'}), minified (production webpack + ` +
        `esbuild); 1 KB = 1000 bytes.`,
    }),
    figure({
      name: 'webview bundle size (gzip)',
      value: parts.reduce((s, p) => s + p.gz, 0),
      unit: 'B',
      goal: { max: 120_000 },
      note:
        `JS + CSS the report page loads, each gzipped (zlib default level): ` +
        parts.map((p) => `${p.f} ${(p.raw / 1000).toFixed(1)} KB → ${(p.gz / 1000).toFixed(1)} KB`).join(', ') +
        `. The codicon font (codicons/codicon.ttf, ${(font / 1000).toFixed(1)} KB gzipped) is NOT included.` +
        (extra.length ? ` Not loaded by the page, not counted: ${extra.join(', ')}.` : ''),
    }),
  ];
}

export function vsixSize(): Figure {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-bench-vsix-'));
  try {
    const out = path.join(tmp, 'x.vsix');
    const stdout = packageVsix(out);
    const files = /\((\d+) files?, /.exec(stdout)?.[1];
    return figure({
      name: '.vsix size',
      value: fs.statSync(out).size,
      unit: 'B',
      goal: { max: 1_000_000 },
      note: `vsce package --no-dependencies of the current build${files ? ` (${files} files)` : ''}; 1 MB = 1,000,000 bytes.`,
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------------ sandbox access

export async function signInToken(sb: SandboxProcess): Promise<string> {
  const t = await requestToken(
    { domain: sb.url, audience: AUDIENCE },
    {
      grant: 'password',
      username: 'demo@hoxton.test',
      password: 'demo',
      clientId: 'sandbox-acme-service',
      clientSecret: 'sandbox-acme-service-secret',
      scope: 'openid profile offline_access',
    },
  );
  return t.accessToken;
}

// ------------------------------------------------------------------------------------------------ whole organisation

const PAGE = 500;

/** Every monitor of every site, site by site (as the tree loads them), through the extension's API client. */
async function listThroughClient(client: HoxtonClient): Promise<number> {
  const sites = await client.all<Site>((cursor) => client.listSites({ limit: PAGE, cursor }));
  let n = 0;
  for (const site of sites) {
    const monitors = await client.all<Monitor>((cursor) => client.listMonitors({ limit: PAGE, cursor, siteId: site.id }));
    n += monitors.length;
  }
  return n;
}

/** The same requests with the same transport (node-fetch), text() + JSON.parse only. */
async function listRaw(base: string, token: string): Promise<number> {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}`, 'User-Agent': 'hoxton-bench' };
  const get = async <T>(url: string): Promise<{ data: T[]; next_cursor: string | null }> => {
    const res = await fetch(url, { headers });
    const text = await res.text();
    if (!res.ok) throw new Error(`${url} → ${res.status}`);
    return JSON.parse(text) as { data: T[]; next_cursor: string | null };
  };
  const all = async <T>(url: string): Promise<T[]> => {
    const out: T[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: T[]; next_cursor: string | null } = await get<T>(cursor ? `${url}&cursor=${encodeURIComponent(cursor)}` : url);
      out.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor);
    return out;
  };
  const sites = await all<Site>(`${base}/v1/sites?limit=${PAGE}`);
  let n = 0;
  for (const site of sites) n += (await all<Monitor>(`${base}/v1/monitors?limit=${PAGE}&site_id=${encodeURIComponent(site.id)}`)).length;
  return n;
}

export async function wholeOrganisation(sb: SandboxProcess, runs: number): Promise<Figure> {
  const token = await signInToken(sb);
  const client = new HoxtonClient({ baseUrl: sb.url, token: async () => token, userAgent: 'hoxton-bench' });
  const clientMs: number[] = [];
  const rawMs: number[] = [];
  let monitors = 0;
  let requests = 0;
  const time = async (fn: () => Promise<number>): Promise<[number, number]> => {
    const t0 = performance.now();
    const n = await fn();
    return [performance.now() - t0, n];
  };
  // One warm-up of each, then alternate which goes first so that neither always follows the other.
  for (let i = -1; i < runs; i++) {
    const order = i % 2 === 0 ? ['client', 'raw'] : ['raw', 'client'];
    for (const which of order) {
      if (which === 'client') {
        await sb.resetStats();
        const [ms, n] = await time(() => listThroughClient(client));
        const st = await sb.stats();
        requests = Object.entries(st.requests)
          .filter(([k]) => k.startsWith('GET /v1/'))
          .reduce((s, [, v]) => s + v, 0);
        monitors = n;
        if (i >= 0) clientMs.push(ms);
      } else {
        const [ms, n] = await time(() => listRaw(sb.url, token));
        if (n !== monitors && monitors) throw new Error(`raw listing found ${n} monitors, the client ${monitors}`);
        if (i >= 0) rawMs.push(ms);
      }
    }
  }
  if (monitors !== 10_000) throw new Error(`expected 10,000 monitors, listed ${monitors}`);
  return figure({
    name: 'whole organisation (10,000 monitors)',
    value: median(clientMs),
    unit: 'ms',
    goal: { ratioMax: 1.3 },
    baseline: median(rawMs),
    baselineName: 'raw HTTP',
    samples: clientMs,
    baselineSamples: rawMs,
    note:
      `${monitors} monitors of 50 sites × 200 in ${requests} requests per listing (1 sites page + 1 monitors page per site at ` +
      `limit ${PAGE}, sequential, site by site as the tree loads them). Baseline: the same URLs with the same transport ` +
      `(node-fetch) + res.text() + JSON.parse, no validation. Sandbox in its own process on loopback.`,
  });
}

// ------------------------------------------------------------------------------------------------ report transfer

export interface Report35k {
  /** The API's response body. */
  text: string;
  data: ReportData;
  columns: ReportColumns;
  selection: ReportSelection;
  monitorName: string;
}

/** A year at 15 minutes (35,040 buckets) of a 3-direction people-count monitor, from the sandbox. */
export async function fetchReport35k(sb: SandboxProcess): Promise<Report35k> {
  const token = await signInToken(sb);
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  const list = (await (await fetch(`${sb.url}/v1/monitors?limit=500`, { headers })).json()) as { data: Monitor[] };
  const m = list.data.find((x) => x.type === 'people_count' && x.directions.length === 3);
  if (!m) throw new Error('no 3-direction people-count monitor in the sandbox');
  const q = new URLSearchParams({ start: '2024-11-29T00:00:00Z', end: '2025-11-29T00:00:00Z', interval: '15m', timezone: 'UTC' });
  const res = await fetch(`${sb.url}/v1/monitors/${m.id}/data?${q}`, { headers });
  const text = await res.text();
  if (!res.ok) throw new Error(`report data → ${res.status}: ${text.slice(0, 200)}`);
  const data = JSON.parse(text) as ReportData;
  if (data.buckets.length !== 35_040) throw new Error(`expected 35,040 buckets, got ${data.buckets.length}`);
  const columns = toColumns(data);
  // As ReportPanel.selection() builds it: the title and the target.
  const target: ReportTarget = {
    accountId: 'https://auth.example|org|user',
    monitor: { id: m.id, name: m.name, type: m.type, capacity: m.capacity, directions: m.directions },
    site: { id: m.site_id, name: 'Site', timezone: 'UTC' },
    orgName: 'Acme Retail',
    report: null,
    range: { start: '2024-11-29T00:00:00Z', end: '2025-11-29T00:00:00Z' },
    interval: '15m',
    directions: null,
  };
  const selection: ReportSelection = { title: `${m.name} — 29 Nov 2024 – 28 Nov 2025`, target };
  return { text, data, columns, selection, monitorName: m.name };
}

/**
 * Bytes of the `data` message as VS Code's webview.postMessage sends it: every distinct ArrayBuffer goes across as
 * binary (its whole byteLength), the rest as JSON with the typed arrays taken out.
 */
export function postedBytes(msg: HostMessage): { total: number; binary: number; json: number } {
  const buffers = new Set<ArrayBufferLike>();
  const json = JSON.stringify(msg, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      buffers.add(v.buffer);
      return { $$buffer: buffers.size - 1 };
    }
    return v;
  });
  let binary = 0;
  for (const b of buffers) binary += b.byteLength;
  const jsonBytes = Buffer.byteLength(json);
  return { total: binary + jsonBytes, binary, json: jsonBytes };
}

export function reportTransfer(r: Report35k): Figure {
  const msg: HostMessage = { type: 'data', requestId: 1, selection: r.selection, data: r.columns };
  const posted = postedBytes(msg);
  const response = Buffer.byteLength(r.text);
  return figure({
    name: 'report transfer (35,040 buckets)',
    value: posted.total,
    unit: 'B',
    goal: { ratioMax: 0.5 },
    baseline: response,
    baselineName: 'JSON response',
    note:
      `The panel's data message for "${r.monitorName}" (3 directions, a year at 15 min, from the sandbox): typed arrays ` +
      `${(posted.binary / 1000).toFixed(1)} KB + the rest as JSON ${(posted.json / 1000).toFixed(1)} KB, vs the API's ` +
      `response body ${(response / 1000).toFixed(1)} KB (compact JSON, before HTTP compression).`,
  });
}
