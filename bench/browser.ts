// Render figures: the report page (the real dist/webview bundle under the panel's CSP) in headless chromium,
// outside VS Code (test/browser/webviewPage.ts). renderMs is the page's own measure: from the start of its `message`
// handler (the data message received, already structured-cloned) to the task after the first frame with the chart.
import { makeColumns } from '../test/browser/fixtures';
import {
  launchChromium,
  measureRender,
  openWebviewPage,
  selectionFor,
  startWebviewServer,
  type WebviewServer,
} from '../test/browser/webviewPage';
import type { Browser } from 'playwright-core';
import { computeFigures } from '../src/shared/figures';
import type { RenderedFigures, ReportColumns, ReportSelection } from '../src/shared/reportMessages';
import { figure, median, round, type Figure } from './figures';
import type { Report35k } from './node';

interface RenderRun {
  renderMs: number;
  parseMs?: number;
  points: number;
  painted: boolean;
  phases: Record<string, number>;
}

/** One fresh page: render the columns once; optionally time JSON.parse of `json` in the same page afterwards. */
async function renderOnce(
  browser: Browser,
  server: WebviewServer,
  columns: ReportColumns,
  selection: ReportSelection,
  figures: RenderedFigures,
  json?: string,
): Promise<RenderRun> {
  const wp = await openWebviewPage(browser, server, { theme: 'dark', width: 1200, height: 900 });
  try {
    const r = await measureRender(wp, columns, selection, figures);
    if (wp.pageErrors.length) throw new Error(`page error: ${wp.pageErrors[0]}`);
    let parseMs: number | undefined;
    if (json !== undefined) {
      parseMs = await wp.page.evaluate((text: string) => {
        // One untimed parse (compiles nothing, but touches the string), then the timed one.
        JSON.parse(text);
        const t0 = performance.now();
        const v = JSON.parse(text) as { buckets: unknown[] };
        const ms = performance.now() - t0;
        if (!v.buckets.length) throw new Error('empty');
        return ms;
      }, json);
    }
    return { renderMs: r.renderMs, parseMs, points: r.rendered.points, painted: r.rendered.canvas.painted, phases: r.phases };
  } finally {
    await wp.close();
  }
}

async function series(
  browser: Browser,
  server: WebviewServer,
  runs: number,
  columns: ReportColumns,
  selection: ReportSelection,
  json?: string,
): Promise<RenderRun[]> {
  // The data message carries the figures, as the panel sends it (reportPanel.ts computes them on the host).
  const figures = computeFigures(columns);
  const out: RenderRun[] = [];
  for (let i = -1; i < runs; i++) {
    const r = await renderOnce(browser, server, columns, selection, figures, json);
    if (!r.painted) throw new Error('the chart was not painted');
    if (i >= 0) out.push(r);
  }
  return out;
}

function phasesText(runs: RenderRun[]): string {
  const keys = Object.keys(runs[0]?.phases ?? {});
  return keys.map((k) => `${k} ${round(median(runs.map((r) => r.phases[k] ?? NaN)), 1)}`).join(', ');
}

export async function renderFigures(report: Report35k, runs: number): Promise<Figure[]> {
  const server = await startWebviewServer();
  const browser = await launchChromium();
  try {
    const out: Figure[] = [];
    const r35 = await series(browser, server, runs, report.columns, report.selection, report.text);
    const hostFigures = hostFiguresMs(report.columns);
    const render = r35.map((r) => r.renderMs);
    const parse = r35.map((r) => r.parseMs!);
    out.push(
      figure({
        name: 'report render 35k',
        value: median(render),
        unit: 'ms',
        goal: { max: 100, ratioMax: 2 },
        baseline: median(parse),
        baselineName: 'JSON.parse',
        samples: render,
        baselineSamples: parse,
        note:
          `${r35[0].points.toLocaleString('en')} points (35,040 buckets × 3 directions, the sandbox's year at 15 min), ` +
          `a fresh page per run; median phases (ms since the message): ${phasesText(r35)}. Baseline: JSON.parse of the ` +
          `same report's API JSON (${(report.text.length / 1e6).toFixed(2)} MB), timed in the same page right after the render. ` +
          `The figures come with the data, as the panel sends them: computing them takes the host ${hostFigures} ms (Node, median).`,
      }),
    );

    const cols200 = makeColumns(200_000, 3);
    const r200 = await series(browser, server, runs, cols200, selectionFor(cols200));
    const render200 = r200.map((r) => r.renderMs);
    out.push(
      figure({
        name: 'report render 200k',
        value: median(render200),
        unit: 'ms',
        goal: { max: 250 },
        samples: render200,
        note: `200,000 buckets × 3 series (${r200[0].points.toLocaleString('en')} points), fresh page per run; median phases: ${phasesText(r200)}.`,
      }),
    );
    return out;
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
}

/** The host's time for the figures that travel with the data (computeFigures in Node, as reportPanel.ts calls it). */
function hostFiguresMs(columns: ReportColumns): number {
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const t0 = performance.now();
    computeFigures(columns);
    times.push(performance.now() - t0);
  }
  return round(median(times.slice(1)), 2);
}
