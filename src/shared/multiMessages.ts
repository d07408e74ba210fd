// Messages of a panel that shows several monitors together (Open Together, Open Site Report): host side
// src/panels/multiPanel.ts, page side src/webview/report/multi.ts. Additive to src/shared/reportMessages.ts: the
// page still posts `ready`, `change` and `refresh` as defined there; what is new is below. Pure, no `vscode`.
import { isColumns, type ReportColumns, type ReportSelection } from './reportMessages';
import { parseMultiView, parseTarget, type MultiView } from '../reports/target';
import { isCompareColumns, type CompareColumns } from './compare';

/** Data requests one several-monitor panel makes at the same time. */
export const MULTI_CONCURRENCY = 6;

/** One monitor's part of the panel: its data, or the error that stopped it (then `data` is null). */
export interface MultiEntry {
  id: string;
  name: string;
  data: ReportColumns | null;
  error?: string;
  /** The comparison period (target.compare) aligned with this monitor's own buckets (shared/compare.ts). */
  compare?: CompareColumns;
  /** Why the comparison period could not be loaded (the monitor's own data is still shown). */
  compareError?: string;
}

// ---- host → webview ----
export type MultiHostMessage =
  /** `done` of `total` monitors have answered so far. */
  | { type: 'multiLoading'; requestId: number; selection: ReportSelection; done: number; total: number }
  /** Every monitor, in the target's order, with its data or its error. */
  | { type: 'multiData'; requestId: number; selection: ReportSelection; monitors: MultiEntry[] };

// ---- webview → host ----
export type MultiWebviewMessage =
  /** Fetch one monitor that failed again (its legend entry's Retry). */
  | { type: 'retryMonitor'; id: string }
  /** The person chose another direction mode or total (kept in the target, so a restored panel shows it again). */
  | { type: 'multiView'; view: MultiView };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStr = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1000;

function isSelection(v: unknown): v is ReportSelection {
  return isObj(v) && isStr(v.title) && parseTarget(v.target)?.monitors !== undefined;
}

function isEntry(v: unknown): v is MultiEntry {
  if (!isObj(v) || !isStr(v.id) || !isStr(v.name) || !(v.error === undefined || isStr(v.error))) return false;
  if (!(v.compareError === undefined || isStr(v.compareError))) return false;
  const data = v.data;
  if (data === null) return isStr(v.error) && v.compare === undefined;
  if (!isColumns(data)) return false;
  return v.compare === undefined || isCompareColumns(v.compare, data.times.length, data.counts.length);
}

export function isMultiHostMessage(v: unknown): v is MultiHostMessage {
  if (!isObj(v) || !(typeof v.requestId === 'number' && Number.isInteger(v.requestId))) return false;
  switch (v.type) {
    case 'multiLoading':
      return isSelection(v.selection) && isCount(v.done) && isCount(v.total) && v.done <= v.total;
    case 'multiData':
      return isSelection(v.selection) && Array.isArray(v.monitors) && v.monitors.length <= 1000 && v.monitors.every(isEntry);
    default:
      return false;
  }
}

export function isMultiWebviewMessage(v: unknown): v is MultiWebviewMessage {
  if (!isObj(v)) return false;
  if (v.type === 'multiView') return parseMultiView(v.view) !== undefined;
  return v.type === 'retryMonitor' && isStr(v.id) && v.id.length > 0 && v.id.length <= 200;
}
