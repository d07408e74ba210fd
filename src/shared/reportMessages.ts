// Messages between the report panel (extension host, src/panels/) and its page (webview, src/webview/report/).
// Pure TypeScript, no `vscode` import: bundled into both sides. Every message is validated on arrival with the
// guards below; anything that does not match is dropped (and logged by the receiver).
//
// Data travels as columns of typed arrays (VS Code transfers their ArrayBuffers), never as row objects.
import { parseTarget, type ReportTarget } from '../reports/target';
import { isInterval, isRangeSpec, type Interval, type RangeSpec } from './range';
import { isCompareColumns, parseCompare, type CompareColumns, type CompareSpec } from './compare';

/** What the panel is showing, without data: its title and the target itself (ids and names only, no secrets), which
 * the page keeps in its state so the host can restore the panel after a reload. Server strings are shown as text. */
export interface ReportSelection {
  title: string;
  target: ReportTarget;
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
  /** `thresholdPercent`: the alert threshold the data will come with (occupancy monitors), so that the page can build
   * the chart for it while the data loads. */
  | { type: 'loading'; requestId: number; selection: ReportSelection; thresholdPercent?: number }
  /** `notice`: the data covers another range or interval than asked for (shown as sent, with this said).
   * `thresholdPercent`: the monitor's alert threshold (percent of capacity). `live`: the panel refreshes itself;
   * `append` means the data holds only the buckets from the last complete one on (the page replaces from there). */
  | {
      type: 'data';
      requestId: number;
      selection: ReportSelection;
      data: ReportColumns;
      notice?: string;
      thresholdPercent?: number;
      live?: LiveInfo;
      /** The comparison period aligned with `data` (shared/compare.ts), when one is chosen. */
      compare?: CompareColumns;
      /** The headline figures of `data` (shared/figures.ts), computed by the host, whose code is warm; a new page's is
       * not. Absent on live appends: the page computes them over what it then shows. */
      figures?: RenderedFigures;
    }
  | { type: 'error'; requestId: number; selection: ReportSelection; message: string };

/** A live panel's state: when it was last updated (epoch ms) and whether this message only appends buckets. */
export interface LiveInfo {
  updatedAt: number;
  append: boolean;
}

// ---- webview → host ----
export interface RenderedFigures {
  totals: Record<string, number>;
  busiest: { start: number; count: number } | null;
  peakOccupancy: number | null;
  shareAboveThreshold: number | null;
  /** Occupancy with a capacity: the threshold, how long occupancy was above it and the first and last bucket above. */
  above?: { percent: number; ms: number; first: number | null; last: number | null };
  /** A several-monitor page with a comparison: each series' total over the comparison period, by series key. */
  compareTotals?: Record<string, number>;
}
export type WebviewMessage =
  | { type: 'ready' }
  /** `compare`: the comparison period chosen (null for none; absent: unchanged). */
  | { type: 'change'; range: RangeSpec; interval: Interval; directions: string[] | null; compare?: CompareSpec | null }
  | { type: 'refresh' }
  | { type: 'retry' }
  | { type: 'showLog' }
  | { type: 'openJson' }
  | { type: 'export'; format: 'csv' | 'json' }
  | { type: 'saveAsReport' }
  /** Watch the monitor's occupancy (src/live/). */
  | { type: 'watch' }
  /** Save Chart as PNG…: the image's bytes (the host asks where and writes the file). */
  | { type: 'savePng'; png: ArrayBuffer | Uint8Array }
  /** Copy Table: the host asks TSV or Markdown and builds the text from its own data. */
  | { type: 'copyTable' };

/** The largest chart image the host accepts from the page. */
const MAX_PNG_BYTES = 32 * 1024 * 1024;

// ---- diagnostics: test and benchmark hooks, exchanged only when the extension runs in test mode ----
// The host wires them (src/panels/testing.ts) and tells the page through the HTML (`data-diagnostics`); the page's
// counterpart is src/webview/report/testing.ts. In production neither side sends them and the host drops them.

/** host → webview: ask the page to report what it shows. */
export type DiagnosticsRequest =
  | { type: 'probe'; requestId: number }
  /** Click a toolbar button (`data-action`) as a person would. */
  | { type: 'click'; requestId: number; action: string };
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
      /** Points uPlot draws after decimation, and the largest value of each count series it holds. */
      drawn?: number;
      seriesMax?: number[];
      /** The top of each value axis ('count'; 'occ' for occupancy monitors). */
      axisMax?: Record<string, number>;
      /** The data went to a chart built before it came (while it loaded, or for an earlier answer of its kind). */
      chartBuiltBefore?: boolean;
    }
  | { type: 'probeResult'; requestId: number; state: PageState; text: string };

