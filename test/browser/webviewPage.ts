// The report page in real headless Chromium, outside VS Code: a tiny HTTP server serves dist/webview/*, codicons and
// an HTML document made by reportHtml() (same CSP as the panel), preceded by a nonce'd script that fakes
// acquireVsCodeApi (posted messages → window.__posted, state → window.__state) and records CSP violations. A linked
// CSS file sets --vscode-* variables like a VS Code theme. Used by the browser tests and the benchmarks.
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { reportHtml } from '../../src/panels/reportHtml';
import { makeNonce } from '../../src/panels/nonce';
import type { ReportTarget } from '../../src/reports/target';
import type {
  DiagnosticsMessage,
  DiagnosticsRequest,
  HostMessage,
  RenderedFigures,
  ReportColumns,
  ReportSelection,
  WebviewMessage,
} from '../../src/shared/reportMessages';
import { CHROMIUM_ARGS, CHROMIUM_PATH, projectRoot } from '../harness/codeServer';
import { selectionOf, type SelectionOver } from './fixtures';

/** Repository root. */
export const ROOT = projectRoot();
const DIST = path.join(ROOT, 'dist', 'webview');
const CODICONS = path.join(ROOT, 'node_modules', '@vscode', 'codicons', 'dist');

export type ThemeKind = 'light' | 'dark' | 'high-contrast';

/**
 * The UI font VS Code gives its webviews (`--vscode-font-family`): its workbench's font for the platform this runs on
 * (vs/code/browser/workbench/workbench.css, `.mac` / `.windows` / `.linux`). Not a union of the three: on Linux,
 * families that are not installed (-apple-system, Segoe UI) each cost a failed font look-up that no panel pays.
 */
const FONT =
  process.platform === 'darwin'
    ? '-apple-system, BlinkMacSystemFont, sans-serif'
    : process.platform === 'win32'
      ? '"Segoe WPC", "Segoe UI", sans-serif'
      : 'system-ui, "Ubuntu", "Droid Sans", sans-serif';

