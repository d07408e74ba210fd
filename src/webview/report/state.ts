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

const EMPTY_STATE: UiState = { v: 1, selection: null, viewKey: null, zoom: null, tableScroll: 0 };

function viewKey(sel: ReportSelection): string {
  const t = sel.target;
  return JSON.stringify([t.monitor.id, t.report?.id ?? null, t.range, t.interval, t.directions]);
}

/** Accepts a stored state only when it has the expected shape (it may come from an older page version). */
function readState(raw: unknown): UiState {
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

/** Where the state is kept: the webview's getState/setState. */
export interface StateStore {
  getState(): unknown;
  setState(state: UiState): void;
}

/** The page's UI state and its writes to the store (right away, or at most once per `delay` for scrolling). */
export class SavedState {
  readonly ui: UiState;
  private timer = 0;

  constructor(private readonly store: StateStore) {
    this.ui = readState(store.getState());
  }

  /** Remembers the selection shown; zoom and scroll start over when it is another one. */
  setSelection(sel: ReportSelection): void {
    const key = viewKey(sel);
    if (this.ui.viewKey !== key) {
      this.ui.viewKey = key;
      this.ui.zoom = null;
      this.ui.tableScroll = 0;
    }
    this.ui.selection = sel;
    this.save();
  }

  save(delay = 0): void {
    const write = (): void => {
      this.timer = 0;
      this.store.setState(this.ui);
    };
    if (delay === 0) {
      if (this.timer) clearTimeout(this.timer);
      write();
    } else if (!this.timer) {
      this.timer = window.setTimeout(write, delay);
    }
  }
}
