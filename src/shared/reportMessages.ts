// Messages between the report panel (extension host, src/panels/) and its page (webview, src/webview/report/).
// Pure TypeScript, no `vscode` import: bundled into both sides. Every message is validated on arrival with the
// guards below; anything that does not match is dropped (and logged by the receiver).
//
// Data travels as columns of typed arrays (VS Code transfers their ArrayBuffers), never as row objects.

export type Interval = '15m' | '1h' | '1d';
export type RangePreset = 'today' | 'yesterday' | 'last_7_days' | 'last_30_days' | 'this_month' | 'last_month';
export type RangeSpec = { preset: RangePreset } | { start: string; end: string };
export type MonitorKind = 'people_count' | 'occupancy';

export const PRESETS: readonly RangePreset[] = ['today', 'yesterday', 'last_7_days', 'last_30_days', 'this_month', 'last_month'];
export const INTERVAL_VALUES: readonly Interval[] = ['15m', '1h', '1d'];

/** What the panel is showing: the selection, without data. Server strings in here are shown as text only. */
export interface ReportSelection {
  /** Title of the panel: report or range name and monitor. */
  title: string;
  /** Saved report id, or null for a quick/ad-hoc range. */
  reportId: string | null;
  monitor: { id: string; name: string; type: MonitorKind; capacity: number | null };
  /** All directions of the monitor (for the directions control). */
  allDirections: { id: string; name: string }[];
  range: RangeSpec;
  interval: Interval;
  /** Selected direction ids, null for all. */
  directions: string[] | null;
  /** Opaque to the page: kept in its state so the host can restore the panel after a reload (ids and names only). */
  restore?: unknown;
}

/** Report data as columns. Index i of every array is bucket i. */
export interface ReportColumns {
  timezone: string;
  interval: Interval;
  /** ISO times with offsets, as the API sent them. */
  start: string;
  end: string;
  /** Bucket start times, epoch milliseconds. */
  times: Float64Array;
  /** UTC offset of each bucket start in the report time zone, minutes (for ISO strings with offsets). */
  offsets: Int16Array;
  directions: { id: string; name: string }[];
  /** counts[d][i]: count of directions[d] in bucket i. */
  counts: Int32Array[];
  /** Occupancy at the end of each bucket and its maximum inside it; null for people-count monitors. */
  occupancyEnd: Int32Array | null;
  occupancyMax: Int32Array | null;
  capacity: number | null;
  /** Totals per direction id, as the API computed them. */
  totals: Record<string, number>;
}

// ---- host → webview ----
export type HostMessage =
  | { type: 'loading'; requestId: number; selection: ReportSelection }
  /** `notice`: the data covers another range or interval than asked for (shown as sent, with this said). */
  | { type: 'data'; requestId: number; selection: ReportSelection; data: ReportColumns; notice?: string }
  | { type: 'error'; requestId: number; selection: ReportSelection; message: string };

// ---- webview → host ----
export interface RenderedFigures {
  totals: Record<string, number>;
  busiest: { start: number; count: number } | null;
  peakOccupancy: number | null;
  shareAboveThreshold: number | null;
}
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'change'; range: RangeSpec; interval: Interval; directions: string[] | null }
  | { type: 'refresh' }
  | { type: 'retry' }
  | { type: 'openJson' }
  | { type: 'export'; format: 'csv' | 'json' }
  | { type: 'saveAsReport' };

// ---- diagnostics: test and benchmark hooks, exchanged only when the extension runs in test mode ----
// The host wires them (src/panels/testing.ts) and tells the page through the HTML (`data-diagnostics`); the page's
// counterpart is src/webview/report/testing.ts. In production neither side sends them and the host drops them.

/** host → webview: ask the page to report what it shows. */
export type DiagnosticsRequest = { type: 'probe'; requestId: number };
export type PageState = 'loading' | 'data' | 'error' | 'empty' | 'none';
/** webview → host. */
export type DiagnosticsMessage =
  /** The page painted data for requestId: chart canvas size, number of points, time from message to paint. */
  | {
      type: 'rendered';
      requestId: number;
      points: number;
      renderMs: number;
      canvas: { width: number; height: number; painted: boolean };
      figures: RenderedFigures;
    }
  | { type: 'probeResult'; requestId: number; state: PageState; text: string };

// ---- guards ----
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export function isInterval(v: unknown): v is Interval {
  return isStr(v) && (INTERVAL_VALUES as readonly string[]).includes(v);
}

export function isRangeSpec(v: unknown): v is RangeSpec {
  if (!isObj(v)) return false;
  if ('preset' in v) return isStr(v.preset) && (PRESETS as readonly string[]).includes(v.preset);
  return isStr(v.start) && isStr(v.end) && !Number.isNaN(Date.parse(v.start)) && !Number.isNaN(Date.parse(v.end));
}

function isDirectionList(v: unknown): v is string[] | null {
  return v === null || (Array.isArray(v) && v.every(isStr));
}

function isSelection(v: unknown): v is ReportSelection {
  return (
    isObj(v) &&
    isStr(v.title) &&
    (v.reportId === null || isStr(v.reportId)) &&
    isObj(v.monitor) &&
    isStr(v.monitor.id) &&
    isStr(v.monitor.name) &&
    Array.isArray(v.allDirections) &&
    isRangeSpec(v.range) &&
    isInterval(v.interval) &&
    isDirectionList(v.directions)
  );
}

function isColumns(v: unknown): v is ReportColumns {
  if (!isObj(v)) return false;
  const n = v.times instanceof Float64Array ? v.times.length : -1;
  return (
    n >= 0 &&
    isStr(v.timezone) &&
    isInterval(v.interval) &&
    v.offsets instanceof Int16Array &&
    v.offsets.length === n &&
    Array.isArray(v.directions) &&
    Array.isArray(v.counts) &&
    v.counts.length === v.directions.length &&
    v.counts.every((c) => c instanceof Int32Array && c.length === n) &&
    (v.occupancyEnd === null || (v.occupancyEnd instanceof Int32Array && v.occupancyEnd.length === n)) &&
    (v.occupancyMax === null || (v.occupancyMax instanceof Int32Array && v.occupancyMax.length === n)) &&
    isObj(v.totals)
  );
}

export function isHostMessage(v: unknown): v is HostMessage {
  if (!isObj(v) || !isInt(v.requestId)) return false;
  switch (v.type) {
    case 'loading':
      return isSelection(v.selection);
    case 'data':
      return isSelection(v.selection) && isColumns(v.data) && (v.notice === undefined || isStr(v.notice));
    case 'error':
      return isSelection(v.selection) && isStr(v.message);
    default:
      return false;
  }
}

export function isWebviewMessage(v: unknown): v is WebviewMessage {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready':
    case 'refresh':
    case 'retry':
    case 'openJson':
    case 'saveAsReport':
      return true;
    case 'change':
      return isRangeSpec(v.range) && isInterval(v.interval) && isDirectionList(v.directions);
    case 'export':
      return v.format === 'csv' || v.format === 'json';
    default:
      return false;
  }
}

export function isDiagnosticsRequest(v: unknown): v is DiagnosticsRequest {
  return isObj(v) && v.type === 'probe' && isInt(v.requestId);
}

export function isDiagnosticsMessage(v: unknown): v is DiagnosticsMessage {
  if (!isObj(v) || !isInt(v.requestId)) return false;
  switch (v.type) {
    case 'rendered':
      return typeof v.renderMs === 'number' && isObj(v.canvas) && isObj(v.figures);
    case 'probeResult':
      return isStr(v.state) && isStr(v.text);
    default:
      return false;
  }
}