/** A few variables of VS Code's Light Modern / Dark Modern / High Contrast themes. */
const THEMES: Record<ThemeKind, Record<string, string>> = {
  light: {
    foreground: '#3b3b3b',
    descriptionForeground: '#717171',
    'editor-background': '#ffffff',
    'editor-foreground': '#3b3b3b',
    'editor-selectionBackground': '#add6ff',
    'panel-border': '#e5e5e5',
    'widget-border': '#e5e5e5',
    'widget-shadow': 'rgba(0, 0, 0, 0.16)',
    focusBorder: '#005fb8',
    'button-background': '#005fb8',
    'button-foreground': '#ffffff',
    'button-border': '#0000001a',
    'button-hoverBackground': '#0258a8',
    'button-secondaryBackground': '#e5e5e5',
    'button-secondaryForeground': '#3b3b3b',
    'button-secondaryHoverBackground': '#cccccc',
    'input-background': '#ffffff',
    'input-foreground': '#3b3b3b',
    'input-border': '#cecece',
    'input-placeholderForeground': '#767676',
    'settings-textInputBackground': '#ffffff',
    'settings-textInputForeground': '#3b3b3b',
    'settings-textInputBorder': '#cecece',
    'settings-dropdownBackground': '#ffffff',
    'settings-dropdownForeground': '#3b3b3b',
    'settings-dropdownBorder': '#cecece',
    'settings-dropdownListBorder': '#c8c8c8',
    'list-hoverBackground': '#f2f2f2',
    'list-activeSelectionBackground': '#e8e8e8',
    'list-activeSelectionForeground': '#000000',
    'list-inactiveSelectionBackground': '#e4e6f1',
    'list-focusOutline': '#005fb8',
    'editorWidget-background': '#f8f8f8',
    'editorHoverWidget-background': '#f8f8f8',
    'editorHoverWidget-border': '#c8c8c8',
    'editorHoverWidget-foreground': '#3b3b3b',
    'keybindingTable-headerBackground': '#3b3b3b0a',
    'keybindingTable-rowsBackground': '#3b3b3b0a',
    errorForeground: '#f85149',
    'inputValidation-errorBorder': '#be1100',
    'charts-foreground': '#616161',
    'charts-lines': '#61616180',
    'charts-red': '#e51400',
    'charts-blue': '#1a85ff',
    'charts-yellow': '#bf8803',
    'charts-orange': '#d18616',
    'charts-green': '#388a34',
    'charts-purple': '#652d90',
    'checkbox-background': '#f8f8f8',
    'checkbox-border': '#cecece',
    'badge-background': '#cccccc',
    'badge-foreground': '#3b3b3b',
  },
  dark: {
    foreground: '#cccccc',
    descriptionForeground: '#9d9d9d',
    'editor-background': '#1f1f1f',
    'editor-foreground': '#cccccc',
    'editor-selectionBackground': '#264f78',
    'panel-border': '#2b2b2b',
    'widget-border': '#313131',
    'widget-shadow': 'rgba(0, 0, 0, 0.36)',
    focusBorder: '#0078d4',
    'button-background': '#0078d4',
    'button-foreground': '#ffffff',
    'button-border': '#ffffff12',
    'button-hoverBackground': '#026ec1',
    'button-secondaryBackground': '#313131',
    'button-secondaryForeground': '#cccccc',
    'button-secondaryHoverBackground': '#3c3c3c',
    'input-background': '#313131',
    'input-foreground': '#cccccc',
    'input-border': '#3c3c3c',
    'input-placeholderForeground': '#989898',
    'settings-textInputBackground': '#313131',
    'settings-textInputForeground': '#cccccc',
    'settings-textInputBorder': '#3c3c3c',
    'settings-dropdownBackground': '#313131',
    'settings-dropdownForeground': '#cccccc',
    'settings-dropdownBorder': '#3c3c3c',
    'settings-dropdownListBorder': '#454545',
    'list-hoverBackground': '#2a2d2e',
    'list-activeSelectionBackground': '#04395e',
    'list-activeSelectionForeground': '#ffffff',
    'list-inactiveSelectionBackground': '#37373d',
    'list-focusOutline': '#0078d4',
    'editorWidget-background': '#202020',
    'editorHoverWidget-background': '#202020',
    'editorHoverWidget-border': '#454545',
    'editorHoverWidget-foreground': '#cccccc',
    'keybindingTable-headerBackground': '#cccccc0a',
    'keybindingTable-rowsBackground': '#cccccc0a',
    errorForeground: '#f85149',
    'inputValidation-errorBorder': '#be1100',
    'charts-foreground': '#cccccc',
    'charts-lines': '#cccccc80',
    'charts-red': '#f14c4c',
    'charts-blue': '#3794ff',
    'charts-yellow': '#cca700',
    'charts-orange': '#d18616',
    'charts-green': '#89d185',
    'charts-purple': '#b180d7',
    'checkbox-background': '#313131',
    'checkbox-border': '#3c3c3c',
    'badge-background': '#616161',
    'badge-foreground': '#f8f8f8',
  },
  'high-contrast': {
    foreground: '#ffffff',
    descriptionForeground: '#ffffffb3',
    contrastBorder: '#6fc3df',
    'editor-background': '#000000',
    'editor-foreground': '#ffffff',
    'editor-selectionBackground': '#ffffff',
    'panel-border': '#6fc3df',
    'widget-border': '#6fc3df',
    focusBorder: '#f38518',
    'button-background': '#000000',
    'button-foreground': '#ffffff',
    'button-border': '#6fc3df',
    'button-secondaryBackground': '#000000',
    'button-secondaryForeground': '#ffffff',
    'settings-textInputBackground': '#000000',
    'settings-textInputForeground': '#ffffff',
    'settings-textInputBorder': '#6fc3df',
    'settings-dropdownBackground': '#000000',
    'settings-dropdownForeground': '#ffffff',
    'settings-dropdownBorder': '#6fc3df',
    'list-hoverBackground': '#000000',
    'editorWidget-background': '#0c141f',
    'editorHoverWidget-background': '#0c141f',
    'editorHoverWidget-border': '#6fc3df',
    errorForeground: '#f48771',
    'charts-foreground': '#ffffff',
    'charts-lines': '#ffffff',
    'charts-red': '#f14c4c',
    'charts-blue': '#3794ff',
    'charts-yellow': '#ffd700',
    'charts-orange': '#d18616',
    'charts-green': '#89d185',
    'charts-purple': '#b180d7',
  },
};

function themeCss(kind: ThemeKind): string {
  const vars = Object.entries(THEMES[kind])
    .map(([k, v]) => `  --vscode-${k}: ${v};`)
    .join('\n');
  return `:root {\n  --vscode-font-family: ${FONT};\n  --vscode-font-size: 13px;\n  --vscode-font-weight: normal;\n  --vscode-editor-font-family: "Droid Sans Mono", monospace;\n${vars}\n}\n`;
}

