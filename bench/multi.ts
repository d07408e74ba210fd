// Several monitors in one panel: 20 people-count monitors × a year at 15 minutes × 2 directions (35,040 buckets
// each, 1.4 M counts). Fetching them through HoxtonClient at the panel's cap (MULTI_CONCURRENCY at a time) vs the
// same requests made raw (node-fetch + JSON.parse) with the same cap; and the several-monitor page's first painted
// frame (the real multi.js in headless chromium) vs JSON.parse of the 20 reports' JSON in the same page.
import fetch from 'node-fetch';
import pLimit from 'p-limit';
import { HoxtonClient } from '../src/api/client';
import type { Monitor, ReportData } from '../src/api/types';
import type { ReportTarget } from '../src/reports/target';
import { toColumns } from '../src/shared/columns';
import { MULTI_CONCURRENCY, type MultiEntry } from '../src/shared/multiMessages';
import type { ReportSelection } from '../src/shared/reportMessages';
import { launchChromium, openWebviewPage, startWebviewServer } from '../test/browser/webviewPage';
import { figure, median, round, type Figure } from './figures';
import { signInToken } from './node';
import type { SandboxProcess } from './sandboxProcess';

const RANGE = { start: '2024-11-29T00:00:00Z', end: '2025-11-29T00:00:00Z', interval: '15m' as const, timezone: 'UTC' };

export interface MultiSet {
  monitors: Monitor[];
  texts: string[];
}

/** 20 two-direction people-count monitors of one site. */
async function pickMonitors(base: string, token: string): Promise<Monitor[]> {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  const sites = (await (await fetch(`${base}/v1/sites?limit=1`, { headers })).json()) as { data: { id: string }[] };
  const list = (await (
    await fetch(`${base}/v1/monitors?limit=500&type=people_count&site_id=${encodeURIComponent(sites.data[0].id)}`, { headers })
  ).json()) as { data: Monitor[] };
  const ms = list.data.filter((m) => m.directions.length === 2).slice(0, 20);
  if (ms.length !== 20) throw new Error(`expected 20 two-direction people-count monitors in one site, found ${ms.length}`);
  return ms;
}

/**
 * A request that met a connection reset (a kept-alive socket the server closed just then, seen on a loaded machine)
 * is made again, at most twice: the client does the same for network errors, so the baseline keeps its requests.
 */
async function withResetRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= 2 || (e as { code?: string }).code !== 'ECONNRESET') throw e;
    }
  }
}

