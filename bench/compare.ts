// Compare render: the report page (real dist/webview bundle, headless chromium) showing the sandbox's year at 15
// minutes × 3 directions with the year before it overlaid (previous period, aligned by the host's code), against
// the same page showing the year alone. Each run opens two fresh pages, single then compare, so each ratio pairs two
// renders made at the same moment. The host's alignment (node) is reported in the note.
import type { Browser } from 'playwright-core';
import { toColumns } from '../src/shared/columns';
import { computeFigures } from '../src/shared/figures';
import { alignComparison, comparePeriod, type CompareColumns } from '../src/shared/compare';
import type { ReportData } from '../src/api/types';
import type { ReportSelection } from '../src/shared/reportMessages';
import { launchChromium, openWebviewPage, startWebviewServer, type WebviewServer } from '../test/browser/webviewPage';
import { figure, median, round, type Figure } from './figures';
import { signInToken, type Report35k } from './node';
import type { SandboxProcess } from './sandboxProcess';

/** The comparison year of the 35k report (previous period), fetched from the sandbox. */
export async function fetchComparison35k(sb: SandboxProcess, report: Report35k): Promise<ReportData> {
  const token = await signInToken(sb);
  const period = comparePeriod({ start: report.data.start, end: report.data.end }, { kind: 'previous' }, 'UTC');
  const q = new URLSearchParams({ ...period, interval: '15m', timezone: 'UTC' });
  const res = await fetch(`${sb.url}/v1/monitors/${report.data.monitor.id}/data?${q}`, {
    headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`comparison data → ${res.status}: ${text.slice(0, 200)}`);
  const data = JSON.parse(text) as ReportData;
  if (data.buckets.length !== 35_040) throw new Error(`expected 35,040 comparison buckets, got ${data.buckets.length}`);
  return data;
}

async function renderOnce(
  browser: Browser,
  server: WebviewServer,
  report: Report35k,
  selection: ReportSelection,
  compare?: CompareColumns,
): Promise<{ renderMs: number; points: number }> {
  const wp = await openWebviewPage(browser, server, { theme: 'dark', width: 1200, height: 900 });
  try {
    const requestId = 1;
    await wp.postHostMessage({ type: 'loading', requestId, selection });
    await wp.nextFrame();
    // As the panel sends it: with the figures it computed (reportPanel.ts).
    const figures = computeFigures(report.columns);
    await wp.postHostMessage({ type: 'data', requestId, selection, data: report.columns, figures, ...(compare ? { compare } : {}) });
    const r = await wp.waitForPosted('rendered', { where: (m) => m.requestId === requestId, timeout: 60_000 });
    if (!r.canvas.painted) throw new Error('the chart was not painted');
    if (wp.pageErrors.length) throw new Error(`page error: ${wp.pageErrors[0]}`);
    return { renderMs: r.renderMs, points: r.points };
  } finally {
    await wp.close();
  }
}

export async function compareRenderFigure(sb: SandboxProcess, report: Report35k, runs: number): Promise<Figure> {
  const comparison = await fetchComparison35k(sb, report);
  const t0 = performance.now();
  const compare = alignComparison(report.columns, toColumns(comparison), { kind: 'previous' });
  const alignMs = performance.now() - t0;
  const selection: ReportSelection = {
    ...report.selection,
    target: { ...report.selection.target, compare: { kind: 'previous' } },
  };
  const server = await startWebviewServer();
  const browser = await launchChromium();
  try {
    const single: number[] = [];
    const both: number[] = [];
    for (let i = -1; i < runs; i++) {
      const a = await renderOnce(browser, server, report, report.selection);
      const b = await renderOnce(browser, server, report, selection, compare);
      if (i < 0) continue; // warm-up
      single.push(a.renderMs);
      both.push(b.renderMs);
    }
    return figure({
      name: 'compare render 35k × 2',
      value: median(both),
      unit: 'ms',
      goal: { ratioMax: 1.5 },
      baseline: median(single),
      baselineName: 'single render',
      samples: both,
      baselineSamples: single,
      note:
        `35,040 buckets × 3 directions with the previous 35,040 × 3 overlaid (dashed, aligned by local offset), ` +
        `vs the same page without the comparison, a fresh page each, paired per run. ` +
        `The host's alignment (toColumns of the comparison excluded): ${round(alignMs, 1)} ms in Node.`,
    });
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
}