/** What the page posts: product messages, and diagnostics in test mode. */
export type Posted = WebviewMessage | DiagnosticsMessage;

/**
 * Fake VS Code API + CSP recorder, run before the page script. `initialState` is what getState() answers. Also counts
 * the page's canvas pixel reads (window.__pixelReads): production pages must do none.
 */
function fakeApiScript(initialState: unknown): string {
  return `
window.__posted = [];
window.__csp = [];
window.__state = ${JSON.stringify(initialState ?? null).replace(/</g, '\\u003c')};
window.__pixelReads = 0;
(function () {
  var getImageData = CanvasRenderingContext2D.prototype.getImageData;
  CanvasRenderingContext2D.prototype.getImageData = function () {
    window.__pixelReads++;
    return getImageData.apply(this, arguments);
  };
})();
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile, line: e.lineNumber });
});
(function () {
  var acquired = false;
  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: function (m) {
        if (m && m.type === 'savePng') window.__png = m.png; // bytes (JSON below keeps only the type)
        window.__posted.push(JSON.parse(JSON.stringify(m)));
      },
      getState: function () { return window.__state; },
      setState: function (s) { window.__state = JSON.parse(JSON.stringify(s)); return s; }
    });
  };
})();
`;
}

interface PageConfig {
  theme: ThemeKind;
  title: string;
  initialState: unknown;
  diagnostics: boolean;
  /** Which page bundle: the report page (default) or the several-monitor page (multi.js). */
  bundle?: 'report' | 'multi';
  expectedBuckets?: number;
}

export interface WebviewServer {
  origin: string;
  /** Registers a page; answers its path. */
  addPage(cfg: PageConfig): string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.html': 'text/html; charset=utf-8',
  '.map': 'application/json',
};