// ---- guards ----
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function isDirectionList(v: unknown): v is string[] | null {
  return v === null || (Array.isArray(v) && v.every(isStr));
}

function isSelection(v: unknown): v is ReportSelection {
  return isObj(v) && isStr(v.title) && parseTarget(v.target) !== undefined;
}

export function isColumns(v: unknown): v is ReportColumns {
  if (!isObj(v)) return false;
  const n = v.times instanceof Float64Array ? v.times.length : -1;
  return (
    n >= 0 &&
    isStr(v.timezone) &&
    isInterval(v.interval) &&
    v.offsets instanceof Int16Array &&
    v.offsets.length === n &&
    Array.isArray(v.directions) &&
    v.directions.every((d) => isObj(d) && isStr(d.id) && isStr(d.name)) &&
    Array.isArray(v.counts) &&
    v.counts.length === v.directions.length &&
    v.counts.every((c) => c instanceof Int32Array && c.length === n) &&
    (v.occupancyEnd === null || (v.occupancyEnd instanceof Int32Array && v.occupancyEnd.length === n)) &&
    (v.occupancyMax === null || (v.occupancyMax instanceof Int32Array && v.occupancyMax.length === n)) &&
    isObj(v.totals)
  );
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumOrNull = (v: unknown): boolean => v === null || isNum(v);

/** Figures of columns with these direction ids: a total for each, finite numbers, a share between 0 and 1. */
function isFigures(v: unknown, directionIds: readonly string[]): v is RenderedFigures {
  if (!isObj(v) || !isObj(v.totals)) return false;
  const totals = v.totals;
  const above = v.above;
  return (
    Object.keys(totals).length === new Set(directionIds).size &&
    directionIds.every((id) => Object.prototype.hasOwnProperty.call(totals, id) && isNum(totals[id])) &&
    (v.busiest === null || (isObj(v.busiest) && isNum(v.busiest.start) && isNum(v.busiest.count))) &&
    isNumOrNull(v.peakOccupancy) &&
    (v.shareAboveThreshold === null || (isNum(v.shareAboveThreshold) && v.shareAboveThreshold >= 0 && v.shareAboveThreshold <= 1)) &&
    (above === undefined ||
      (isObj(above) && isNum(above.percent) && isNum(above.ms) && isNumOrNull(above.first) && isNumOrNull(above.last))) &&
    v.compareTotals === undefined
  );
}

/** An alert threshold, percent of capacity, or none. */
const isThreshold = (v: unknown): boolean => v === undefined || (typeof v === 'number' && v > 0 && v <= 1000);

export function isHostMessage(v: unknown): v is HostMessage {
  if (!isObj(v) || !isInt(v.requestId)) return false;
  switch (v.type) {
    case 'loading':
      return isSelection(v.selection) && isThreshold(v.thresholdPercent);
    case 'data':
      return (
        isSelection(v.selection) &&
        isColumns(v.data) &&
        (v.notice === undefined || isStr(v.notice)) &&
        isThreshold(v.thresholdPercent) &&
        (v.live === undefined || (isObj(v.live) && typeof v.live.updatedAt === 'number' && typeof v.live.append === 'boolean')) &&
        (v.compare === undefined || isCompareColumns(v.compare, v.data.times.length, v.data.counts.length)) &&
        (v.figures === undefined ||
          isFigures(
            v.figures,
            v.data.directions.map((d) => d.id),
          ))
      );
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
    case 'showLog':
    case 'openJson':
    case 'saveAsReport':
    case 'watch':
    case 'copyTable':
      return true;
    case 'savePng':
      return (v.png instanceof ArrayBuffer || v.png instanceof Uint8Array) && v.png.byteLength > 0 && v.png.byteLength <= MAX_PNG_BYTES;
    case 'change':
      return (
        isRangeSpec(v.range) &&
        isInterval(v.interval) &&
        isDirectionList(v.directions) &&
        (v.compare === undefined || v.compare === null || parseCompare(v.compare) !== undefined)
      );
    case 'export':
      return v.format === 'csv' || v.format === 'json';
    default:
      return false;
  }
}

export function isDiagnosticsRequest(v: unknown): v is DiagnosticsRequest {
  return isObj(v) && isInt(v.requestId) && (v.type === 'probe' || (v.type === 'click' && isStr(v.action)));
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
