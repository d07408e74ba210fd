// Test and benchmark hooks of the report page, wired by main.ts only when the host says it runs in test mode
// (`data-diagnostics` on <html>, set by src/panels/reportHtml.ts): performance marks of each render phase, a
// `rendered` report after each paint (with a look at the chart's pixels), and answers to `probe`. The host side is
// src/panels/testing.ts.
import type { DiagnosticsMessage, DiagnosticsRequest, PageState } from '../../shared/reportMessages';
import type { Phase, RenderHooks } from './page';
import { contentShown } from './layout';

const PHASES: Phase[] = ['message', 'computed', 'figures', 'chart', 'table', 'painted'];

export interface PageDiagnostics extends RenderHooks {
  request(m: DiagnosticsRequest): void;
}

/** Whether the host asked for diagnostics. */
export function diagnosticsRequested(): boolean {
  return document.documentElement.dataset.diagnostics === 'on';
}

export function createDiagnostics(app: HTMLElement, post: (m: DiagnosticsMessage) => void): PageDiagnostics {
  return {
    mark(phase, startTime) {
      // Read with performance.getEntriesByName('hoxton:…'): message → computed → figures → chart → table → painted.
      if (phase === 'message') for (const p of PHASES) performance.clearMarks(`hoxton:${p}`);
      performance.mark(`hoxton:${phase}`, startTime === undefined ? undefined : { startTime });
    },
    painted({ requestId, renderMs, figures, points, drawn, seriesMax, axisMax, chartBuiltBefore, canvas }) {
      post({
        type: 'rendered',
        requestId,
        points,
        drawn,
        seriesMax,
        axisMax,
        chartBuiltBefore,
        renderMs: Math.round(renderMs * 100) / 100,
        canvas: { width: canvas?.width ?? 0, height: canvas?.height ?? 0, painted: canvas ? isPainted(canvas) : false },
        figures,
      });
    },
    request(m) {
      if (m.type === 'click') {
        app.querySelector<HTMLElement>(`vscode-button[data-action="${CSS.escape(m.action)}"]`)?.click();
        return;
      }
      post({ type: 'probeResult', requestId: m.requestId, state: (app.dataset.state ?? 'none') as PageState, text: visibleText(app) });
    },
  };
}

/** Whether the canvas has any non-transparent pixel (sampled on a grid). */
function isPainted(canvas: HTMLCanvasElement): boolean {
  const ctx = canvas.getContext('2d');
  if (!ctx || canvas.width === 0 || canvas.height === 0) return false;
  const img = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < img.length; i += 4 * 7) if (img[i] !== 0) return true;
  return false;
}

/** The text a person sees: title and facts, then the status message or the figures. */
function visibleText(app: HTMLElement): string {
  const text = (sel: string): string => app.querySelector<HTMLElement>(sel)?.innerText ?? '';
  const shown = (sel: string): boolean => app.querySelector<HTMLElement>(sel)?.hidden === false;
  const parts = [text('.header .title-block')];
  if (shown(':scope > .status')) parts.push(text(':scope > .status'));
  const content = app.querySelector<HTMLElement>(':scope > .content');
  if (content && contentShown(content)) parts.push(text('.figures'));
  return parts
    .join('\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}
