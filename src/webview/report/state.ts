// UI state kept across webview reloads through vscode.setState/getState: the selection being shown and view state
// (chart zoom, table scroll). Never report data: the host sends that again after `ready`.
import { isHostMessage, type ReportSelection } from '../../shared/reportMessages';
import type { ZoomRange } from './chart';

export interface UiState {
  v: 1;
  selection: ReportSelection | null;
  /** Which selection the view state below belongs to (monitor, range, interval, directions). */
  viewKey: string | null;
  zoom: ZoomRange | null;
  tableScroll: number;
}

export const EMPTY_STATE: UiState = { v: 1, selection: null, viewKey: null, zoom: null, tableScroll: 0 };

export function viewKey(sel: ReportSelection): string {
  const t = sel.target;
  return JSON.stringify([t.monitor.id, t.report?.id ?? null, t.range, t.interval, t.directions]);
}

/** Accepts a stored state only when it has the expected shape (it may come from an older page version). */
export function readState(raw: unknown): UiState {
  if (typeof raw !== 'object' || raw === null) return { ...EMPTY_STATE };
  const s = raw as Partial<UiState>;
  if (s.v !== 1) return { ...EMPTY_STATE };
  const selection = s.selection && isHostMessage({ type: 'loading', requestId: 0, selection: s.selection }) ? s.selection : null;
  const zoom =
    s.zoom && typeof s.zoom === 'object' && Number.isFinite(s.zoom.min) && Number.isFinite(s.zoom.max)
      ? { min: s.zoom.min, max: s.zoom.max }
      : null;
  return {
    v: 1,
    selection,
    viewKey: typeof s.viewKey === 'string' ? s.viewKey : null,
    zoom,
    tableScroll: typeof s.tableScroll === 'number' && s.tableScroll >= 0 ? s.tableScroll : 0,
  };
}