function serveFile(res: http.ServerResponse, base: string, rel: string): void {
  const file = path.resolve(base, '.' + path.posix.normalize('/' + rel));
  if (!file.startsWith(base + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  fs.readFile(file, (err, buf) => {
    if (err) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(buf);
  });
}

export async function startWebviewServer(): Promise<WebviewServer> {
  const pages = new Map<string, PageConfig>();
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = decodeURIComponent(url.pathname);
    if (p.startsWith('/page/')) {
      const cfg = pages.get(p.slice('/page/'.length));
      if (!cfg) return void res.writeHead(404).end();
      const nonce = makeNonce();
      let html = reportHtml({
        cspSource: origin,
        nonce,
        scriptUri: `${origin}/dist/webview/${cfg.bundle ?? 'report'}.js`,
        styleUri: `${origin}/dist/webview/${cfg.bundle ?? 'report'}.css`,
        codiconsUri: `${origin}/codicons/codicon.css`,
        title: cfg.title,
        diagnostics: cfg.diagnostics,
        expectedBuckets: cfg.expectedBuckets,
      });
      const themeClass = cfg.theme === 'high-contrast' ? 'vscode-high-contrast' : `vscode-${cfg.theme}`;
      html = html
        .replace(
          '</head>',
          `<link rel="stylesheet" href="${origin}/theme/${cfg.theme}.css">\n<script nonce="${nonce}">${fakeApiScript(cfg.initialState)}</script>\n</head>`,
        )
        .replace('<body>', `<body class="${themeClass}" data-vscode-theme-kind="${themeClass}">`);
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      return void res.end(html);
    }
    if (p === '/favicon.ico') return void res.writeHead(204).end();
    if (p.startsWith('/dist/webview/')) return serveFile(res, DIST, p.slice('/dist/webview/'.length));
    if (p.startsWith('/codicons/')) return serveFile(res, CODICONS, p.slice('/codicons/'.length));
    const theme = /^\/theme\/([a-z-]+)\.css$/.exec(p);
    if (theme && theme[1] in THEMES) {
      res.writeHead(200, { 'content-type': TYPES['.css'] });
      return void res.end(themeCss(theme[1] as ThemeKind));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let next = 0;
  return {
    origin,
    addPage(cfg) {
      const id = String(++next);
      pages.set(id, cfg);
      return `/page/${id}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface OpenOptions {
  theme?: ThemeKind;
  width?: number;
  height?: number;
  title?: string;
  /** What the fake getState() answers at start (a restored, hidden-then-shown panel). */
  initialState?: unknown;
  /** Browser time zone (the page must show the report's zone whatever this is). */
  timezoneId?: string;
  locale?: string;
  deviceScaleFactor?: number;
  /** Wait for the page's `ready` (default true). */
  waitReady?: boolean;
  /** Test mode, as in an extension under test (default true): the page posts `rendered` and answers `probe`. */
  diagnostics?: boolean;
  /** The several-monitor page (multi.js) instead of the report page. */
  bundle?: 'report' | 'multi';
  /** `<html data-expected-buckets>`, as a panel's HTML says it (default: left out, as if unknown). */
  expectedBuckets?: number;
}

/** Typed arrays cannot cross page.evaluate: encode them as base64 and rebuild them in the page. */
type Encoded = { __typed: string; b64: string };

function encode(v: unknown): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    return { __typed: v.constructor.name, b64: b.toString('base64') } satisfies Encoded;
  }
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = encode(x);
    return o;
  }
  return v;
}

export class WebviewPage {
  private requestId = 0;
  readonly consoleCsp: string[] = [];
  readonly consoleErrors: string[] = [];
  readonly pageErrors: string[] = [];

  constructor(
    readonly page: Page,
    readonly context: BrowserContext,
  ) {
    page.on('console', (m) => {
      const t = m.text();
      if (/Content Security Policy/i.test(t)) this.consoleCsp.push(t);
      if (m.type() === 'error') this.consoleErrors.push(t);
    });
    page.on('pageerror', (e) => this.pageErrors.push(String(e)));
  }

  /** Next request id (increasing, like the host's). */
  nextRequestId(): number {
    return ++this.requestId;
  }

  /** Sends a host → webview message (window.postMessage in the page), rebuilding typed arrays there first. */
  async postHostMessage(msg: HostMessage | DiagnosticsRequest | Record<string, unknown>): Promise<void> {
    await this.page.evaluate((enc) => {
      const decode = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(decode);
        if (v && typeof v === 'object') {
          const o = v as Record<string, unknown>;
          if (typeof o.__typed === 'string' && typeof o.b64 === 'string') {
            const bin = atob(o.b64);
            const bytes = new Uint8Array(bin.length);
            for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
            const Ctor = (globalThis as unknown as Record<string, new (b: ArrayBuffer) => unknown>)[o.__typed];
            return new Ctor(bytes.buffer);
          }
          const out: Record<string, unknown> = {};
          for (const [k, x] of Object.entries(o)) out[k] = decode(x);
          return out;
        }
        return v;
      };
      // A real postMessage: the page gets it as its own task (structured-cloned), as from the webview host.
      window.postMessage(decode(enc), '*');
    }, encode(msg));
  }

  /** Everything the page posted so far. */
  posted(): Promise<Posted[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted.slice());
  }

  /** How many times the page read canvas pixels (getImageData). */
  pixelReads(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as { __pixelReads: number }).__pixelReads);
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as { __posted: unknown[] }).__posted.length = 0;
    });
  }

  /** Waits for a posted message of this type (optionally matching `where`), posted at index ≥ `after`. */
  async waitForPosted<T extends Posted['type']>(
    type: T,
    opts: { where?: (m: Extract<Posted, { type: T }>) => boolean; after?: number; timeout?: number } = {},
  ): Promise<Extract<Posted, { type: T }>> {
    const deadline = Date.now() + (opts.timeout ?? 15_000);
    for (;;) {
      const all = await this.posted();
      for (let i = opts.after ?? 0; i < all.length; i++) {
        const m = all[i];
        if (m.type === type && (!opts.where || opts.where(m as Extract<Posted, { type: T }>))) {
          return m as Extract<Posted, { type: T }>;
        }
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for a posted '${type}' (posted: ${all.map((m) => m.type).join(', ')})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** CSP violations seen by the page (securitypolicyviolation events and console reports). */
  async cspViolations(): Promise<string[]> {
    const events = await this.page.evaluate(() => (window as unknown as { __csp: unknown[] }).__csp.map((e) => JSON.stringify(e)));
    return [...events, ...this.consoleCsp];
  }

  /** The fake vscode state. */
  state(): Promise<unknown> {
    return this.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
  }

  /** Sends loading then data and waits for `rendered`. */
  /** `figures`: what the panel sends with the data (its own computeFigures); without, the page computes them. */
  async showData(
    selection: ReportSelection,
    data: ReportColumns,
    figures?: RenderedFigures,
  ): Promise<Extract<Posted, { type: 'rendered' }>> {
    const requestId = this.nextRequestId();
    await this.postHostMessage({ type: 'loading', requestId, selection });
    await this.nextFrame(); // the host's fetch takes time: the loading state gets painted before data arrives
    await this.postHostMessage({ type: 'data', requestId, selection, data, ...(figures ? { figures } : {}) });
    return this.waitForPosted('rendered', { where: (m) => m.requestId === requestId, timeout: 30_000 });
  }

  /**
   * Switches the theme like VS Code does: rewrites the --vscode-* variables on <html style> (through CSSOM, which
   * the CSP allows) and the body's theme class.
   */
  async setTheme(kind: ThemeKind): Promise<void> {
    const vars: Record<string, string> = {};
    for (const [k, v] of Object.entries(THEMES[kind])) vars[`--vscode-${k}`] = v;
    const cls = kind === 'high-contrast' ? 'vscode-high-contrast' : `vscode-${kind}`;
    await this.page.evaluate(
      ({ vars, cls }) => {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.body.className = cls;
        document.body.setAttribute('data-vscode-theme-kind', cls);
      },
      { vars, cls },
    );
    await this.nextFrame();
    await this.nextFrame();
  }

  /** Phases of the last data render, ms since the message arrived (performance marks set by the page). */
  renderPhases(): Promise<Record<string, number>> {
    return this.page.evaluate(() => {
      const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('hoxton:'));
      const t0 = marks.find((m) => m.name === 'hoxton:message')?.startTime ?? 0;
      const out: Record<string, number> = {};
      for (const m of marks) if (m.name !== 'hoxton:message') out[m.name.slice(7)] = Math.round((m.startTime - t0) * 10) / 10;
      return out;
    });
  }

  /** Resolves after the page has produced a frame. */
  async nextFrame(): Promise<void> {
    await this.page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  }

  async probe(): Promise<Extract<Posted, { type: 'probeResult' }>> {
    const requestId = this.nextRequestId() + 1_000_000;
    await this.postHostMessage({ type: 'probe', requestId });
    return this.waitForPosted('probeResult', { where: (m) => m.requestId === requestId });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** Opens the report page in a fresh browser context. */
export async function openWebviewPage(browser: Browser, server: WebviewServer, opts: OpenOptions = {}): Promise<WebviewPage> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1200, height: opts.height ?? 900 },
    deviceScaleFactor: opts.deviceScaleFactor ?? 1,
    locale: opts.locale ?? 'en-US',
    timezoneId: opts.timezoneId ?? 'UTC',
    colorScheme: opts.theme === 'light' ? 'light' : 'dark',
  });
  const page = await context.newPage();
  const wp = new WebviewPage(page, context);
  const url =
    server.origin +
    server.addPage({
      theme: opts.theme ?? 'dark',
      title: opts.title ?? 'Report',
      initialState: opts.initialState ?? null,
      diagnostics: opts.diagnostics ?? true,
      bundle: opts.bundle,
      expectedBuckets: opts.expectedBuckets,
    });
  await page.goto(url);
  if (opts.waitReady !== false) await wp.waitForPosted('ready');
  return wp;
}

/** Selection for measuring: a people-count report over the columns' directions. */
export function selectionFor(c: ReportColumns, over: SelectionOver = {}): ReportSelection {
  const monitor: ReportTarget['monitor'] = {
    id: 'mon_bench',
    name: 'Benchmark monitor',
    type: c.occupancyMax ? 'occupancy' : 'people_count',
    capacity: c.capacity,
    directions: c.directions.map((d) => ({ ...d })),
  };
  return selectionOf(
    'Benchmark report',
    monitor,
    c.timezone,
    { reportId: 'rep_bench', range: { preset: 'last_30_days' }, interval: c.interval },
    over,
  );
}

/** renderMs (message arrival → first painted frame) of one `data` message with these columns, plus the full report. */
export async function measureRender(
  wp: WebviewPage,
  columns: ReportColumns,
  selection: ReportSelection = selectionFor(columns),
  figures?: RenderedFigures,
): Promise<{ renderMs: number; rendered: Extract<Posted, { type: 'rendered' }>; phases: Record<string, number> }> {
  const rendered = await wp.showData(selection, columns, figures);
  return { renderMs: rendered.renderMs, rendered, phases: await wp.renderPhases() };
}