async function fetchRaw(base: string, token: string, monitors: Monitor[]): Promise<string[]> {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}`, 'User-Agent': 'hoxton-bench' };
  const limit = pLimit(MULTI_CONCURRENCY);
  const q = new URLSearchParams(RANGE).toString();
  return Promise.all(
    monitors.map((m) =>
      limit(async () => {
        const res = await withResetRetry(() => fetch(`${base}/v1/monitors/${m.id}/data?${q}`, { headers }));
        const text = await res.text();
        if (!res.ok) throw new Error(`${m.id} → ${res.status}`);
        const d = JSON.parse(text) as ReportData;
        if (d.buckets.length !== 35_040) throw new Error(`expected 35,040 buckets, got ${d.buckets.length}`);
        return text;
      }),
    ),
  );
}

async function fetchClient(client: HoxtonClient, monitors: Monitor[]): Promise<ReportData[]> {
  const limit = pLimit(MULTI_CONCURRENCY);
  return Promise.all(monitors.map((m) => limit(() => client.getMonitorData(m.id, RANGE))));
}

/** Fetch figure, and the 20 reports' JSON for the render figure. */
export async function multiFetch(sb: SandboxProcess, runs: number): Promise<{ fig: Figure; set: MultiSet }> {
  const token = await signInToken(sb);
  const monitors = await pickMonitors(sb.url, token);
  const client = new HoxtonClient({ baseUrl: sb.url, token: async () => token, userAgent: 'hoxton-bench' });
  const clientMs: number[] = [];
  const rawMs: number[] = [];
  let texts: string[] = [];
  let maxInFlight = 0;
  for (let i = -1; i < runs; i++) {
    for (const which of i % 2 === 0 ? ['client', 'raw'] : ['raw', 'client']) {
      await sb.resetStats();
      const t0 = performance.now();
      if (which === 'client') {
        const data = await fetchClient(client, monitors);
        if (data.some((d) => d.buckets.length !== 35_040)) throw new Error('a report without 35,040 buckets');
        const ms = performance.now() - t0;
        if (i >= 0) clientMs.push(ms);
        maxInFlight = Math.max(maxInFlight, (await sb.stats()).maxInFlight);
      } else {
        texts = await fetchRaw(sb.url, token, monitors);
        if (i >= 0) rawMs.push(performance.now() - t0);
      }
    }
  }
  const mb = texts.reduce((s, t) => s + t.length, 0) / 1e6;
  const fig = figure({
    name: 'multi fetch (20 × 35,040 × 2)',
    value: median(clientMs),
    unit: 'ms',
    goal: { ratioMax: 1.3 },
    baseline: median(rawMs),
    baselineName: 'raw HTTP, same cap',
    samples: clientMs,
    baselineSamples: rawMs,
    note:
      `20 people-count monitors × a year at 15 min × 2 directions (${mb.toFixed(1)} MB of JSON), ${MULTI_CONCURRENCY} at a time ` +
      `(p-limit, as the panel); through HoxtonClient (retries, validation) vs node-fetch + JSON.parse with the same cap. ` +
      `Most concurrent requests seen by the sandbox: ${maxInFlight}.`,
  });
  return { fig, set: { monitors, texts } };
}

function selectionOf(monitors: Monitor[]): ReportSelection {
  const ms: ReportTarget['monitor'][] = monitors.map((m) => ({
    id: m.id,
    name: m.name,
    type: m.type,
    capacity: m.capacity,
    directions: m.directions,
  }));
  const target: ReportTarget = {
    accountId: 'https://auth.example|org|user',
    monitor: ms[0],
    monitors: ms,
    site: { id: monitors[0].site_id, name: 'Site', timezone: 'UTC' },
    orgName: 'Acme Retail',
    report: null,
    range: { preset: 'last_30_days' },
    interval: '15m',
    directions: null,
  };
  return { title: 'Site · 20 monitors', target };
}

/** First painted frame of the several-monitor page with the 20 reports, vs JSON.parse of their JSON in the page. */
export async function multiRender(set: MultiSet, runs: number): Promise<Figure> {
  const server = await startWebviewServer();
  const browser = await launchChromium();
  const entries: MultiEntry[] = set.texts.map((t, i) => ({
    id: set.monitors[i].id,
    name: set.monitors[i].name,
    data: toColumns(JSON.parse(t) as ReportData),
  }));
  const selection = selectionOf(set.monitors);
  const render: number[] = [];
  const parse: number[] = [];
  let points = 0;
  let phases = '';
  try {
    for (let i = -1; i < runs; i++) {
      const wp = await openWebviewPage(browser, server, { theme: 'dark', width: 1200, height: 900, bundle: 'multi' });
      try {
        const requestId = wp.nextRequestId();
        await wp.postHostMessage({ type: 'multiLoading', requestId, selection, done: 0, total: 20 });
        await wp.nextFrame();
        await wp.postHostMessage({ type: 'multiData', requestId, selection, monitors: entries });
        const r = await wp.waitForPosted('rendered', { where: (m) => m.requestId === requestId, timeout: 120_000 });
        if (r.type !== 'rendered' || !r.canvas.painted) throw new Error('the chart was not painted');
        if (wp.pageErrors.length) throw new Error(`page error: ${wp.pageErrors[0]}`);
        const ph = await wp.renderPhases();
        const parseMs = await wp.page.evaluate((texts: string[]) => {
          for (const t of texts) JSON.parse(t);
          const t0 = performance.now();
          for (const t of texts) JSON.parse(t);
          return performance.now() - t0;
        }, set.texts);
        if (i >= 0) {
          render.push(r.renderMs);
          parse.push(parseMs);
          points = r.points;
          phases = Object.entries(ph)
            .map(([k, v]) => `${k} ${round(v, 1)}`)
            .join(', ');
        }
      } finally {
        await wp.close();
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
  return figure({
    name: 'multi render (20 × 35,040 × 2)',
    value: median(render),
    unit: 'ms',
    goal: { max: 250, ratioMax: 4 },
    baseline: median(parse),
    baselineName: 'JSON.parse ×20',
    samples: render,
    baselineSamples: parse,
    note:
      `the several-monitor page (multi.js), a fresh page per run, from the multiData message (20 monitors' columns) to the ` +
      `first painted frame; the default view draws one series per monitor (directions summed) + the total: ` +
      `${points.toLocaleString('en')} points drawn from 1,401,600 counts. Phases of the last run: ${phases}. Baseline: ` +
      `JSON.parse of the 20 reports' API JSON in the same page.`,
  });
}
